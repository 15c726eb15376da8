#include <ctoc/search/query_parser.h>

#include <ctoc/analysis/aliases.h>
#include <ctoc/analysis/citations.h>
#include <ctoc/analysis/unicode.h>
#include <ctoc/corpus/date.h>
#include <ctoc/corpus/metadata.h>
#include <ctoc/schema.h>

#include <algorithm>
#include <array>
#include <cctype>

namespace ctoc::search {

namespace {

constexpr int max_depth = 100;
constexpr Xapian::termcount max_expansion = 500;
constexpr double own_symbol_boost = 10.0;
/// Words typed together count as standing together within this many positions (in the order
/// typed); chosen on the peer relevance bench (known items: 50 beat 12, 20, 30 and 80).
constexpr Xapian::termcount proximity_window = 50;

/// The fields of the query language, and whether each only filters (its documents pass or not)
/// or also ranks (a citation counts as often as the text cites it). How each builds its query:
/// QueryParser::field_query.
struct FieldSpec {
    std::string_view name;
    bool filter;
};
constexpr std::array<FieldSpec, 13> field_table{{{"symbol", true},
                                                 {"cites", false},
                                                 {"resolution", false},
                                                 {"res", false},
                                                 {"decision", false},
                                                 {"dec", false},
                                                 {"wg", true},
                                                 {"date", true},
                                                 {"year", true},
                                                 {"type", true},
                                                 {"session", true},
                                                 {"original", true},
                                                 {"lang", true}}};

const FieldSpec* find_field(std::string_view name) {
    for (const auto& f : field_table)
        if (f.name == name)
            return &f;
    return nullptr;
}

std::string field_list() {
    std::string out;
    for (const auto& f : field_table) {
        if (!out.empty())
            out += ' ';
        out += f.name;
        out += ':';
    }
    return out;
}

std::string with_prefix(std::string_view prefix, std::string_view value) {
    std::string t(prefix);
    t += value;
    return t;
}

/// A filter that no document passes. Xapian 1.4's Query::MatchNothing is the empty query, which
/// a conjunction drops (`traite year:2030` would be `traite`); a year term no document can hold
/// (years are four digits) survives combination and costs one failed lookup.
Xapian::Query no_document() { return Xapian::Query(with_prefix(schema::year, "none")); }

Xapian::Query filter(Xapian::Query q) { return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q, 0.0); }

Xapian::Query combine(Xapian::Query::op op, const std::vector<Xapian::Query>& parts) {
    if (parts.empty())
        return Xapian::Query();
    if (parts.size() == 1)
        return parts.front();
    return Xapian::Query(op, parts.begin(), parts.end());
}

bool is_digits(const std::string& s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

/// "9", "2018" as a whole number within bounds; -1 if not.
long small_number(const std::string& s) {
    if (!is_digits(s) || s.size() > 6)
        return -1;
    return std::stol(s);
}

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
        } else if (rest.rfind("\xE2\x80\x9C", 0) == 0 || rest.rfind("\xE2\x80\x9D", 0) == 0) { // “ ”
            out.push_back('"');
            i += 3;
        } else {
            out.push_back(q[i]);
            ++i;
        }
    }
    return out;
}

} // namespace

std::string date_bound(const std::string& text, bool last) {
    const auto date = corpus::parse_date(text);
    if (!date)
        return {};
    return last ? date->last_day() : date->first_day();
}

