#pragma once
// UN document symbols: recognised, made canonical for matching, shown as the UN writes them.
//
// The rules are the UN's own ("United Nations Documentation: Research Guide", Document
// Symbols): a first component naming the organ or body (A/, S/, E/, ST/, CTOC/COP/, UNEP/,
// and bodies numbered by session such as IDB.43/ or PBC.31/), further components separated by
// slashes (RES/, WG.7/, CONF.224/, L.1), final components Add., Corr., Rev., Amend., and
// parts in parentheses: the year of a Security Council resolution ("S/RES/2214 (2015)"), the
// session of an old resolution ("A/RES/1514 (XV)"), a part, section or volume of a long
// document ("A/69/308 (Part II)", "A/70/6 (Sect. 16)"), a session inside a component
// ("A/CONF.224/PC(III)/1", "ICCD/CRIC(13)/4").
//
// The UN Parallel Corpus spells the same symbols without spaces or parentheses: in each
// component, the first space, parenthesis or dot became '.' and the others '_'
// ("A/70/6._SECT__16_", "S/RES/2214._2015_", "A/CONF.224/PC.III_/1", "UNEP/OZL.PRO_WG_1/35/1").
// Both spellings have one canonical form.

#include <cstddef>
#include <string>
#include <string_view>

namespace ctoc::analysis {

/// Length of the UN symbol that text starts with, in either spelling and with its parts in
/// parentheses ("A/70/6 (Sect. 16)/Corr.1 ..." -> 24); sentence punctuation after it is not
/// part of it ("CTOC/COP/2014/1." -> 15). 0 when text does not start with a symbol.
std::size_t symbol_length(std::string_view text);

/// Whether the whole text is one UN symbol, in either spelling, with trailing sentence
/// punctuation allowed ("IDB.43/1", "s/res/2214 (2015)", "A/70/6._SECT__16_", "CTOC/COP/2014/1.").
bool looks_like_symbol(std::string_view text);

/// Canonical form of a UN symbol, the one used for matching: upper case, the Parallel Corpus
/// spelling read back, one space before a part in parentheses that follows a number, "WG7"
/// as "WG.7", trailing sentence punctuation removed ("a/70/6._sect__16_" and "A/70/6(Sect.16)"
/// -> "A/70/6 (SECT. 16)"; "ctoc/cop/2014/1." -> "CTOC/COP/2014/1"). Text that is not a
/// whole symbol (a family "CTOC/COP/WG.7/*") gets the same treatment, component by component.
std::string canonical_symbol(std::string_view symbol);

/// How the UN writes a symbol, for display: upper case except the Add., Corr., Rev., Amend.
/// and Sub. components, the words of parts in parentheses and OzL.Pro ("A/69/291/ADD.2" ->
/// "A/69/291/Add.2", "A/70/6._SECT__16_" -> "A/70/6 (Sect. 16)"). Matching always uses the
/// canonical form.
std::string display_symbol(std::string_view symbol);

/// Base symbol of a document family: "A/69/291/Add.2" -> "A/69/291"; unchanged if none.
std::string family_of_symbol(std::string_view canonical);

/// A Security Council resolution without its year: "S/RES/2214 (2015)" -> "S/RES/2214", the
/// same resolution as researchers often write it; any other symbol unchanged.
std::string undated_symbol(std::string_view canonical);

} // namespace ctoc::analysis
