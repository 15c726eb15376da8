// What reading a UN document's header takes, shared by the files of corpus/src/header/:
// header_lines.cpp (the lines and the facts of one line), session_dates.cpp (dates, ordinals,
// sessions, the meeting's place), working_group.cpp, type_title.cpp and
// metadata_extractor.cpp (which puts them together). Not a public header.
//
// Unicode, folding, markup, symbols, ordinals and the calendar are the analysis library's and
// corpus/date.h's; what is here is the grammar of a UN header only.
#pragma once

#include <ctoc/corpus/metadata.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ctoc::corpus::header {

// Header facts live at the top of a document: never look further than this.
inline constexpr std::size_t header_bytes = 6000;
inline constexpr std::size_t max_header_lines = 80;
// The header block proper (symbol, organ, Distr., session, place, agenda item) sits in
// the first non-empty lines; a look further down would catch tables and lists.
inline constexpr std::size_t header_block_lines = 20;

/// One line of the header.
struct Line {
    std::string text;   ///< markup removed, spaces collapsed to single ASCII spaces
    std::string folded; ///< fold_line(text)
};

// --- header_lines.cpp: text helpers, the lines, the facts one line holds

/// Markup removed (analysis::clean_markup) and every run of spaces as one ASCII space, trimmed.
std::string clean_line(std::string_view raw);
/// Case- and accent-folded (analysis::fold) with typographic punctuation as ASCII
/// (analysis::plain_punctuation): "Groupe de travail sur l’assistance" -> "...l'assistance".
std::string fold_line(std::string_view text);
/// Words and marks of folded text: runs of letters and digits, and each other character alone
/// ("15-19 octobre" -> "15" "-" "19" "octobre"). The header's grammar reads the punctuation
/// that the analyzer's tokens leave out, hence a splitter of its own.
std::vector<std::string> words_and_marks(std::string_view folded);

bool is_ascii_digit(char c);
bool is_ascii_alnum(char c);
bool all_digits(std::string_view s);
/// The value of ASCII digits, saturating just above 100,000.
int to_int(std::string_view digits);
std::string_view trim(std::string_view s);
/// Trimmed, without trailing footnote markers and punctuation ("Note du Secrétariat*." -> "...at").
std::string_view trim_trailing_marks(std::string_view s);
bool word_boundary_before(std::string_view s, std::size_t pos);
bool word_boundary_after(std::string_view s, std::size_t pos);
/// Whether t[i..] holds only sentence punctuation.
bool only_trailing_punctuation(const std::vector<std::string>& t, std::size_t i);
/// Whether text starts with an upper-case letter (analysis::is_upper).
bool starts_with_upper(std::string_view s);

/// The lines of the head of text (all_lines: every line up to header_bytes) and the header:
/// those before the first line that starts the body.
std::vector<Line> header_lines(std::string_view text, std::vector<Line>& all_lines);
/// A header line that is the document's symbol: upper case, as UN headers print it
/// ("CTOC/COP/WG.7/2019/2", "IDB.43/1", "A/70/6 (Sect. 16)"), by the analyzer's symbol test.
bool is_symbol_line(std::string_view s);
/// The document's own symbol: the first non-empty line, or what follows the UN's masthead.
std::string own_symbol(const std::vector<Line>& lines);
/// A line that names only a language ("Français").
bool is_language_line(std::string_view folded);
/// "Original : anglais", "Original: anglais et français" -> "anglais", "anglais et français".
std::string parse_original_language(std::string_view folded);
/// "Distr. générale" -> "générale"; sets rest to what follows the distribution word.
std::string parse_distribution(std::string_view folded, std::string_view& rest);
/// "Point 2 c) de l'ordre du jour provisoire" -> "2 c)".
std::string parse_agenda_item(std::string_view folded);

// --- session_dates.cpp

struct DateRange {
    std::string start; ///< ISO 8601
    std::string end;
};
/// "15-19 octobre 2018", "30 novembre-4 decembre 2020", "14 et 15 octobre 2021",
/// "du 11 au 13 septembre 2017", "28 decembre 2020-2 janvier 2021", "9 septembre 2019".
std::optional<DateRange> parse_date_range(const std::vector<std::string>& t);
/// 1 to 12 for a folded French month name, else 0.
int month_number(std::string_view word);
/// True when text reads as a French date whose day does not exist ("31 juin 2018").
bool impossible_french_date(std::string_view text);

struct Session {
    int number = 0;
    std::string kind; ///< "session" or "réunion"
};
/// A heading line that is exactly "<ordinal> session" or "<ordinal> réunion".
std::optional<Session> parse_session_heading(std::string_view folded);
/// "La neuvième réunion du Groupe de travail ... s'ouvrira|se tiendra ..." in an agenda.
std::optional<Session> find_opening_sentence(const std::vector<Line>& lines);

struct Meeting {
    std::string place;
    std::string dates; ///< as written
    std::string start; ///< ISO 8601, "" when unreadable
    std::string end;
};
/// "Vienne, 15-19 octobre 2018" -> place and meeting dates.
std::optional<Meeting> parse_place_line(const Line& line);

// --- working_group.cpp

/// A working group of the Conference; only those whose CTOC/COP/WG.n number is confirmed.
struct WorkingGroup;
/// Its id, "WG.7".
std::string_view id_of(const WorkingGroup& wg);
/// Matches "groupe de travail [qualifiers] sur <name>" at folded[pos]; returns the group
/// and sets end past the name.
const WorkingGroup* match_working_group_name(std::string_view folded, std::size_t pos,
                                             std::size_t& end);
/// First "Groupe de travail sur <known name>" mentioned in folded text.
const WorkingGroup* first_working_group_mention(std::string_view folded);

// --- type_title.cpp

/// What a block of the header is, once read.
enum class BlockKind { other, conference, distribution, session, place, agenda_point, group };

/// A run of consecutive non-empty header lines.
struct Block {
    std::size_t first = 0; ///< index of its first line in the header
    std::size_t last = 0;  ///< index of its last line
    BlockKind kind = BlockKind::other;
};

/// The header as read so far: its lines, its blocks and what they said.
struct HeaderReading {
    std::vector<Line> all_lines; ///< every line of the head of the text
    std::vector<Line> lines;     ///< the header's lines
    std::vector<Block> blocks;
    std::size_t agenda_block = 0; ///< the block after the agenda item's; blocks.size() if none
    bool has_distribution = false;
    bool ctoc_header = false; ///< the header names the Conference of the Parties to UNTOC
    std::optional<Session> session;
    const WorkingGroup* heading_group = nullptr; ///< a group named by a heading line alone
};

/// The type slug of a folded heading ("note du secretariat" -> "note-du-secretariat"); "".
std::string type_of_heading(std::string_view folded);
/// Sets facts.type and facts.title from the header's blocks.
void read_type_and_title(const HeaderReading& header, HeaderFacts& facts);

} // namespace ctoc::corpus::header
