// Hand-written: UN document symbols follow the UN's own conventions (symbol.h), which no
// Debian library knows; a regular expression would not say why a string is or is not one.
#include <ctoc/analysis/symbol.h>

#include <algorithm>
#include <array>
#include <vector>

namespace ctoc::analysis {

namespace {

bool is_alpha(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}
bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_alnum(char c) {
    return is_alpha(c) || is_digit(c);
}

char upper(char c) {
    return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
}
char lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string upper(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](char c) { return upper(c); });
    return out;
}

bool has_digit(std::string_view s) {
    return std::any_of(s.begin(), s.end(), is_digit);
}

bool all_of(std::string_view s, bool (*pred)(char)) {
    return !s.empty() && std::all_of(s.begin(), s.end(), pred);
}

/// Bytes of the space at text[i]: a space, a no-break space or a narrow no-break space; 0 if none.
std::size_t space_at(std::string_view text, std::size_t i) {
    if (i < text.size() && text[i] == ' ')
        return 1;
    if (text.substr(i, 2) == "\xC2\xA0")
        return 2;
    if (text.substr(i, 3) == "\xE2\x80\xAF" || text.substr(i, 3) == "\xE2\x80\x89")
        return 3;
    return 0;
}

/// Splits on a one-byte separator.
std::vector<std::string_view> split(std::string_view s, char sep) {
    std::vector<std::string_view> parts;
    std::size_t b = 0;
    for (;;) {
        const std::size_t e = s.find(sep, b);
        parts.push_back(s.substr(b, e == std::string_view::npos ? std::string_view::npos : e - b));
        if (e == std::string_view::npos)
            return parts;
        b = e + 1;
    }
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && s.front() == ' ')
        s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ')
        s.remove_suffix(1);
    return s;
}

/// The words of a part in parentheses, upper case, one space between them and after a dot
/// ("Sect.16" -> "SECT. 16"); "" if it holds anything but letters, digits, dots, hyphens, spaces.
std::string paren_words(std::string_view content) {
    std::string out;
    bool space = false;
    for (std::size_t i = 0; i < content.size();) {
        if (const std::size_t s = space_at(content, i)) {
            space = true;
            i += s;
            continue;
        }
        const char c = content[i];
        if (!(is_alnum(c) || c == '.' || c == '-'))
            return {};
        if (space && !out.empty())
            out.push_back(' ');
        space = false;
        out.push_back(upper(c));
        if (c == '.')
            space = true;
        ++i;
    }
    return out;
}

/// Words that open a part of a long document in parentheses: "(Part II)", "(Sect. 16)",
/// "(Income sect. 1)", "(Introduction)", "(Vol. I)", "(Resumption 1)".
constexpr std::array<std::string_view, 8> part_words{"PART",         "SECT.", "SECT", "INCOME",
                                                     "INTRODUCTION", "VOL.",  "VOL",  "RESUMPTION"};

std::string_view first_word(std::string_view words) {
    return words.substr(0, words.find(' '));
}

bool is_part(std::string_view words) {
    return std::find(part_words.begin(), part_words.end(), first_word(words)) != part_words.end();
}

bool is_year(std::string_view w) {
    return w.size() == 4 && all_of(w, is_digit) && w >= "1945" && w <= "2099";
}

bool is_roman(std::string_view w) {
    return w.size() <= 8 && all_of(w, [](char c) {
               return c == 'I' || c == 'V' || c == 'X' || c == 'L' || c == 'C' || c == 'D' ||
                      c == 'M';
           });
}

bool contains(std::string_view upper_text, std::string_view what) {
    return upper_text.find(what) != std::string_view::npos;
}

/// Whether a part in parentheses after a space belongs to the symbol before it: a part of a
/// long document, the year of a resolution or meeting record ("S/RES/2214 (2015)"), the
/// session of an old resolution ("A/RES/1514 (XV)").
bool accept_spaced(std::string_view words, std::string_view before) {
    if (words.empty())
        return false;
    if (is_part(words))
        return true;
    const std::string symbol = upper(before);
    const bool resolution = contains(symbol, "/RES/");
    return (is_year(words) && (resolution || contains(symbol, "/PV."))) ||
           (is_roman(words) && resolution);
}

/// Whether a part in parentheses right after a component belongs to it: as after a space, or
/// one word of two to twelve letters or digits ("PC(III)", "CRIC(13)", "UNEP(DTIE)").
bool accept_attached(std::string_view words, std::string_view before) {
    return accept_spaced(words, before) ||
           (words.size() >= 2 && words.size() <= 12 && all_of(words, is_alnum));
}

