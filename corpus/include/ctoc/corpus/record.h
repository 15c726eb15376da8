#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ctoc::corpus {

/// What the input says of a record besides its text: its key, where it was read, its hash and
/// the metadata it gives. A record and the document analysed from it both carry it.
struct RecordInfo {
    /// The key: a file's path; a JSON Lines record's "id", else its "symbol", else "path:line"
    /// (on standard input "<stdin>#hash" of the record).
    std::string id;
    std::string path;         ///< source file
    std::uint64_t line = 0;   ///< line in a JSON Lines file, 0 for a whole file
    std::uint64_t offset = 0; ///< byte offset of that line in its file
    std::string hash;         ///< hash of the raw record, for incremental runs
    /// A whole file's size and modification time as it was read ("size:mtime in ns"); "" for
    /// a JSON Lines record, and for a file modified in the seconds before it was read (a
    /// second change within the clock's tick could keep both). For incremental runs.
    std::string stat;
    /// The file was not read: the reader's options said it is unchanged (ScanOptions::unchanged);
    /// only id, path and stat are set.
    bool unchanged = false;
    /// "PDF", "DOCX", "DOC", "ODT" or "HTML" when the text was extracted from one
    std::string format;
    /// Metadata given by the input (JSON Lines fields other than text), as text.
    std::vector<std::pair<std::string, std::string>> given;
};

/// One record as a reader gives it (corpus::read_source): its text as read, not yet prepared.
struct Record : RecordInfo {
    std::string text; ///< raw text (a file's bytes, a record's "text", or extracted text)
    /// The title the file's format declares (HTML <title>, PDF or Office metadata): the
    /// document's title when its text shows none.
    std::string source_title;
};

/// 64-bit FNV-1a hash of bytes (with 1469598103934665603 as its offset basis, not FNV's
/// 14695981039346656037: the values it gives are the index's, never to be "fixed"): stable
/// across runs, builds and machines. It routes a document to its shard and makes short ids
/// (pinned by tests/indexer/test_layout.cpp).
std::uint64_t hash64(std::string_view bytes);

/// The number shown to users for a document: hash64 of its key (RecordInfo::id, bytes that are
/// not UTF-8 taken as the index's JSON writes them, \xHH) below 10^10, so that it stays the
/// same across rebuilds whatever the order of the inputs.
std::uint64_t short_id(std::string_view key);

/// hash64 of bytes, as 16 hex digits.
std::string content_hash(std::string_view bytes);

} // namespace ctoc::corpus
