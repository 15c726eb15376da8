// The lines of a UN document's header and the facts a single line holds: the document's own
// symbol, its distribution, original language and agenda item.
#include "header_reader.h"

#include <ctoc/analysis/markup.h>
#include <ctoc/analysis/symbol.h>
#include <ctoc/analysis/unicode.h>

#include <algorithm>
#include <array>
#include <utility>

namespace ctoc::corpus::header {

namespace {

// A line this long is a paragraph of the body, not a heading.
constexpr std::size_t max_heading_bytes = 400;
constexpr std::size_t max_sentence_heading_bytes = 150;

/// Every run of spaces (analysis::is_space) as one ASCII space, none at either end. Runs of
/// other ASCII bytes are copied whole: a header is read from every document indexed, and three
/// calls a character made this two fifths of the header's cost.
std::string collapse_spaces(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    bool pending_space = false;
    const auto plain_ascii = [](char c) {
        const auto b = static_cast<unsigned char>(c);
        return b < 0x80 && !analysis::is_space(b);
    };
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t start = i;
        const auto byte = static_cast<unsigned char>(text[i]);
        if (byte < 0x80 && analysis::is_space(byte)) {
            pending_space = true;
            ++i;
            continue;
        }
        if (byte < 0x80) {
            while (i < text.size() && plain_ascii(text[i]))
                ++i;
        } else if (analysis::is_space(analysis::next_code_point(text, i))) {
            pending_space = true;
            continue;
        }
        if (pending_space && !out.empty())
            out += ' ';
        pending_space = false;
        out.append(text, start, i - start);
    }
    return out;
}

/// A line that starts the body: a paragraph, a numbered paragraph or chapter, a heading of
/// the body ("Introduction").
bool is_body_start(const Line& line) {
    const std::string_view f = line.folded;
    if (line.text.size() > max_heading_bytes)
        return true;
    // A long line ending a sentence is a paragraph; headings carry no final full stop.
    if (line.text.size() > max_sentence_heading_bytes &&
        (line.text.back() == '.' || line.text.back() == ';'))
        return true;
    const std::string_view bare = trim_trailing_marks(f);
    if (bare == "annotations" || bare == "introduction" || bare == "resume" ||
        bare == "table des matieres" || bare == "contexte")
        return true;
    // Numbered paragraphs and chapters: "1. En application", "I. Introduction".
    std::size_t k = 0;
    while (k < f.size() && is_ascii_digit(f[k]))
        ++k;
    if (k == 0) {
        while (k < f.size() && (f[k] == 'i' || f[k] == 'v' || f[k] == 'x'))
            ++k;
        if (k > 4)
            return false;
    }
    return k > 0 && k + 1 < f.size() && f[k] == '.' && f[k + 1] == ' ';
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
        if (word == folded)
            return std::string(canonical);
    }
    return {};
}

} // namespace

std::string clean_line(std::string_view raw) {
    return collapse_spaces(analysis::clean_markup(raw));
}

std::string fold_line(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        if (static_cast<unsigned char>(text[i]) < 0x80) {
            // A run of ASCII, copied whole: its punctuation is plain already, and folding
            // lowers its letters.
            std::size_t end = i + 1;
            while (end < text.size() && static_cast<unsigned char>(text[end]) < 0x80)
                ++end;
            const std::size_t from = out.size();
            out.append(text, i, end - i);
            for (std::size_t k = from; k < out.size(); ++k) {
                if (out[k] >= 'A' && out[k] <= 'Z')
                    out[k] = static_cast<char>(out[k] + 32);
            }
            i = end;
            continue;
        }
        analysis::append_accent_folded(
            out, analysis::plain_punctuation(analysis::next_code_point(text, i)));
    }
    return out;
}

std::vector<std::string> words_and_marks(std::string_view folded) {
    std::vector<std::string> tokens;
    const auto in_word = [](char c) {
        return is_ascii_alnum(c) || static_cast<unsigned char>(c) >= 0x80;
    };
    std::size_t i = 0;
    while (i < folded.size()) {
        const char c = folded[i];
        if (c == ' ' || c == '\t' || c == '\r') {
            ++i;
            continue;
        }
        if (in_word(c)) {
            std::size_t j = i;
            while (j < folded.size() && in_word(folded[j]))
                ++j;
            tokens.emplace_back(folded.substr(i, j - i));
            i = j;
            continue;
        }
        tokens.emplace_back(1, c);
        ++i;
    }
    return tokens;
}

bool is_ascii_digit(char c) {
    return c >= '0' && c <= '9';
}

bool is_ascii_alnum(char c) {
    return is_ascii_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool all_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), is_ascii_digit);
}

