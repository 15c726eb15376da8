#pragma once

#include <string_view>

namespace ctoc::analysis {

/// Whether a case- and accent-folded word is a French stop word (Snowball's French list,
/// plus "cet", "cette", "dont", "leurs"). Stop words are indexed for phrases but carry no
/// stemmed term, and are dropped from free-text queries, as Xapian's stopper does.
bool is_stopword(std::string_view folded_word);

} // namespace ctoc::analysis