/// The part in parentheses opening at text[open]: its words, and where it closes; "" if none.
std::string paren_at(std::string_view text, std::size_t open, std::size_t& close) {
    if (open >= text.size() || text[open] != '(')
        return {};
    // Parts are short: look no further than 32 bytes, so that no text is scanned twice over.
    close = text.substr(0, open + 33).find(')', open + 1);
    if (close == std::string_view::npos)
        return {};
    return paren_words(text.substr(open + 1, close - open - 1));
}

/// Whether the letters at text[i] are the first component of another symbol ("S/" in the
/// joint symbol "A/69/913-S/2015/378").
bool starts_symbol(std::string_view text, std::size_t i) {
    std::size_t j = i;
    while (j < text.size() && is_alpha(text[j]))
        ++j;
    return j > i && j < text.size() && text[j] == '/';
}

/// The first component names the organ or body: letters ("A", "CTOC", "UNEP"), letters and a
/// session number ("IDB.43", "PBC.31"), optionally with a part in parentheses ("UNEP(DTIE)",
/// the Parallel Corpus's "UNEP.DTIE_").
bool valid_first(std::string_view first) {
    if (const std::size_t open = first.find('('); open != std::string_view::npos)
        first = trim(first.substr(0, open));
    else if (first.find('_') != std::string_view::npos)
        first = first.substr(0, first.find('.'));
    const std::size_t dot = first.find('.');
    if (dot == std::string_view::npos)
        return all_of(first, is_alpha);
    return all_of(first.substr(0, dot), is_alpha) && all_of(first.substr(dot + 1), is_digit);
}

bool is_trailing_mark(char c) {
    return c == '.' || c == ',' || c == ';' || c == ':';
}

/// One component in canonical form: its base, and the words of its part in parentheses.
struct Component {
    std::string base;
    std::string part;
};

Component parse_component(std::string_view c) {
    c = trim(c);
    Component out;
    if (const std::size_t open = c.find('('); open != std::string_view::npos) {
        out.base = trim(c.substr(0, open));
        const std::size_t close = c.find(')', open);
        out.part = paren_words(c.substr(
            open + 1, close == std::string_view::npos ? std::string_view::npos : close - open - 1));
        if (out.part.empty()) // not a part we can read: keep the text as it is
            out.base = std::string(c);
    } else if (const std::size_t dot = c.find('.'); c.find('_') != std::string_view::npos &&
                                                    dot != std::string_view::npos &&
                                                    c.back() == '_') {
        // The Parallel Corpus's "6._SECT__16_": the first '.' opened the part ('_' after it if a
        // space came first), the last '_' closed it; inside, "__" was ". " and '_' a space.
        out.base = c.substr(0, dot);
        std::string_view inner = c.substr(dot + 1, c.size() - dot - 2);
        while (!inner.empty() && inner.front() == '_')
            inner.remove_prefix(1);
        std::string words;
        for (std::size_t i = 0; i < inner.size(); ++i) {
            if (inner.compare(i, 2, "__") == 0) {
                words += ". ";
                ++i;
            } else {
                words.push_back(inner[i] == '_' ? ' ' : inner[i]);
            }
        }
        out.part = paren_words(words);
    } else {
        // "OZL.PRO_WG_1": dots written as '_'.
        out.base = std::string(c);
        std::replace(out.base.begin(), out.base.end(), '_', '.');
    }
    // "CTOC/COP/WG7/2017/5", as researchers type it, is "CTOC/COP/WG.7/2017/5".
    if (out.base.size() > 2 && out.base.size() <= 5 && out.base.compare(0, 2, "WG") == 0 &&
        all_of(std::string_view(out.base).substr(2), is_digit))
        out.base.insert(2, 1, '.');
    return out;
}

std::string render(const Component& c) {
    if (c.part.empty())
        return c.base;
    const bool spaced = !c.base.empty() && is_digit(c.base.back());
    return c.base + (spaced ? " (" : "(") + c.part + ")";
}

/// A word of a part in parentheses as the UN writes it: "SECT." -> "Sect.", "II" and "29A" kept.
std::string display_word(std::string_view w, bool first) {
    std::string out(w);
    if (is_roman(w) || has_digit(w))
        return out;
    for (std::size_t i = first ? 1 : 0; i < out.size(); ++i)
        out[i] = lower(out[i]);
    return out;
}

} // namespace

