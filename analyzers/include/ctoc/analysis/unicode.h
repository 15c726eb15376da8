#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace ctoc::analysis {

/// Counts the invalid UTF-8 sequences in text (0 for valid UTF-8).
std::size_t count_invalid_utf8(std::string_view text);

/// Invalid sequences and valid multi-byte characters of UTF-8 text.
struct Utf8Stats {
    std::size_t invalid = 0;
    std::size_t multibyte = 0;

    /// Mostly bad non-ASCII: another encoding (Latin-1...), not damaged UTF-8.
    bool another_encoding() const { return invalid >= 2 && invalid > multibyte; }
};

/// Counts what a text's non-ASCII bytes are: many invalid and few valid means another encoding.
Utf8Stats utf8_stats(std::string_view text);

/// Copies text, replacing each invalid UTF-8 sequence with U+FFFD.
std::string repair_utf8(std::string_view text);

/// Text in another encoding as UTF-16, by ICU's converter of that name ("UTF-16LE",
/// "windows-1252"); a byte sequence with no character in it becomes U+FFFD, counted in
/// replaced. Throws std::runtime_error for an encoding ICU does not know.
std::u16string convert_to_utf16(std::string_view bytes, const char* encoding,
                                std::size_t& replaced);

/// The same as UTF-8.
std::string convert_to_utf8(std::string_view bytes, const char* encoding, std::size_t& replaced);

/// Copies text, writing each byte that is not UTF-8 as the text \xHH: valid UTF-8 that still
/// tells the bytes (a file name on Linux is bytes), for JSON and CSV.
std::string escape_invalid_utf8(std::string_view text);

/// Text safe to print on a terminal: tab and line breaks become spaces; other control
/// characters (escape sequences, the bell, C1 controls), bidirectional overrides and bytes
/// that are not UTF-8 show as \xHH or \uHHHH.
std::string terminal_text(std::string_view text);

/// Columns a terminal gives one code point: 2 for East Asian wide and fullwidth characters,
/// 0 for combining marks and format characters (zero-width joiner...), else 1.
std::size_t column_width(char32_t c);

/// Unicode NFC normalization of valid UTF-8 ("e" + U+0301 -> "é").
std::string to_nfc(std::string_view text);

/// Appends the case-folded form of one code point ("É" -> "é").
void append_case_folded(std::string& out, char32_t c);

/// Appends the case- and accent-folded form of one code point ("É" -> "e", "œ" -> "oe").
void append_accent_folded(std::string& out, char32_t c);

/// Case- and accent-folds UTF-8 text ("États" -> "etats").
std::string fold(std::string_view text);

/// Case-folds UTF-8 text, keeping accents ("États" -> "états").
std::string case_fold(std::string_view text);

/// Appends one code point as UTF-8.
void append_utf8(std::string& out, char32_t c);

/// Decodes the code point at text[i] and moves i past it; a sequence that is not UTF-8 gives
/// U+FFFD and moves i past it, so that junk never stalls or overruns. i < text.size().
char32_t next_code_point(std::string_view text, std::size_t& i);

/// Whether a code point separates words as a space does: Unicode white space (tab, line
/// breaks, no-break and narrow no-break spaces, the typographic spaces) and the zero-width space.
/// The ASCII ones (tab to carriage return, the space) inline; the others through ICU.
bool is_space_beyond_ascii(char32_t c);
inline bool is_space(char32_t c) {
    if (c < 0x80)
        return c == U' ' || (c >= U'\t' && c <= U'\r');
    return is_space_beyond_ascii(c);
}

/// Whether a code point is an apostrophe: ', U+2019 (typographic), U+02BC, U+2018 (a
/// left quote typed for one). The analyzer elides articles at any of them. Inline: it is
/// asked of every character the analyzer reads.
inline bool is_apostrophe(char32_t c) {
    return c == U'\'' || c == U'\u2019' || c == U'\u02BC' || c == U'\u2018';
}

/// Whether a code point is an upper-case letter ("É", "A"): one its case folding changes.
bool is_upper(char32_t c);

/// The ASCII form of typographic punctuation: apostrophes (is_apostrophe) give ', hyphens
/// and dashes (U+2010 to U+2015, minus U+2212) give -, French and English double quotes
/// give "; any other code point is returned unchanged.
char32_t plain_punctuation(char32_t c);

} // namespace ctoc::analysis
