#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace ctoc::search {

/// When output is coloured (--color).
enum class ColorMode { automatic, always, never };

/// Reads --color's value: "auto", "always" or "never"; throws std::invalid_argument naming the
/// choices for anything else.
ColorMode parse_color_mode(const std::string& value);

/// Whether output written to fd is coloured: always, never, or (automatic) when fd is a
/// terminal, $NO_COLOR is unset or empty (no-color.org) and $TERM is not "dumb".
bool use_color(ColorMode mode, int fd);

/// The columns to wrap output written to fd to: 0 (no wrapping) unless fd is a terminal; then
/// $COLUMNS when it is a number, else the terminal's width, else 80.
std::size_t wrap_width(int fd);

/// Columns text takes on a terminal: its SGR sequences ("\033[1m") none, each code point
/// analysis::column_width. The text is valid UTF-8 (analysis::terminal_text).
std::size_t text_columns(std::string_view text);

/// Lays out one line of text for a terminal `width` columns wide: first written as it is, then
/// the text broken at spaces into lines of at most width columns, the lines after the first
/// starting with `indent` spaces (a hanging indent); a word longer than a line is cut. SGR
/// sequences take no room and are never cut. Lines are joined by "\n", without a final one.
/// width 0: first + text, unbroken.
std::string wrap(std::string_view text, std::size_t width, std::string_view first = {},
                 std::size_t indent = 0);

} // namespace ctoc::search
