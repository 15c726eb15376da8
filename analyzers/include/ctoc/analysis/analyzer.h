#pragma once

#include <ctoc/analysis/stem_cache.h>
#include <ctoc/analysis/symbol.h>

#include <xapian.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ctoc::analysis {

/// What a token is; only words are stemmed.
enum class TokenKind : std::uint8_t {
    word,     ///< a French (or other) word: "résolution", "non-recours"
    number,   ///< numbers and words with digits: "10000", "3,5", "15%", "1er", "wg.7"
    symbol,   ///< a UN document symbol: "ctoc/cop/wg.7/2017/5"
    citation, ///< a resolution or decision number: "5/3", "2004/34"
};

/// How a token relates to the text around it.
enum class TokenRole : std::uint8_t {
    plain,  ///< a word on its own
    part,   ///< one part of a hyphenated word ("non" in "non-recours"), positions follow
    joined, ///< a hyphenated word joined, at its first part's position ("nonrecours")
    alias,  ///< a part of a dotted form at the form's position ("wg" in "wg.7")
    ordinal, ///< the common form of an ordinal at its word's position ("9e" for "neuvième", "9ème")
};

/// One indexable token of a text.
struct Token {
    std::string term;  ///< lower case, accents folded ("resolution"): what matching compares
    std::string exact; ///< lower case with accents, only when it differs from term ("résolution")
    std::string stem;  ///< French stem, folded after stemming ("resolu"); "" if not stemmed
    std::string article; ///< the elided article before the word ("l'", "qu'"), at position - 1
    TokenKind kind = TokenKind::word;
    TokenRole role = TokenRole::plain;
    bool stopword = false;
    std::uint32_t position = 0; ///< word position; parts of a hyphenated word follow each other
    std::uint32_t begin = 0;    ///< byte offset of the token in the analyzed text
    std::uint32_t end = 0;      ///< byte offset just past the token

    /// The form indexed with positions: lower case, accents as written ("résolution", "traite").
    const std::string& form() const { return exact.empty() ? term : exact; }
};

/// Options of the analysis chain.
struct AnalyzerOptions {
    bool stem = true;                ///< produce French stems
    std::size_t max_term_bytes = 64; ///< longer tokens are skipped, as omindex does
    std::size_t max_symbol_bytes = 120;
    std::uint32_t cell_gap = 8; ///< positions skipped at a tab, so phrases stay in a cell
    /// Slots of the stems' memo, 64 bytes each: a query's or a few snippets' words by default
    /// (a table of 2 MiB cost a search process 170 page faults, a page a word it stemmed).
    std::size_t stem_cache_size = 64;
};

/// Makes index-ready text of raw input: invalid UTF-8 repaired, markup cleaned, NFC.
std::string prepare_text(std::string_view raw);

/// Whether a word (its accent-folded term) is given a stem: not a stop word, no apostrophe
/// inside ("aujourd'hui"). The indexer writes a stem's Z term for exactly these words, and the
/// query parser relies on it (a word's stems then hold every document of its forms).
inline bool takes_stem(std::string_view folded_term, bool stopword) {
    return !stopword && folded_term.find('\'') == std::string_view::npos;
}

/// The French analysis chain shared by the indexer and the query parser: elision,
/// case and accent folding, symbol-aware tokens, hyphenated words, stop words and
/// Snowball stemming (stem first, fold after). Not thread-safe: one per thread.
class Analyzer {
public:
    explicit Analyzer(AnalyzerOptions options = {});

    /// Appends the tokens of prepared text to out, numbering positions from first_position;
    /// returns the next free position.
    std::uint32_t analyze(std::string_view text, std::vector<Token>& out,
                          std::uint32_t first_position = 1);

    /// Convenience: the tokens of prepared text.
    std::vector<Token> tokens(std::string_view text);

    /// Folded stem of a case-folded word ("résolutions" -> "resolu").
    std::string stem_of(const std::string& exact);

    const AnalyzerOptions& options() const { return m_options; }

private:
    void emit_chunk(std::string_view text, std::size_t begin, std::size_t end,
                    std::vector<Token>& out, std::uint32_t& position);
    /// A chunk with slashes: a citation number ("5/3") whole, anything else ("et/ou") as the
    /// chunks between them.
    void emit_slashed(std::string_view text, std::size_t begin, std::size_t end,
                      std::vector<Token>& out, std::uint32_t& position);
    void emit_word(std::string_view text, std::size_t begin, std::size_t end,
                   std::vector<Token>& out, std::uint32_t position,
                   TokenRole role = TokenRole::plain);
    /// A hyphenated word: its parts in turn and the joined form, or, for a number written in
    /// words ("soixante-neuvième"), the joined form alone so that its parts match nothing.
    void emit_hyphenated(std::string_view text, std::size_t begin, std::string_view chunk,
                         const std::vector<std::pair<std::size_t, std::size_t>>& parts,
                         std::vector<Token>& out, std::uint32_t& position);
    /// After an ordinal at position ("neuvième", "9ème"), its common form ("9e") at the same place.
    void add_ordinal_alias(std::vector<Token>& out, std::uint32_t position);

    AnalyzerOptions m_options;
    Xapian::Stem m_stemmer;
    StemCache m_cache;
};

/// The common form of a French ordinal, as a folded term: "neuvieme", "9eme" and "9e" give
/// "9e"; "premier", "premiere", "1er" and "1re" give "1e"; "vingtdeuxieme" (the joined
/// "vingt-deuxième") gives "22e". Anything else gives "".
std::string ordinal_term(std::string_view folded);

/// The key shared by a word's inflections, accents kept: the plural ("traites", "nationaux")
/// and the feminine of a participle ("adoptée") give their singular ("traite", "national",
/// "adopté"); invariable words ending in s or x ("cours", "pays", "prix") stay whole.
std::string inflection_key(std::string_view form);

/// Whether a folded word is a French number word or a part of one ("vingt", "deux", "et",
/// "neuvieme"): hyphenated numbers made only of these are indexed whole.
bool is_number_word(std::string_view folded);

} // namespace ctoc::analysis
