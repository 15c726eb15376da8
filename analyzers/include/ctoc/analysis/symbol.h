#pragma once
// UN document symbols: recognised, made canonical for matching, shown as the UN writes them.

#include <string>
#include <string_view>

namespace ctoc::analysis {

/// Canonical form of a UN symbol: upper case, trailing sentence punctuation removed
/// ("ctoc/cop/2014/1." -> "CTOC/COP/2014/1").
std::string canonical_symbol(std::string_view symbol);

/// How the UN writes a symbol, for display: upper case except the Add., Corr., Rev. and
/// Amend. parts ("A/69/291/ADD.2" -> "A/69/291/Add.2"). Matching always uses the
/// canonical form.
std::string display_symbol(std::string_view canonical);

/// Whether text (one chunk, no spaces) has the shape of a UN document symbol.
bool looks_like_symbol(std::string_view text);

/// Base symbol of a document family: "A/69/291/Add.2" -> "A/69/291"; unchanged if none.
std::string family_of_symbol(std::string_view canonical);

} // namespace ctoc::analysis