QueryParser::QueryParser(const Xapian::Database& db, QueryParserOptions options, VariantSource variants)
    : m_db(db), m_options(options), m_forms(db, std::move(variants)) {}

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
            const std::size_t close = std::string_view(q).substr(0, i + 10).find(')', i); // "(XXXVIII)" at most
            const std::string inside = close == std::string::npos ? "" : q.substr(i + 1, close - i - 1);
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
        if (i + 1 < q.size() && q[i] == '=' && q[i + 1] != ' ' && q[i + 1] != '"' && q[i + 1] != '(' &&
            q[i + 1] != ')') {
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
        while (e < q.size() && q[e] != ' ' && q[e] != '\t' && q[e] != '\n' && q[e] != '\r' && q[e] != '(' &&
               q[e] != ')' && q[e] != '"')
            ++e;
        // A UN symbol is one word with its parts in parentheses: "A/70/6 (Sect. 16)", "cites:S/RES/2214 (2015)".
        const std::size_t colon_at = std::string_view(q).substr(i, e - i).find(':');
        const std::size_t value = colon_at != std::string_view::npos ? i + colon_at + 1 : i;
        if (const std::size_t length = analysis::symbol_length(std::string_view(q).substr(value));
            length != 0 && value + length > e)
            e = value + length;
        std::string chunk = q.substr(i, e - i);
        i = e;
        if (!lx.sign && (chunk == "AND" || chunk == "OR" || chunk == "NOT" || chunk == "NEAR" ||
                         chunk.rfind("NEAR/", 0) == 0)) {
            lx.kind = chunk == "AND" ? LexKind::op_and
                      : chunk == "OR" ? LexKind::op_or
                      : chunk == "NOT" ? LexKind::op_not
                                       : LexKind::op_near;
            if (chunk.size() > 5) {
                const long w = small_number(chunk.substr(5));
                if (w < 1 || w > 1000)
                    throw QueryError("bad NEAR window '" + chunk + "' at column " + std::to_string(lx.column) +
                                         " (use NEAR or NEAR/n with n from 1 to 1000)",
                                     lx.column);
                lx.near_window = static_cast<unsigned>(w);
            }
            m_lexemes.push_back(lx);
            continue;
        }
        // field:value, where the field is a known name; "http://..." is text.
        const std::size_t colon = chunk.find(':');
        if (colon != std::string::npos && colon > 0 &&
            std::all_of(chunk.begin(), chunk.begin() + static_cast<long>(colon),
                        [](char ch) { return std::isalpha(static_cast<unsigned char>(ch)) || ch == '_'; }) &&
            chunk.compare(colon + 1, 2, "//") != 0) {
            std::string name = chunk.substr(0, colon);
            std::transform(name.begin(), name.end(), name.begin(),
                           [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
            if (!find_field(name))
                throw QueryError("unknown field '" + name + ":' at column " + std::to_string(lx.column) +
                                     " (fields: " + field_list() + ")",
                                 lx.column);
            lx.kind = LexKind::field;
            lx.field = name;
            lx.text = chunk.substr(colon + 1);
            if (lx.text.empty() && i < q.size() && q[i] == '"')
                lx.text = read_quoted(i);
            if (lx.text.empty())
                throw QueryError("field '" + name + ":' at column " + std::to_string(lx.column) + " has no value",
                                 lx.column);
            m_lexemes.push_back(lx);
            continue;
        }
        lx.kind = LexKind::word;
        lx.text = std::move(chunk);
        m_lexemes.push_back(lx);
    }
}

ParsedQuery QueryParser::parse(const std::string& raw) {
    m_result = ParsedQuery{};
    if (const std::size_t invalid = analysis::count_invalid_utf8(raw); invalid != 0)
        throw QueryError("the query is not valid UTF-8 (" + std::to_string(invalid) +
                             " invalid byte sequence" + (invalid > 1 ? "s" : "") +
                             "); type it in UTF-8 (check the terminal's or the script's encoding)",
                         0);
    const std::string q = normalise_query(raw);
    tokenize(q);
    if (m_lexemes.empty())
        throw QueryError("empty query: type words, a symbol, or a field such as wg:7", 0);
    std::size_t i = 0;
    Xapian::Query query = parse_or(i, 0);
    if (i < m_lexemes.size()) {
        const auto& lx = m_lexemes[i];
        if (lx.kind == LexKind::rparen)
            throw QueryError("unbalanced parenthesis: ')' at column " + std::to_string(lx.column) +
                                 " has no matching '('",
                             lx.column);
        throw QueryError("unexpected operator at column " + std::to_string(lx.column), lx.column);
    }
    m_result.query = query;
    return std::move(m_result);
}

namespace {

/// What a filter's own parse adds to the query's (highlights, notes...).
void absorb(ParsedQuery& into, ParsedQuery&& from) {
    into.highlight.terms.merge(from.highlight.terms);
    into.highlight.forms.merge(from.highlight.forms);
    into.highlight.stems.merge(from.highlight.stems);
    into.highlight.prefixes.insert(into.highlight.prefixes.end(), from.highlight.prefixes.begin(),
                                   from.highlight.prefixes.end());
    into.has_text = into.has_text || from.has_text;
    into.symbol_suggestions.insert(into.symbol_suggestions.end(), from.symbol_suggestions.begin(),
                                   from.symbol_suggestions.end());
    into.notes.insert(into.notes.end(), from.notes.begin(), from.notes.end());
}

} // namespace

ParsedQuery QueryParser::parse(const std::string& raw, const std::vector<FieldValue>& fields,
                               const std::vector<std::string>& clauses) {
    // Each part is read alone, so that no part changes how another is read: "a OR b" with
    // --wg 4 is (a OR b) in WG.4, not a OR (b in WG.4).
    std::vector<Xapian::Query> filters, required;
    ParsedQuery extra;
    for (const auto& clause : clauses) {
        ParsedQuery p = parse(clause);
        required.push_back(p.query);
        absorb(extra, std::move(p));
    }
    for (const auto& f : fields) {
        const FieldSpec* spec = find_field(f.field);
        if (!spec)
            throw std::invalid_argument("QueryParser: no field '" + f.field + "'");
        m_result = ParsedQuery{};
        const std::string place = " in " + (f.option.empty() ? "'" + f.field + ":" + f.value + "'" : f.option);
        Xapian::Query q = field_query(f.field, f.value, place, 0);
        (spec->filter ? filters : required).push_back(std::move(q));
        absorb(extra, std::move(m_result));
    }
    const bool has_query = raw.find_first_not_of(" \t") != std::string::npos;
    if (!has_query && filters.empty() && required.empty())
        throw QueryError("empty query: type words, a symbol, or a field such as wg:7", 0);
    ParsedQuery result = has_query ? parse(raw) : ParsedQuery{};
    absorb(result, std::move(extra));
    if (!required.empty()) {
        if (!result.query.empty())
            required.insert(required.begin(), result.query);
        result.query = combine(Xapian::Query::OP_AND, required);
    }
    if (!filters.empty()) {
        const Xapian::Query f = combine(Xapian::Query::OP_AND, filters);
        result.query = result.query.empty() ? filter(f) : Xapian::Query(Xapian::Query::OP_FILTER, result.query, f);
    }
    return result;
}

Xapian::Query QueryParser::parse_or(std::size_t& i, int depth) {
    if (depth > max_depth)
        throw QueryError("query nested too deeply (more than " + std::to_string(max_depth) + " parentheses)", 0);
    std::vector<Xapian::Query> alternatives{parse_and(i, depth)};
    while (i < m_lexemes.size() && m_lexemes[i].kind == LexKind::op_or) {
        const std::size_t column = m_lexemes[i].column;
        ++i;
        if (i >= m_lexemes.size() || m_lexemes[i].kind == LexKind::rparen || m_lexemes[i].kind == LexKind::op_or)
            throw QueryError("OR at column " + std::to_string(column) + " has nothing after it", column);
        alternatives.push_back(parse_and(i, depth));
    }
    return combine(Xapian::Query::OP_OR, alternatives);
}

Xapian::Query QueryParser::parse_and(std::size_t& i, int depth) {
    std::vector<Xapian::Query> positives, required, excluded, filters;
    bool negate_next = false;
    bool require_next = false;
    const std::size_t start_column = i < m_lexemes.size() ? m_lexemes[i].column : 0;
    while (i < m_lexemes.size()) {
        const Lexeme& lx = m_lexemes[i];
        if (lx.kind == LexKind::rparen || lx.kind == LexKind::op_or)
            break;
        if (lx.kind == LexKind::op_and) {
            if (positives.empty() && required.empty() && filters.empty())
                throw QueryError("AND at column " + std::to_string(lx.column) + " has nothing before it", lx.column);
            ++i;
            require_next = true;
            if (i < m_lexemes.size() && m_lexemes[i].kind == LexKind::op_not) {
                negate_next = true;
                ++i;
            }
            if (i >= m_lexemes.size() || m_lexemes[i].kind == LexKind::rparen)
                throw QueryError("AND at column " + std::to_string(lx.column) + " has nothing after it", lx.column);
            continue;
        }
        if (lx.kind == LexKind::op_not) {
            ++i;
            negate_next = true;
            if (i >= m_lexemes.size() || m_lexemes[i].kind == LexKind::rparen)
                throw QueryError("NOT at column " + std::to_string(lx.column) + " has nothing after it", lx.column);
            continue;
        }
        if (lx.kind == LexKind::op_near)
            throw QueryError("NEAR at column " + std::to_string(lx.column) + " must stand between two words",
                             lx.column);
        bool is_filter = false;
        const std::size_t first_index = i;
        negate_next = negate_next || lx.sign == '-';
        require_next = require_next || lx.sign == '+';
        // What is excluded is only what it names: "-traité" keeps the documents saying "traite".
        const bool was_excluding = m_excluding;
        m_excluding = m_excluding || negate_next;
        Xapian::Query item = parse_unary(i, depth, is_filter);
        m_excluding = was_excluding;
        // a NEAR b NEAR c: words within a window of each other, in any order.
        if (i < m_lexemes.size() && m_lexemes[i].kind == LexKind::op_near) {
            std::vector<Xapian::Query> near{item};
            unsigned window = m_lexemes[i].near_window;
            while (i < m_lexemes.size() && m_lexemes[i].kind == LexKind::op_near) {
                const std::size_t column = m_lexemes[i].column;
                window = std::max(window, m_lexemes[i].near_window);
                ++i;
                if (i >= m_lexemes.size() || m_lexemes[i].kind != LexKind::word)
                    throw QueryError("NEAR at column " + std::to_string(column) + " must stand between two words",
                                     column);
                const auto tokens = m_analyzer.tokens(analysis::to_nfc(m_lexemes[i].text));
                for (const auto& t : tokens) {
                    if (t.role == analysis::TokenRole::plain || t.role == analysis::TokenRole::joined)
                        near.push_back(position_query(t));
                }
                ++i;
            }
            // NEAR works on positions: the first word's positional forms, not its stem.
            const auto first = m_analyzer.tokens(analysis::to_nfc(m_lexemes[first_index].text));
            std::vector<Xapian::Query> positional;
            for (const auto& t : first) {
                if (t.role == analysis::TokenRole::plain || t.role == analysis::TokenRole::joined)
                    positional.push_back(position_query(t));
            }
            positional.insert(positional.end(), near.begin() + 1, near.end());
            item = Xapian::Query(Xapian::Query::OP_NEAR, positional.begin(), positional.end(),
                                 static_cast<Xapian::termcount>(window + positional.size() - 1));
            is_filter = false;
        }
        if (item.empty()) {
            negate_next = require_next = false;
            continue;
        }
        if (negate_next)
            excluded.push_back(item);
        else if (is_filter)
            filters.push_back(item);
        else if (require_next)
            required.push_back(item);
        else
            positives.push_back(item);
        negate_next = require_next = false;
    }
    Xapian::Query result;
    if (m_options.any) {
        Xapian::Query maybe = combine(Xapian::Query::OP_OR, positives);
        Xapian::Query must = combine(Xapian::Query::OP_AND, required);
        if (!must.empty())
            result = maybe.empty() ? must : Xapian::Query(Xapian::Query::OP_AND_MAYBE, must, maybe);
        else
            result = maybe;
    } else {
        positives.insert(positives.end(), required.begin(), required.end());
        result = combine(Xapian::Query::OP_AND, positives);
    }
    if (!filters.empty()) {
        const Xapian::Query f = combine(Xapian::Query::OP_AND, filters);
        result = result.empty() ? filter(f) : Xapian::Query(Xapian::Query::OP_FILTER, result, f);
    }
    if (!excluded.empty()) {
        if (result.empty())
            throw QueryError("the query only excludes (-word or NOT) from column " + std::to_string(start_column) +
                                 ": add something to look for",
                             start_column);
        result = Xapian::Query(Xapian::Query::OP_AND_NOT, result, combine(Xapian::Query::OP_OR, excluded));
    }
    return result;
}

Xapian::Query QueryParser::parse_unary(std::size_t& i, int depth, bool& is_filter) {
    const Lexeme lx = m_lexemes[i];
    Xapian::Query q;
    switch (lx.kind) {
    case LexKind::lparen: {
        ++i;
        q = parse_or(i, depth + 1);
        if (i >= m_lexemes.size() || m_lexemes[i].kind != LexKind::rparen)
            throw QueryError("unbalanced parenthesis: '(' at column " + std::to_string(lx.column) + " is never closed",
                             lx.column);
        ++i;
        break;
    }
    case LexKind::phrase:
        ++i;
        q = phrase_query(lx.text, lx.column);
        break;
    case LexKind::field:
        ++i;
        q = field_query(lx.field, lx.text, " in '" + lx.field + ":" + lx.text + "' at column " + std::to_string(lx.column),
                        lx.column);
        is_filter = find_field(lx.field)->filter;
        break;
    case LexKind::word: {
        if (lx.exact) {
            ++i;
            q = exact_query(lx.text, lx.column);
            break;
        }
        // Consecutive plain words are analysed together, so that "résolution 5/3" is seen whole.
        std::string run = lx.text;
        ++i;
        if (!lx.sign && run.back() != '*') {
            while (i < m_lexemes.size() && m_lexemes[i].kind == LexKind::word && !m_lexemes[i].sign &&
                   !m_lexemes[i].exact && m_lexemes[i].text.back() != '*' &&
                   !(i + 1 < m_lexemes.size() && m_lexemes[i + 1].kind == LexKind::op_near)) {
                run += ' ';
                run += m_lexemes[i].text;
                ++i;
            }
        }
        q = text_query(run, lx.column);
        break;
    }
    default:
        throw QueryError("unexpected operator at column " + std::to_string(lx.column), lx.column);
    }
    return q;
}

Xapian::Query QueryParser::symbol_query(const std::string& symbol, bool own_only, bool cited_only) {
    std::string canon = analysis::canonical_symbol(symbol);
    bool family = false;
    while (!canon.empty() && (canon.back() == '*')) {
        canon.pop_back();
        family = true;
    }
    if (!symbol.empty() && symbol.back() == '/')
        family = true;
    if (family && !canon.empty() && canon.back() != '/')
        canon += '/';
    const auto held = [&](const std::string& s) {
        return m_db.get_termfreq(with_prefix(schema::symbol, s)) != 0 ||
               m_db.get_termfreq(with_prefix(schema::cites, s)) != 0;
    };
    if (!family && !canon.empty() && !held(canon) && !held(analysis::undated_symbol(canon))) {
        // "ctoc/cop/wg.4": no document carries or cites that exact symbol, but symbols of the
        // index begin with it: it names their family.
        const auto starts_symbols = [&](std::string_view prefix) {
            const std::string p = with_prefix(prefix, canon + "/");
            return m_db.allterms_begin(p) != m_db.allterms_end(p);
        };
        if ((!cited_only && starts_symbols(schema::symbol)) || (!own_only && starts_symbols(schema::cites))) {
            canon += '/';
            family = true;
        } else if (const std::string base = analysis::family_of_symbol(canon); base != canon) {
            // "E/CN.15/2015/11/Corr.1" is in no document, but its base document is: suggest it.
            const auto known = [&](std::string_view prefix) {
                return m_db.get_termfreq(with_prefix(prefix, base)) != 0;
            };
            if ((!cited_only && known(schema::symbol)) || (!own_only && known(schema::cites)))
                m_result.symbol_suggestions.emplace_back(symbol, analysis::display_symbol(base));
        }
    }
    std::vector<Xapian::Query> parts;
    // A Security Council resolution with or without its year: "S/RES/2214" is "S/RES/2214 (2015)".
    const std::string undated = family ? canon : analysis::undated_symbol(canon);
    const auto add = [&](std::string_view prefix, double boost) {
        const std::string term = with_prefix(prefix, canon);
        // A family's members as separate terms (OR, not SYNONYM): a document citing more of
        // them ranks higher, and the weights are exact on a sharded index too.
        Xapian::Query q = family ? expand_prefix(term, Xapian::Query::OP_OR) : Xapian::Query(term);
        if (!family && canon.rfind("S/RES/", 0) == 0) {
            std::vector<Xapian::Query> spellings{q};
            if (undated != canon)
                spellings.emplace_back(with_prefix(prefix, undated));
            else if (const Xapian::Query dated = expand_prefix(term + " (", Xapian::Query::OP_OR);
                     !dated.empty() && dated.get_type() != Xapian::Query::LEAF_MATCH_NOTHING)
                spellings.push_back(dated);
            q = Xapian::Query(Xapian::Query::OP_SYNONYM, spellings.begin(), spellings.end());
        }
        parts.push_back(boost == 1.0 ? q : Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q, boost));
    };
    if (!cited_only)
        add(schema::symbol, own_only ? 1.0 : own_symbol_boost);
    if (!own_only)
        add(schema::cites, 1.0);
    // A resolution's symbol also finds the texts that cite it by number ("résolution 55/25").
    for (const std::string_view res : {"A/RES/", "E/RES/", "S/RES/"}) {
        if (!own_only && !family && undated.rfind(res, 0) == 0 && undated.size() > res.size())
            parts.emplace_back(with_prefix(schema::resolution, undated.substr(res.size())));
    }
    std::string lower = canon;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (family)
        m_result.highlight.prefixes.push_back(lower);
    else
        m_result.highlight.terms.insert(lower);
    return combine(Xapian::Query::OP_OR, parts);
}

