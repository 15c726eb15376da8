#include <ctoc/corpus/json.h>

#include <ctoc/analysis/unicode.h>

#include <simdjson.h>

#include <cmath>
#include <cstdint>

namespace ctoc::corpus::json {

namespace {

/// The byte where nesting first goes deeper than max_depth, or npos. nlohmann parses without
/// recursion, but printing and destroying a value recurse, so a deep record is refused here.
std::size_t too_deep_at(std::string_view text) {
    int depth = 0;
    bool in_string = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_string) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > max_depth)
                return i;
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
    return std::string_view::npos;
}

/// nlohmann's message without its "[json.exception.parse_error.101] parse error at line 1,
/// column 9: " preamble (we give the byte ourselves).
std::string reason_of(const nlohmann::json::exception& e) {
    std::string what = e.what();
    const std::size_t colon = what.find(": ");
    if (colon != std::string::npos && what.rfind("[json.exception", 0) == 0)
        what.erase(0, colon + 2);
    return what;
}

/// A simdjson element as the nlohmann Value nlohmann's own parser makes of the same text:
/// a non-negative integer unsigned, a negative one signed, any other number a double, the
/// last of repeated keys kept. (Recursion bounded by too_deep_at, checked first.)
Value to_value(simdjson::dom::element e) {
    using Type = simdjson::dom::element_type;
    switch (e.type()) {
    case Type::OBJECT: {
        Object o;
        const simdjson::dom::object members = e.get_object().value_unsafe();
        for (const auto member : members)
            o.insert_or_assign(std::string(member.key), to_value(member.value));
        return Value(std::move(o));
    }
    case Type::ARRAY: {
        Array a;
        const simdjson::dom::array items = e.get_array().value_unsafe();
        a.reserve(items.size());
        for (const auto item : items)
            a.push_back(to_value(item));
        return Value(std::move(a));
    }
    case Type::STRING:
        return Value(std::string(e.get_string().value_unsafe()));
    case Type::INT64: {
        const std::int64_t i = e.get_int64().value_unsafe();
        return i >= 0 ? Value(static_cast<std::uint64_t>(i)) : Value(i);
    }
    case Type::UINT64:
        return Value(e.get_uint64().value_unsafe());
    case Type::DOUBLE:
        return Value(e.get_double().value_unsafe());
    case Type::BOOL:
        return Value(e.get_bool().value_unsafe());
    case Type::NULL_VALUE:
        break;
    }
    return Value(nullptr);
}

/// Texts up to this size are read by a parser kept per thread (its buffers stay allocated);
/// a larger one by a parser of its own, freed after.
constexpr std::size_t kept_parser_bytes = 1u << 20;

} // namespace

Value parse(std::string_view text) {
    if (const std::size_t at = too_deep_at(text); at != std::string_view::npos)
        throw ParseError("JSON nested more than " + std::to_string(max_depth) + " levels deep", at);
    // simdjson reads a valid text (a search parses the stored data of every hit it shows, a
    // fifth of a short search's instructions through nlohmann alone); a text it refuses, and
    // a number it cannot hold exactly (past 64 bits), go to nlohmann, whose messages and rules
    // stand.
    {
        thread_local simdjson::dom::parser kept;
        simdjson::dom::parser own; // allocates nothing unless it parses
        simdjson::dom::parser& parser = text.size() > kept_parser_bytes ? own : kept;
        const auto parsed = parser.parse(text.data(), text.size(), true);
        if (!parsed.error())
            return to_value(parsed.value_unsafe());
    }
    try {
        return Value::parse(text.begin(), text.end());
    } catch (const nlohmann::json::parse_error& e) {
        // nlohmann counts the byte it stopped at from 1.
        throw ParseError(reason_of(e), e.byte > 0 ? e.byte - 1 : 0);
    } catch (const nlohmann::json::exception& e) {
        // out_of_range 406: a number beyond a double ("1e999"); nlohmann does not say where.
        throw ParseError(reason_of(e), 0);
    }
}

Object parse_object(std::string_view text) {
    Value v = parse(text);
    if (!v.is_object())
        return {};
    return std::move(v.get_ref<Object&>());
}

const Value* find(const Value& v, std::string_view key) {
    if (!v.is_object())
        return nullptr;
    const auto& o = v.get_ref<const Object&>();
    const auto it = o.find(key);
    return it == o.end() ? nullptr : &it->second;
}

std::string to_text(const Value& v) {
    if (v.is_string())
        return v.get_ref<const std::string&>();
    if (v.is_number_float()) {
        // 2015.0 is the year 2015, as a person reading the record means it.
        const double d = v.get<double>();
        if (std::floor(d) == d && std::fabs(d) < 1e15)
            return std::to_string(static_cast<long long>(d));
    }
    return dump(v);
}

std::string to_line(const Value& v, std::string_view pair_separator) {
    std::string text;
    if (v.is_array()) {
        for (const auto& e : v)
            text += (text.empty() ? "" : ", ") + to_text(e);
    } else if (v.is_object()) {
        for (const auto& [k, e] : v.items()) {
            text += (text.empty() ? "" : ", ") + k;
            text += pair_separator;
            text += to_text(e);
        }
    } else {
        text = to_text(v);
    }
    return text;
}

void append_string(std::string& out, std::string_view s) {
    append_value(out, Value(std::string(s)));
}

void append_value(std::string& out, const Value& v) {
    out += dump(v);
}

namespace {

/// v with every string (and key) made valid UTF-8: each byte that is not UTF-8 as the text \xHH.
Value escaped(const Value& v) {
    if (v.is_string())
        return Value(analysis::escape_invalid_utf8(v.get_ref<const std::string&>()));
    if (v.is_array()) {
        Array a;
        for (const auto& e : v)
            a.push_back(escaped(e));
        return Value(std::move(a));
    }
    if (v.is_object()) {
        Object o;
        for (const auto& [k, e] : v.items())
            o.emplace(analysis::escape_invalid_utf8(k), escaped(e));
        return Value(std::move(o));
    }
    return v;
}

} // namespace

std::string dump(const Value& v) {
    try {
        return v.dump();
    } catch (const nlohmann::json::type_error&) {
        // Bytes that are not UTF-8 (a Latin-1 file name): written as \xHH, so that the output is
        // JSON and still tells them.
        return escaped(v).dump();
    }
}

} // namespace ctoc::corpus::json
