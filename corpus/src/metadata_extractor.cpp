#include <ctoc/corpus/metadata.h>
#include <ctoc/corpus/date.h>

#include <ctoc/analysis/symbol.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ctoc::corpus {

namespace {

// Header facts live at the top of a document: never look further than this.
constexpr std::size_t k_header_bytes = 6000;
constexpr std::size_t k_header_lines = 80;
// A line this long is a paragraph of the body, not a heading.
constexpr std::size_t k_max_heading_bytes = 400;
constexpr std::size_t k_max_sentence_heading_bytes = 150;
// The header block proper (symbol, organ, Distr., session, place, agenda item) sits in
// the first non-empty lines; a look further down would catch tables and lists.
constexpr std::size_t k_header_block_lines = 20;

// ---------------------------------------------------------------------------
// UTF-8 and folding

// Decodes one code point at s[i] and advances i; an invalid byte yields U+FFFD and
// advances by one, so junk input can never stall or overrun.
char32_t next_code_point(std::string_view s, std::size_t& i) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    if (b0 < 0x80) {
        ++i;
        return b0;
    }
    std::size_t len = 0;
    char32_t cp = 0;
    if ((b0 & 0xE0) == 0xC0) {
        len = 2;
        cp = b0 & 0x1F;
    } else if ((b0 & 0xF0) == 0xE0) {
        len = 3;
        cp = b0 & 0x0F;
    } else if ((b0 & 0xF8) == 0xF0) {
        len = 4;
        cp = b0 & 0x07;
    } else {
        ++i;
        return 0xFFFD;
    }
    if (i + len > s.size()) {
        ++i;
        return 0xFFFD;
    }
    for (std::size_t k = 1; k < len; ++k) {
        const auto b = static_cast<unsigned char>(s[i + k]);
        if ((b & 0xC0) != 0x80) {
            ++i;
            return 0xFFFD;
        }
        cp = (cp << 6) | (b & 0x3F);
    }
    i += len;
    return cp;
}

void append_utf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

bool is_space_code_point(char32_t cp) {
    return cp == ' ' || cp == '\t' || cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200B) ||
           cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

// Maps one code point to its folded form: lower-case ASCII, French accents stripped,
// typographic apostrophes, dashes, quotes and spaces reduced to their ASCII forms.
void append_folded(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        if (cp >= 'A' && cp <= 'Z') {
            cp += 'a' - 'A';
        } else if (cp == '\t') {
            cp = ' ';
        }
        out += static_cast<char>(cp);
        return;
    }
    if (is_space_code_point(cp)) {
        out += ' ';
        return;
    }
    if (cp >= 0xC0 && cp <= 0xFF && cp != 0xD7 && cp != 0xF7) {
        static constexpr std::string_view latin1 =
            // C0..DF
            "aaaaaa?ceeeeiiiidnooooo?ouuuuyts"
            // E0..FF
            "aaaaaa?ceeeeiiiidnooooo?ouuuuyty";
        const char c = latin1[cp - 0xC0];
        if (cp == 0xC6 || cp == 0xE6) {
            out += "ae";
        } else if (cp == 0xDF) {
            out += "ss";
        } else {
            out += c;
        }
        return;
    }
    switch (cp) {
    case 0x152:
    case 0x153:
        out += "oe";
        return;
    case 0x178:
        out += 'y';
        return;
    case 0x2018:
    case 0x2019:
    case 0x02BC:
    case 0x2032:
        out += '\'';
        return;
    case 0x2010:
    case 0x2011:
    case 0x2012:
    case 0x2013:
    case 0x2014:
    case 0x2015:
    case 0x2212:
        out += '-';
        return;
    case 0xAB:
    case 0xBB:
    case 0x201C:
    case 0x201D:
        out += '"';
        return;
    default:
        break;
    }
    if (cp == 0xFFFD) {
        out += '?';
        return;
    }
    append_utf8(out, cp);
}

std::string fold(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    std::size_t i = 0;
    while (i < s.size()) {
        append_folded(out, next_code_point(s, i));
    }
    return out;
}

bool is_ascii_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_ascii_alnum(char c) {
    return is_ascii_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool starts_with(std::string_view s, std::string_view prefix) {
    return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
        s.remove_suffix(1);
    }
    return s;
}

// Drops trailing footnote markers and punctuation that never belong to a heading's value.
std::string_view trim_trailing_marks(std::string_view s) {
    s = trim(s);
    while (!s.empty() && (s.back() == '*' || s.back() == '.' || s.back() == ',' ||
                          s.back() == ';' || s.back() == ':' || s.back() == ' ')) {
        s.remove_suffix(1);
    }
    return s;
}

// ---------------------------------------------------------------------------
// Markup clean-up of one line (tolerates raw markdown as well as cleaned text)