Xapian::Query QueryParser::expand_prefix(const std::string& prefix, Xapian::Query::op op) {
    // Expanded here rather than with OP_WILDCARD, which Xapian 1.4 expands in each shard on
    // its own: here the vocabulary of all shards is merged and the most frequent terms kept,
    // so that every shard runs the same query.
    std::vector<std::pair<Xapian::doccount, std::string>> terms;
    for (auto t = m_db.allterms_begin(prefix); t != m_db.allterms_end(prefix); ++t)
        terms.emplace_back(t.get_termfreq(), *t);
    if (terms.empty())
        return Xapian::Query::MatchNothing;
    if (terms.size() > max_expansion) {
        std::stable_sort(terms.begin(), terms.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
        terms.resize(max_expansion);
    }
    std::vector<Xapian::Query> parts;
    parts.reserve(terms.size());
    for (auto& [freq, term] : terms)
        parts.emplace_back(std::move(term));
    return Xapian::Query(op, parts.begin(), parts.end());
}

Xapian::Query QueryParser::word_query(const analysis::Token& token, std::vector<std::string>* positional) {
    switch (token.kind) {
    case analysis::TokenKind::symbol:
        return symbol_query(token.term, false, false);
    case analysis::TokenKind::number:
    case analysis::TokenKind::citation: {
        m_result.highlight.terms.insert(token.term);
        // "WG.7" typed in free text: the words "WG.7" or the documents of that working group.
        // "wg7", typed without the dot, is the same.
        if (token.term.rfind("wg", 0) == 0 && token.term.size() > 2) {
            if (const std::string wg = corpus::resolve_working_group(token.term); !wg.empty()) {
                std::string dotted = wg;
                std::transform(dotted.begin(), dotted.end(), dotted.begin(),
                               [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
                m_result.highlight.terms.insert(dotted);
                std::vector<Xapian::Query> either{Xapian::Query(dotted),
                                                  Xapian::Query(with_prefix(schema::working_group, wg))};
                if (dotted != token.term)
                    either.emplace_back(token.term);
                return Xapian::Query(Xapian::Query::OP_OR, either.begin(), either.end());
            }
        }
        return Xapian::Query(token.term);
    }
    case analysis::TokenKind::word:
        break;
    }
    const WordForms forms = m_forms.find(token);
    if (positional) {
        // Not the accent variants: a proximity boost weighs its words in full.
        for (const auto* f : {&forms.typed, &forms.inflected})
            positional->insert(positional->end(), f->begin(), f->end());
    }
    auto& h = m_result.highlight;
    h.forms.insert(forms.typed.begin(), forms.typed.end());
    h.forms.insert(forms.inflected.begin(), forms.inflected.end());
    h.forms.insert(forms.accents.begin(), forms.accents.end());
    if (forms.stems.empty())
        h.forms.insert(forms.related.begin(), forms.related.end());
    else
        h.stems.insert(forms.stems.begin(), forms.stems.end());
    const auto any_of = [](const std::vector<std::string>& terms) {
        return terms.size() == 1 ? Xapian::Query(terms.front())
                                 : Xapian::Query(Xapian::Query::OP_SYNONYM, terms.begin(), terms.end());
    };
    if (m_excluding) {
        std::vector<std::string> named = forms.typed;
        named.insert(named.end(), forms.inflected.begin(), forms.inflected.end());
        return any_of(named);
    }
    // The word as typed outranks its inflections, which outrank its accent variants, which
    // outrank the rest of its stem.
    const auto& w = m_options.weights;
    std::vector<Xapian::Query> tiers{w.typed == 1.0 ? any_of(forms.typed)
                                                    : Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                                                                    any_of(forms.typed), w.typed)};
    if (!forms.inflected.empty())
        tiers.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, any_of(forms.inflected), w.inflected);
    if (!forms.accents.empty())
        tiers.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, any_of(forms.accents), w.accents);
    if (!forms.related.empty() && !m_options.forms_only)
        tiers.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, any_of(forms.related), w.related);
    return combine(Xapian::Query::OP_OR, tiers);
}

