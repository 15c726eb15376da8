#include <ctoc/analysis/analyzer.h>

#include <ctoc/analysis/markup.h>
#include <ctoc/analysis/stopwords.h>
#include <ctoc/analysis/unicode.h>

#include <unicode/uchar.h>

#include <algorithm>
#include <array>
#include <cctype>

namespace ctoc::analysis {

namespace {

struct CodePoint {
    char32_t c;
    std::size_t length;
};

CodePoint decode(std::string_view text, std::size_t i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x80)
        return {byte, 1};
    std::size_t next = i;
    const char32_t c = next_code_point(text, next);
    return {c, next - i};
}

/// is_word_char beyond ASCII: a call into ICU, kept out of line so that the ASCII test is
/// inlined into the loops (it is asked of every character of every document).
[[gnu::noinline]] bool is_word_char_beyond_ascii(char32_t c) {
    if (c == 0xFFFD || is_apostrophe(c))
        return false;
    if (u_isalnum(static_cast<UChar32>(c)))
        return true;
    const auto type = u_charType(static_cast<UChar32>(c));
    return type == U_NON_SPACING_MARK || type == U_COMBINING_SPACING_MARK;
}

inline bool is_word_char(char32_t c) {
    if (c < 0x80)
        return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
    return is_word_char_beyond_ascii(c);
}

bool is_digit(char32_t c) {
    return c >= '0' && c <= '9';
}

bool is_hyphen(char32_t c) {
    return c == U'-' || c == U'\u2010' || c == U'\u2011';
}

/// Spaces that may separate French thousands groups: "10 000".
bool is_group_space(char32_t c) {
    return c == U' ' || c == U'\u00A0' || c == U'\u202F' || c == U'\u2009';
}

/// Whether a connector may join the characters around it into one chunk.
bool is_connector(char32_t c) {
    return is_apostrophe(c) || is_hyphen(c) || c == U'/' || c == U'.' || c == U',';
}

// French elided articles and conjunctions, folded: "l'", "qu'", "jusqu'"...
constexpr std::array<std::string_view, 14> elisions{
    "c", "d", "j", "l", "m", "n", "s", "t", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu", "quelqu"};

bool is_elision(std::string_view folded) {
    return std::find(elisions.begin(), elisions.end(), folded) != elisions.end();
}

bool has_digit(std::string_view s) {
    return std::any_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool all_digits(std::string_view s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
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

/// Finds the end of the chunk of word characters and connectors starting at i.
std::size_t chunk_end(std::string_view text, std::size_t i) {
    const std::size_t n = text.size();
    bool digits_only = true;      // current group is digits only
    std::size_t group_digits = 0; // length of the current digit group
    bool numeric_chunk = true;    // chunk so far is digit groups ("10 000")
    std::size_t groups = 0;
    while (i < n) {
        const CodePoint cp = decode(text, i);
        if (is_word_char(cp.c)) {
            if (is_digit(cp.c)) {
                ++group_digits;
            } else {
                digits_only = false;
                numeric_chunk = false;
            }
            i += cp.length;
            continue;
        }
        if (i + cp.length >= n)
            break;
        const CodePoint next = decode(text, i + cp.length);
        if (is_connector(cp.c) && is_word_char(next.c)) {
            // A comma only joins the digits of a decimal number: "3,5".
            if (cp.c == U',' && !(digits_only && group_digits > 0 && is_digit(next.c)))
                break;
            numeric_chunk = false;
            digits_only = cp.c == U',' ? digits_only : true;
            group_digits = 0;
            i += cp.length;
            continue;
        }
        // French thousands: a group of 1-3 digits, a space, exactly 3 digits.
        if (is_group_space(cp.c) && numeric_chunk && digits_only &&
            ((groups == 0 && group_digits >= 1 && group_digits <= 3) ||
             (groups > 0 && group_digits == 3))) {
            std::size_t j = i + cp.length;
            std::size_t k = 0;
            while (j < n && k < 4 && is_digit(static_cast<unsigned char>(text[j]))) {
                ++j;
                ++k;
            }
            if (k == 3 && (j >= n || !is_word_char(decode(text, j).c))) {
                ++groups;
                group_digits = 0;
                i += cp.length;
                continue;
            }
        }
        break;
    }
    return i;
}

/// The elided article or conjunction a chunk starts with, folded and with its apostrophe
/// ("l'" of "L'application"), when a word follows; "" otherwise. length: its bytes in chunk,
/// apostrophe included.
std::string elided_article(std::string_view chunk, std::size_t& length) {
    for (std::size_t i = 0; i < chunk.size() && i <= 7;) {
        const CodePoint cp = decode(chunk, i);
        if (is_apostrophe(cp.c)) {
            if (i > 0 && i + cp.length < chunk.size()) {
                std::string folded = fold(chunk.substr(0, i));
                if (is_elision(folded)) {
                    length = i + cp.length;
                    return std::move(folded) + "'";
                }
            }
            return {};
        }
        if (!is_word_char(cp.c))
            return {};
        i += cp.length;
    }
    return {};
}

/// False when chunk holds no hyphen for sure: no '-', and no 0xE2, the first byte of U+2010
/// and U+2011 (most words: they skip hyphen_parts and its allocation).
bool may_hold_hyphen(std::string_view chunk) {
    return chunk.find_first_of("-\xE2") != std::string_view::npos;
}

/// The [begin, end) byte ranges of a chunk's parts between hyphens (one part when none).
std::vector<std::pair<std::size_t, std::size_t>> hyphen_parts(std::string_view chunk) {
    std::vector<std::pair<std::size_t, std::size_t>> parts;
    for (std::size_t i = 0, part_begin = 0; i <= chunk.size();) {
        if (i == chunk.size()) {
            parts.emplace_back(part_begin, i);
            break;
        }
        const CodePoint cp = decode(chunk, i);
        if (is_hyphen(cp.c)) {
            parts.emplace_back(part_begin, i);
            part_begin = i + cp.length;
        }
        i += cp.length;
    }
    return parts;
}

/// The token of the UN symbol text[begin, end): its canonical form in lower case.
Token symbol_token(std::string_view text, std::size_t begin, std::size_t end,
                   std::uint32_t position) {
    Token t;
    t.term = canonical_symbol(text.substr(begin, end - begin));
    std::transform(t.term.begin(), t.term.end(), t.term.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    t.kind = TokenKind::symbol;
    t.position = position;
    t.begin = static_cast<std::uint32_t>(begin);
    t.end = static_cast<std::uint32_t>(end);
    return t;
}

} // namespace

std::string prepare_text(std::string_view raw) {
    const std::string repaired = count_invalid_utf8(raw) == 0 ? std::string(raw) : repair_utf8(raw);
    return to_nfc(clean_markup(repaired));
}

Analyzer::Analyzer(AnalyzerOptions options)
    : m_options(options), m_stemmer("french"), m_cache(options.stem_cache_size) {}

std::string Analyzer::stem_of(const std::string& exact) {
    if (const auto cached = m_cache.find(exact))
        return std::string(*cached);
    // The Snowball French stemmer expects accents: stem first, fold after.
    std::string stem = fold(m_stemmer(exact));
    m_cache.insert(exact, stem);
    return stem;
}

void Analyzer::emit_word(std::string_view text, std::size_t begin, std::size_t end,
                         std::vector<Token>& out, std::uint32_t position, TokenRole role) {
    const std::string_view raw = text.substr(begin, end - begin);
    if (raw.empty() || raw.size() > m_options.max_term_bytes)
        return;
    // Made in place: a token moved into out cost a tenth of the analysis.
    Token& t = out.emplace_back();
    t.term.reserve(raw.size());
    if (std::all_of(raw.begin(), raw.end(),
                    [](char c) { return static_cast<unsigned char>(c) < 0x80; })) {
        // Most words are ASCII: copied at once and lowered in place, their exact form the term
        // itself. Thousands separators are not part of the number: "10 000" -> "10000".
        t.term.assign(raw);
        if (raw.find(' ') != std::string_view::npos)
            std::erase(t.term, ' ');
        for (char& c : t.term) {
            if (c >= 'A' && c <= 'Z')
                c = static_cast<char>(c + 32);
        }
    } else {
        t.exact.reserve(raw.size());
        for (std::size_t i = 0; i < raw.size();) {
            const CodePoint cp = decode(raw, i);
            if (is_apostrophe(cp.c)) {
                t.exact.push_back('\'');
                t.term.push_back('\'');
            } else if (is_group_space(cp.c)) {
                // Thousands separators are not part of the number: "10 000" -> "10000".
            } else {
                append_case_folded(t.exact, cp.c);
                append_accent_folded(t.term, cp.c);
            }
            i += cp.length;
        }
    }
    t.position = position;
    t.role = role;
    t.begin = static_cast<std::uint32_t>(begin);
    t.end = static_cast<std::uint32_t>(end);
    if (has_digit(t.term)) {
        t.kind = TokenKind::number;
    } else {
        t.stopword = is_stopword(t.term);
        if (m_options.stem && takes_stem(t.term, t.stopword))
            t.stem = stem_of(t.exact.empty() ? t.term : t.exact);
    }
    // Only words keep their accents in the index: "9ème" is the number "9eme".
    if (t.exact == t.term || t.kind != TokenKind::word)
        t.exact.clear();
}

void Analyzer::emit_slashed(std::string_view text, std::size_t begin, std::size_t end,
                            std::vector<Token>& out, std::uint32_t& position) {
    const std::string_view chunk = text.substr(begin, end - begin);
    // Citation numbers stay whole (symbols were taken whole by analyze()).
    const auto parts = split(chunk, '/');
    if (std::all_of(parts.begin(), parts.end(), all_digits) && chunk.size() <= 32) {
        Token t;
        t.term = std::string(chunk);
        t.kind = parts.size() == 2 ? TokenKind::citation : TokenKind::number;
        t.position = position++;
        t.begin = static_cast<std::uint32_t>(begin);
        t.end = static_cast<std::uint32_t>(end);
        out.push_back(std::move(t));
        return;
    }
    // Anything else with slashes ("et/ou", a URL path) is a sequence of chunks.
    std::size_t b = begin;
    for (const auto part : parts) {
        if (!part.empty())
            emit_chunk(text, b, b + part.size(), out, position);
        b += part.size() + 1;
    }
}

void Analyzer::emit_chunk(std::string_view text, std::size_t begin, std::size_t end,
                          std::vector<Token>& out, std::uint32_t& position) {
    std::string_view chunk = text.substr(begin, end - begin);
    if (chunk.find('/') != std::string_view::npos) {
        emit_slashed(text, begin, end, out, position);
        return;
    }

    // Elision: an apostrophe after an article or conjunction strips it ("l'application"). The
    // article keeps a position of its own before the word, so that a quoted "l'organe" is not
    // "qu'organe"; the word's token carries it.
    std::size_t article_length = 0;
    std::string article = elided_article(chunk, article_length);
    if (!article.empty()) {
        begin += article_length;
        chunk = text.substr(begin, end - begin);
        ++position;
    }
    if (chunk.empty())
        return;
    const std::size_t first_token = out.size();
    const auto attach_article = [&] {
        if (!article.empty() && out.size() > first_token)
            out[first_token].article = std::move(article);
    };

    // Hyphenated words: each part in turn, plus the joined form at the first part's position.
    if (may_hold_hyphen(chunk)) {
        const std::vector<std::pair<std::size_t, std::size_t>> parts = hyphen_parts(chunk);
        if (parts.size() > 1) {
            emit_hyphenated(text, begin, chunk, parts, out, position);
            attach_article();
            return;
        }
    }

    // Dotted forms ("wg.7", "www.unodc.org") stay whole and their parts are findable too.
    emit_word(text, begin, end, out, position);
    add_ordinal_alias(out, position);
    if (chunk.find('.') != std::string_view::npos) {
        std::size_t b = 0;
        for (const auto part : split(chunk, '.')) {
            if (!part.empty() && !all_digits(part) && part.size() < chunk.size())
                emit_word(text, begin + b, begin + b + part.size(), out, position,
                          TokenRole::alias);
            b += part.size() + 1;
        }
    }
    attach_article();
    ++position;
}

void Analyzer::emit_hyphenated(std::string_view text, std::size_t begin, std::string_view chunk,
                               const std::vector<std::pair<std::size_t, std::size_t>>& parts,
                               std::vector<Token>& out, std::uint32_t& position) {
    std::string joined;
    bool number = true;
    for (const auto& [b, e] : parts) {
        const std::string_view part = chunk.substr(b, e - b);
        joined.append(part);
        number = number && is_number_word(fold(part));
    }
    const std::size_t end = begin + chunk.size();
    const std::uint32_t first = position;
    if (number && joined.size() <= m_options.max_term_bytes) {
        // "soixante-neuvième" is one number: a phrase "neuvième session" must not match inside
        // it, so its parts are not indexed; the joined form and its ordinal "69e" are.
        std::vector<Token> one;
        emit_word(std::string_view(joined), 0, joined.size(), one, first, TokenRole::plain);
        for (auto& t : one) {
            t.begin = static_cast<std::uint32_t>(begin);
            t.end = static_cast<std::uint32_t>(end);
            t.stopword = false;
            out.push_back(std::move(t));
            add_ordinal_alias(out, first);
        }
        ++position;
        return;
    }
    for (const auto& [b, e] : parts)
        emit_word(text, begin + b, begin + e, out, position++, TokenRole::part);
    if (joined.size() <= m_options.max_term_bytes) {
        // The joined form ("socioeconomiques") also finds the unhyphenated spelling.
        std::vector<Token> one;
        emit_word(std::string_view(joined), 0, joined.size(), one, first, TokenRole::joined);
        for (auto& t : one) {
            t.begin = static_cast<std::uint32_t>(begin);
            t.end = static_cast<std::uint32_t>(end);
            t.stopword = false;
            out.push_back(std::move(t));
            add_ordinal_alias(out, first); // "vingt-deuxième" is the 22e
        }
    }
}

void Analyzer::add_ordinal_alias(std::vector<Token>& out, std::uint32_t position) {
    if (out.empty() || out.back().position != position)
        return;
    const Token& word = out.back();
    std::string common = ordinal_term(word.term);
    if (common.empty())
        return;
    Token alias;
    alias.term = std::move(common);
    alias.kind = TokenKind::number;
    alias.role = TokenRole::ordinal;
    alias.position = position;
    alias.begin = word.begin;
    alias.end = word.end;
    out.push_back(std::move(alias));
}

std::uint32_t Analyzer::analyze(std::string_view text, std::vector<Token>& out,
                                std::uint32_t first_position) {
    std::uint32_t position = first_position;
    std::size_t i = 0;
    const std::size_t n = text.size();
    while (i < n) {
        const CodePoint cp = decode(text, i);
        if (cp.c == U'\t') {
            position += m_options.cell_gap;
            ++i;
            continue;
        }
        if (!is_word_char(cp.c)) {
            i += cp.length;
            continue;
        }
        // A UN symbol stays whole, with its parts in parentheses: "A/70/6 (Sect. 16)".
        if (const std::size_t length = symbol_length(text.substr(i));
            length != 0 && length <= m_options.max_symbol_bytes) {
            out.push_back(symbol_token(text, i, i + length, position++));
            i += length;
            continue;
        }
        std::size_t end = chunk_end(text, i);
        // "15 %" and "15%" are one token.
        std::size_t percent_end = end;
        if (is_digit(decode(text, end - 1).c)) {
            std::size_t j = end;
            if (j < n) {
                const CodePoint sp = decode(text, j);
                if (is_group_space(sp.c))
                    j += sp.length;
            }
            if (j < n && text[j] == '%')
                percent_end = j + 1;
        }
        if (percent_end != end) {
            Token t;
            const std::string_view digits = text.substr(i, end - i);
            for (const char c : digits) {
                if (c != ' ' && (static_cast<unsigned char>(c) < 0x80))
                    t.term.push_back(c);
            }
            t.term.push_back('%');
            t.kind = TokenKind::number;
            t.position = position++;
            t.begin = static_cast<std::uint32_t>(i);
            t.end = static_cast<std::uint32_t>(percent_end);
            out.push_back(std::move(t));
            i = percent_end;
            continue;
        }
        emit_chunk(text, i, end, out, position);
        i = end;
    }
    return position;
}

std::vector<Token> Analyzer::tokens(std::string_view text) {
    std::vector<Token> out;
    analyze(text, out);
    return out;
}

} // namespace ctoc::analysis
