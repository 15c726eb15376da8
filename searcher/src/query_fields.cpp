// The fields of the query language (one table: name, filter or ranking) and the query each
// builds: symbol:, cites:, res:/dec:, wg:, date:, year:, type:, session:, original:/lang:.
#include "query_parser_detail.h"

#include <ctoc/search/query_parser.h>

#include <ctoc/analysis/citations.h>
#include <ctoc/analysis/unicode.h>
#include <ctoc/corpus/date.h>
#include <ctoc/corpus/metadata.h>
#include <ctoc/schema.h>

#include <algorithm>
#include <array>

namespace ctoc::search {

using namespace detail;

namespace {

/// The fields of the query language, and whether each only filters (its documents pass or not)
/// or also ranks (a citation counts as often as the text cites it). How each builds its query:
/// QueryParser::field_query.
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

/// The French names of fields a researcher of French documents may type (matched folded:
/// "année", "Annee", "annee"), each with the field it names. "résolution:", "décision:",
/// "date:", "type:" and "session:" are the fields' own names once folded.
constexpr std::array<std::pair<std::string_view, std::string_view>, 6> french_field_names{{
    {"année", "year"},
    {"groupe", "wg"},
    {"symbole", "symbol"},
    {"cote", "symbol"}, // the UN's French word for a document's symbol
    {"cite", "cites"},
    {"langue", "lang"},
}};

} // namespace

namespace detail {

const FieldSpec* find_field(std::string_view name) {
    for (const auto& f : field_table)
        if (f.name == name)
            return &f;
    return nullptr;
}

const FieldSpec* find_typed_field(std::string_view typed) {
    const std::string name = analysis::fold(typed);
    if (const FieldSpec* f = find_field(name))
        return f;
    for (const auto& [french, field] : french_field_names) {
        if (analysis::fold(french) == name)
            return find_field(field);
    }
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
    out += "; in French also";
    for (const auto& [french, field] : french_field_names) {
        out += ' ';
        out += french;
        out += ':';
    }
    return out;
}

} // namespace detail

std::string date_bound(const std::string& text, bool last) {
    const auto date = corpus::parse_date(text);
    if (!date)
        return {};
    return last ? date->last_day() : date->first_day();
}

Xapian::Query QueryParser::years_query(int first, int last) {
    // The years the index holds, from its year terms (a handful: one per year of documents).
    std::vector<Xapian::Query> years;
    const std::string prefix(schema::year);
    for (auto t = m_db.allterms_begin(prefix); t != m_db.allterms_end(prefix); ++t) {
        const std::string y = (*t).substr(prefix.size());
        if (y.size() == 4 && is_digits(y) && std::stoi(y) >= first && std::stoi(y) <= last)
            years.push_back(boolean_term(*t));
    }
    if (years.empty())
        return no_document();
    return combine(Xapian::Query::OP_OR, years);
}

Xapian::Query QueryParser::field_query(const std::string& field, const std::string& value,
                                       const std::string& place, std::size_t column) {
    const auto where = [&] { return place; };
    if (field == "symbol")
        return symbol_query(value, true, false);
    if (field == "cites") {
        if (!analysis::looks_like_symbol(analysis::canonical_symbol(value) +
                                         (value.back() == '*' || value.back() == '/' ? "0" : "")) &&
            value.find('/') == std::string::npos)
            throw QueryError("not a UN symbol" + where() +
                                 " (e.g. cites:CTOC/COP/2014/1 or cites:CTOC/COP/WG.7/*)",
                             column);
        return symbol_query(value, false, true);
    }
    if (field == "resolution" || field == "res" || field == "decision" || field == "dec") {
        // Read as the text would be: "res:2178 (2014)" is 2178, "res:\"1514 (XV)\"" keeps its
        // session.
        const bool res = field == "resolution" || field == "res";
        const std::string text =
            std::string(res ? "résolution " : "décision ") + analysis::to_nfc(value);
        const auto tokens = m_analyzer.tokens(text);
        std::vector<analysis::RejectedNumber> rejected;
        const auto citations = analysis::find_citations(tokens, text, &rejected);
        std::string number;
        if (citations.size() == 1 && citations[0].last + 1 == tokens.size())
            number = citations[0].number;
        else if (citations.empty() && rejected.size() == 1 && tokens.size() == 2 &&
                 rejected[0].number.size() <= 2)
            number = rejected[0].number; // "res:2": a short number typed on purpose
        if (number.empty() || (citations.size() == 1 &&
                               tokens[citations[0].token].kind == analysis::TokenKind::symbol))
            throw QueryError("not a resolution or decision number" + where() +
                                 " (e.g. res:5/3, res:2178)",
                             column);
        m_result.highlight.terms.insert(tokens[1].term);
        m_result.has_text = true;
        return boolean_term(with_prefix(res ? schema::resolution : schema::decision, number));
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
        return boolean_term(with_prefix(schema::working_group, wg));
    }
    if (field == "date") {
        const std::size_t dots = value.find("..");
        const std::string lo_text = dots == std::string::npos ? value : value.substr(0, dots);
        const std::string hi_text = dots == std::string::npos ? value : value.substr(dots + 2);
        const std::string lo = lo_text.empty() ? "00000101" : date_bound(lo_text, false);
        const std::string hi = hi_text.empty() ? "99991231" : date_bound(hi_text, true);
        if (lo.empty() || hi.empty() || (lo_text.empty() && hi_text.empty()))
            throw QueryError("bad date" + where() +
                                 " (use YYYY, YYYY-MM, YYYY-MM-DD or an ISO date-time; ranges as "
                                 "A..B, A.. or ..B)",
                             column);
        if (lo > hi)
            throw QueryError("empty date range" + where() + " (the start is after the end)",
                             column);
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
            parts.emplace_back(
                Xapian::Query::OP_FILTER, boolean_term(y),
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
        const auto year_ok = [](const std::string& y) {
            return y.empty() || (y.size() == 4 && is_digits(y));
        };
        if (!year_ok(lo) || !year_ok(hi) || (lo.empty() && hi.empty()))
            throw QueryError("bad year" + where() + " (use e.g. year:2018 or year:2014..2019)",
                             column);
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
                parts.push_back(boolean_term(with_prefix(schema::type, s)));
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
        return boolean_term(with_prefix(schema::session, std::to_string(n)));
    }
    // original: / lang:
    return boolean_term(with_prefix(schema::original_language, analysis::fold(value)));
}

} // namespace ctoc::search