Xapian::Query QueryParser::position_query(const analysis::Token& token) {
    const std::vector<std::string> forms = m_forms.phrase_forms(token);
    if (token.kind == analysis::TokenKind::word)
        m_result.highlight.forms.insert(forms.begin(), forms.end());
    else
        m_result.highlight.terms.insert(token.term);
    if (forms.size() == 1)
        return Xapian::Query(forms.front());
    return Xapian::Query(Xapian::Query::OP_OR, forms.begin(), forms.end());
}

Xapian::Query QueryParser::sequence_query(const std::vector<analysis::Token>& tokens, bool as_typed) {
    std::vector<Xapian::Query> positions;
    std::uint32_t first = 0, last = 0;
    for (std::size_t k = 0; k < tokens.size(); ++k) {
        const auto& t = tokens[k];
        if (t.role == analysis::TokenRole::joined || t.role == analysis::TokenRole::alias ||
            t.role == analysis::TokenRole::ordinal)
            continue;
        // An ordinal's common form stands at its position for every spelling ("neuvième", "9e"),
        // unless the words must match as typed.
        const analysis::Token* at = &t;
        for (std::size_t a = k + 1; !as_typed && a < tokens.size() && tokens[a].position == t.position; ++a) {
            if (tokens[a].role == analysis::TokenRole::ordinal)
                at = &tokens[a];
        }
        const std::uint32_t begin = t.article.empty() ? t.position : t.position - 1;
        if (positions.empty())
            first = begin;
        if (!t.article.empty()) {
            positions.emplace_back(t.article);
            m_result.highlight.forms.insert(t.article);
        }
        positions.push_back(position_query(*at));
        last = t.position;
    }
    if (positions.size() < 2)
        return positions.empty() ? Xapian::Query() : positions.front();
    return Xapian::Query(Xapian::Query::OP_PHRASE, positions.begin(), positions.end(), last - first + 1);
}

