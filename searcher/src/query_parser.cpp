// The query language's grammar: OR of ANDs of unary items (words, phrases, fields, parentheses),
// with -exclusion, +required and NEAR; the parts it reads are built in the other query_*.cpp.
#include "query_parser_detail.h"

#include <ctoc/search/query_parser.h>

#include <ctoc/analysis/unicode.h>
#include <ctoc/schema.h>

#include <algorithm>

namespace ctoc::search {

using namespace detail;

namespace detail {

std::string with_prefix(std::string_view prefix, std::string_view value) {
    std::string t(prefix);
    t += value;
    return t;
}

Xapian::Query no_document() {
    return Xapian::Query(with_prefix(schema::year, "none"));
}

Xapian::Query filter(Xapian::Query q) {
    return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q, 0.0);
}

Xapian::Query combine(Xapian::Query::op op, const std::vector<Xapian::Query>& parts) {
    if (parts.empty())
        return Xapian::Query();
    if (parts.size() == 1)
        return parts.front();
    return Xapian::Query(op, parts.begin(), parts.end());
}

bool is_digits(const std::string& s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

long small_number(const std::string& s) {
    if (!is_digits(s) || s.size() > 6)
        return -1;
    return std::stol(s);
}

long numbered_name(std::string_view term, std::string_view name) {
    if (term.size() <= name.size() || term.size() > name.size() + 2 || !term.starts_with(name))
        return -1;
    const long n = small_number(std::string(term.substr(name.size())));
    return n >= 1 ? n : -1;
}

void join_numbered_names(std::vector<analysis::Token>& tokens) {
    for (std::size_t k = 0; k + 1 < tokens.size(); ++k) {
        auto& name = tokens[k];
        const auto& number = tokens[k + 1];
        if (name.kind != analysis::TokenKind::word || name.role != analysis::TokenRole::plain ||
            (name.term != "wg" && name.term != "cop") ||
            number.kind != analysis::TokenKind::number ||
            number.role != analysis::TokenRole::plain || number.position != name.position + 1 ||
            number.term.size() > 2)
            continue;
        name.term += number.term;
        name.exact.clear();
        name.stem.clear();
        name.stopword = false;
        name.kind = analysis::TokenKind::number;
        name.end = number.end;
        tokens.erase(tokens.begin() + static_cast<std::ptrdiff_t>(k) + 1);
    }
}

} // namespace detail

QueryParser::QueryParser(const Xapian::Database& db, QueryParserOptions options,
                         VariantSource variants)
    : m_db(db), m_options(options), m_forms(db, std::move(variants)) {}

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
        const std::string place =
            " in " + (f.option.empty() ? "'" + f.field + ":" + f.value + "'" : f.option);
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
        result.query = result.query.empty()
                           ? filter(f)
                           : Xapian::Query(Xapian::Query::OP_FILTER, result.query, f);
    }
    return result;
}

Xapian::Query QueryParser::parse_or(std::size_t& i, int depth) {
    if (depth > max_depth)
        throw QueryError(
            "query nested too deeply (more than " + std::to_string(max_depth) + " parentheses)", 0);
    std::vector<Xapian::Query> alternatives{parse_and(i, depth)};
    while (i < m_lexemes.size() && m_lexemes[i].kind == LexKind::op_or) {
        const std::size_t column = m_lexemes[i].column;
        ++i;
        if (i >= m_lexemes.size() || m_lexemes[i].kind == LexKind::rparen ||
            m_lexemes[i].kind == LexKind::op_or)
            throw QueryError("OR at column " + std::to_string(column) + " has nothing after it",
                             column);
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
                throw QueryError("AND at column " + std::to_string(lx.column) +
                                     " has nothing before it",
                                 lx.column);
            ++i;
            require_next = true;
            if (i < m_lexemes.size() && m_lexemes[i].kind == LexKind::op_not) {
                negate_next = true;
                ++i;
            }
            if (i >= m_lexemes.size() || m_lexemes[i].kind == LexKind::rparen)
                throw QueryError("AND at column " + std::to_string(lx.column) +
                                     " has nothing after it",
                                 lx.column);
            continue;
        }
        if (lx.kind == LexKind::op_not) {
            ++i;
            negate_next = true;
            if (i >= m_lexemes.size() || m_lexemes[i].kind == LexKind::rparen)
                throw QueryError("NOT at column " + std::to_string(lx.column) +
                                     " has nothing after it",
                                 lx.column);
            continue;
        }
        if (lx.kind == LexKind::op_near)
            throw QueryError("NEAR at column " + std::to_string(lx.column) +
                                 " must stand between two words",
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
                    throw QueryError("NEAR at column " + std::to_string(column) +
                                         " must stand between two words",
                                     column);
                const auto tokens = m_analyzer.tokens(analysis::to_nfc(m_lexemes[i].text));
                for (const auto& t : tokens) {
                    if (t.role == analysis::TokenRole::plain ||
                        t.role == analysis::TokenRole::joined)
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
            throw QueryError("the query only excludes (-word or NOT) from column " +
                                 std::to_string(start_column) + ": add something to look for",
                             start_column);
        result = Xapian::Query(Xapian::Query::OP_AND_NOT, result,
                               combine(Xapian::Query::OP_OR, excluded));
    }
    return result;
}

bool QueryParser::in_every_document(const std::string& term) const {
    const Xapian::doccount documents = m_db.get_doccount();
    return documents != 0 && m_db.get_termfreq(term) == documents;
}

Xapian::Query QueryParser::boolean_term(const std::string& term) const {
    return in_every_document(term) ? Xapian::Query::MatchAll : Xapian::Query(term);
}

Xapian::Query QueryParser::parse_unary(std::size_t& i, int depth, bool& is_filter) {
    const Lexeme lx = m_lexemes[i];
    Xapian::Query q;
    switch (lx.kind) {
    case LexKind::lparen: {
        ++i;
        q = parse_or(i, depth + 1);
        if (i >= m_lexemes.size() || m_lexemes[i].kind != LexKind::rparen)
            throw QueryError("unbalanced parenthesis: '(' at column " + std::to_string(lx.column) +
                                 " is never closed",
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
        q = field_query(lx.field, lx.text,
                        " in '" + lx.typed_field + ":" + lx.text + "' at column " +
                            std::to_string(lx.column),
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
            while (i < m_lexemes.size() && m_lexemes[i].kind == LexKind::word &&
                   !m_lexemes[i].sign && !m_lexemes[i].exact && m_lexemes[i].text.back() != '*' &&
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

Xapian::Query ParsedQuery::ranked() const {
    if (boosts.empty() || query.empty())
        return query;
    return Xapian::Query(Xapian::Query::OP_AND_MAYBE, query,
                         boosts.size() == 1
                             ? boosts.front()
                             : Xapian::Query(Xapian::Query::OP_OR, boosts.begin(), boosts.end()));
}

} // namespace ctoc::search
