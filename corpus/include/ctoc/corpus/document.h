#pragma once

#include <ctoc/analysis/analyzer.h>
#include <ctoc/corpus/json.h>
#include <ctoc/corpus/metadata.h>

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
    std::string id;           ///< unique id: the path, or "path:line" for a JSON Lines record
    std::string path;         ///< source file
    std::uint64_t line = 0;   ///< line in a JSON Lines file, 0 for a whole file
    std::uint64_t offset = 0; ///< byte offset of that line in its file
    std::string text;         ///< prepared text (valid UTF-8, markup removed, NFC)
    std::string hash;         ///< hash of the raw record, for incremental runs
    HeaderFacts facts;        ///< facts read from the header
    std::string year;         ///< "2018" when known
    std::vector<Cited> cites_symbols;
    std::vector<Cited> cites_resolutions;
    std::vector<Cited> cites_decisions;
    /// Metadata given by the input (JSON Lines fields other than text), as text.
    std::vector<std::pair<std::string, std::string>> given;

    /// The document's metadata as a JSON object (stored in the index, printed by the searcher).
    json::Object to_json() const;
};

/// Fills the facts of a document from its prepared text and tokens: header facts,
/// cited symbols, resolutions and decisions. Facts given by the input win over extracted ones.
void describe(Document& doc, const std::vector<analysis::Token>& tokens);

/// 64-bit FNV-1a hash of bytes: stable across runs, builds and machines.
std::uint64_t hash64(std::string_view bytes);

/// hash64 of bytes, as 16 hex digits.
std::string content_hash(std::string_view bytes);

} // namespace ctoc::corpus
