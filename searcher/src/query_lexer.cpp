// The query text into lexemes: words, "phrases", field:value, parentheses, AND/OR/NOT/NEAR,
// signs; typographic spaces and quotes pasted from documents read as plain ones.
#include "query_parser_detail.h"

#include <ctoc/search/query_parser.h>

#include <ctoc/analysis/unicode.h>

#include <algorithm>
#include <cctype>

namespace ctoc::search {

namespace {

/// "2014..2019", "..2005", "2016..": four-digit years around "..", at least one.
bool is_year_range(const std::string& s) {
    const std::size_t dots = s.find("..");
    if (dots == std::string::npos)
        return false;
    const std::string from = s.substr(0, dots), to = s.substr(dots + 2);
    const auto year = [](const std::string& y) {
        return y.size() == 4 && std::all_of(y.begin(), y.end(), [](char c) {
                   return std::isdigit(static_cast<unsigned char>(c));
               });
    };
    return (from.empty() || year(from)) && (to.empty() || year(to)) &&
           !(from.empty() && to.empty());
}

} // namespace

using namespace detail;

namespace detail {

/// Replaces the typographic spaces and quotes a query may be pasted with.
std::string normalise_query(const std::string& q) {
    std::string out;
    out.reserve(q.size());
    for (std::size_t i = 0; i < q.size();) {
        const auto rest = std::string_view(q).substr(i);
        if (rest.rfind("\xC2\xA0", 0) == 0 || rest.rfind("\xE2\x80\xAF", 0) == 0) { // NBSP, NNBSP
            out.push_back(' ');
            i += rest[0] == '\xC2' ? 2 : 3;
        } else if (rest.rfind("\xC2\xAB", 0) == 0 || rest.rfind("\xC2\xBB", 0) == 0) { // « »
            out.push_back('"');
            i += 2;
        } else if (rest.rfind("\xE2\x80\x9C", 0) == 0 ||
                   rest.rfind("\xE2\x80\x9D", 0) == 0) { // “ ”
            out.push_back('"');
            i += 3;
        } else {
            out.push_back(q[i]);
            ++i;
        }
    }
    return out;
}

} // namespace detail

void QueryParser::tokenize(const std::string& q) {
    m_lexemes.clear();
    std::size_t i = 0;
    const auto read_quoted = [&](std::size_t open) {
        const std::size_t close = q.find('"', open + 1);
        if (close == std::string::npos)
            throw QueryError("unbalanced quote: the \" at column " + std::to_string(open + 1) +
                                 " is never closed",
                             open + 1);
        std::string inside = q.substr(open + 1, close - open - 1);
        i = close + 1;
        return inside;
    };
    while (i < q.size()) {
        const char c = q[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            ++i;
            continue;
        }
        Lexeme lx{};
        lx.column = i + 1;
        // "résolution 2331 (2016)", "résolution 1514 (XV)": a year or a session in parentheses
        // after a number is text, not a group.
        if (c == '(' && !m_lexemes.empty() && m_lexemes.back().kind == LexKind::word &&
            is_digits(m_lexemes.back().text)) {
            const std::size_t close =
                std::string_view(q).substr(0, i + 10).find(')', i); // "(XXXVIII)" at most
            const std::string inside =
                close == std::string::npos ? "" : q.substr(i + 1, close - i - 1);
            const bool session = !inside.empty() && inside.size() <= 8 &&
                                 inside.find_first_not_of("IVXLC") == std::string::npos;
            if ((inside.size() == 4 && is_digits(inside)) || session) {
                lx.kind = LexKind::word;
                lx.text = q.substr(i, close + 1 - i);
                i = close + 1;
                m_lexemes.push_back(lx);
                continue;
            }
        }
        if (c == '(') {
            lx.kind = LexKind::lparen;
            ++i;
            m_lexemes.push_back(lx);
            continue;
        }
        if (c == ')') {
            lx.kind = LexKind::rparen;
            ++i;
            m_lexemes.push_back(lx);
            continue;
        }
        if ((c == '-' || c == '+') && i + 1 < q.size() && q[i + 1] != ' ' && q[i + 1] != ')') {
            lx.sign = c;
            ++i;
        }
        // "=traite": that form only, no inflection, accent variant or stem.
        if (i + 1 < q.size() && q[i] == '=' && q[i + 1] != ' ' && q[i + 1] != '"' &&
            q[i + 1] != '(' && q[i + 1] != ')') {
            lx.exact = true;
            ++i;
        }
        if (i < q.size() && q[i] == '"') {
            lx.kind = LexKind::phrase;
            lx.text = read_quoted(i);
            m_lexemes.push_back(lx);
            continue;
        }
        std::size_t e = i;
        while (e < q.size() && q[e] != ' ' && q[e] != '\t' && q[e] != '\n' && q[e] != '\r' &&
               q[e] != '(' && q[e] != ')' && q[e] != '"')
            ++e;
        // A UN symbol is one word with its parts in parentheses: "A/70/6 (Sect. 16)",
        // "cites:S/RES/2214 (2015)".
        const std::size_t colon_at = std::string_view(q).substr(i, e - i).find(':');
        const std::size_t value = colon_at != std::string_view::npos ? i + colon_at + 1 : i;
        if (const std::size_t length = analysis::symbol_length(std::string_view(q).substr(value));
            length != 0 && value + length > e)
            e = value + length;
        std::string chunk = q.substr(i, e - i);
        i = e;
        if (!lx.sign && (chunk == "AND" || chunk == "OR" || chunk == "NOT" || chunk == "NEAR" ||
                         chunk.rfind("NEAR/", 0) == 0)) {
            lx.kind = chunk == "AND"   ? LexKind::op_and
                      : chunk == "OR"  ? LexKind::op_or
                      : chunk == "NOT" ? LexKind::op_not
                                       : LexKind::op_near;
            if (chunk.size() > 5) {
                const long w = small_number(chunk.substr(5));
                if (w < 1 || w > 1000)
                    throw QueryError("bad NEAR window '" + chunk + "' at column " +
                                         std::to_string(lx.column) +
                                         " (use NEAR or NEAR/n with n from 1 to 1000)",
                                     lx.column);
                lx.near_window = static_cast<unsigned>(w);
            }
            m_lexemes.push_back(lx);
            continue;
        }
        // field:value, where the field is a known name, in English or French ("année:2019");
        // "http://..." is text. A name of ASCII letters that is no field is refused; one with
        // other letters ("résumé:") stays text, as it always was.
        const std::size_t colon = chunk.find(':');
        if (colon != std::string::npos && colon > 0 &&
            std::all_of(chunk.begin(), chunk.begin() + static_cast<long>(colon),
                        [](char ch) {
                            const auto b = static_cast<unsigned char>(ch);
                            return b >= 0x80 || std::isalpha(b) || ch == '_';
                        }) &&
            chunk.compare(colon + 1, 2, "//") != 0) {
            std::string name = chunk.substr(0, colon);
            const bool ascii_name = std::all_of(name.begin(), name.end(), [](char ch) {
                return static_cast<unsigned char>(ch) < 0x80;
            });
            // Lower-cased for messages; find_typed_field folds case and accents itself.
            std::transform(name.begin(), name.end(), name.begin(), [](unsigned char ch) {
                return ch < 0x80 ? static_cast<char>(std::tolower(ch)) : static_cast<char>(ch);
            });
            const FieldSpec* spec = find_typed_field(name);
            if (!spec && ascii_name) {
                throw QueryError("unknown field '" + name + ":' at column " +
                                     std::to_string(lx.column) + " (fields: " + field_list() + ")",
                                 lx.column);
            }
            if (spec) {
                lx.kind = LexKind::field;
                lx.field = spec->name;
                lx.typed_field = name;
                lx.text = chunk.substr(colon + 1);
                if (lx.text.empty() && i < q.size() && q[i] == '"')
                    lx.text = read_quoted(i);
                if (lx.text.empty())
                    throw QueryError("field '" + name + ":' at column " +
                                         std::to_string(lx.column) + " has no value",
                                     lx.column);
                m_lexemes.push_back(lx);
                continue;
            }
        }
        // "2014..2019", "..2005", "2016..": a range of years, as date:2014..2019 (omega's and
        // search engines' range syntax); a text never holds it as words.
        if (is_year_range(chunk)) {
            lx.kind = LexKind::field;
            lx.field = lx.typed_field = "date";
            lx.text = std::move(chunk);
            m_lexemes.push_back(lx);
            continue;
        }
        lx.kind = LexKind::word;
        lx.text = std::move(chunk);
        m_lexemes.push_back(lx);
    }
}

} // namespace ctoc::search
