// Dates, sessions and the meeting's place in a UN header: "20 juillet 2018", "Neuvième session",
// "Vienne, 15-19 octobre 2018". Ordinals are the analyzer's (analysis::ordinal_term), the
// calendar is corpus::make_date; this file reads how a header writes them.
#include "header_reader.h"

#include <ctoc/analysis/analyzer.h>
#include <ctoc/analysis/unicode.h>
#include <ctoc/corpus/date.h>

#include <algorithm>
#include <array>

namespace ctoc::corpus::header {

namespace {

// The calendar (corpus::make_date) within the years UN documents carry.
std::optional<Date> header_date(int y, int m, int d) {
    if (y < 1900 || y > 2100)
        return std::nullopt;
    return make_date(y, m, d);
}

// A day: "20", "1er", "1re", or "1" followed by a separate "er" token.
int parse_day(const std::vector<std::string>& t, std::size_t& i) {
    if (i >= t.size())
        return 0;
    const std::string_view tok = t[i];
    std::size_t digits = 0;
    while (digits < tok.size() && is_ascii_digit(tok[digits]))
        ++digits;
    if (digits == 0 || digits > 2)
        return 0;
    const std::string_view suffix = tok.substr(digits);
    const int day = to_int(tok.substr(0, digits));
    const auto first_suffix = [](std::string_view s) {
        return s == "er" || s == "re" || s == "ere";
    };
    if (!suffix.empty()) {
        if (day != 1 || !first_suffix(suffix))
            return 0;
        ++i;
        return day;
    }
    ++i;
    if (day == 1 && i < t.size() && first_suffix(t[i]))
        ++i;
    return (day >= 1 && day <= 31) ? day : 0;
}

int parse_year(const std::vector<std::string>& t, std::size_t& i) {
    if (i < t.size() && t[i].size() == 4 && all_digits(t[i])) {
        const int y = to_int(t[i]);
        if (y >= 1900 && y <= 2100) {
            ++i;
            return y;
        }
    }
    return 0;
}

int parse_month(const std::vector<std::string>& t, std::size_t& i) {
    if (i < t.size()) {
        if (const int m = month_number(t[i]); m != 0) {
            ++i;
            return m;
        }
    }
    return 0;
}

/// A single day "d month year" filling the whole of t; nullopt if t is not one.
struct DayRead {
    int day = 0, month = 0, year = 0;
    bool whole = false; ///< nothing but sentence punctuation follows
};

DayRead read_day(const std::vector<std::string>& t) {
    std::size_t i = 0;
    DayRead r;
    r.day = parse_day(t, i);
    r.month = r.day != 0 ? parse_month(t, i) : 0;
    r.year = r.month != 0 ? parse_year(t, i) : 0;
    r.whole = r.year != 0 && only_trailing_punctuation(t, i);
    return r;
}

/// The value of an ordinal, by the analyzer's rule (analysis::ordinal_term), from a number
/// ("9e", "9 e") or number words ("neuvieme", "vingt et unieme", "vingt-et-unieme"), joined as
/// the analyzer joins a hyphenated number; on success i points past it.
std::optional<int> parse_ordinal(const std::vector<std::string>& t, std::size_t& i) {
    if (i >= t.size())
        return std::nullopt;
    std::string joined;
    std::size_t j = i;
    if (all_digits(t[j])) {
        // A superscript written apart: "9 e".
        joined = t[j++];
        if (j < t.size())
            joined += t[j++];
    } else {
        while (j < t.size() && j - i < 16 && analysis::ordinal_term(joined).empty()) {
            if (!joined.empty() && !analysis::is_number_word(t[j - 1]))
                return std::nullopt;
            if (!joined.empty() && t[j] == "-" && j + 1 < t.size())
                ++j;
            joined += t[j++];
        }
    }
    const std::string term = analysis::ordinal_term(joined);
    if (term.empty())
        return std::nullopt;
    i = j;
    return to_int(std::string_view(term).substr(0, term.size() - 1));
}

} // namespace

int month_number(std::string_view word) {
    static constexpr std::array<std::string_view, 12> months = {
        "janvier", "fevrier", "mars",      "avril",   "mai",      "juin",
        "juillet", "aout",    "septembre", "octobre", "novembre", "decembre"};
    for (std::size_t k = 0; k < months.size(); ++k) {
        if (word == months[k])
            return static_cast<int>(k) + 1;
    }
    return 0;
}

std::optional<DateRange> parse_date_range(const std::vector<std::string>& t) {
    std::size_t i = 0;
    if (i < t.size() && (t[i] == "du" || t[i] == "les"))
        ++i;
    const int d1 = parse_day(t, i);
    if (d1 == 0)
        return std::nullopt;
    int m1 = parse_month(t, i);
    int y1 = m1 != 0 ? parse_year(t, i) : 0;
    if (m1 != 0 && y1 != 0 && only_trailing_punctuation(t, i)) {
        const auto day = header_date(y1, m1, d1);
        if (!day)
            return std::nullopt;
        return DateRange{day->iso(), day->iso()};
    }
    if (i >= t.size() || (t[i] != "-" && t[i] != "au" && t[i] != "et" && t[i] != "a"))
        return std::nullopt;
    ++i;
    const int d2 = parse_day(t, i);
    const int m2 = parse_month(t, i);
    const int y2 = parse_year(t, i);
    if (d2 == 0 || m2 == 0 || y2 == 0 || !only_trailing_punctuation(t, i))
        return std::nullopt;
    if (m1 == 0)
        m1 = m2;
    if (y1 == 0)
        y1 = (m1 > m2) ? y2 - 1 : y2;
    const auto first = header_date(y1, m1, d1);
    const auto last = header_date(y2, m2, d2);
    if (!first || !last || first->ymd > last->ymd)
        return std::nullopt;
    return DateRange{first->iso(), last->iso()};
}

bool impossible_french_date(std::string_view text) {
    if (text.size() > 200)
        return false;
    const DayRead r = read_day(words_and_marks(fold_line(clean_line(text))));
    return r.whole && !header_date(r.year, r.month, r.day);
}

std::optional<Session> parse_session_heading(std::string_view folded) {
    const auto t = words_and_marks(folded);
    std::size_t i = 0;
    const auto n = parse_ordinal(t, i);
    if (!n || i >= t.size())
        return std::nullopt;
    Session s{*n, {}};
    if (t[i] == "session")
        s.kind = "session";
    else if (t[i] == "reunion")
        s.kind = "réunion";
    else
        return std::nullopt;
    if (!only_trailing_punctuation(t, i + 1))
        return std::nullopt;
    return s;
}

std::optional<Session> find_opening_sentence(const std::vector<Line>& lines) {
    static const std::vector<std::string> group = {"reunion", "du", "groupe", "de", "travail"};
    for (const auto& line : lines) {
        if (line.folded.find("reunion du groupe de travail") == std::string::npos)
            continue;
        const auto t = words_and_marks(line.folded);
        for (std::size_t k = 0; k < t.size(); ++k) {
            if (t[k] != "la" || !(k == 0 || t[k - 1] == "."))
                continue;
            std::size_t i = k + 1;
            const auto n = parse_ordinal(t, i);
            if (!n || i + 4 >= t.size() || !std::equal(group.begin(), group.end(), t.begin() + i))
                continue;
            for (std::size_t j = i + 5; j < t.size() && t[j] != "."; ++j) {
                if (t[j] == "ouvrira" || t[j] == "tiendra")
                    return Session{*n, "réunion"};
            }
        }
    }
    return std::nullopt;
}

namespace {

// "Vienne", "New York", "Sendai (Japon)", "Charm el-Cheikh (Égypte)", "Rio de Janeiro":
// capitalised words and a few particles, nothing else.
bool is_place_word(std::string_view word) {
    for (const char c : word) {
        if (is_ascii_digit(c) || c == ':' || c == '/' || c == ';' || c == '"')
            return false;
    }
    if (word.front() == '(')
        word.remove_prefix(1);
    const std::string folded = fold_line(word);
    for (const std::string_view particle :
         {"de", "du", "des", "la", "le", "les", "el", "al", "es"}) {
        if (folded == particle)
            return true;
    }
    if (folded.starts_with("el-") || folded.starts_with("al-") || folded.starts_with("es-")) {
        word.remove_prefix(3);
    } else if (folded.starts_with("d'") || folded.starts_with("l'")) {
        // Past the apostrophe, whichever analysis::is_apostrophe it is.
        std::size_t i = 1;
        analysis::next_code_point(word, i);
        word.remove_prefix(i);
    }
    return starts_with_upper(word);
}

bool is_place_name(std::string_view place) {
    int words = 0;
    for (std::size_t pos = 0; pos < place.size();) {
        const std::size_t end = std::min(place.find(' ', pos), place.size());
        const std::string_view word = place.substr(pos, end - pos);
        pos = end + 1;
        if (word.empty())
            continue;
        if (++words > 5 || !is_place_word(word))
            return false;
    }
    return words > 0;
}

/// Dates that are not readable are kept as written only when they clearly are dates.
bool looks_like_dates(const std::vector<std::string>& t) {
    bool has_month = false;
    bool has_year = false;
    for (const auto& tok : t) {
        has_month = has_month || month_number(tok) != 0;
        has_year = has_year || (tok.size() == 4 && all_digits(tok));
    }
    return has_month && has_year && is_ascii_digit(t[0][0]);
}

} // namespace

std::optional<Meeting> parse_place_line(const Line& line) {
    const std::size_t comma = line.text.find(',');
    if (comma == std::string::npos || comma == 0 || comma > 60)
        return std::nullopt;
    const std::string_view place = trim(std::string_view(line.text).substr(0, comma));
    if (!starts_with_upper(place) || !is_place_name(place))
        return std::nullopt;
    const std::string_view dates =
        trim_trailing_marks(std::string_view(line.text).substr(comma + 1));
    if (dates.empty() || dates.size() > 80)
        return std::nullopt;
    const auto t = words_and_marks(fold_line(dates));
    if (t.empty() || t[0] == "le")
        return std::nullopt;
    Meeting m{std::string(place), std::string(dates), {}, {}};
    if (const auto range = parse_date_range(t)) {
        m.start = range->start;
        m.end = range->end;
        return m;
    }
    if (looks_like_dates(t))
        return m;
    return std::nullopt;
}

} // namespace ctoc::corpus::header

namespace ctoc::corpus {

std::string parse_french_date(std::string_view text) {
    if (text.size() > 200)
        return {};
    const header::DayRead r =
        header::read_day(header::words_and_marks(header::fold_line(header::clean_line(text))));
    const auto day = r.whole ? header::header_date(r.year, r.month, r.day) : std::nullopt;
    return day ? day->iso() : std::string();
}

} // namespace ctoc::corpus