Xapian::Query QueryParser::exact_query(const std::string& text, std::size_t column) {
    std::vector<analysis::Token> tokens;
    for (auto& t : m_analyzer.tokens(analysis::to_nfc(text))) {
        if (t.role == analysis::TokenRole::plain || t.role == analysis::TokenRole::part)
            tokens.push_back(std::move(t));
    }
    if (tokens.empty())
        throw QueryError("'=' at column " + std::to_string(column) + " needs a word after it (=traite)", column);
    m_result.has_text = true;
    std::vector<Xapian::Query> positions;
    for (const auto& t : tokens) {
        m_result.words.push_back(t.term);
        if (t.kind == analysis::TokenKind::word)
            m_result.highlight.forms.insert(t.form());
        else
            m_result.highlight.terms.insert(t.term);
        positions.emplace_back(t.form());
    }
    if (positions.size() == 1)
        return positions.front();
    return Xapian::Query(Xapian::Query::OP_PHRASE, positions.begin(), positions.end(),
                         tokens.back().position - tokens.front().position + 1);
}

Xapian::Query QueryParser::text_query(const std::string& text, std::size_t column) {
    // A trailing wildcard: migra*, l'appli*, ctoc/cop/wg.7/*.
    if (!text.empty() && text.back() == '*') {
        std::string base = text;
        while (!base.empty() && base.back() == '*')
            base.pop_back();
        if (base.find('/') != std::string::npos && analysis::looks_like_symbol(base + "0"))
            return symbol_query(base + "*", false, false);
        const auto tokens = m_analyzer.tokens(analysis::to_nfc(base));
        if (tokens.empty())
            throw QueryError("wildcard at column " + std::to_string(column) + " needs a few letters before '*'",
                             column);
        m_result.has_text = true;
        const auto& t = tokens.back();
        m_result.highlight.prefixes.push_back(t.term);
        if (!t.exact.empty()) // typed with accents: accent-sensitive, as a word is
            return expand_prefix(t.exact, Xapian::Query::OP_SYNONYM);
        const auto forms = m_forms.forms_with_prefix(t.term, max_expansion);
        if (forms.empty())
            return Xapian::Query::MatchNothing;
        return Xapian::Query(Xapian::Query::OP_SYNONYM, forms.begin(), forms.end());
    }
    const std::string nfc = analysis::to_nfc(text);
    const auto tokens = m_analyzer.tokens(nfc);
    std::vector<bool> consumed(tokens.size(), false);
    std::vector<Xapian::Query> parts;
    add_citations(tokens, nfc, consumed, parts);
    add_bare_resolutions(tokens, consumed, parts);
    // Citations take their words out of the proximity boost below; named things do not.
    const bool cited = std::any_of(consumed.begin(), consumed.end(), [](bool c) { return c; });
    const bool named = add_other_names(tokens, consumed, parts);
    std::vector<Xapian::Query> stop_parts;
    std::vector<Xapian::Query> near; // each content word's positional forms
    for (std::size_t k = 0; k < tokens.size(); ++k) {
        const auto& t = tokens[k];
        if (consumed[k] || t.role == analysis::TokenRole::part || t.role == analysis::TokenRole::alias ||
            t.role == analysis::TokenRole::ordinal)
            continue;
        if (t.stopword) {
            stop_parts.push_back(position_query(t));
            continue;
        }
        m_result.words.push_back(t.term);
        std::vector<std::string> positional;
        Xapian::Query q = word_query(t, t.kind == analysis::TokenKind::word ? &positional : nullptr);
        if (t.role == analysis::TokenRole::joined) {
            // "Etats-parties" also finds "États parties": the parts side by side.
            std::vector<Xapian::Query> side_by_side;
            for (std::size_t p = k; p-- > 0 && tokens[p].role == analysis::TokenRole::part;) {
                side_by_side.insert(side_by_side.begin(), position_query(tokens[p]));
            }
            if (side_by_side.size() >= 2)
                q = Xapian::Query(Xapian::Query::OP_OR, q,
                                  Xapian::Query(Xapian::Query::OP_PHRASE, side_by_side.begin(), side_by_side.end(),
                                                static_cast<Xapian::termcount>(side_by_side.size())));
        }
        // "neuvième", "9ème": also the ordinal's common form "9e", indexed for every spelling.
        for (std::size_t a = k + 1; a < tokens.size() && tokens[a].position == t.position; ++a) {
            if (tokens[a].role == analysis::TokenRole::ordinal) {
                m_result.highlight.terms.insert(tokens[a].term);
                const std::string common = with_prefix(schema::ordinal, tokens[a].term);
                q = Xapian::Query(Xapian::Query::OP_OR, q, Xapian::Query(common));
                if (!positional.empty())
                    positional.push_back(common);
            }
        }
        if (!positional.empty() && t.role == analysis::TokenRole::plain)
            near.emplace_back(Xapian::Query::OP_OR, positional.begin(), positional.end());
        parts.push_back(q);
    }
    if (parts.empty() && !stop_parts.empty()) {
        // Only stop words: search them after all, as Xapian does.
        parts = stop_parts;
    }
    if (!parts.empty())
        m_result.has_text = true;
    Xapian::Query q = combine(m_options.any ? Xapian::Query::OP_OR : Xapian::Query::OP_AND, parts);
    // Words typed together rank higher where they stand together ("traite des personnes"),
    // unless citations took some of them.
    if ((parts.size() >= 2 || named) && !cited && !m_excluding && tokens.size() <= 12) {
        const Highlight before = m_result.highlight;
        Xapian::Query phrase = sequence_query(tokens, false);
        m_result.highlight = before; // the boost finds nothing the words do not
        if (phrase.get_type() == Xapian::Query::OP_PHRASE)
            m_result.boosts.push_back(phrase);
        // ... and where they stand in the order typed within a few sentences' span: the sentence a
        // researcher remembers ranks its document first.
        if (near.size() >= 2)
            m_result.boosts.emplace_back(Xapian::Query::OP_PHRASE, near.begin(), near.end(), proximity_window);
    }
    return q;
}