std::string clean_line(std::string_view raw) {
    std::string out;
    out.reserve(raw.size());
    std::size_t i = 0;
    // Leading markdown heading markers and blockquote marks.
    while (i < raw.size() && (raw[i] == '#' || raw[i] == ' ' || raw[i] == '\t' || raw[i] == '>')) {
        ++i;
    }
    while (i < raw.size()) {
        const char c = raw[i];
        if (c == '\r' || c == '*') {
            ++i;
            continue;
        }
        if (c == '_' && i + 1 < raw.size() && raw[i + 1] == '_') {
            i += 2; // __bold__
            continue;
        }
        if (c == '\\' && i + 1 < raw.size() &&
            std::string_view("*_#[]()`\\^{}").find(raw[i + 1]) != std::string_view::npos) {
            if (raw[i + 1] == '*') {
                i += 2; // an escaped asterisk is a footnote marker: drop it
            } else {
                out += raw[i + 1];
                i += 2;
            }
            continue;
        }
        if (c == '^') {
            // "1^{er}" -> "1er"; a bare caret is dropped.
            ++i;
            if (i < raw.size() && raw[i] == '{') {
                const std::size_t close = raw.find('}', i);
                if (close != std::string_view::npos && close - i <= 8) {
                    out.append(raw.substr(i + 1, close - i - 1));
                    i = close + 1;
                }
            }
            continue;
        }
        if (c == '<') {
            // HTML tags: <sup>..</sup> carries a footnote number that is dropped with its content.
            const std::size_t close = raw.find('>', i);
            if (close != std::string_view::npos && close - i <= 40 && i + 1 < raw.size() &&
                (raw[i + 1] == '/' || (raw[i + 1] >= 'a' && raw[i + 1] <= 'z') ||
                 (raw[i + 1] >= 'A' && raw[i + 1] <= 'Z'))) {
                const std::string tag = fold(raw.substr(i, close - i + 1));
                i = close + 1;
                if (starts_with(tag, "<sup")) {
                    const std::size_t sup_end = raw.find("</sup>", i);
                    if (sup_end != std::string_view::npos && sup_end - i <= 200) {
                        i = sup_end + 6;
                    }
                }
                continue;
            }
        }
        if (c == '[') {
            // [text](target) -> text
            const std::size_t close = raw.find(']', i);
            if (close != std::string_view::npos && close - i <= 300 && close + 1 < raw.size() &&
                raw[close + 1] == '(') {
                const std::size_t paren = raw.find(')', close + 1);
                if (paren != std::string_view::npos && paren - close <= 500) {
                    out.append(raw.substr(i + 1, close - i - 1));
                    i = paren + 1;
                    continue;
                }
            }
        }
        out += c;
        ++i;
    }
    // Collapse all kinds of spaces into single ASCII spaces.
    std::string collapsed;
    collapsed.reserve(out.size());
    std::size_t j = 0;
    bool pending_space = false;
    while (j < out.size()) {
        const std::size_t start = j;
        const char32_t cp = next_code_point(out, j);
        if (is_space_code_point(cp) || cp == '\n' || cp == '\f' || cp == '\v') {
            pending_space = true;
            continue;
        }
        if (pending_space && !collapsed.empty()) {
            collapsed += ' ';
        }
        pending_space = false;
        if (cp == 0xFFFD) {
            collapsed += '?';
        } else {
            collapsed.append(out, start, j - start);
        }
    }
    return collapsed;
}

// ---------------------------------------------------------------------------
// Tokens of folded text: runs of letters/digits, or single punctuation characters.

std::vector<std::string> tokenize(std::string_view folded) {
    std::vector<std::string> tokens;
    std::size_t i = 0;
    while (i < folded.size()) {
        const char c = folded[i];
        if (c == ' ' || c == '\t' || c == '\r') {
            ++i;
            continue;
        }
        const auto uc = static_cast<unsigned char>(c);
        if (is_ascii_alnum(c) || uc >= 0x80) {
            std::size_t j = i;
            while (j < folded.size() &&
                   (is_ascii_alnum(folded[j]) || static_cast<unsigned char>(folded[j]) >= 0x80)) {
                ++j;
            }
            tokens.emplace_back(folded.substr(i, j - i));
            i = j;
            continue;
        }
        tokens.emplace_back(1, c);
        ++i;
    }
    return tokens;
}

bool all_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), is_ascii_digit);
}

int to_int(std::string_view s) {
    int v = 0;
    for (const char c : s) {
        v = v * 10 + (c - '0');
        if (v > 100000) {
            return v;
        }
    }
    return v;
}

bool is_trailing_punctuation(std::string_view tok) {
    return tok == "." || tok == "," || tok == ";" || tok == "*" || tok == ":";
}

// ---------------------------------------------------------------------------
// Dates

int month_number(std::string_view tok) {
    static constexpr std::array<std::string_view, 12> months = {
        "janvier", "fevrier", "mars",      "avril",   "mai",      "juin",
        "juillet", "aout",    "septembre", "octobre", "novembre", "decembre"};
    for (std::size_t k = 0; k < months.size(); ++k) {
        if (tok == months[k]) {
            return static_cast<int>(k) + 1;
        }
    }
    return 0;
}

// The project's one calendar rule (corpus::make_date), within the years UN documents carry.
bool valid_date(int y, int m, int d) {
    return y >= 1900 && y <= 2100 && make_date(y, m, d).has_value();
}

std::string iso_date(int y, int m, int d) {
    std::string out(10, '0');
    out[0] = static_cast<char>('0' + y / 1000);
    out[1] = static_cast<char>('0' + (y / 100) % 10);
    out[2] = static_cast<char>('0' + (y / 10) % 10);
    out[3] = static_cast<char>('0' + y % 10);
    out[4] = '-';
    out[5] = static_cast<char>('0' + m / 10);
    out[6] = static_cast<char>('0' + m % 10);
    out[7] = '-';
    out[8] = static_cast<char>('0' + d / 10);
    out[9] = static_cast<char>('0' + d % 10);
    return out;
}

// A day: "20", "1er", "1re", or "1" followed by a separate "er" token.
int parse_day(const std::vector<std::string>& t, std::size_t& i) {
    if (i >= t.size()) {
        return 0;
    }
    std::string_view tok = t[i];
    std::size_t digits = 0;
    while (digits < tok.size() && is_ascii_digit(tok[digits])) {
        ++digits;
    }
    if (digits == 0 || digits > 2) {
        return 0;
    }
    const std::string_view suffix = tok.substr(digits);
    const int day = to_int(tok.substr(0, digits));
    if (!suffix.empty()) {
        if (day != 1 || (suffix != "er" && suffix != "re" && suffix != "ere")) {
            return 0;
        }
        ++i;
        return day;
    }
    ++i;
    if (day == 1 && i < t.size() && (t[i] == "er" || t[i] == "re" || t[i] == "ere")) {
        ++i;
    }
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
        const int m = month_number(t[i]);
        if (m != 0) {
            ++i;
            return m;
        }
    }
    return 0;
}

bool only_trailing_punctuation(const std::vector<std::string>& t, std::size_t i) {
    for (; i < t.size(); ++i) {
        if (!is_trailing_punctuation(t[i])) {
            return false;
        }
    }
    return true;
}

struct DateRange {
    std::string start;
    std::string end;
};

