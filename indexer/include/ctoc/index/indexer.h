#pragma once

#include <ctoc/corpus/reader.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace ctoc::index {

/// The most shards an index may have (each is a database with its own writer thread).
inline constexpr std::size_t max_shards = 256;

/// A run stopped because IndexerConfig::interrupted said so; the live index is unchanged.
class Interrupted : public std::runtime_error {
public:
    Interrupted() : std::runtime_error("interrupted; index unchanged") {}
};

/// What one ctoc-index run does.
struct IndexerConfig {
    std::string database;            ///< database directory
    std::vector<std::string> inputs; ///< files, directories, JSON Lines, "-" for standard input
    corpus::ScanOptions scan;
    bool rebuild = false; ///< build a fresh generation and swap it in
    /// Incremental runs: read and hash every file, even those whose size and modification time
    /// are those indexed (by default skipped unread, as make and rsync do).
    bool checksum = false;
    unsigned threads = 0;         ///< analysis threads; 0: one per core
    std::size_t batch_size = 100; ///< documents per commit (also every 16 MB of text)
    /// Full builds: documents a writer adds to one database before starting another (also
    /// every 24 MB of text; all merged at the end); 0: one database a writer. 5,000 chosen by
    /// measurement (bench/results/indexing.md): a commit into a smaller tree costs less.
    std::size_t segment_size = 5000;
    /// Shards: 0 keeps the live layout (one database for a new index); 1 makes one database;
    /// N > 1 makes N shard databases listed by the stub, each document always in the same one;
    /// at most max_shards.
    std::size_t shards = 0;
    /// Asked between documents and before the run publishes anything: true stops the run with
    /// Interrupted, the live index as it was (a program sets it from SIGINT).
    std::function<bool()> interrupted;
};

/// How far a run has got, for progress bars.
struct Progress {
    std::size_t documents = 0;
    std::uint64_t bytes = 0;
    std::uint64_t total_bytes = 0; ///< size of all input files (0 when unknown, e.g. stdin)
    double seconds = 0;
};

/// What a run did.
struct IndexSummary {
    std::size_t added = 0;
    std::size_t updated = 0;
    std::size_t unchanged = 0;
    std::size_t removed = 0;
    std::size_t failed = 0;    ///< inputs or records skipped
    std::size_t repaired = 0;  ///< indexed after repairing invalid UTF-8
    std::size_t bad_dates = 0; ///< indexed without a date that broke the date rule
    std::size_t documents = 0; ///< documents in the index afterwards
    std::uint64_t bytes = 0;   ///< bytes read
    double seconds = 0;
    bool rebuilt = false; ///< a fresh generation was built and swapped in
};

/// Builds or updates the database from the inputs. Throws on fatal errors (locked, cannot
/// write, DamagedIndex); bad inputs go to sink and are counted. Every run publishes all of its
/// changes at once in a new generation, or none: after an exception or a crash the live index
/// is exactly as it was.
IndexSummary run_indexer(const IndexerConfig& config, const corpus::DiagnosticSink& sink,
                         const std::function<void(const Progress&)>& progress = {});

/// The inputs the runs that built the index at database were given, as absolute paths, in the
/// order first given ("-" for standard input), for a run that re-scans them; empty when there
/// is no index there.
std::vector<std::string> recorded_sources(const std::string& database);

/// Compacts the live generation into a new one and swaps it in.
void compact_database(const std::string& database);

/// Reads and checks every table of the live generation (as xapian-check does); returns a
/// one-line account, or throws DamagedIndex saying what is wrong and that --rebuild repairs it.
std::string check_database(const std::string& database);

/// Facts about a database, for `ctoc-index --stats`.
struct DatabaseStats {
    std::size_t documents = 0;
    std::size_t terms = 0;
    std::uint64_t disk_bytes = 0;
    std::string last_build;
    std::string sources;
    std::string generation;
    std::vector<std::string> shards; ///< shard paths, relative to the database; empty if unsharded
};

/// Reads the stats of a database (throws if it cannot be opened).
DatabaseStats database_stats(const std::string& database);

} // namespace ctoc::index
