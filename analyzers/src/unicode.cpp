#include <ctoc/analysis/unicode.h>

#include <cstdio>

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <array>
#include <atomic>
#include <cstdint>
#include <cstring>
#include <stdexcept>

namespace ctoc::analysis {

namespace {

/// Code points below this bound get their folded forms from a table, each entry computed on
/// first use (building all 8,192 at start-up cost a short search a third of its time).
constexpr char32_t table_size = 0x2000;

std::string strip_marks(const icu::Normalizer2& nfd, char32_t c) {
    // Ligatures and letters that do not decompose in Unicode.
    switch (c) {
    case U'œ':
        return "oe";
    case U'æ':
        return "ae";
    case U'ß':
        return "ss";
    case U'ø':
        return "o";
    case U'ł':
        return "l";
    case U'đ':
        return "d";
    case U'ı':
        return "i";
    default:
        break;
    }
    icu::UnicodeString decomposition;
    std::string out;
    if (!nfd.getDecomposition(static_cast<UChar32>(c), decomposition)) {
        append_utf8(out, c);
        return out;
    }
    for (int32_t i = 0; i < decomposition.length();) {
        const UChar32 d = decomposition.char32At(i);
        i += U16_LENGTH(d);
        if (u_charType(d) != U_NON_SPACING_MARK)
            append_utf8(out, static_cast<char32_t>(d));
    }
    return out;
}

/// The folded form of c: case folded, and without its marks when strip is true.
std::string folded_form(char32_t c, bool strip) {
    const auto lower =
        static_cast<char32_t>(u_foldCase(static_cast<UChar32>(c), U_FOLD_CASE_DEFAULT));
    if (!strip) {
        std::string out;
        append_utf8(out, lower);
        return out;
    }
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
    if (U_FAILURE(status))
        throw std::runtime_error("ICU: cannot load the NFD normalizer");
    return strip_marks(*nfd, lower);
}

/// Appends c's folded form from a table shared by every thread without a lock. An entry packs
/// the form in one word (byte 0 its length + 1, 0 while unknown; bytes 1-7 its UTF-8), written
/// whole, so two threads filling one write the same value. The tables are zero in .bss: a
/// process pays only for the pages of the characters it meets (a table of std::string cost
/// every short search 512 KiB of constructors and destructors).
template <bool Strip> void append_folded(std::string& out, char32_t c) {
    static std::array<std::atomic<std::uint64_t>, table_size> table{};
    constexpr unsigned char long_form = 0xFF; // over 7 bytes: computed each time (none in French)
    std::uint64_t packed = table[c].load(std::memory_order_relaxed);
    if (packed == 0) {
        const std::string form = folded_form(c, Strip);
        unsigned char bytes[sizeof packed] = {long_form};
        if (form.size() < sizeof packed) {
            bytes[0] = static_cast<unsigned char>(form.size() + 1);
            std::memcpy(bytes + 1, form.data(), form.size());
        }
        std::memcpy(&packed, bytes, sizeof packed);
        table[c].store(packed, std::memory_order_relaxed);
    }
    unsigned char bytes[sizeof packed];
    std::memcpy(bytes, &packed, sizeof packed);
    if (bytes[0] == long_form)
        out += folded_form(c, Strip);
    else
        out.append(reinterpret_cast<const char*>(bytes + 1), bytes[0] - 1U);
}

template <typename Append> std::string fold_with(std::string_view text, Append append) {
    std::string out;
    out.reserve(text.size());
    int32_t i = 0;
    const auto* s = reinterpret_cast<const uint8_t*>(text.data());
    const auto n = static_cast<int32_t>(text.size());
    while (i < n) {
        UChar32 c;
        U8_NEXT(s, i, n, c);
        if (c < 0)
            c = 0xFFFD;
        append(out, static_cast<char32_t>(c));
    }
    return out;
}

} // namespace

void append_utf8(std::string& out, char32_t c) {
    if (c < 0x80) {
        out.push_back(static_cast<char>(c));
    } else if (c < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (c >> 6)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (c >> 12)));
        out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (c >> 18)));
        out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
}

std::size_t count_invalid_utf8(std::string_view text) {
    return utf8_stats(text).invalid;
}

Utf8Stats utf8_stats(std::string_view text) {
    Utf8Stats stats;
    int32_t i = 0;
    const auto* s = reinterpret_cast<const uint8_t*>(text.data());
    const auto n = static_cast<int32_t>(text.size());
    while (i < n) {
        // ASCII eight bytes at a time: a file is read through here twice before its analysis.
        std::uint64_t eight = 0;
        if (n - i >= 8 && (std::memcpy(&eight, s + i, 8), (eight & 0x8080808080808080u) == 0)) {
            i += 8;
            continue;
        }
        if (s[i] < 0x80) {
            ++i;
            continue;
        }
        UChar32 c;
        U8_NEXT(s, i, n, c);
        if (c < 0)
            ++stats.invalid;
        else
            ++stats.multibyte;
    }
    return stats;
}

std::string repair_utf8(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    int32_t i = 0;
    const auto* s = reinterpret_cast<const uint8_t*>(text.data());
    const auto n = static_cast<int32_t>(text.size());
    while (i < n) {
        const int32_t start = i;
        UChar32 c;
        U8_NEXT(s, i, n, c);
        if (c < 0)
            append_utf8(out, 0xFFFD);
        else
            out.append(
                text.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(i - start)));
    }
    return out;
}

