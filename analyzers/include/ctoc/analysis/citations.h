#pragma once

#include <ctoc/analysis/analyzer.h>

#include <string>
#include <vector>

namespace ctoc::analysis {

/// What kind of text is cited by number.
enum class CitationKind { resolution, decision };

/// A resolution or decision cited in a text: "résolutions 5/3 et 6/1" gives two.
struct Citation {
    CitationKind kind;
    std::string number;     ///< "5/3"
    std::string body;       ///< "AG", "ECOSOC", "CS", "COP", "CCPCJ" when stated; "" otherwise
    std::size_t token = 0;  ///< index of the number's token
};

/// Finds the resolutions and decisions cited in a token stream: "résolution 5/3",
/// lists ("décisions 3/3, 3/4 et 3/5"), the issuing body when stated ("résolution 55/25 de
/// l'Assemblée générale"), and resolution symbols ("A/RES/55/25").
std::vector<Citation> find_citations(const std::vector<Token>& tokens);

} // namespace ctoc::analysis