// "15-19 octobre 2018", "30 novembre-4 decembre 2020", "14 et 15 octobre 2021",
// "du 11 au 13 septembre 2017", "28 decembre 2020-2 janvier 2021", "9 septembre 2019".
std::optional<DateRange> parse_date_range(const std::vector<std::string>& t) {
    std::size_t i = 0;
    if (i < t.size() && (t[i] == "du" || t[i] == "les")) {
        ++i;
    }
    const int d1 = parse_day(t, i);
    if (d1 == 0) {
        return std::nullopt;
    }
    int m1 = parse_month(t, i);
    int y1 = m1 != 0 ? parse_year(t, i) : 0;
    if (m1 != 0 && y1 != 0 && only_trailing_punctuation(t, i)) {
        if (!valid_date(y1, m1, d1)) {
            return std::nullopt;
        }
        const std::string iso = iso_date(y1, m1, d1);
        return DateRange{iso, iso};
    }
    if (i >= t.size() || (t[i] != "-" && t[i] != "au" && t[i] != "et" && t[i] != "a")) {
        return std::nullopt;
    }
    ++i;
    const int d2 = parse_day(t, i);
    const int m2 = parse_month(t, i);
    const int y2 = parse_year(t, i);
    if (d2 == 0 || m2 == 0 || y2 == 0 || !only_trailing_punctuation(t, i)) {
        return std::nullopt;
    }
    if (m1 == 0) {
        m1 = m2;
    }
    if (y1 == 0) {
        y1 = (m1 > m2) ? y2 - 1 : y2;
    }
    if (!valid_date(y1, m1, d1) || !valid_date(y2, m2, d2)) {
        return std::nullopt;
    }
    DateRange r{iso_date(y1, m1, d1), iso_date(y2, m2, d2)};
    if (r.start > r.end) {
        return std::nullopt;
    }
    return r;
}

// ---------------------------------------------------------------------------
// French ordinals: "neuvieme" -> 9, "vingt et unieme" -> 21, "9e" -> 9, "1re" -> 1

int cardinal_value(std::string_view w) {
    static constexpr std::array<std::pair<std::string_view, int>, 23> words = {{
        {"un", 1},         {"deux", 2},      {"trois", 3},   {"quatre", 4},    {"cinq", 5},
        {"six", 6},        {"sept", 7},      {"huit", 8},    {"neuf", 9},      {"dix", 10},
        {"onze", 11},      {"douze", 12},    {"treize", 13}, {"quatorze", 14}, {"quinze", 15},
        {"seize", 16},     {"vingt", 20},    {"vingts", 20}, {"trente", 30},   {"quarante", 40},
        {"cinquante", 50}, {"soixante", 60}, {"cent", 100},
    }};
    for (const auto& [word, value] : words) {
        if (w == word) {
            return value;
        }
    }
    return 0;
}

int ordinal_word_value(std::string_view w) {
    static constexpr std::array<std::pair<std::string_view, int>, 23> words = {{
        {"unieme", 1},       {"deuxieme", 2},     {"troisieme", 3},    {"quatrieme", 4},
        {"cinquieme", 5},    {"sixieme", 6},      {"septieme", 7},     {"huitieme", 8},
        {"neuvieme", 9},     {"dixieme", 10},     {"onzieme", 11},     {"douzieme", 12},
        {"treizieme", 13},   {"quatorzieme", 14}, {"quinzieme", 15},   {"seizieme", 16},
        {"vingtieme", 20},   {"trentieme", 30},   {"quarantieme", 40}, {"cinquantieme", 50},
        {"soixantieme", 60}, {"centieme", 100},   {"millieme", 1000},
    }};
    for (const auto& [word, value] : words) {
        if (w == word) {
            return value;
        }
    }
    return 0;
}

// Parses an ordinal starting at t[i]; on success i points past it.
std::optional<int> parse_ordinal(const std::vector<std::string>& t, std::size_t& i) {
    if (i >= t.size()) {
        return std::nullopt;
    }
    const std::string_view first = t[i];
    if (first == "premier" || first == "premiere") {
        ++i;
        return 1;
    }
    if (first == "second" || first == "seconde") {
        ++i;
        return 2;
    }
    // Numeric: "9e", "9eme", "9ieme", "1er", "1re", "1ere", or "9" + "e".
    std::size_t digits = 0;
    while (digits < first.size() && is_ascii_digit(first[digits])) {
        ++digits;
    }
    if (digits > 0 && digits <= 3) {
        const int value = to_int(first.substr(0, digits));
        std::string_view suffix = first.substr(digits);
        std::size_t j = i + 1;
        if (suffix.empty() && j < t.size()) {
            suffix = t[j];
            ++j;
        }
        const bool is_one = value == 1;
        const bool ok = suffix == "e" || suffix == "eme" || suffix == "ieme" ||
                        (is_one && (suffix == "er" || suffix == "re" || suffix == "ere"));
        if (ok && value >= 1 && value <= 300) {
            i = j;
            return value;
        }
        return std::nullopt;
    }
    std::vector<int> values;
    std::size_t j = i;
    while (j < t.size() && values.size() < 8) {
        const std::string_view w = t[j];
        if (const int ord = ordinal_word_value(w); ord != 0) {
            values.push_back(ord);
            ++j;
            int total = 0;
            for (std::size_t k = 0; k < values.size(); ++k) {
                const int v = values[k];
                if (v == 20 && k > 0 && values[k - 1] == 4) {
                    total += 80 - 4; // quatre-vingt
                } else if (v == 100) {
                    total = (total == 0 ? 1 : total) * 100;
                } else {
                    total += v;
                }
            }
            if (total < 1 || total > 300) {
                return std::nullopt;
            }
            i = j;
            return total;
        }
        const int card = cardinal_value(w);
        if (card == 0) {
            return std::nullopt;
        }
        values.push_back(card);
        ++j;
        if (j < t.size() && (t[j] == "-" || t[j] == "et")) {
            ++j;
        }
    }
    return std::nullopt;
}

// ---------------------------------------------------------------------------
// Working groups

struct WorkingGroup {
    std::string_view id;
    std::string_view name;
    std::string_view name_tail;           ///< folded words after "Groupe de travail sur "
    std::array<std::string_view, 6> keys; ///< folded whole-word phrases recognised in queries
};

// Only groups whose CTOC/COP/WG.n number was confirmed (see the report of the
// "Document model" issue): WG.1, WG.5 and WG.8 are deliberately absent.
constexpr std::array<WorkingGroup, 5> k_working_groups = {{
    {"WG.2",
     "Groupe de travail sur l'assistance technique",
     "l'assistance technique",
     {"assistance technique", "assistance", "technical assistance", "", "", ""}},
    {"WG.3",
     "Groupe de travail sur la coopération internationale",
     "la cooperation internationale",
     {"cooperation internationale", "cooperation", "international cooperation", "", "", ""}},
    {"WG.4",
     "Groupe de travail sur la traite des personnes",
     "la traite des personnes",
     {"traite des personnes", "traite", "traite des etres humains", "trafficking in persons",
      "human trafficking", ""}},
    {"WG.6",
     "Groupe de travail sur les armes à feu",
     "les armes a feu",
     {"armes a feu", "armes", "firearms", "", "", ""}},
    {"WG.7",
     "Groupe de travail sur le trafic illicite de migrants",
     "le trafic illicite de migrants",
     {"trafic illicite de migrants", "migrants", "migrant", "smuggling of migrants",
      "migrant smuggling", ""}},
}};

