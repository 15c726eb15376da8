#include <ctoc/analysis/markup.h>

#include <algorithm>
#include <array>
#include <cctype>

namespace ctoc::analysis {

namespace {

bool is_ascii_alpha(char c) {
    return std::isalpha(static_cast<unsigned char>(c)) != 0;
}
bool is_ascii_digit(char c) {
    return c >= '0' && c <= '9';
}

// Markup never spans far: bounded look-ahead keeps the clean-up linear on hostile input.
constexpr std::size_t max_tag_length = 256;
constexpr std::size_t max_link_target = 2048;

bool all_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), is_ascii_digit);
}

/// Whether a tag name is one of HTML's (case-insensitive): "<<implantées dans l'espace>>", the
/// guillemets of the UN Parallel Corpus, is text, not a tag.
bool is_html_tag_name(std::string_view name) {
    static constexpr std::array<std::string_view, 40> names{
        "a",      "abbr", "b",   "big",   "blockquote", "br",  "caption", "center",
        "cite",   "code", "col", "dd",    "div",        "dl",  "dt",      "em",
        "font",   "h1",   "h2",  "h3",    "h4",         "h5",  "h6",      "hr",
        "i",      "img",  "li",  "ol",    "p",          "pre", "small",   "span",
        "strong", "sub",  "sup", "table", "td",         "th",  "tr",      "u"};
    if (name.empty() || name.size() > 10)
        return false;
    std::string lower(name);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return std::find(names.begin(), names.end(), lower) != names.end() || lower == "ul" ||
           lower == "tbody" || lower == "thead";
}

/// If raw[i] starts an HTML tag, returns its length, else 0.
std::size_t html_tag_length(std::string_view raw, std::size_t i) {
    if (i > 0 && raw[i - 1] == '<')
        return 0; // "<<": guillemets
    std::size_t j = i + 1;
    if (j < raw.size() && raw[j] == '/')
        ++j;
    if (j >= raw.size() || !is_ascii_alpha(raw[j]))
        return 0;
    std::size_t name_end = j;
    while (name_end < raw.size() &&
           (is_ascii_alpha(raw[name_end]) || is_ascii_digit(raw[name_end])))
        ++name_end;
    if (!is_html_tag_name(raw.substr(j, name_end - j)) ||
        (name_end < raw.size() && raw[name_end] != '>' && raw[name_end] != ' ' &&
         raw[name_end] != '/' && raw[name_end] != '\t'))
        return 0;
    const std::size_t end = std::min(raw.size(), i + max_tag_length);
    for (; j < end; ++j) {
        if (raw[j] == '>')
            return j - i + 1;
        if (raw[j] == '<' || raw[j] == '\n')
            return 0;
    }
    return 0;
}

std::string_view tag_name(std::string_view tag) {
    std::size_t b = 1;
    if (b < tag.size() && tag[b] == '/')
        ++b;
    std::size_t e = b;
    while (e < tag.size() && is_ascii_alpha(tag[e]))
        ++e;
    return tag.substr(b, e - b);
}

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

struct Entity {
    std::string_view name;
    std::string_view text;
};
constexpr std::array<Entity, 8> entities{{{"&amp;", "&"},
                                          {"&lt;", "<"},
                                          {"&gt;", ">"},
                                          {"&quot;", "\""},
                                          {"&#39;", "'"},
                                          {"&apos;", "'"},
                                          {"&nbsp;", "\xC2\xA0"},
                                          {"&#160;", "\xC2\xA0"}}};

/// Superscript content: letters are an ordinal suffix to keep ("1<sup>er</sup>"),
/// digits and stars a footnote marker to drop.
void append_superscript(std::string& out, std::string_view content) {
    if (all_digits(content) || content.find_first_not_of("*0123456789, ") == std::string_view::npos)
        return;
    out.append(content);
}

/// Whether clean_markup's loop must look at c: a line's end, or a byte its switch handles.
bool may_start_markup(char c) {
    switch (c) {
    case '\n':
    case '\r':
    case '*':
    case '\\':
    case '[':
    case ']':
    case '^':
    case '<':
    case '&':
        return true;
    default:
        return false;
    }
}

} // namespace

