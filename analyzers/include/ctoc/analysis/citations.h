#pragma once

#include <ctoc/analysis/analyzer.h>

#include <string>
#include <string_view>
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
    std::size_t last = 0;   ///< index of its last token: the year of "2331 (2016)"
};

/// Finds the resolutions and decisions cited in a token stream: "résolution 5/3",
/// lists ("décisions 3/3, 3/4 et 3/5"), the issuing body when stated ("résolution 55/25 de
/// l'Assemblée générale"), and resolution symbols ("A/RES/55/25").
///
/// Given the text the tokens were made from, it also reads Security Council resolutions,
/// numbered without a slash: "résolution 2331 (2016)" (a year in parentheses) and
/// "résolution 1325 du Conseil de sécurité" (a bare number, only when that body is named).
std::vector<Citation> find_citations(const std::vector<Token>& tokens, std::string_view text = {});

} // namespace ctoc::analysis