const WorkingGroup* find_working_group(std::string_view id) {
    for (const auto& wg : k_working_groups) {
        if (wg.id == id) {
            return &wg;
        }
    }
    return nullptr;
}

bool word_boundary_before(std::string_view s, std::size_t pos) {
    return pos == 0 || !is_ascii_alnum(s[pos - 1]);
}

bool word_boundary_after(std::string_view s, std::size_t pos) {
    return pos >= s.size() || !is_ascii_alnum(s[pos]);
}

bool contains_phrase(std::string_view folded, std::string_view phrase) {
    if (phrase.empty()) {
        return false;
    }
    std::size_t pos = folded.find(phrase);
    while (pos != std::string_view::npos) {
        if (word_boundary_before(folded, pos) && word_boundary_after(folded, pos + phrase.size())) {
            return true;
        }
        pos = folded.find(phrase, pos + 1);
    }
    return false;
}

// Matches "groupe de travail [qualifiers] sur <name>" at folded[pos]; returns the group
// and sets end past the name.
const WorkingGroup* match_working_group_name(std::string_view folded, std::size_t pos,
                                             std::size_t& end) {
    constexpr std::string_view head = "groupe de travail";
    if (folded.compare(pos, head.size(), head) != 0) {
        return nullptr;
    }
    std::size_t p = pos + head.size();
    static constexpr std::array<std::string_view, 8> qualifiers = {" d'experts gouvernementaux",
                                                                   " intergouvernemental",
                                                                   " provisoire",
                                                                   " a composition non limitee",
                                                                   " permanent",
                                                                   " special",
                                                                   ",",
                                                                   " de la conference"};
    for (int rounds = 0; rounds < 8; ++rounds) {
        bool matched = false;
        for (const auto q : qualifiers) {
            if (folded.compare(p, q.size(), q) == 0 && word_boundary_after(folded, p + q.size())) {
                p += q.size();
                matched = true;
                break;
            }
        }
        if (!matched) {
            break;
        }
    }
    constexpr std::string_view sur = " sur ";
    if (folded.compare(p, sur.size(), sur) != 0) {
        return nullptr;
    }
    p += sur.size();
    for (const auto& wg : k_working_groups) {
        if (folded.compare(p, wg.name_tail.size(), wg.name_tail) == 0 &&
            word_boundary_after(folded, p + wg.name_tail.size())) {
            end = p + wg.name_tail.size();
            return &wg;
        }
    }
    return nullptr;
}

// First "Groupe de travail sur <known name>" mentioned in folded text.
const WorkingGroup* first_working_group_mention(std::string_view folded) {
    std::size_t pos = folded.find("groupe de travail");
    while (pos != std::string_view::npos) {
        std::size_t end = 0;
        if (word_boundary_before(folded, pos)) {
            if (const WorkingGroup* wg = match_working_group_name(folded, pos, end)) {
                return wg;
            }
        }
        pos = folded.find("groupe de travail", pos + 1);
    }
    return nullptr;
}

// ---------------------------------------------------------------------------
// Lines of the header

struct Line {
    std::string text;   ///< cleaned, whitespace collapsed
    std::string folded; ///< fold(text)
};

/// A header line that is the document's symbol: upper case, as UN headers print it
/// ("CTOC/COP/WG.7/2019/2", "IDB.43/1", "A/70/6 (Sect. 16)"), by the analyzer's one symbol test.
bool looks_like_symbol(std::string_view s) {
    s = trim_trailing_marks(s);
    return s.size() >= 3 && s.size() <= 80 && s[0] >= 'A' && s[0] <= 'Z' && analysis::looks_like_symbol(s);
}

bool is_body_start(const Line& line) {
    const std::string_view f = line.folded;
    if (line.text.size() > k_max_heading_bytes) {
        return true;
    }
    // A long line ending a sentence is a paragraph; headings carry no final full stop.
    if (line.text.size() > k_max_sentence_heading_bytes &&
        (line.text.back() == '.' || line.text.back() == ';')) {
        return true;
    }
    const std::string_view bare = trim_trailing_marks(f);
    if (bare == "annotations" || bare == "introduction" || bare == "resume" ||
        bare == "table des matieres" || bare == "contexte") {
        return true;
    }
    // Numbered paragraphs and chapters: "1. En application", "I. Introduction".
    std::size_t k = 0;
    while (k < f.size() && is_ascii_digit(f[k])) {
        ++k;
    }
    if (k == 0) {
        while (k < f.size() && (f[k] == 'i' || f[k] == 'v' || f[k] == 'x')) {
            ++k;
        }
        if (k > 4) {
            return false;
        }
    }
    return k > 0 && k + 1 < f.size() && f[k] == '.' && f[k + 1] == ' ';
}

std::vector<Line> header_lines(std::string_view text, std::vector<Line>& all_lines) {
    // Cut the head of the text at a code point boundary.
    std::string_view head = text.substr(0, std::min(text.size(), k_header_bytes));
    while (head.size() < text.size() && !head.empty() &&
           (static_cast<unsigned char>(text[head.size()]) & 0xC0) == 0x80) {
        head.remove_suffix(1);
    }
    std::size_t pos = 0;
    while (pos <= head.size()) {
        const std::size_t nl = head.find('\n', pos);
        const std::size_t end = nl == std::string_view::npos ? head.size() : nl;
        Line line;
        line.text = clean_line(head.substr(pos, end - pos));
        line.folded = fold(line.text);
        all_lines.push_back(std::move(line));
        if (nl == std::string_view::npos) {
            break;
        }
        pos = nl + 1;
    }
    std::vector<Line> header;
    for (const auto& line : all_lines) {
        if (header.size() >= k_header_lines) {
            break;
        }
        if (!line.text.empty() && is_body_start(line)) {
            break;
        }
        header.push_back(line);
    }
    return header;
}

