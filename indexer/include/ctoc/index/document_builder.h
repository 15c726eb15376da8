#pragma once

#include <ctoc/analysis/analyzer.h>
#include <ctoc/corpus/document.h>
#include <ctoc/corpus/stored_text.h>

#include <xapian.h>

#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ctoc::index {

/// Orders accent variants as pairs of strings, and finds them by a pair of views, so that
/// looking up a pair already met (most accented tokens) allocates nothing.
struct VariantOrder {
    using is_transparent = void;
    template <typename A, typename B> bool operator()(const A& a, const B& b) const {
        const int first = std::string_view(a.first).compare(b.first);
        return first < 0 || (first == 0 && std::string_view(a.second) < std::string_view(b.second));
    }
};

/// Accent-free form -> form written with accents ("traite" -> "traité"), the pairs that let a
/// query typed without accents reach accented words; stored as metadata
/// (schema::meta_accent_variants).
using AccentVariants = std::set<std::pair<std::string, std::string>, VariantOrder>;

/// Adds accent variants to those the database already holds (schema::meta_accent_variants).
void store_variants(Xapian::WritableDatabase& db, const AccentVariants& variants);

/// A record built for the index: its analysed document, the Xapian document made of it and its
/// prepared text cut into pieces to store (store_text).
struct BuiltDocument {
    corpus::Document doc;
    Xapian::Document xdoc;
    corpus::TextPieces text;
};

/// Turns records into Xapian documents with the schema's terms, values and data.
/// One per thread: it owns an Analyzer and scratch space.
class DocumentBuilder {
public:
    /// Title words count this many times a body word in ranking.
    static constexpr Xapian::termcount title_weight = 3;

    /// Analyses a record (corpus::analyze: prepared text, facts) and builds its Xapian document.
    BuiltDocument build(const corpus::Record& record);

    /// Accent variants met since the last take_variants().
    AccentVariants take_variants() { return std::exchange(m_variants, {}); }

private:
    void index_tokens(Xapian::Document& xdoc, const std::vector<analysis::Token>& tokens,
                      Xapian::termcount wdf);
    /// The XN term of each thing the tokens name (analysis/aliases.h).
    void index_names(Xapian::Document& xdoc, const std::vector<analysis::Token>& tokens,
                     Xapian::termcount wdf);

    /// Thousands of documents' words: a memo of 32,768 stems (2 MiB; bench/results/indexing.md).
    analysis::Analyzer m_analyzer{analysis::AnalyzerOptions{.stem_cache_size = 1 << 15}};
    std::vector<analysis::Token> m_tokens;
    std::vector<analysis::Token> m_title_tokens;
    AccentVariants m_variants;
};

/// Stores a document's text in the database's metadata (schema::meta_text), replacing the
/// pieces it had (replace: false for a document new to a fresh database).
void store_text(Xapian::WritableDatabase& db, const std::string& key,
                const corpus::TextPieces& text, bool replace);

/// Removes a document's stored text.
void remove_text(Xapian::WritableDatabase& db, const std::string& key);

/// The Q term of a document id (ids too long for a Xapian term are hashed).
std::string unique_term(const std::string& id);

/// The XSRC term of a source path.
std::string source_term(const std::string& path);

} // namespace ctoc::index
