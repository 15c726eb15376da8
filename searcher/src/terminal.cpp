// Line wrapping for the terminal, hand-written: the Debian libraries that wrap text (ICU's
// BreakIterator, fmt) neither skip our SGR sequences nor make a hanging indent, and the
// output's words are already split by spaces (terminal_text made every other control visible).
#include <ctoc/search/terminal.h>

#include <ctoc/analysis/unicode.h>

#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdlib>
#include <stdexcept>
#include <vector>

namespace ctoc::search {

namespace {

/// Length of the SGR sequence at text[at] ("\033[...m"), 0 if there is none.
std::size_t sgr_length(std::string_view text, std::size_t at) {
    if (at + 1 >= text.size() || text[at] != '\033' || text[at + 1] != '[')
        return 0;
    const std::size_t end = text.find('m', at + 2);
    return end == std::string_view::npos ? 0 : end - at + 1;
}

/// Length of the UTF-8 sequence whose first byte is c (1 for a stray byte).
std::size_t utf8_length(unsigned char c) {
    if (c >= 0xF0 && c < 0xF8)
        return 4;
    if (c >= 0xE0)
        return c < 0xF0 ? 3 : 1;
    if (c >= 0xC0)
        return 2;
    return 1;
}

/// The code point of the UTF-8 sequence `bytes` (as utf8_length measured it).
char32_t decode(std::string_view bytes) {
    const auto b = [&](std::size_t k) {
        return static_cast<char32_t>(static_cast<unsigned char>(bytes[k]));
    };
    switch (bytes.size()) {
    case 2:
        return ((b(0) & 0x1F) << 6) | (b(1) & 0x3F);
    case 3:
        return ((b(0) & 0x0F) << 12) | ((b(1) & 0x3F) << 6) | (b(2) & 0x3F);
    case 4:
        return ((b(0) & 0x07) << 18) | ((b(1) & 0x3F) << 12) | ((b(2) & 0x3F) << 6) | (b(3) & 0x3F);
    default:
        return b(0);
    }
}

/// Calls each(bytes, columns) for every SGR sequence (0 columns) and code point of text.
template <typename F> void for_each_unit(std::string_view text, F&& each) {
    for (std::size_t at = 0; at < text.size();) {
        std::size_t length = sgr_length(text, at);
        if (length != 0) {
            each(text.substr(at, length), std::size_t{0});
        } else {
            length = std::min(utf8_length(static_cast<unsigned char>(text[at])), text.size() - at);
            const std::string_view bytes = text.substr(at, length);
            each(bytes, analysis::column_width(decode(bytes)));
        }
        at += length;
    }
}

} // namespace

ColorMode parse_color_mode(const std::string& value) {
    if (value == "auto")
        return ColorMode::automatic;
    if (value == "always")
        return ColorMode::always;
    if (value == "never")
        return ColorMode::never;
    throw std::invalid_argument("invalid --color '" + value + "' (choose auto, always or never)");
}

bool use_color(ColorMode mode, int fd) {
    if (mode != ColorMode::automatic)
        return mode == ColorMode::always;
    const char* no_color = std::getenv("NO_COLOR");
    const char* term = std::getenv("TERM");
    return ::isatty(fd) != 0 && (no_color == nullptr || *no_color == '\0') &&
           (term == nullptr || std::string_view(term) != "dumb");
}

std::size_t wrap_width(int fd) {
    if (::isatty(fd) == 0)
        return 0;
    if (const char* columns = std::getenv("COLUMNS"); columns != nullptr && *columns != '\0') {
        char* end = nullptr;
        const long n = std::strtol(columns, &end, 10);
        if (*end == '\0' && n > 0 && n < 10000)
            return static_cast<std::size_t>(n);
    }
    winsize size{};
    if (::ioctl(fd, TIOCGWINSZ, &size) == 0 && size.ws_col > 0)
        return size.ws_col;
    return 80;
}

std::size_t text_columns(std::string_view text) {
    std::size_t columns = 0;
    for_each_unit(text, [&](std::string_view, std::size_t w) { columns += w; });
    return columns;
}

std::string wrap(std::string_view text, std::size_t width, std::string_view first,
                 std::size_t indent) {
    std::string out(first);
    if (width == 0)
        return out.append(text);
    // A hanging indent that leaves no room for text would never end.
    indent = std::min(indent, width / 2);
    std::size_t column = text_columns(first);
    bool line_has_text = false;
    const auto new_line = [&] {
        out += '\n';
        out.append(indent, ' ');
        column = indent;
        line_has_text = false;
    };
    for (std::size_t at = 0; at < text.size();) {
        // The next word, with the spaces before it.
        const std::size_t word_at = std::min(text.find_first_not_of(' ', at), text.size());
        const std::size_t gap = word_at - at;
        const std::size_t end = std::min(text.find(' ', word_at), text.size());
        const std::string_view word = text.substr(word_at, end - word_at);
        at = end;
        if (word.empty())
            break; // trailing spaces
        // Spaces are kept between words, and at the start of the text, not at a line break.
        const std::size_t spaces = line_has_text || out.empty() ? gap : 0;
        const std::size_t columns = text_columns(word);
        if (column + spaces + columns <= width) {
            out.append(spaces, ' ');
            out.append(word);
            column += spaces + columns;
            line_has_text = true;
            continue;
        }
        if (line_has_text)
            new_line();
        // Longer than a whole line: cut it where the line ends.
        for_each_unit(word, [&](std::string_view bytes, std::size_t w) {
            if (column + w > width && line_has_text)
                new_line();
            out.append(bytes);
            column += w;
            line_has_text = line_has_text || w > 0;
        });
    }
    return out;
}

} // namespace ctoc::search