constexpr std::string_view k_conference_phrase =
    "conference des parties a la convention des nations unies contre la criminalite "
    "transnationale organisee";

// ---------------------------------------------------------------------------
// Individual facts

bool is_language_line(std::string_view folded) {
    const std::string_view bare = trim_trailing_marks(folded);
    return bare == "francais" || bare == "anglais" || bare == "espagnol" || bare == "arabe" ||
           bare == "chinois" || bare == "russe";
}

std::string canonical_language(std::string_view word) {
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 10> languages = {{
        {"anglais", "anglais"},
        {"francais", "français"},
        {"espagnol", "espagnol"},
        {"arabe", "arabe"},
        {"chinois", "chinois"},
        {"russe", "russe"},
        {"allemand", "allemand"},
        {"portugais", "portugais"},
        {"italien", "italien"},
        {"japonais", "japonais"},
    }};
    for (const auto& [folded, canonical] : languages) {
        if (word == folded) {
            return std::string(canonical);
        }
    }
    return {};
}

// "Original : anglais", "Original: anglais et français" -> "anglais", "anglais et français".
std::string parse_original_language(std::string_view folded) {
    if (!starts_with(folded, "original")) {
        return {};
    }
    std::string_view rest = folded.substr(8);
    rest = trim(rest);
    if (rest.empty() || rest.front() != ':') {
        return {};
    }
    rest = trim_trailing_marks(trim(rest.substr(1)));
    if (rest.empty() || rest.size() > 60) {
        return {};
    }
    const auto tokens = tokenize(rest);
    std::string out;
    bool any = false;
    for (const auto& tok : tokens) {
        if (tok == "et" || tok == "," || tok == "/") {
            if (!any) {
                return {};
            }
            out += tok == "," ? ", " : (tok == "/" ? "/" : " et ");
            continue;
        }
        const std::string lang = canonical_language(tok);
        if (lang.empty()) {
            return {};
        }
        out += lang;
        any = true;
    }
    return any ? out : std::string();
}

// "Distr. générale" -> "générale"; sets rest to what follows the distribution word.
std::string parse_distribution(std::string_view folded, std::string_view& rest) {
    if (!starts_with(folded, "distr")) {
        return {};
    }
    std::size_t p = 5;
    if (folded.compare(p, 7, "ibution") == 0) {
        p += 7;
    }
    while (p < folded.size() && (folded[p] == '.' || folded[p] == ':' || folded[p] == ' ')) {
        ++p;
    }
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 6> kinds = {{
        {"generale", "générale"},
        {"general", "générale"},
        {"restreinte", "restreinte"},
        {"restricted", "restreinte"},
        {"limitee", "limitée"},
        {"limited", "limitée"},
    }};
    for (const auto& [word, value] : kinds) {
        if (folded.compare(p, word.size(), word) == 0 &&
            word_boundary_after(folded, p + word.size())) {
            rest = folded.substr(p + word.size());
            return std::string(value);
        }
    }
    return {};
}

struct Session {
    int number = 0;
    std::string kind;
};

// A heading line that is exactly "<ordinal> session" or "<ordinal> réunion".
std::optional<Session> parse_session_heading(std::string_view folded) {
    const auto t = tokenize(folded);
    std::size_t i = 0;
    const auto n = parse_ordinal(t, i);
    if (!n || i >= t.size()) {
        return std::nullopt;
    }
    Session s;
    s.number = *n;
    if (t[i] == "session") {
        s.kind = "session";
    } else if (t[i] == "reunion") {
        s.kind = "réunion";
    } else {
        return std::nullopt;
    }
    if (!only_trailing_punctuation(t, i + 1)) {
        return std::nullopt;
    }
    return s;
}

// "La neuvième réunion du Groupe de travail ... s'ouvrira|se tiendra ..." in an agenda.
std::optional<Session> find_opening_sentence(const std::vector<Line>& lines) {
    for (const auto& line : lines) {
        if (line.folded.find("reunion du groupe de travail") == std::string::npos) {
            continue;
        }
        const auto t = tokenize(line.folded);
        for (std::size_t k = 0; k < t.size(); ++k) {
            if (t[k] != "la" || !(k == 0 || t[k - 1] == ".")) {
                continue;
            }
            std::size_t i = k + 1;
            const auto n = parse_ordinal(t, i);
            if (!n || i + 4 >= t.size() || t[i] != "reunion" || t[i + 1] != "du" ||
                t[i + 2] != "groupe" || t[i + 3] != "de" || t[i + 4] != "travail") {
                continue;
            }
            for (std::size_t j = i + 5; j < t.size() && t[j] != "."; ++j) {
                if (t[j] == "ouvrira" || t[j] == "tiendra") {
                    return Session{*n, "réunion"};
                }
            }
        }
    }
    return std::nullopt;
}

// "Point 2 c) de l'ordre du jour provisoire" -> "2 c)".
std::string parse_agenda_item(std::string_view folded) {
    std::string_view rest;
    if (starts_with(folded, "points ")) {
        rest = folded.substr(7);
    } else if (starts_with(folded, "point ")) {
        rest = folded.substr(6);
    } else {
        return {};
    }
    std::size_t end = std::string_view::npos;
    for (const std::string_view marker : {" de l'ordre du jour", " de la liste preliminaire"}) {
        end = std::min(end, rest.find(marker));
    }
    if (end == std::string_view::npos || end == 0 || end > 30) {
        return {};
    }
    const std::string_view item = trim(rest.substr(0, end));
    if (item.empty() || !is_ascii_digit(item.front())) {
        return {};
    }
    for (const char c : item) {
        if (!(is_ascii_alnum(c) || c == ' ' || c == ')' || c == '(' || c == ',' || c == '-')) {
            return {};
        }
    }
    return std::string(item);
}

bool starts_with_upper(std::string_view s) {
    if (s.empty()) {
        return false;
    }
    if (s[0] >= 'A' && s[0] <= 'Z') {
        return true;
    }
    std::size_t i = 0;
    const char32_t cp = next_code_point(s, i);
    return cp >= 0xC0 && cp <= 0xDE && cp != 0xD7;
}

