#include <ctoc/corpus/json.h>

#include <charconv>
#include <cmath>
#include <cstdio>

namespace ctoc::corpus::json {

namespace {

constexpr int max_depth = 200;

void append_utf8(std::string& out, unsigned c) {
    if (c < 0x80) {
        out.push_back(static_cast<char>(c));
    } else if (c < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (c >> 6)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (c >> 12)));
        out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (c >> 18)));
        out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
}

class Parser {
public:
    explicit Parser(std::string_view text) : m_s(text) {}

    Value document() {
        Value v = value(0);
        skip_space();
        if (m_i != m_s.size())
            fail("unexpected text after the JSON value");
        return v;
    }

private:
    [[noreturn]] void fail(const std::string& what) const { throw ParseError(what, m_i); }

    void skip_space() {
        while (m_i < m_s.size() &&
               (m_s[m_i] == ' ' || m_s[m_i] == '\t' || m_s[m_i] == '\n' || m_s[m_i] == '\r'))
            ++m_i;
    }

    bool consume(std::string_view word) {
        if (m_s.substr(m_i, word.size()) == word) {
            m_i += word.size();
            return true;
        }
        return false;
    }

    Value value(int depth) {
        if (depth > max_depth)
            fail("JSON nested too deeply");
        skip_space();
        if (m_i >= m_s.size())
            fail("unexpected end of JSON");
        switch (m_s[m_i]) {
        case '{': return object(depth);
        case '[': return array(depth);
        case '"': return Value(string());
        case 't':
            if (consume("true"))
                return Value(true);
            break;
        case 'f':
            if (consume("false"))
                return Value(false);
            break;
        case 'n':
            if (consume("null"))
                return Value(nullptr);
            break;
        default:
            if (m_s[m_i] == '-' || (m_s[m_i] >= '0' && m_s[m_i] <= '9'))
                return number();
            break;
        }
        fail("unexpected character in JSON");
    }

    Value number() {
        const std::size_t b = m_i;
        if (m_s[m_i] == '-')
            ++m_i;
        while (m_i < m_s.size() && std::string_view("0123456789.eE+-").find(m_s[m_i]) != std::string_view::npos)
            ++m_i;
        double d = 0;
        const auto r = std::from_chars(m_s.data() + b, m_s.data() + m_i, d);
        if (r.ec != std::errc() || r.ptr != m_s.data() + m_i)
            fail("malformed number");
        return Value(d);
    }

    unsigned hex4() {
        if (m_i + 4 > m_s.size())
            fail("truncated \\u escape");
        unsigned v = 0;
        for (int k = 0; k < 4; ++k) {
            const char c = m_s[m_i++];
            v <<= 4;
            if (c >= '0' && c <= '9')
                v |= static_cast<unsigned>(c - '0');
            else if (c >= 'a' && c <= 'f')
                v |= static_cast<unsigned>(c - 'a' + 10);
            else if (c >= 'A' && c <= 'F')
                v |= static_cast<unsigned>(c - 'A' + 10);
            else
                fail("bad \\u escape");
        }
        return v;
    }

    std::string string() {
        ++m_i; // opening quote
        std::string out;
        for (;;) {
            if (m_i >= m_s.size())
                fail("unterminated string");
            const char c = m_s[m_i++];
            if (c == '"')
                return out;
            if (static_cast<unsigned char>(c) < 0x20)
                fail("control character in string");
            if (c != '\\') {
                out.push_back(c);
                continue;
            }
            if (m_i >= m_s.size())
                fail("unterminated string");
            const char e = m_s[m_i++];
            switch (e) {
            case '"': out.push_back('"'); break;
            case '\\': out.push_back('\\'); break;
            case '/': out.push_back('/'); break;
            case 'b': out.push_back('\b'); break;
            case 'f': out.push_back('\f'); break;
            case 'n': out.push_back('\n'); break;
            case 'r': out.push_back('\r'); break;
            case 't': out.push_back('\t'); break;
            case 'u': {
                unsigned cp = hex4();
                if (cp >= 0xD800 && cp <= 0xDBFF && m_s.substr(m_i, 2) == "\\u") {
                    m_i += 2;
                    const unsigned lo = hex4();
                    if (lo >= 0xDC00 && lo <= 0xDFFF)
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    else
                        cp = 0xFFFD;
                } else if (cp >= 0xD800 && cp <= 0xDFFF) {
                    cp = 0xFFFD;
                }
                append_utf8(out, cp);
                break;
            }
            default: fail("bad escape in string");
            }
        }
    }

