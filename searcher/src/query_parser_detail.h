// What the query parser's files share: limits, and the small query builders each part uses.
// The parser is one class over several files, one job each: query_lexer.cpp (the query text into
// lexemes), query_parser.cpp (the grammar), query_text.cpp (free text: citations, names of one
// thing, symbols), query_words.cpp (a word's forms, phrases, wildcards), query_fields.cpp (the
// table of fields and each field's query), citation_target.cpp (--cited-by's argument).
#pragma once

#include <ctoc/analysis/analyzer.h>

#include <xapian.h>

#include <string>
#include <string_view>
#include <vector>

namespace ctoc::search::detail {

/// Deepest nesting of parentheses a query may have.
inline constexpr int max_depth = 100;
/// Most terms a wildcard or a family of symbols expands to.
inline constexpr Xapian::termcount max_expansion = 500;
/// How much more a document's own symbol weighs than a citation of it.
inline constexpr double own_symbol_boost = 10.0;
/// Words typed together count as standing together within this many positions (in the order
/// typed); chosen on the peer relevance bench (known items: 50 beat 12, 20, 30 and 80).
inline constexpr Xapian::termcount proximity_window = 50;

std::string with_prefix(std::string_view prefix, std::string_view value);
/// A filter that no document passes. Xapian 1.4's Query::MatchNothing is the empty query, which
/// a conjunction drops (`traite year:2030` would be `traite`); a year term no document can hold
/// (years are four digits) survives combination and costs one failed lookup.
Xapian::Query no_document();
/// q as a filter: its documents, weighing nothing.
Xapian::Query filter(Xapian::Query q);
/// parts joined by op; one part alone; the empty query for none.
Xapian::Query combine(Xapian::Query::op op, const std::vector<Xapian::Query>& parts);
bool is_digits(const std::string& s);
/// The typographic spaces and quotes a query may be pasted with, as plain ones.
std::string normalise_query(const std::string& q);
/// "9", "2018" as a whole number within bounds; -1 if not.
long small_number(const std::string& s);
/// 8 for ("cop8", "cop"): a name and a number of one or two digits; -1 if not.
long numbered_name(std::string_view term, std::string_view name);
/// "wg 7" and "cop 8", typed with a space, as the one token "wg7", "cop8" that "WG7" and "COP8"
/// are (the working group, the Conference's session).
void join_numbered_names(std::vector<analysis::Token>& tokens);

/// A field of the query language, and whether it only filters (its documents pass or not) or
/// also ranks (a citation counts as often as the text cites it).
struct FieldSpec {
    std::string_view name;
    bool filter;
};
/// The field of that name, or nullptr.
const FieldSpec* find_field(std::string_view name);
/// The field a researcher means by a name typed in a query: its own name or its French one
/// (année, groupe, symbole, cote, cite, langue), in any case, accents optional; or nullptr.
const FieldSpec* find_typed_field(std::string_view typed);
/// "symbol: cites: ..." for messages.
std::string field_list();

} // namespace ctoc::search::detail
