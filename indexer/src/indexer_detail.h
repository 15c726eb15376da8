// What ctoc-index's runs share (indexer.cpp: run_indexer and the maintenance commands;
// full_build.cpp: a whole index built by parallel writers and merged; incremental.cpp: a run
// that changes what changed): the reader of the inputs, the queue between threads, how a
// document is built, metadata, accent-variant merging and shard routing.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <ctime>
#include <ctoc/corpus/date.h>
#include <ctoc/index/database.h>
#include <ctoc/index/document_builder.h>
#include <ctoc/index/indexer.h>
#include <ctoc/schema.h>
#include <deque>
#include <exception>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <xapian.h>

namespace ctoc::index::detail {

namespace fs = std::filesystem;

using Clock = std::chrono::steady_clock;

/// A bounded blocking queue: the reader never runs far ahead of the writers.
template <typename T> class Queue {
public:
    explicit Queue(std::size_t capacity) : m_capacity(capacity) {}

    /// False when the queue was aborted.
    bool push(T item) {
        std::unique_lock lock(m_mutex);
        m_not_full.wait(lock, [&] { return m_items.size() < m_capacity || m_aborted; });
        if (m_aborted)
            return false;
        m_items.push_back(std::move(item));
        m_not_empty.notify_one();
        return true;
    }

    std::optional<T> pop() {
        std::unique_lock lock(m_mutex);
        m_not_empty.wait(lock, [&] { return !m_items.empty() || m_closed || m_aborted; });
        if (m_aborted || m_items.empty())
            return std::nullopt;
        T item = std::move(m_items.front());
        m_items.pop_front();
        m_not_full.notify_one();
        return item;
    }

    void close() {
        std::lock_guard lock(m_mutex);
        m_closed = true;
        m_not_empty.notify_all();
    }

    void abort() {
        std::lock_guard lock(m_mutex);
        m_aborted = true;
        m_not_empty.notify_all();
        m_not_full.notify_all();
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_not_empty;
    std::condition_variable m_not_full;
    std::deque<T> m_items;
    std::size_t m_capacity;
    bool m_closed = false;
    bool m_aborted = false;
};

/// The first error of any thread, rethrown by the coordinating thread.
class FirstError {
public:
    void set(std::exception_ptr e) {
        std::lock_guard lock(m_mutex);
        if (!m_error)
            m_error = e;
    }
    bool has() {
        std::lock_guard lock(m_mutex);
        return static_cast<bool>(m_error);
    }
    void rethrow() {
        std::lock_guard lock(m_mutex);
        if (m_error)
            std::rethrow_exception(m_error);
    }

private:
    std::mutex m_mutex;
    std::exception_ptr m_error;
};

/// Counts diagnostics and passes them on; callable from any thread.
class Reporter {
public:
    explicit Reporter(const corpus::DiagnosticSink& sink) : m_sink(sink) {}

    void operator()(const corpus::Diagnostic& d) {
        std::lock_guard lock(m_mutex);
        ++(d.skipped ? m_failed : d.fact_dropped ? m_bad_facts : m_repaired);
        if (m_sink)
            m_sink(d);
    }

    std::size_t failed() {
        std::lock_guard lock(m_mutex);
        return m_failed;
    }

    std::size_t repaired() {
        std::lock_guard lock(m_mutex);
        return m_repaired;
    }

    std::size_t bad_facts() {
        std::lock_guard lock(m_mutex);
        return m_bad_facts;
    }

    /// Diagnostics as a corpus::DiagnosticSink.
    corpus::DiagnosticSink sink() {
        return [this](const corpus::Diagnostic& d) { (*this)(d); };
    }

private:
    std::mutex m_mutex;
    const corpus::DiagnosticSink& m_sink;
    std::size_t m_failed = 0;
    std::size_t m_repaired = 0;
    std::size_t m_bad_facts = 0;
};

enum class Change { add, update };

struct WorkItem {
    corpus::Record record;
    Change change = Change::add;
};

struct BuiltItem {
    std::string unique;
    Xapian::Document xdoc;
    Change change = Change::add;
    std::size_t bytes = 0;   ///< text size, for the commit threshold
    std::string key;         ///< the document's key (corpus::RecordInfo::id)
    corpus::TextPieces text; ///< its stored text
};

/// Whatever --batch says, a writer commits once its pending documents hold this much text:
/// a few huge documents bound memory as many small ones do.
inline constexpr std::size_t batch_bytes = 16u << 20;
/// Text a full build's writer puts in one segment at most (IndexerConfig::segment_size
/// documents, or this much text when documents are long): 5,000 generated documents' worth.
inline constexpr std::size_t segment_bytes = 24u << 20;

/// The largest change an incremental run writes in place, in one commit (documents added,
/// replaced or removed, and their text): what it holds in memory until the end of the run.
inline constexpr std::size_t in_place_docs = 2000;
inline constexpr std::size_t in_place_bytes = 16u << 20;

/// Builds a record for the index, or reports why it cannot be indexed.
std::optional<BuiltDocument> try_build(DocumentBuilder& builder, const corpus::Record& record,
                                       Reporter& report);

/// Starts count threads running body(k); if the system refuses one (too many threads), stops
/// those started (abort, then join) and rethrows, instead of std::terminate on a joinable
/// std::thread.
void start_threads(std::vector<std::thread>& threads, unsigned count,
                   const std::function<void(unsigned)>& body, const std::function<void()>& abort);

/// Removes a directory when the scope ends, unless released.
class RemoveOnExit {
public:
    explicit RemoveOnExit(fs::path path) : m_path(std::move(path)) {}
    ~RemoveOnExit() {
        std::error_code ec;
        if (!m_path.empty())
            fs::remove_all(m_path, ec);
    }
    RemoveOnExit(const RemoveOnExit&) = delete;
    RemoveOnExit& operator=(const RemoveOnExit&) = delete;
    void release() { m_path.clear(); }

private:
    fs::path m_path;
};

/// Name under which the reader reports standard input (corpus::read_source).
inline constexpr std::string_view stdin_name = corpus::stdin_path;

std::string now_iso();

/// The inputs as absolute paths, one a line, after those of earlier runs (known), so that
/// --stats says where the documents came from.
std::string describe_inputs(const std::vector<std::string>& inputs, const std::string& known = {});

unsigned thread_count(unsigned requested);

/// Size of a source file; 0 for standard input or a file that cannot be sized.
std::uint64_t size_of(const corpus::Source& source);

/// Records the build; an incremental run adds its inputs to those already indexed.
void write_metadata(Xapian::WritableDatabase& db, const IndexerConfig& config, bool incremental);

/// Compaction that merges the accent variants of several shards instead of keeping the
/// first shard's (Xapian's default for a metadata key present in several sources).
class VariantUnion : public Xapian::Compactor {
public:
    std::string resolve_duplicate_metadata(const std::string& key, size_t num_tags,
                                           const std::string tags[]) override {
        // Xapian 1.4's glass backend hands over the key as stored, behind its two-byte marker
        // of user metadata ("\0\xc0"); other backends may not.
        const std::size_t start = key.size() >= 2 && key[0] == '\0' && key[1] == '\xc0' ? 2 : 0;
        if (key.compare(start, schema::meta_accent_variants.size(), schema::meta_accent_variants) !=
            0)
            return tags[0];
        std::set<std::string> forms;
        for (std::size_t k = 0; k < num_tags; ++k)
            forms.merge(schema::split_lines(tags[k]));
        return schema::join_lines(forms);
    }
};

/// What the live index holds, for an incremental run: unique term -> its document.
struct Existing {
    struct Entry {
        Xapian::docid docid = 0;
        std::string hash; ///< schema::hash_slot
        std::string stat; ///< schema::stat_slot, "" when absent
    };
    std::unordered_map<std::string, Entry> by_unique;
};

Existing load_existing(const Xapian::Database& db);

/// Throws Interrupted when the program asked the run to stop.
void stop_if_interrupted(const IndexerConfig& config);

/// Reads every source, calling dispatch for each document.
class SourceReader {
public:
    SourceReader(const IndexerConfig& config, Reporter& report,
                 const std::function<void(const Progress&)>& progress, IndexSummary& summary)
        : scan(config.scan), m_config(config), m_report(report), m_progress(progress),
          m_summary(summary) {}

    /// How sources are read: the configuration's, and an incremental run's test of unchanged
    /// files (corpus::ScanOptions::unchanged).
    corpus::ScanOptions scan;

    /// Sources whose documents were all read (a document missing from them is gone), by the
    /// path their documents carry.
    std::unordered_set<std::string> complete_sources;
    /// Unique terms of every document read -> where it was read, "path[:line]".
    std::unordered_map<std::string, std::string> seen;

    void run(const std::vector<corpus::Source>& sources,
             const std::function<bool(WorkItem&&)>& dispatch) {
        const auto start = Clock::now();
        auto last = start;
        Progress p;
        // Each source's size, for the progress shown: stat()ed once, and only when progress
        // is shown (they were stat()ed for the total and again after each file; read_source
        // stats each file it may read anyway).
        std::vector<std::uint64_t> sizes;
        if (m_progress) {
            sizes.reserve(sources.size());
            for (const auto& source : sources) {
                sizes.push_back(size_of(source));
                p.total_bytes += sizes.back();
            }
        }
        const corpus::DiagnosticSink sink = m_report.sink();
        std::uint64_t done_bytes = 0;
        for (std::size_t k = 0; k < sources.size(); ++k) {
            const corpus::Source& source = sources[k];
            bool ok = true;
            const std::size_t skipped =
                corpus::read_source(source, scan, sink, [&](corpus::Record&& record) {
                    if (!ok)
                        return;
                    stop_if_interrupted(m_config);
                    // Bytes of the input consumed so far, so that the bar reaches 100%.
                    p.bytes =
                        done_bytes + (record.line != 0 ? record.offset : 0) + record.text.size();
                    ++p.documents;
                    std::string where = record.path;
                    if (record.line != 0)
                        where += ":" + std::to_string(record.line);
                    const auto [it, fresh] = seen.emplace(unique_term(record.id), where);
                    if (!fresh) {
                        // Indexing both would make them replace each other on every run.
                        m_report({record.path, record.line,
                                  "duplicate id '" + record.id + "' (first read at " + it->second +
                                      "), skipped",
                                  true});
                    } else {
                        ok = dispatch(WorkItem{std::move(record), Change::add});
                    }
                    const auto now = Clock::now();
                    if (m_progress && now - last > std::chrono::milliseconds(200)) {
                        last = now;
                        p.seconds = std::chrono::duration<double>(now - start).count();
                        m_progress(p);
                    }
                });
            if (!ok)
                return;
            // Standard input is never complete: a batch piped in adds and updates, and never
            // removes what another batch added.
            if (skipped == 0 && source.path != "-")
                complete_sources.insert(source.path);
            done_bytes += sizes.empty() ? 0 : sizes[k];
            p.bytes = std::max(p.bytes, done_bytes);
        }
        m_summary.bytes = p.bytes;
        if (m_progress) {
            p.seconds = std::chrono::duration<double>(Clock::now() - start).count();
            m_progress(p);
        }
    }

private:
    const IndexerConfig& m_config;
    Reporter& m_report;
    const std::function<void(const Progress&)>& m_progress;
    IndexSummary& m_summary;
};

/// Runs the reader; on failure stops the consumers (via abort) and records the error.
void read_all(SourceReader& reader, const std::vector<corpus::Source>& sources,
              const std::function<bool(WorkItem&&)>& dispatch, FirstError& error,
              const std::function<void()>& abort);

/// The shard of a document: a stable hash of its unique term, so that incremental runs on
/// any machine find each document where the full build put it.
std::size_t shard_of(const std::string& unique, std::size_t shards);

/// The number of shards a full build makes: as asked, else as the live index has (none
/// when its stub is not ours).
std::size_t wanted_shards(const IndexerConfig& config, const DatabaseDir& dir);

/// Merges the source databases into one compacted database at target, accent variants united.
void compact_into(const std::vector<std::string>& sources, const std::string& target);

/// Compacts the source databases of each shard K into target/shard-K, several shards at a time.
void compact_each(const std::vector<std::vector<std::string>>& sources, const fs::path& target,
                  unsigned threads);

/// Builds a whole new index from sources into a new generation of dir, and publishes it.
void full_build(const IndexerConfig& config, const DatabaseDir& dir,
                const std::vector<corpus::Source>& sources, Reporter& report,
                const std::function<void(const Progress&)>& progress, IndexSummary& summary);

/// Applies to dir's live index what changed in sources (added, changed, vanished documents).
void incremental_update(const IndexerConfig& config, const DatabaseDir& dir,
                        const std::vector<corpus::Source>& sources, Reporter& report,
                        const std::function<void(const Progress&)>& progress,
                        IndexSummary& summary);

} // namespace ctoc::index::detail