    Value array(int depth) {
        ++m_i;
        Array a;
        skip_space();
        if (m_i < m_s.size() && m_s[m_i] == ']') {
            ++m_i;
            return Value(std::move(a));
        }
        for (;;) {
            a.push_back(value(depth + 1));
            skip_space();
            if (m_i < m_s.size() && m_s[m_i] == ',') {
                ++m_i;
                continue;
            }
            if (m_i < m_s.size() && m_s[m_i] == ']') {
                ++m_i;
                return Value(std::move(a));
            }
            fail("expected ',' or ']' in array");
        }
    }

    Value object(int depth) {
        ++m_i;
        Object o;
        skip_space();
        if (m_i < m_s.size() && m_s[m_i] == '}') {
            ++m_i;
            return Value(std::move(o));
        }
        for (;;) {
            skip_space();
            if (m_i >= m_s.size() || m_s[m_i] != '"')
                fail("expected a string key in object");
            std::string key = string();
            skip_space();
            if (m_i >= m_s.size() || m_s[m_i] != ':')
                fail("expected ':' after object key");
            ++m_i;
            o.insert_or_assign(std::move(key), value(depth + 1));
            skip_space();
            if (m_i < m_s.size() && m_s[m_i] == ',') {
                ++m_i;
                continue;
            }
            if (m_i < m_s.size() && m_s[m_i] == '}') {
                ++m_i;
                return Value(std::move(o));
            }
            fail("expected ',' or '}' in object");
        }
    }

    std::string_view m_s;
    std::size_t m_i = 0;
};

} // namespace

const Value* Value::find(std::string_view key) const {
    if (!is_object())
        return nullptr;
    const auto& o = as_object();
    const auto it = o.find(key);
    return it == o.end() ? nullptr : &it->second;
}

std::string Value::to_text() const {
    if (is_string())
        return as_string();
    if (is_number()) {
        const double d = as_number();
        if (std::floor(d) == d && std::fabs(d) < 1e15)
            return std::to_string(static_cast<long long>(d));
    }
    std::string out;
    append_value(out, *this);
    return out;
}

Value parse(std::string_view text) { return Parser(text).document(); }

void append_string(std::string& out, std::string_view s) {
    out.push_back('"');
    for (const char c : s) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(static_cast<unsigned char>(c)));
                out += buf;
            } else {
                out.push_back(c);
            }
        }
    }
    out.push_back('"');
}

void append_value(std::string& out, const Value& v) {
    if (v.is_null()) {
        out += "null";
    } else if (v.is_bool()) {
        out += v.as_bool() ? "true" : "false";
    } else if (v.is_number()) {
        const double d = v.as_number();
        if (std::floor(d) == d && std::fabs(d) < 1e15) {
            out += std::to_string(static_cast<long long>(d));
        } else if (std::isfinite(d)) {
            char buf[32];
            std::snprintf(buf, sizeof buf, "%.6g", d);
            out += buf;
        } else {
            out += "null";
        }
    } else if (v.is_string()) {
        append_string(out, v.as_string());
    } else if (v.is_array()) {
        out.push_back('[');
        bool first = true;
        for (const auto& e : v.as_array()) {
            if (!first)
                out.push_back(',');
            first = false;
            append_value(out, e);
        }
        out.push_back(']');
    } else {
        out.push_back('{');
        bool first = true;
        for (const auto& [k, e] : v.as_object()) {
            if (!first)
                out.push_back(',');
            first = false;
            append_string(out, k);
            out.push_back(':');
            append_value(out, e);
        }
        out.push_back('}');
    }
}

} // namespace ctoc::corpus::json
