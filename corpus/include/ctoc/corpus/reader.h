#pragma once

#include <ctoc/corpus/record.h>

#include <cstdint>
#include <functional>
#include <istream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace ctoc::corpus {

/// A problem with one input, reported as a compiler does: "path[:line]: warning: reason".
struct Diagnostic {
    std::string path;
    std::uint64_t line = 0; ///< 0 when the problem is not on one line
    std::string message;
    bool skipped = true;       ///< the input was skipped (false: read anyway, e.g. repaired)
    bool fact_dropped = false; ///< indexed without a fact it gave wrongly (a bad date)

    std::string to_string() const;
};

/// The path documents read from standard input carry.
inline constexpr std::string_view stdin_path = "<stdin>";

/// Where diagnostics go.
using DiagnosticSink = std::function<void(const Diagnostic&)>;

/// How inputs are found and what is accepted.
struct ScanOptions {
    /// File-name globs read from directories; JSON Lines by extension (.jsonl, .ndjson), PDF,
    /// DOCX, DOC, ODT and HTML files by their content (then extension), the others as text. RTF
    /// files are read to be reported (a format not read), not left unsaid.
    std::vector<std::string> include{"*.txt",  "*.md",  "*.markdown", "*.text",  "*.pdf",
                                     "*.docx", "*.odt", "*.html",     "*.htm",   "*.xhtml",
                                     "*.doc",  "*.rtf", "*.jsonl",    "*.ndjson"};
    /// Globs of file names or paths to leave out.
    std::vector<std::string> exclude;
    /// Larger files or JSON Lines records are skipped with a warning.
    std::uintmax_t max_bytes = 64ull << 20;
    /// Read the files that symbolic links in a directory point to outside the directories
    /// given; by default such a link is skipped with a warning.
    bool follow_links = false;
    /// When set, a whole file is not read if this says that its key (its path) and its stat
    /// signature (RecordInfo::stat) are those of a document already indexed: its record comes
    /// with unchanged set and no text. Incremental runs skip unchanged files without reading
    /// them, as make and rsync do.
    std::function<bool(const std::string& path, const std::string& stat)> unchanged;
};

/// One input: a text file, a JSON Lines file, or JSON Lines on standard input.
struct Source {
    std::string path; ///< absolute path, or "-" for standard input
    bool json_lines = false;
};

/// Expands files, directories (recursively, not following directory symlinks, nor file
/// symlinks leading out of the directory unless follow_links) and "-" into sources, sorted
/// and without duplicates; missing or unreadable paths, FIFOs and other special files go to
/// sink.
std::vector<Source> scan_sources(const std::vector<std::string>& inputs, const ScanOptions& options,
                                 const DiagnosticSink& sink);

/// Reads one source and calls emit for each record (raw text, not yet prepared); the text of
/// a PDF, DOCX, ODT or HTML file is extracted (corpus::extract_text). Empty, binary, oversized,
/// non-UTF-8, damaged, encrypted, image-only or malformed inputs are reported and skipped;
/// text with a few invalid UTF-8 bytes is repaired (U+FFFD) with a warning.
/// Returns the number of records skipped.
std::size_t read_source(const Source& source, const ScanOptions& options,
                        const DiagnosticSink& sink, const std::function<void(Record&&)>& emit);

/// Reads JSON Lines from a stream (see read_source); path names the stream in diagnostics
/// (stdin_path for standard input). A record's id is its "id", else its "symbol", else
/// "path:line" (on standard input a hash of the record). No more than options.max_bytes of a
/// line is ever held: a longer one is skipped as it is read. Invalid UTF-8 anywhere in a
/// record is repaired (U+FFFD) with one warning, or the record skipped when it is mostly
/// invalid (another encoding).
std::size_t read_json_lines(std::istream& in, const std::string& path, const ScanOptions& options,
                            const DiagnosticSink& sink, const std::function<void(Record&&)>& emit);

/// Checks raw bytes as document text; returns "" if acceptable or the reason to skip.
/// Sets repaired when invalid UTF-8 was found but few enough bytes to repair.
std::string check_text(std::string_view bytes, bool& repaired, std::size_t& invalid_bytes);

} // namespace ctoc::corpus