void QueryParser::add_citations(const std::vector<analysis::Token>& tokens, const std::string& text,
                                std::vector<bool>& consumed, std::vector<Xapian::Query>& parts) {
    const auto citations = analysis::find_citations(tokens, text);
    for (std::size_t first = 0; first < citations.size();) {
        std::size_t end = first + 1;
        while (end < citations.size() && citations[end].list == citations[first].list)
            ++end;
        if (tokens[citations[first].token].kind == analysis::TokenKind::symbol) {
            first = end; // A/RES/55/25 typed as a symbol is searched as the symbol
            continue;
        }
        // The citing word ("résolutions"), the numbers and what joins them belong to the list.
        const std::size_t list = citations[first].list;
        std::size_t last = list;
        std::vector<Xapian::Query> items;
        std::vector<std::string> numbers;
        for (std::size_t k = first; k < end; ++k) {
            const auto& c = citations[k];
            last = std::max(last, c.last);
            const auto prefix = c.kind == analysis::CitationKind::resolution ? schema::resolution : schema::decision;
            Xapian::Query item(with_prefix(prefix, c.number));
            if (c.bare && end - first == 1 && c.kind == analysis::CitationKind::resolution) {
                // "résolution 1325" typed alone: the citation, or the words side by side (in a title).
                static constexpr std::array<const char*, 4> forms{"résolution", "résolutions", "resolution",
                                                                  "resolutions"};
                const std::vector<Xapian::Query> words{Xapian::Query(Xapian::Query::OP_OR, forms.begin(), forms.end()),
                                                       Xapian::Query(c.number)};
                const std::vector<Xapian::Query> either{
                    item, Xapian::Query(Xapian::Query::OP_PHRASE, words.begin(), words.end(), 2)};
                item = Xapian::Query(Xapian::Query::OP_OR, either.begin(), either.end());
            }
            items.push_back(item);
            numbers.push_back(c.number);
            m_result.highlight.terms.insert(tokens[c.token].term);
        }
        for (std::size_t k = list; k <= last && k < tokens.size(); ++k)
            consumed[k] = true;
        m_result.highlight.stems.insert(tokens[list].stem);
        if (items.size() == 1) {
            parts.push_back(items.front());
        } else {
            // A list names what a researcher wants any of: each item cited weighs 1, so that the
            // documents citing more of them come first; the items' own BM25 weights, scaled to
            // stay below 1 in all (each is under (k1 + 1) log N: 36 for ten million documents
            // with the searcher's k1 of 1.2), break ties by how often they are cited.
            std::vector<Xapian::Query> counted;
            for (const auto& item : items) {
                // release(): the query owns the source from here on.
                const Xapian::Query one((new Xapian::FixedWeightPostingSource(1.0))->release());
                counted.emplace_back(Xapian::Query::OP_FILTER, one, item);
            }
            const Xapian::Query often(Xapian::Query::OP_OR, items.begin(), items.end());
            counted.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, often, 1.0 / (50.0 * static_cast<double>(items.size())));
            parts.emplace_back(Xapian::Query::OP_OR, counted.begin(), counted.end());
            std::string listed;
            for (const auto& n : numbers)
                listed += (listed.empty() ? "" : ", ") + n;
            const bool resolution = citations[first].kind == analysis::CitationKind::resolution;
            m_result.notes.push_back(text.substr(tokens[list].begin, tokens[last].end - tokens[list].begin) +
                                     ": documents citing any of " + (resolution ? "resolutions " : "decisions ") +
                                     listed + ", those citing more of them first");
        }
        first = end;
    }
}

void QueryParser::add_bare_resolutions(const std::vector<analysis::Token>& tokens, std::vector<bool>& consumed,
                                       std::vector<Xapian::Query>& parts) {
    // "résolution 1325" typed without year or body: the Security Council resolution as
    // extracted (S/RES/1325, "résolution 1325 (2000)") or the words side by side.
    for (std::size_t k = 0; k + 1 < tokens.size(); ++k) {
        const auto& word = tokens[k];
        const auto& number = tokens[k + 1];
        if (consumed[k] || consumed[k + 1] || (word.term != "resolution" && word.term != "resolutions") ||
            number.kind != analysis::TokenKind::number || number.term.size() > 4 || number.term[0] == '0' ||
            !is_digits(number.term))
            continue;
        consumed[k] = consumed[k + 1] = true;
        m_result.highlight.stems.insert(word.stem);
        m_result.highlight.terms.insert(number.term);
        std::vector<Xapian::Query> either{Xapian::Query(with_prefix(schema::resolution, number.term))};
        static constexpr std::array<const char*, 4> forms{"résolution", "résolutions", "resolution", "resolutions"};
        const std::vector<Xapian::Query> words{Xapian::Query(Xapian::Query::OP_OR, forms.begin(), forms.end()),
                                               Xapian::Query(number.term)};
        either.emplace_back(Xapian::Query::OP_PHRASE, words.begin(), words.end(), 2);
        parts.emplace_back(Xapian::Query::OP_OR, either.begin(), either.end());
    }
}