// "Vienne", "New York", "Sendai (Japon)", "Charm el-Cheikh (Égypte)", "Rio de Janeiro":
// capitalised words and a few particles, nothing else.
bool is_place_name(std::string_view place) {
    int words = 0;
    std::size_t pos = 0;
    while (pos < place.size()) {
        std::size_t end = place.find(' ', pos);
        if (end == std::string_view::npos) {
            end = place.size();
        }
        std::string_view word = place.substr(pos, end - pos);
        pos = end + 1;
        if (word.empty()) {
            continue;
        }
        if (++words > 5) {
            return false;
        }
        for (const char c : word) {
            if (is_ascii_digit(c) || c == ':' || c == '/' || c == ';' || c == '"') {
                return false;
            }
        }
        if (word.front() == '(') {
            word.remove_prefix(1);
        }
        const std::string folded = fold(word);
        if (folded == "de" || folded == "du" || folded == "des" || folded == "la" ||
            folded == "le" || folded == "les" || folded == "el" || folded == "al" ||
            folded == "es") {
            continue;
        }
        if (starts_with(folded, "el-") || starts_with(folded, "al-") ||
            starts_with(folded, "es-")) {
            word.remove_prefix(3);
        } else if (starts_with(folded, "d'") || starts_with(folded, "l'")) {
            // The apostrophe may be typographic (3 bytes) in the original.
            word.remove_prefix(word.size() > 1 && word[1] == '\'' ? 2 : 4);
        }
        if (!starts_with_upper(word)) {
            return false;
        }
    }
    return words > 0;
}

struct Meeting {
    std::string place;
    std::string dates;
    std::string start;
    std::string end;
};

// "Vienne, 15-19 octobre 2018" -> place and meeting dates.
std::optional<Meeting> parse_place_line(const Line& line) {
    const std::size_t comma = line.text.find(',');
    if (comma == std::string::npos || comma == 0 || comma > 60) {
        return std::nullopt;
    }
    const std::string_view place = trim(std::string_view(line.text).substr(0, comma));
    if (!starts_with_upper(place)) {
        return std::nullopt;
    }
    if (!is_place_name(place)) {
        return std::nullopt;
    }
    const std::string_view dates =
        trim_trailing_marks(std::string_view(line.text).substr(comma + 1));
    if (dates.empty() || dates.size() > 80) {
        return std::nullopt;
    }
    const auto t = tokenize(fold(dates));
    if (t.empty() || t[0] == "le") {
        return std::nullopt;
    }
    Meeting m;
    m.place = std::string(place);
    m.dates = std::string(dates);
    if (const auto range = parse_date_range(t)) {
        m.start = range->start;
        m.end = range->end;
        return m;
    }
    // Unreadable dates are kept as written only when they clearly are dates.
    bool has_month = false;
    bool has_year = false;
    for (const auto& tok : t) {
        has_month = has_month || month_number(tok) != 0;
        has_year = has_year || (tok.size() == 4 && all_digits(tok));
    }
    if (has_month && has_year && is_ascii_digit(t[0][0])) {
        return m;
    }
    return std::nullopt;
}

// ---------------------------------------------------------------------------
// Document types

struct TypeRule {
    std::string_view heading; ///< folded heading
    bool prefix;              ///< the heading may be followed by more words
    std::string_view slug;
};

constexpr std::array<TypeRule, 22> k_type_rules = {{
    {"ordre du jour provisoire annote", false, "ordre-du-jour-provisoire-annote"},
    {"ordre du jour provisoire et annotations", false, "ordre-du-jour-provisoire-annote"},
    {"ordre du jour annote", false, "ordre-du-jour-provisoire-annote"},
    {"ordre du jour provisoire", false, "ordre-du-jour-provisoire"},
    {"note du secretariat", false, "note-du-secretariat"},
    {"note du secretaire general", false, "note-du-secretaire-general"},
    {"note de la presidence", false, "note-de-la-presidence"},
    {"note du president", false, "note-de-la-presidence"},
    {"note d'information", true, "note-information"},
    {"document d'information", true, "document-information"},
    {"document de base", true, "document-information"},
    {"document de travail", true, "document-travail"},
    {"document de seance", true, "document-seance"},
    {"projet de resolution", true, "projet-resolution"},
    {"projet de decision", true, "projet-decision"},
    {"projet de rapport", true, "projet-rapport"},
    {"resolution adoptee par", true, "resolution"},
    {"decision adoptee par", true, "decision"},
    {"liste des participants", true, "liste-participants"},
    {"liste provisoire des participants", true, "liste-participants"},
    {"rectificatif", false, "rectificatif"},
    {"additif", false, "additif"},
}};

std::string type_of_heading(std::string_view folded) {
    const std::string_view bare = trim_trailing_marks(folded);
    for (const auto& rule : k_type_rules) {
        if (rule.prefix ? (starts_with(bare, rule.heading) &&
                           word_boundary_after(bare, rule.heading.size()))
                        : bare == rule.heading) {
            return std::string(rule.slug);
        }
    }
    return {};
}

bool is_report_heading(std::string_view folded) {
    return (starts_with(folded, "rapport ") || starts_with(folded, "rapports ")) &&
           folded.size() <= 300;
}

// A block is a run of consecutive non-empty header lines.
enum class BlockKind { other, conference, distribution, session, place, agenda_point, group };

struct Block {
    std::size_t first = 0; ///< index of its first line in the header
    std::size_t last = 0;  ///< index of its last line
    BlockKind kind = BlockKind::other;
};

std::string join_block(const std::vector<Line>& lines, const Block& b) {
    std::string out;
    for (std::size_t k = b.first; k <= b.last; ++k) {
        const std::string_view part = trim(lines[k].text);
        if (part.empty()) {
            continue;
        }
        if (!out.empty()) {
            out += ' ';
        }
        out += part;
    }
    return std::string(trim_trailing_marks(out));
}

} // namespace

// ---------------------------------------------------------------------------
// Public API

/// True when text reads as a French date whose day does not exist ("31 juin 2018").
bool impossible_french_date(std::string_view text) {
    if (text.size() > 200) {
        return false;
    }
    const auto t = tokenize(fold(clean_line(text)));
    std::size_t i = 0;
    const int d = parse_day(t, i);
    const int m = d != 0 ? parse_month(t, i) : 0;
    const int y = m != 0 ? parse_year(t, i) : 0;
    return y != 0 && only_trailing_punctuation(t, i) && !valid_date(y, m, d);
}