namespace {

/// Calls each(code point, bytes) over text; a byte that is not UTF-8 comes alone, as -1.
template <typename F> void for_each_char(std::string_view text, F&& each) {
    const auto* s = reinterpret_cast<const uint8_t*>(text.data());
    const auto n = static_cast<int32_t>(text.size());
    int32_t i = 0;
    while (i < n) {
        const int32_t start = i;
        UChar32 c;
        U8_NEXT(s, i, n, c);
        if (c < 0) {
            for (int32_t k = start; k < i; ++k)
                each(-1, text.substr(static_cast<std::size_t>(k), 1));
        } else {
            each(c,
                 text.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(i - start)));
        }
    }
}

void append_escape(std::string& out, const char* format, unsigned value) {
    char buf[16];
    std::snprintf(buf, sizeof buf, format, value);
    out += buf;
}

} // namespace

std::string escape_invalid_utf8(std::string_view text) {
    if (count_invalid_utf8(text) == 0)
        return std::string(text);
    std::string out;
    for_each_char(text, [&](UChar32 c, std::string_view bytes) {
        if (c < 0)
            append_escape(out, "\\x%02X", static_cast<unsigned char>(bytes.front()));
        else
            out += bytes;
    });
    return out;
}

std::string terminal_text(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    const auto each = [&](UChar32 c, std::string_view bytes) {
        if (c < 0)
            append_escape(out, "\\x%02X", static_cast<unsigned char>(bytes.front()));
        else if (c == '\n' || c == '\r' || c == '\t')
            out += ' ';
        else if (c < 0x20 || c == 0x7F)
            append_escape(out, "\\x%02X", static_cast<unsigned>(c));
        else if ((c >= 0x80 && c <= 0x9F) || (c >= 0x202A && c <= 0x202E) ||
                 (c >= 0x2066 && c <= 0x2069))
            append_escape(out, "\\u%04X", static_cast<unsigned>(c));
        else
            out += bytes;
    };
    // Runs of printable ASCII, most of any text, go out whole; the rest a character at a time.
    // (No byte of a multi-byte UTF-8 sequence is ASCII, so a run never splits a character.)
    const auto plain = [](char c) { return c >= 0x20 && c < 0x7F; };
    for (std::size_t i = 0; i < text.size();) {
        std::size_t end = i;
        while (end < text.size() && plain(text[end]))
            ++end;
        out.append(text.substr(i, end - i));
        i = end;
        while (end < text.size() && !plain(text[end]))
            ++end;
        for_each_char(text.substr(i, end - i), each);
        i = end;
    }
    return out;
}

std::size_t column_width(char32_t c) {
    const auto cp = static_cast<UChar32>(c);
    const auto category = static_cast<UCharCategory>(u_charType(cp));
    if (category == U_NON_SPACING_MARK || category == U_ENCLOSING_MARK || category == U_FORMAT_CHAR)
        return 0;
    const auto east_asian =
        static_cast<UEastAsianWidth>(u_getIntPropertyValue(cp, UCHAR_EAST_ASIAN_WIDTH));
    return east_asian == U_EA_WIDE || east_asian == U_EA_FULLWIDTH ? 2 : 1;
}

std::string to_nfc(std::string_view text) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
    if (U_FAILURE(status))
        throw std::runtime_error("ICU: cannot load the NFC normalizer");
    const icu::StringPiece piece(text.data(), static_cast<int32_t>(text.size()));
    if (nfc->isNormalizedUTF8(piece, status) && U_SUCCESS(status))
        return std::string(text);
    status = U_ZERO_ERROR;
    std::string out;
    icu::StringByteSink<std::string> sink(&out, static_cast<int32_t>(text.size()));
    nfc->normalizeUTF8(0, piece, sink, nullptr, status);
    if (U_FAILURE(status))
        return std::string(text);
    return out;
}

void append_case_folded(std::string& out, char32_t c) {
    if (c < 0x80) {
        out.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c));
    } else if (c < table_size) {
        append_folded<false>(out, c);
    } else {
        append_utf8(
            out, static_cast<char32_t>(u_foldCase(static_cast<UChar32>(c), U_FOLD_CASE_DEFAULT)));
    }
}

void append_accent_folded(std::string& out, char32_t c) {
    if (c < 0x80) {
        out.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c));
    } else if (c < table_size) {
        append_folded<true>(out, c);
    } else {
        append_utf8(
            out, static_cast<char32_t>(u_foldCase(static_cast<UChar32>(c), U_FOLD_CASE_DEFAULT)));
    }
}

std::string fold(std::string_view text) {
    return fold_with(text, append_accent_folded);
}

std::string case_fold(std::string_view text) {
    return fold_with(text, append_case_folded);
}

char32_t next_code_point(std::string_view text, std::size_t& i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x80) {
        ++i;
        return byte;
    }
    auto j = static_cast<int32_t>(i);
    UChar32 c;
    U8_NEXT(reinterpret_cast<const uint8_t*>(text.data()), j, static_cast<int32_t>(text.size()), c);
    i = static_cast<std::size_t>(j);
    return c < 0 ? U'\uFFFD' : static_cast<char32_t>(c);
}

bool is_space_beyond_ascii(char32_t c) {
    return c == U'\u200B' || u_isUWhiteSpace(static_cast<UChar32>(c));
}

bool is_upper(char32_t c) {
    return c != static_cast<char32_t>(u_foldCase(static_cast<UChar32>(c), U_FOLD_CASE_DEFAULT));
}

char32_t plain_punctuation(char32_t c) {
    if (c < 0x80)
        return c;
    if (is_apostrophe(c))
        return U'\'';
    if ((c >= U'\u2010' && c <= U'\u2015') || c == U'\u2212')
        return U'-';
    if (c == U'«' || c == U'»' || c == U'\u201C' || c == U'\u201D')
        return U'"';
    return c;
}

} // namespace ctoc::analysis