bool QueryParser::add_other_names(const std::vector<analysis::Token>& tokens, std::vector<bool>& consumed,
                                  std::vector<Xapian::Query>& parts) {
    // Names of one thing (analysis/aliases.h): the words as typed, or the thing named by any of
    // its names, which the indexer marks with one term (schema::named).
    bool named = false;
    for (std::size_t i = 0; i < tokens.size();) {
        const analysis::AliasMatch m = analysis::alias_at(tokens, i, &consumed);
        if (m.group == nullptr) {
            ++i;
            continue;
        }
        std::vector<Xapian::Query> typed;
        for (std::size_t k = m.first; k <= m.last; ++k) {
            const auto& t = tokens[k];
            if ((t.role == analysis::TokenRole::plain || t.role == analysis::TokenRole::part) && !t.stopword) {
                m_result.words.push_back(t.term);
                typed.push_back(word_query(t));
            }
        }
        // Any name weighs as half a word: the wording typed stays first.
        const Xapian::Query any_name(with_prefix(schema::named, m.group->id));
        const std::vector<Xapian::Query> either{combine(Xapian::Query::OP_AND, typed),
                                                Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, any_name, 0.5)};
        // Highlight the other one-word names ("UNODC" for "ONUDC"), not every "de" of a long one.
        for (std::size_t n = 0; n < m.group->names.size(); ++n) {
            if (n != m.name && m.group->names[n].size() == 1)
                position_query(m.group->names[n].front());
        }
        // The name's words, and the joined forms and aliases at its last word's position.
        std::size_t k = m.first;
        for (; k < tokens.size() && (k <= m.last || tokens[k].position == tokens[m.last].position); ++k)
            consumed[k] = true;
        parts.emplace_back(Xapian::Query::OP_OR, either.begin(), either.end());
        named = true;
        i = k;
    }
    return named;
}

Xapian::Query QueryParser::phrase_query(const std::string& text, std::size_t column) {
    // Quoted means as typed: each word at its position, an elided article included, accents
    // checked where typed, no inflection and no stem.
    const auto tokens = m_analyzer.tokens(analysis::to_nfc(text));
    Xapian::Query q = sequence_query(tokens, true);
    if (q.empty())
        throw QueryError("empty phrase at column " + std::to_string(column), column);
    m_result.has_text = true;
    return q;
}

Xapian::Query QueryParser::years_query(int first, int last) {
    // The years the index holds, from its year terms (a handful: one per year of documents).
    std::vector<Xapian::Query> years;
    const std::string prefix(schema::year);
    for (auto t = m_db.allterms_begin(prefix); t != m_db.allterms_end(prefix); ++t) {
        const std::string y = (*t).substr(prefix.size());
        if (y.size() == 4 && is_digits(y) && std::stoi(y) >= first && std::stoi(y) <= last)
            years.emplace_back(*t);
    }
    if (years.empty())
        return no_document();
    return combine(Xapian::Query::OP_OR, years);
}

Xapian::Query QueryParser::field_query(const std::string& field, const std::string& value, const std::string& place,
                                       std::size_t column) {
    const auto where = [&] { return place; };
    if (field == "symbol")
        return symbol_query(value, true, false);
    if (field == "cites") {
        if (!analysis::looks_like_symbol(analysis::canonical_symbol(value) + (value.back() == '*' || value.back() == '/' ? "0" : "")) &&
            value.find('/') == std::string::npos)
            throw QueryError("not a UN symbol" + where() + " (e.g. cites:CTOC/COP/2014/1 or cites:CTOC/COP/WG.7/*)",
                             column);
        return symbol_query(value, false, true);
    }
    if (field == "resolution" || field == "res" || field == "decision" || field == "dec") {
        // Read as the text would be: "res:2178 (2014)" is 2178, "res:\"1514 (XV)\"" keeps its session.
        const bool res = field == "resolution" || field == "res";
        const std::string text = std::string(res ? "résolution " : "décision ") + analysis::to_nfc(value);
        const auto tokens = m_analyzer.tokens(text);
        std::vector<analysis::RejectedNumber> rejected;
        const auto citations = analysis::find_citations(tokens, text, &rejected);
        std::string number;
        if (citations.size() == 1 && citations[0].last + 1 == tokens.size())
            number = citations[0].number;
        else if (citations.empty() && rejected.size() == 1 && tokens.size() == 2 && rejected[0].number.size() <= 2)
            number = rejected[0].number; // "res:2": a short number typed on purpose
        if (number.empty() || (citations.size() == 1 && tokens[citations[0].token].kind == analysis::TokenKind::symbol))
            throw QueryError("not a resolution or decision number" + where() + " (e.g. res:5/3, res:2178)", column);
        m_result.highlight.terms.insert(tokens[1].term);
        m_result.has_text = true;
        return Xapian::Query(with_prefix(res ? schema::resolution : schema::decision, number));
    }
    if (field == "wg") {
        const std::string wg = corpus::resolve_working_group(value);
        if (wg.empty()) {
            std::string known;
            for (const auto& w : corpus::known_working_groups())
                known += (known.empty() ? "" : ", ") + w;
            throw QueryError("unknown working group" + where() + " (known: " + known +
                                 "; or a name such as wg:migrants)",
                             column);
        }
        return Xapian::Query(with_prefix(schema::working_group, wg));
    }
    if (field == "date") {
        const std::size_t dots = value.find("..");
        const std::string lo_text = dots == std::string::npos ? value : value.substr(0, dots);
        const std::string hi_text = dots == std::string::npos ? value : value.substr(dots + 2);
        const std::string lo = lo_text.empty() ? "00000101" : date_bound(lo_text, false);
        const std::string hi = hi_text.empty() ? "99991231" : date_bound(hi_text, true);
        if (lo.empty() || hi.empty() || (lo_text.empty() && hi_text.empty()))
            throw QueryError("bad date" + where() + " (use YYYY, YYYY-MM, YYYY-MM-DD or an ISO date-time; ranges as A..B, A.. or ..B)",
                             column);
        if (lo > hi)
            throw QueryError("empty date range" + where() + " (the start is after the end)", column);
        // Whole years are year terms (cheap: a posting list each, where a value range reads every
        // document's date); a year cut by the range is its term with the dates checked, and its
        // documents known only by their year stay out.
        const int lo_year = std::stoi(lo.substr(0, 4));
        const int hi_year = std::stoi(hi.substr(0, 4));
        const int first_year = lo_year + (lo.substr(4) == "0101" ? 0 : 1);
        const int last_year = hi_year - (hi.substr(4) == "1231" ? 0 : 1);
        std::vector<Xapian::Query> parts;
        if (first_year <= last_year)
            parts.push_back(years_query(first_year, last_year));
        const auto cut_year = [&](int year) {
            const std::string y = with_prefix(schema::year, std::to_string(year));
            const std::string from = std::max(lo, std::to_string(year) + "0101");
            const std::string to = std::min(hi, std::to_string(year) + "1231");
            parts.emplace_back(Xapian::Query::OP_FILTER, Xapian::Query(y),
                               Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::date_slot, from, to));
        };
        if (lo_year == hi_year) {
            if (first_year > last_year)
                cut_year(lo_year);
        } else {
            if (first_year > lo_year)
                cut_year(lo_year);
            if (last_year < hi_year)
                cut_year(hi_year);
        }
        return parts.empty() ? no_document() : combine(Xapian::Query::OP_OR, parts);
    }
    if (field == "year") {
        const std::size_t dots = value.find("..");
        const std::string lo = dots == std::string::npos ? value : value.substr(0, dots);
        const std::string hi = dots == std::string::npos ? value : value.substr(dots + 2);
        const auto year_ok = [](const std::string& y) { return y.empty() || (y.size() == 4 && is_digits(y)); };
        if (!year_ok(lo) || !year_ok(hi) || (lo.empty() && hi.empty()))
            throw QueryError("bad year" + where() + " (use e.g. year:2018 or year:2014..2019)", column);
        return years_query(lo.empty() ? 0 : std::stoi(lo), hi.empty() ? 9999 : std::stoi(hi));
    }
    if (field == "type") {
        std::string slug = analysis::fold(value);
        std::replace(slug.begin(), slug.end(), ' ', '-');
        std::replace(slug.begin(), slug.end(), '\'', '-');
        const auto slugs = corpus::document_type_slugs();
        std::vector<Xapian::Query> parts;
        for (const auto& s : slugs) {
            if (s == slug || s.rfind(slug + "-", 0) == 0)
                parts.emplace_back(with_prefix(schema::type, s));
        }
        if (parts.empty()) {
            std::string known;
            for (const auto& s : slugs)
                known += (known.empty() ? "" : ", ") + s;
            throw QueryError("unknown document type" + where() + " (types: " + known + ")", column);
        }
        return combine(Xapian::Query::OP_OR, parts);
    }
    if (field == "session") {
        const long n = small_number(value);
        if (n < 1 || n > 200)
            throw QueryError("bad session number" + where() + " (e.g. session:9)", column);
        return Xapian::Query(with_prefix(schema::session, std::to_string(n)));
    }
    // original: / lang:
    return Xapian::Query(with_prefix(schema::original_language, analysis::fold(value)));
}