std::string clean_markup(std::string_view raw) {
    std::string out;
    out.reserve(raw.size());
    bool line_start = true;
    std::size_t i = 0;
    while (i < raw.size()) {
        const char c = raw[i];
        if (line_start) {
            // A heading's '#' marks, after any indentation.
            std::size_t j = i;
            while (j < raw.size() && (raw[j] == ' ' || raw[j] == '\t'))
                ++j;
            std::size_t k = j;
            while (k < raw.size() && raw[k] == '#')
                ++k;
            if (k > j && (k == raw.size() || raw[k] == ' ' || raw[k] == '\n' || raw[k] == '\r')) {
                i = k < raw.size() && raw[k] == ' ' ? k + 1 : k;
                line_start = false;
                continue;
            }
            line_start = false;
        }
        switch (c) {
        case '\n':
            // Drop the markdown hard-break spaces that end a line.
            while (!out.empty() && out.back() == ' ')
                out.pop_back();
            out.push_back('\n');
            line_start = true;
            ++i;
            continue;
        case '\r':
            ++i;
            continue;
        case '*':
            // Emphasis or a footnote marker: never text.
            ++i;
            continue;
        case '\\':
            if (i + 1 < raw.size() && std::ispunct(static_cast<unsigned char>(raw[i + 1]))) {
                if (raw[i + 1] != '*')
                    out.push_back(raw[i + 1]);
                i += 2;
                continue;
            }
            break;
        case '[':
            // Keep a link's text, drop its brackets.
            ++i;
            continue;
        case ']':
            if (i + 1 < raw.size() && raw[i + 1] == '(') {
                const std::size_t limit = std::min(raw.size(), i + 2 + max_link_target);
                std::size_t j = i + 2;
                while (j < limit && raw[j] != ')' && raw[j] != '\n')
                    ++j;
                if (j < limit && raw[j] == ')') {
                    i = j + 1;
                    continue;
                }
            }
            ++i;
            continue;
        case '^':
            if (i + 1 < raw.size() && raw[i + 1] == '{') {
                const std::size_t close = raw.find('}', i + 2);
                if (close != std::string_view::npos && close - i <= max_tag_length) {
                    append_superscript(out, raw.substr(i + 2, close - i - 2));
                    i = close + 1;
                    continue;
                }
            }
            break;
        case '<':
            if (const std::size_t len = html_tag_length(raw, i); len != 0) {
                const std::string_view tag = raw.substr(i, len);
                const std::string_view name = tag_name(tag);
                if (tag[1] != '/' && (iequals(name, "sup") || iequals(name, "sub"))) {
                    // Look for the matching close tag to decide what the superscript is.
                    const std::size_t body = i + len;
                    const std::size_t close = raw.find("</", body);
                    if (close != std::string_view::npos && close - body <= max_tag_length) {
                        const std::size_t close_len = html_tag_length(raw, close);
                        if (close_len != 0 &&
                            iequals(tag_name(raw.substr(close, close_len)), name)) {
                            append_superscript(out, raw.substr(body, close - body));
                            i = close + close_len;
                            continue;
                        }
                    }
                }
                if (iequals(name, "br") || iequals(name, "p") || iequals(name, "div") ||
                    iequals(name, "td") || iequals(name, "th") || iequals(name, "li"))
                    out.push_back(' ');
                i += len;
                continue;
            }
            break;
        case '&': {
            bool replaced = false;
            for (const auto& e : entities) {
                if (raw.substr(i, e.name.size()) == e.name) {
                    out.append(e.text);
                    i += e.name.size();
                    replaced = true;
                    break;
                }
            }
            if (replaced)
                continue;
            break;
        }
        default:
            break;
        }
        // c is text, and so are the bytes after it up to the next one markup may start with:
        // appended at once (a byte at a time, clean_markup cost a single-threaded build 2.4% of its
        // instructions; 0.6% so).
        std::size_t j = i + 1;
        while (j < raw.size() && !may_start_markup(raw[j]))
            ++j;
        out.append(raw, i, j - i);
        i = j;
    }
    while (!out.empty() && out.back() == ' ')
        out.pop_back();
    return out;
}

} // namespace ctoc::analysis