std::size_t symbol_length(std::string_view t) {
    const std::size_t n = t.size();
    if (n < 3 || !is_alpha(t[0]))
        return 0;
    std::size_t i = 0, end = 0, components = 0;
    for (;;) {
        const std::size_t start = i;
        while (i < n) {
            const char c = t[i];
            if (is_alnum(c) || c == '_') {
                ++i;
            } else if ((c == '.' || c == '-') && i + 1 < n &&
                       (is_alnum(t[i + 1]) || t[i + 1] == '_') &&
                       !(c == '-' && starts_symbol(t, i + 1))) {
                ++i;
            } else {
                break;
            }
        }
        if (i == start)
            break;
        if (components == 0 && (i >= n || t[i] != '/') && (i >= n || t[i] != '('))
            return 0; // a word, the common case: nothing more to look at
        std::size_t close = 0;
        if (i < n && t[i] == '(') {
            if (const std::string words = paren_at(t, i, close);
                accept_attached(words, t.substr(0, i)))
                i = close + 1;
        }
        ++components;
        end = i;
        if (const std::size_t s = space_at(t, i); s != 0 && i + s < n && t[i + s] == '(') {
            if (const std::string words = paren_at(t, i + s, close);
                accept_spaced(words, t.substr(0, i))) {
                i = close + 1;
                end = i;
            }
        }
        if (i + 1 < n && t[i] == '/' && (is_alnum(t[i + 1]) || t[i + 1] == '_')) {
            ++i;
            continue;
        }
        break;
    }
    if (components < 2 || !valid_first(t.substr(0, t.find('/'))) || !has_digit(t.substr(0, end)))
        return 0;
    return end;
}

bool looks_like_symbol(std::string_view text) {
    text = trim(text);
    while (!text.empty() && is_trailing_mark(text.back()))
        text.remove_suffix(1);
    return !text.empty() && symbol_length(text) == text.size();
}

std::string canonical_symbol(std::string_view symbol) {
    symbol = trim(symbol);
    while (!symbol.empty() &&
           (is_trailing_mark(symbol.back()) || symbol.back() == '/' || symbol.back() == ' '))
        symbol.remove_suffix(1);
    const std::string up = upper(symbol);
    std::string out;
    bool first = true;
    for (const auto part : split(up, '/')) {
        if (!first)
            out.push_back('/');
        first = false;
        out += render(parse_component(part));
    }
    return out;
}

std::string display_symbol(std::string_view symbol) {
    const std::string canonical = canonical_symbol(symbol);
    std::string out;
    bool first_part = true;
    for (const auto part : split(canonical, '/')) {
        if (!first_part)
            out.push_back('/');
        first_part = false;
        const std::size_t open =
            !part.empty() && part.back() == ')' ? part.find('(') : std::string_view::npos;
        std::string base(trim(part.substr(0, open)));
        // Final components and the few others the UN writes in mixed case.
        std::size_t word = 0;
        while (word < base.size() && is_alpha(base[word]))
            ++word;
        const std::string_view head = std::string_view(base).substr(0, word);
        if ((head == "ADD" || head == "CORR" || head == "REV" || head == "AMEND" || head == "SUB" ||
             head == "SUMMARY") &&
            (word == base.size() || base[word] == '.')) {
            for (std::size_t k = 1; k < word; ++k)
                base[k] = lower(base[k]);
        }
        if (const std::size_t ozl = base.find("OZL.PRO"); ozl != std::string::npos)
            base.replace(ozl, 7, "OzL.Pro");
        out += base;
        if (open == std::string_view::npos)
            continue;
        const std::string_view inside = part.substr(open + 1, part.size() - open - 2);
        out += part.substr(base.size(), open - base.size() + 1);
        if (!is_part(inside)) {
            out += inside;
        } else {
            bool first = true;
            for (const auto w : split(inside, ' ')) {
                if (!first)
                    out.push_back(' ');
                out += display_word(w, first);
                first = false;
            }
        }
        out.push_back(')');
    }
    return out;
}

std::string family_of_symbol(std::string_view canonical) {
    const auto parts = split(canonical, '/');
    std::size_t keep = parts.size();
    while (keep > 1) {
        const std::string_view last = parts[keep - 1];
        if (last.rfind("ADD.", 0) == 0 || last.rfind("CORR.", 0) == 0 ||
            last.rfind("REV.", 0) == 0 || last.rfind("AMEND.", 0) == 0 || last == "CORR" ||
            last == "ADD" || last == "REV" || last == "AMEND")
            --keep;
        else
            break;
    }
    std::string out;
    for (std::size_t i = 0; i < keep; ++i) {
        if (i)
            out.push_back('/');
        out.append(parts[i]);
    }
    return out;
}

std::string undated_symbol(std::string_view canonical) {
    if (canonical.rfind("S/RES/", 0) == 0 && canonical.size() > 13 && canonical.back() == ')' &&
        canonical.compare(canonical.size() - 7, 2, " (") == 0 &&
        is_year(canonical.substr(canonical.size() - 5, 4)))
        return std::string(canonical.substr(0, canonical.size() - 7));
    return std::string(canonical);
}

} // namespace ctoc::analysis