std::string parse_french_date(std::string_view text) {
    if (text.size() > 200) {
        return {};
    }
    const auto t = tokenize(fold(clean_line(text)));
    std::size_t i = 0;
    const int d = parse_day(t, i);
    const int m = d != 0 ? parse_month(t, i) : 0;
    const int y = m != 0 ? parse_year(t, i) : 0;
    if (y == 0 || !only_trailing_punctuation(t, i) || !valid_date(y, m, d)) {
        return {};
    }
    return iso_date(y, m, d);
}

std::string working_group_of_symbol(std::string_view symbol) {
    const std::string folded = fold(trim(symbol));
    if (!starts_with(folded, "ctoc/cop/")) {
        return {};
    }
    const std::size_t pos = folded.find("/wg.");
    if (pos == std::string::npos) {
        return {};
    }
    std::size_t k = pos + 4;
    const std::size_t start = k;
    while (k < folded.size() && is_ascii_digit(folded[k]) && k - start < 3) {
        ++k;
    }
    if (k == start || (k < folded.size() && folded[k] != '/')) {
        return {};
    }
    return "WG." + std::to_string(to_int(std::string_view(folded).substr(start, k - start)));
}

std::string working_group_name(std::string_view wg) {
    const std::string id = resolve_working_group(wg);
    const WorkingGroup* found = find_working_group(id);
    return found != nullptr ? std::string(found->name) : std::string();
}

std::vector<std::string> known_working_groups() {
    std::vector<std::string> out;
    for (const auto& wg : k_working_groups) {
        out.emplace_back(wg.id);
    }
    return out;
}

std::string resolve_working_group(std::string_view query) {
    if (query.size() > 300) {
        return {};
    }
    const std::string folded_string = fold(clean_line(query));
    const std::string_view folded = trim(folded_string);
    if (folded.empty()) {
        return {};
    }
    // A whole symbol.
    if (folded.find('/') != std::string_view::npos) {
        const std::string id = working_group_of_symbol(folded);
        return find_working_group(id) != nullptr ? id : std::string();
    }
    // "7", "WG.7", "wg 7", "wg7".
    std::string_view number = folded;
    if (starts_with(number, "wg")) {
        number.remove_prefix(2);
        while (!number.empty() && (number.front() == '.' || number.front() == ' ')) {
            number.remove_prefix(1);
        }
    }
    if (all_digits(number)) {
        if (number.size() > 3) {
            return {};
        }
        const std::string id = "WG." + std::to_string(to_int(number));
        return find_working_group(id) != nullptr ? id : std::string();
    }
    // Name words: exactly one group must match.
    const WorkingGroup* match = nullptr;
    for (const auto& wg : k_working_groups) {
        const bool hit = std::any_of(wg.keys.begin(), wg.keys.end(), [&](std::string_view key) {
            return contains_phrase(folded, key);
        });
        if (hit) {
            if (match != nullptr) {
                return {};
            }
            match = &wg;
        }
    }
    return match != nullptr ? std::string(match->id) : std::string();
}

std::vector<std::string> document_type_slugs() {
    std::vector<std::string> out;
    for (const auto& rule : k_type_rules) {
        if (std::find(out.begin(), out.end(), rule.slug) == out.end()) {
            out.emplace_back(rule.slug);
        }
    }
    out.emplace_back("rapport");
    return out;
}