int to_int(std::string_view digits) {
    int v = 0;
    for (const char c : digits) {
        v = v * 10 + (c - '0');
        if (v > 100000)
            return v;
    }
    return v;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

std::string_view trim_trailing_marks(std::string_view s) {
    s = trim(s);
    while (!s.empty() && (s.back() == '*' || s.back() == '.' || s.back() == ',' ||
                          s.back() == ';' || s.back() == ':' || s.back() == ' '))
        s.remove_suffix(1);
    return s;
}

bool word_boundary_before(std::string_view s, std::size_t pos) {
    return pos == 0 || !is_ascii_alnum(s[pos - 1]);
}

bool word_boundary_after(std::string_view s, std::size_t pos) {
    return pos >= s.size() || !is_ascii_alnum(s[pos]);
}

bool only_trailing_punctuation(const std::vector<std::string>& t, std::size_t i) {
    for (; i < t.size(); ++i) {
        if (t[i] != "." && t[i] != "," && t[i] != ";" && t[i] != "*" && t[i] != ":")
            return false;
    }
    return true;
}

bool starts_with_upper(std::string_view s) {
    std::size_t i = 0;
    return !s.empty() && analysis::is_upper(analysis::next_code_point(s, i));
}

std::vector<Line> header_lines(std::string_view text, std::vector<Line>& all_lines) {
    // Cut the head of the text at a code point boundary.
    std::string_view head = text.substr(0, std::min(text.size(), header_bytes));
    while (head.size() < text.size() && !head.empty() &&
           (static_cast<unsigned char>(text[head.size()]) & 0xC0) == 0x80)
        head.remove_suffix(1);
    const std::string cleaned = analysis::clean_markup(head);
    const std::string_view rest_of_head = cleaned;
    for (std::size_t pos = 0; pos <= rest_of_head.size();) {
        const std::size_t nl = rest_of_head.find('\n', pos);
        const std::size_t end = nl == std::string_view::npos ? rest_of_head.size() : nl;
        Line line;
        line.text = collapse_spaces(rest_of_head.substr(pos, end - pos));
        line.folded = fold_line(line.text);
        all_lines.push_back(std::move(line));
        if (nl == std::string_view::npos)
            break;
        pos = nl + 1;
    }
    std::vector<Line> header;
    for (const auto& line : all_lines) {
        if (header.size() >= max_header_lines || (!line.text.empty() && is_body_start(line)))
            break;
        header.push_back(line);
    }
    return header;
}

bool is_symbol_line(std::string_view s) {
    s = trim_trailing_marks(s);
    return s.size() >= 3 && s.size() <= 80 && s[0] >= 'A' && s[0] <= 'Z' &&
           analysis::looks_like_symbol(s);
}

std::string own_symbol(const std::vector<Line>& lines) {
    // The first non-empty line, or what follows the UN's masthead ("Nations Unies", printed
    // left of the symbol on the first page of a PDF), on the same line or the next.
    bool masthead = false;
    for (const auto& line : lines) {
        if (line.text.empty())
            continue;
        std::string_view candidate = line.text;
        for (const std::string_view name : {"nations unies", "united nations"}) {
            if (line.folded.starts_with(name) && !masthead) {
                candidate = trim(
                    std::string_view(line.text).substr(std::min(line.text.size(), name.size())));
                masthead = true;
            }
        }
        if (candidate.empty() && masthead)
            continue;
        if (is_symbol_line(candidate))
            return std::string(trim_trailing_marks(candidate));
        break;
    }
    return {};
}

bool is_language_line(std::string_view folded) {
    const std::string_view bare = trim_trailing_marks(folded);
    return bare == "francais" || bare == "anglais" || bare == "espagnol" || bare == "arabe" ||
           bare == "chinois" || bare == "russe";
}

std::string parse_original_language(std::string_view folded) {
    if (!folded.starts_with("original"))
        return {};
    std::string_view rest = trim(folded.substr(8));
    if (rest.empty() || rest.front() != ':')
        return {};
    rest = trim_trailing_marks(trim(rest.substr(1)));
    if (rest.empty() || rest.size() > 60)
        return {};
    std::string out;
    bool any = false;
    for (const auto& tok : words_and_marks(rest)) {
        if (tok == "et" || tok == "," || tok == "/") {
            if (!any)
                return {};
            out += tok == "," ? ", " : (tok == "/" ? "/" : " et ");
            continue;
        }
        const std::string lang = canonical_language(tok);
        if (lang.empty())
            return {};
        out += lang;
        any = true;
    }
    return any ? out : std::string();
}

std::string parse_distribution(std::string_view folded, std::string_view& rest) {
    if (!folded.starts_with("distr"))
        return {};
    std::size_t p = 5;
    if (folded.compare(p, 7, "ibution") == 0)
        p += 7;
    while (p < folded.size() && (folded[p] == '.' || folded[p] == ':' || folded[p] == ' '))
        ++p;
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

std::string parse_agenda_item(std::string_view folded) {
    std::string_view rest;
    if (folded.starts_with("points "))
        rest = folded.substr(7);
    else if (folded.starts_with("point "))
        rest = folded.substr(6);
    else
        return {};
    std::size_t end = std::string_view::npos;
    for (const std::string_view marker : {" de l'ordre du jour", " de la liste preliminaire"})
        end = std::min(end, rest.find(marker));
    if (end == std::string_view::npos || end == 0 || end > 30)
        return {};
    const std::string_view item = trim(rest.substr(0, end));
    if (item.empty() || !is_ascii_digit(item.front()))
        return {};
    for (const char c : item) {
        if (!(is_ascii_alnum(c) || c == ' ' || c == ')' || c == '(' || c == ',' || c == '-'))
            return {};
    }
    return std::string(item);
}

} // namespace ctoc::corpus::header
