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
    std::string
        number; ///< "5/3", "2178" (Security Council), "1514 (XV)" (a session in roman numerals)
    std::string body;      ///< "AG", "ECOSOC", "CS", "COP", "CCPCJ" when known; "" otherwise
    std::size_t token = 0; ///< index of the number's token
    std::size_t last = 0;  ///< index of its last token: the year of "2331 (2016)", a range's end
    std::size_t list = 0;  ///< index of the citing word ("résolutions"): one list, one value
    bool in_range =
        false; ///< one of the numbers between the ends of a range ("résolutions 2170 à 2178")
    bool bare =
        false; ///< a number alone, without year, session, date or body: "la résolution 1540"
};

/// Numbers after "résolution(s)" or "décision(s)" that are not taken as citations, and why.
struct RejectedNumber {
    CitationKind kind;
    std::string number;
    std::string reason;    ///< a short phrase: "one or two digits with neither body nor date"
    std::size_t token = 0; ///< index of the number's token
};

/// Finds the resolutions and decisions cited in a token stream and the text it was made
/// from: "résolution 5/3"; lists whose items are separated by commas, "et", "ou" or "ainsi
/// que", each optionally followed by a year or a session in parentheses ("2178 (2014)",
/// "1514 (XV)"), a date ("du 15 octobre 1999", "en date du 3 mars 2015") and the body that
/// adopted it ("de l'Assemblée générale", "du Conseil de sécurité"); a body named once after
/// a list applies to the items before it that name none. Ranges ("résolutions 2170 à 2178")
/// cite every number in them when there are at most 50 (and, for numbers with a slash, within
/// one session: "5/1 à 5/8"); otherwise only their two ends. Resolution symbols cite their
/// number ("A/RES/55/25", "S/RES/2331 (2016)").
///
/// A year in parentheses is never the number. Numbers without a slash are Security Council
/// resolutions when a year follows; a bare number of three or four digits is a citation ("la
/// résolution 1540"); one of one or two digits only when a body or a date follows, or "no"
/// precedes it ("Résolution 3" alone is a heading). When rejected is given, the numbers seen
/// after a citing word but not taken are added to it with the reason.
std::vector<Citation> find_citations(const std::vector<Token>& tokens, std::string_view text = {},
                                     std::vector<RejectedNumber>* rejected = nullptr);

/// The resolution number that a document's own symbol carries ("S/RES/2203 (2015)" -> "2203",
/// "A/RES/70/1" -> "70/1"): its heading ("Résolution 2203 (2015)") is not a citation. "" if none.
std::string own_resolution_number(std::string_view canonical_symbol);

/// Whether a folded term names what citations cite: "resolution(s)", "decision(s)".
bool is_citing_word(std::string_view term);

} // namespace ctoc::analysis