namespace {

std::string body_name(const std::string& body) {
    if (body == "AG")
        return " (General Assembly)";
    if (body == "CS")
        return " (Security Council)";
    if (body == "ECOSOC")
        return " (Economic and Social Council)";
    if (body == "COP")
        return " (Conference of the Parties)";
    if (body == "CCPCJ")
        return " (Commission on Crime Prevention and Criminal Justice)";
    return {};
}

std::string quoted_field(const std::string& name, const std::string& value) {
    return value.find(' ') == std::string::npos ? name + ":" + value : name + ":\"" + value + "\"";
}

} // namespace

CitationTarget read_citation_target(const std::string& raw) {
    std::string text = analysis::to_nfc(raw);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
        text.pop_back();
    text.erase(0, std::min(text.find_first_not_of(" \t"), text.size()));
    CitationTarget target;
    // A symbol or a family, in either spelling.
    std::string base = text;
    while (!base.empty() && (base.back() == '*' || base.back() == '/'))
        base.pop_back();
    const bool family = base.size() != text.size();
    if (analysis::looks_like_symbol(base) || (family && analysis::looks_like_symbol(base + "/0"))) {
        const std::string canon = analysis::canonical_symbol(base);
        if (family) {
            target.query = quoted_field("cites", canon + "/*");
            target.description = "documents citing a symbol of the family " + analysis::display_symbol(canon) + "/";
            return target;
        }
        target.query = quoted_field("cites", canon);
        target.description = "documents citing " + analysis::display_symbol(canon);
        const std::string undated = analysis::undated_symbol(canon);
        for (const std::string_view res : {"A/RES/", "E/RES/", "S/RES/"}) {
            if (undated.rfind(res, 0) == 0 && undated.size() > res.size())
                target.description += " or resolution " + undated.substr(res.size()) + " by number";
        }
        return target;
    }
    // A resolution or decision, with or without the word: "2178", "décision 4/4".
    analysis::Analyzer analyzer;
    auto tokens = analyzer.tokens(text);
    if (tokens.empty() || !analysis::is_citing_word(tokens.front().term) || tokens.size() < 2) {
        text = "résolution " + text;
        tokens = analyzer.tokens(text);
    }
    std::vector<analysis::RejectedNumber> rejected;
    const auto citations = analysis::find_citations(tokens, text, &rejected);
    std::vector<std::string> queries;
    std::string listed;
    for (const auto& c : citations) {
        const bool res = c.kind == analysis::CitationKind::resolution;
        queries.push_back(quoted_field(res ? "res" : "dec", c.number));
        listed += (listed.empty() ? std::string(res ? "resolution " : "decision ") : std::string(", ")) + c.number +
                  body_name(c.body);
    }
    // "--cited-by 2": a short number typed on purpose.
    if (citations.empty() && rejected.size() == 1 && tokens.size() == 2 && rejected[0].number.size() <= 2) {
        const bool res = rejected[0].kind == analysis::CitationKind::resolution;
        queries.push_back(quoted_field(res ? "res" : "dec", rejected[0].number));
        listed = (res ? "resolution " : "decision ") + rejected[0].number;
    }
    const bool whole = !citations.empty() && citations.back().last + 1 == tokens.size();
    if (queries.empty() || (!citations.empty() && !whole))
        throw QueryError("'" + raw + "' is neither a UN symbol (CTOC/COP/2014/1, S/RES/2178 (2014), CTOC/COP/WG.7/*) "
                         "nor a resolution or decision (7/1, 2178, \"résolution 2178 (2014)\", \"décision 4/4\")",
                         0);
    if (queries.size() == 1) {
        target.query = queries.front();
        target.description = "documents citing " + listed;
    } else {
        target.query = "(";
        for (const auto& q : queries)
            target.query += (target.query.size() > 1 ? " OR " : "") + q;
        target.query += ")";
        const std::size_t space = listed.find(' ');
        target.description = "documents citing any of " + listed.substr(0, space) + "s" + listed.substr(space);
    }
    return target;
}

Xapian::Query ParsedQuery::ranked() const {
    if (boosts.empty() || query.empty())
        return query;
    return Xapian::Query(Xapian::Query::OP_AND_MAYBE, query,
                         boosts.size() == 1 ? boosts.front()
                                            : Xapian::Query(Xapian::Query::OP_OR, boosts.begin(), boosts.end()));
}

} // namespace ctoc::search
