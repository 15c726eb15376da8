#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ctoc::corpus {

/// Facts read from a document's own header and title block; an unreadable fact stays empty.
struct HeaderFacts {
    std::string date; ///< ISO 8601 "2018-07-20"; "" when absent
    /// The header's date as written when it names a day that does not exist ("31 juin 2018");
    /// date is then "".
    std::string unreadable_date;
    std::string distribution;      ///< "générale", "restreinte", "limitée"; "" when absent
    std::string original_language; ///< "anglais", "français", "espagnol"...; "" when absent
    std::string working_group;  ///< "WG.4", "WG.7"...; "" when the document is the Conference's own
                                ///< or unknown
    std::string body;           ///< "COP" (the Conference itself) or "WG.n"; "" when unknown
    std::optional<int> session; ///< "Neuvième session" -> 9, "huitième réunion" -> 8
    std::string session_kind;   ///< "session" or "réunion"; "" when absent
    std::string place;          ///< "Vienne"
    std::string meeting_dates;  ///< the meeting date text as written: "15-19 octobre 2018", "14 et
                                ///< 15 octobre 2021"
    std::string
        meeting_start; ///< ISO date of the meeting's first day, "2018-10-15"; "" if unreadable
    std::string meeting_end; ///< ISO date of the meeting's last day, "2018-10-19"
    std::string type;        ///< a stable slug, see document_type_slugs()
    std::string agenda_item; ///< "2 c)" from "Point 2 c) de l'ordre du jour provisoire"
    std::string
        title; ///< the document's title (the subject heading, one line, whitespace collapsed)
    std::string symbol; ///< the document's own symbol when the header starts with one, e.g.
                        ///< "CTOC/COP/WG.7/2017/5"
};

/// Reads the header facts of a cleaned document text (raw markdown-ish text is tolerated too).
HeaderFacts extract_header_facts(std::string_view text);

/// Maps a working group number, symbol part or French name words to "WG.n": "7", "WG.7", "wg.7",
/// "migrants", "trafic illicite de migrants" -> "WG.7"; "" when unknown.
std::string resolve_working_group(std::string_view query);

/// French display name of a working group ("WG.7" -> "Groupe de travail sur le trafic illicite de
/// migrants"); "" when unknown.
std::string working_group_name(std::string_view wg);

/// Every working group the extractor knows, as "WG.n", in number order.
std::vector<std::string> known_working_groups();

/// Working group of a UN symbol: "CTOC/COP/WG.7/2017/5" -> "WG.7"; "" when none.
std::string working_group_of_symbol(std::string_view symbol);

/// Parses a French date "20 juillet 2018", "1er juillet 2016", "1 er juillet 2016"
/// (case-insensitive, accents optional) into ISO "2018-07-20"; "" if not a date.
std::string parse_french_date(std::string_view text);

/// Every value HeaderFacts::type can take besides "", e.g. "note-du-secretariat".
std::vector<std::string> document_type_slugs();

} // namespace ctoc::corpus