HeaderFacts extract_header_facts(std::string_view text) {
    HeaderFacts facts;
    std::vector<Line> all_lines;
    const std::vector<Line> lines = header_lines(text, all_lines);

    // The document's own symbol, when the first non-empty line is one, or follows the UN's
    // masthead ("Nations Unies", printed left of the symbol on the first page of a PDF), on
    // the same line or the next.
    bool masthead = false;
    for (const auto& line : lines) {
        if (line.text.empty()) {
            continue;
        }
        std::string_view candidate = line.text;
        for (const std::string_view name : {std::string_view("nations unies"), std::string_view("united nations")}) {
            if (line.folded.rfind(name, 0) == 0 && !masthead) {
                candidate = trim(std::string_view(line.text).substr(std::min(line.text.size(), name.size())));
                masthead = true;
            }
        }
        if (candidate.empty() && masthead) {
            continue;
        }
        if (looks_like_symbol(candidate)) {
            facts.symbol = std::string(trim_trailing_marks(candidate));
        }
        break;
    }

    std::string header_folded;
    for (const auto& line : lines) {
        header_folded += line.folded;
        header_folded += ' ';
    }

    // Blocks of consecutive non-empty lines, classified.
    std::vector<Block> blocks;
    for (std::size_t k = 0; k < lines.size(); ++k) {
        if (lines[k].text.empty()) {
            continue;
        }
        if (blocks.empty() || blocks.back().last + 1 != k) {
            blocks.push_back(Block{k, k, BlockKind::other});
        } else {
            blocks.back().last = k;
        }
    }

    bool has_distr = false;
    std::optional<Session> session;
    std::size_t agenda_block = blocks.size();
    const WorkingGroup* heading_group = nullptr;

    bool ctoc_header = false;
    std::size_t non_empty = 0;
    for (std::size_t b = 0; b < blocks.size(); ++b) {
        Block& block = blocks[b];
        const std::string& first = lines[block.first].folded;
        if (starts_with(first, "conference des parties")) {
            block.kind = BlockKind::conference;
            std::string joined;
            for (std::size_t k = block.first; k <= block.last; ++k) {
                joined += lines[k].folded;
                joined += ' ';
            }
            ctoc_header = ctoc_header || starts_with(joined, k_conference_phrase);
        }
        for (std::size_t k = block.first; k <= block.last; ++k) {
            const Line& line = lines[k];
            if (++non_empty > k_header_block_lines) {
                break;
            }
            std::string_view rest;
            if (const std::string distribution = parse_distribution(line.folded, rest);
                !distribution.empty() && !has_distr) {
                has_distr = true;
                block.kind = BlockKind::distribution;
                facts.distribution = distribution;
                // The date is on the same line or on one of the next lines, possibly
                // after the symbol.
                if (const std::string date = parse_french_date(trim(rest)); !date.empty()) {
                    facts.date = date;
                } else if (impossible_french_date(trim(rest))) {
                    facts.unreadable_date = std::string(trim(rest));
                } else {
                    int looked = 0;
                    for (std::size_t n = k + 1; n < lines.size() && looked < 3; ++n) {
                        if (lines[n].text.empty()) {
                            continue;
                        }
                        ++looked;
                        if (looks_like_symbol(lines[n].text)) {
                            continue;
                        }
                        facts.date = parse_french_date(lines[n].text);
                        if (facts.date.empty() && impossible_french_date(lines[n].text)) {
                            facts.unreadable_date = std::string(trim(lines[n].text));
                        }
                        break;
                    }
                }
                continue;
            }
            if (facts.original_language.empty()) {
                if (std::string lang = parse_original_language(line.folded); !lang.empty()) {
                    facts.original_language = std::move(lang);
                    block.kind = BlockKind::distribution;
                    continue;
                }
            }
            if (is_language_line(line.folded) && block.kind == BlockKind::distribution) {
                continue;
            }
            if (!session) {
                if (auto s = parse_session_heading(line.folded)) {
                    session = std::move(s);
                    block.kind = BlockKind::session;
                    continue;
                }
            }
            if (facts.agenda_item.empty()) {
                if (std::string item = parse_agenda_item(line.folded); !item.empty()) {
                    facts.agenda_item = std::move(item);
                    block.kind = BlockKind::agenda_point;
                    agenda_block = b + 1;
                    continue;
                }
            }
            if (facts.place.empty()) {
                if (auto m = parse_place_line(line)) {
                    facts.place = std::move(m->place);
                    facts.meeting_dates = std::move(m->dates);
                    facts.meeting_start = std::move(m->start);
                    facts.meeting_end = std::move(m->end);
                    block.kind = BlockKind::place;
                    continue;
                }
            }
            if (heading_group == nullptr) {
                std::size_t end = 0;
                if (const WorkingGroup* wg = match_working_group_name(line.folded, 0, end);
                    wg != nullptr &&
                    trim_trailing_marks(std::string_view(line.folded).substr(end)).empty()) {
                    heading_group = wg;
                    block.kind = BlockKind::group;
                }
            }
        }
    }

    // A date line without a "Distr." line, followed by the language lines.
    if (facts.date.empty() && !has_distr) {
        for (std::size_t k = 0; k + 1 < lines.size(); ++k) {
            const std::string date = parse_french_date(lines[k].text);
            if (date.empty()) {
                continue;
            }
            std::size_t n = k + 1;
            while (n < lines.size() && lines[n].text.empty()) {
                ++n;
            }
            if (n < lines.size() && (is_language_line(lines[n].folded) ||
                                     !parse_original_language(lines[n].folded).empty())) {
                facts.date = date;
            }
            break;
        }
    }

    // Body and working group.
    const std::string symbol_group = working_group_of_symbol(facts.symbol);
    const bool ctoc_symbol = starts_with(fold(facts.symbol), "ctoc/cop/");
    if (!symbol_group.empty()) {
        facts.body = symbol_group;
    } else if (heading_group != nullptr && (ctoc_header || ctoc_symbol || has_distr)) {
        facts.body = std::string(heading_group->id);
    } else if (ctoc_header || ctoc_symbol) {
        facts.body = "COP";
    }
    if (facts.body == "COP") {
        // The Conference's documents about a working group: the first group named in
        // the title block.
        if (const WorkingGroup* wg = first_working_group_mention(header_folded)) {
            facts.working_group = std::string(wg->id);
        }
    } else {
        facts.working_group = facts.body;
    }

    // Session: a heading line; for a working group's agenda, its opening sentence.
    if (!session && starts_with(facts.body, "WG.")) {
        session = find_opening_sentence(all_lines);
    }
    if (session) {
        facts.session = session->number;
        facts.session_kind = session->kind;
    }

    // Type and title. A "Rapport ..." heading or a title block only counts in a real
    // header: fragments of body text are full of such lines.
    const bool has_header = has_distr || session.has_value() || !facts.agenda_item.empty() ||
                            !facts.place.empty() || !facts.symbol.empty() || ctoc_header;
    std::size_t type_block = blocks.size();
    for (std::size_t b = 0; b < blocks.size() && type_block == blocks.size(); ++b) {
        if (blocks[b].kind != BlockKind::other) {
            continue;
        }
        for (std::size_t k = blocks[b].first; k <= blocks[b].last; ++k) {
            if (std::string type = type_of_heading(lines[k].folded); !type.empty()) {
                facts.type = std::move(type);
                type_block = b;
                if (k > blocks[b].first) {
                    // The title and the type heading were not separated by a blank line.
                    Block title_part{blocks[b].first, k - 1, BlockKind::other};
                    if (b != agenda_block && b >= 1 &&
                        !parse_date_range(tokenize(lines[title_part.first].folded))) {
                        facts.title = join_block(lines, title_part);
                    }
                }
                break;
            }
        }
    }
    // The first block names the organ ("Commission du désarmement"), never the title.
    const std::size_t first_title_block =
        (!blocks.empty() && !facts.symbol.empty() && blocks[0].first == blocks[0].last) ? 2 : 1;
    const auto title_candidate = [&](std::size_t b) {
        if (b >= blocks.size() || b < first_title_block || blocks[b].kind != BlockKind::other ||
            b == agenda_block || !type_of_heading(lines[blocks[b].first].folded).empty()) {
            return false;
        }
        const auto t = tokenize(lines[blocks[b].first].folded);
        return !parse_date_range(t) && !looks_like_symbol(lines[blocks[b].first].text);
    };
    if (type_block < blocks.size()) {
        if (facts.title.empty() && type_block > 0 && title_candidate(type_block - 1)) {
            facts.title = join_block(lines, blocks[type_block - 1]);
        }
        if (facts.title.empty() && starts_with(facts.type, "ordre-du-jour")) {
            // An agenda's own heading is its title.
            facts.title = std::string(trim_trailing_marks(lines[blocks[type_block].first].text));
        }
    } else if (has_header) {
        for (std::size_t b = 0; b < blocks.size(); ++b) {
            if (title_candidate(b) && is_report_heading(lines[blocks[b].first].folded)) {
                facts.type = "rapport";
                facts.title = join_block(lines, blocks[b]);
                break;
            }
        }
    }
    if (!has_header && !starts_with(facts.type, "ordre-du-jour")) {
        facts.title.clear();
    }
    if (facts.title.size() > 1000) {
        facts.title.clear();
    }
    return facts;
}

} // namespace ctoc::corpus
