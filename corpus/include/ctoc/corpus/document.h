#pragma once

#include <ctoc/analysis/analyzer.h>
#include <ctoc/corpus/json.h>
#include <ctoc/corpus/metadata.h>
#include <ctoc/schema.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace ctoc::corpus {

/// A count of something cited, in order of first citation.
struct Cited {
    std::string id;          ///< canonical symbol ("CTOC/COP/2014/1") or number ("5/3")
    std::string body;        ///< issuing body of a resolution or decision when stated ("AG")
    std::uint32_t count = 0; ///< how many times the document cites it
};

/// One document as read from a corpus, with the facts researchers filter on.
struct Document {
    /// The key: a file's path; a JSON Lines record's "id", else its "symbol", else "path:line"
    /// (on standard input "<stdin>#hash" of the record).
    std::string id;
    std::string path;         ///< source file
    std::uint64_t line = 0;   ///< line in a JSON Lines file, 0 for a whole file
    std::uint64_t offset = 0; ///< byte offset of that line in its file
    std::string text;         ///< prepared text (valid UTF-8, markup removed, NFC)
    std::string hash;         ///< hash of the raw record, for incremental runs
    std::string format; ///< "PDF", "DOCX", "ODT" or "HTML" when the text was extracted from one
    /// The title the file's format declares (HTML <title>, PDF or Office metadata): the
    /// document's title when its text shows none.
    std::string source_title;
    HeaderFacts facts; ///< facts read from the header
    std::string year;  ///< "2018" when known
    /// A date written in the header or given by the input that breaks the date rule
    /// (corpus::parse_date), as written; the document is indexed without it. "" when none.
    std::string bad_date;
    std::vector<Cited> cites_symbols;
    std::vector<Cited> cites_resolutions;
    std::vector<Cited> cites_decisions;
    /// Metadata given by the input (JSON Lines fields other than text), as text.
    std::vector<std::pair<std::string, std::string>> given;

    /// The document as the index stores it (schema::StoredDocument).
    schema::StoredDocument stored() const;
    /// The document's metadata as a JSON object (stored in the index, printed by the searcher):
    /// stored().to_json().
    json::Object to_json() const;
};

/// Fills the facts of a document from its prepared text and tokens: header facts,
/// cited symbols, resolutions and decisions. Facts given by the input win over extracted ones.
void describe(Document& doc, const std::vector<analysis::Token>& tokens);

/// Fills a document's cited symbols, resolutions and decisions from the tokens of its text,
/// its own symbol and its own resolution number left out (called by describe).
void count_citations(Document& doc, const std::vector<analysis::Token>& tokens);

/// 64-bit FNV-1a hash of bytes (with 1469598103934665603 as its offset basis, not FNV's
/// 14695981039346656037: the values it gives are the index's, never to be "fixed"): stable
/// across runs, builds and machines. It routes a document to its shard and makes short ids
/// (pinned by tests/indexer/test_layout.cpp).
std::uint64_t hash64(std::string_view bytes);

/// The number shown to users for a document: hash64 of its key (Document::id, bytes that are
/// not UTF-8 taken as the index's JSON writes them, \xHH) below 10^10, so that it stays the
/// same across rebuilds whatever the order of the inputs.
std::uint64_t short_id(std::string_view key);

/// hash64 of bytes, as 16 hex digits.
std::string content_hash(std::string_view bytes);

} // namespace ctoc::corpus
