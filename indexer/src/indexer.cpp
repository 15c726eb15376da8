#include <ctoc/index/indexer.h>

#include <ctoc/corpus/date.h>
#include <ctoc/index/database.h>
#include <ctoc/index/document_builder.h>
#include <ctoc/schema.h>

#include <xapian.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <ctime>
#include <deque>
#include <exception>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <unordered_set>

namespace fs = std::filesystem;

namespace ctoc::index {

namespace {

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
    corpus::Document doc;
    Change change = Change::add;
};

struct BuiltItem {
    std::string unique;
    Xapian::Document xdoc;
    Change change = Change::add;
    std::size_t bytes = 0;   ///< text size, for the commit threshold
    std::string key;         ///< the document's key (corpus::Document::id)
    corpus::TextPieces text; ///< its stored text
};

/// Whatever --batch says, a writer commits once its pending documents hold this much text:
/// a few huge documents bound memory as many small ones do.
constexpr std::size_t batch_bytes = 16u << 20;

/// The largest change an incremental run writes in place, in one commit (documents added,
/// replaced or removed, and their text): what it holds in memory until the end of the run.
constexpr std::size_t in_place_docs = 2000;
constexpr std::size_t in_place_bytes = 16u << 20;

/// Builds the Xapian document, or reports why the document cannot be indexed.
std::optional<Xapian::Document> try_build(DocumentBuilder& builder, corpus::Document& doc,
                                          Reporter& report) {
    // One document the analysis chokes on must not abort the run; write errors still do.
    try {
        Xapian::Document xdoc = builder.build(doc);
        if (!doc.bad_date.empty())
            report({doc.path, doc.line,
                    corpus::bad_date_message(doc.bad_date) + ", indexed without a date", false,
                    true});
        return xdoc;
    } catch (const std::exception& e) {
        report({doc.path, doc.line, std::string("cannot index: ") + e.what() + ", skipped", true});
    } catch (const Xapian::Error& e) {
        report({doc.path, doc.line, "cannot index: " + e.get_description() + ", skipped", true});
    }
    return std::nullopt;
}

/// Starts count threads running body(k); if the system refuses one (too many threads), stops
/// those started (abort, then join) and rethrows, instead of std::terminate on a joinable
/// std::thread.
void start_threads(std::vector<std::thread>& threads, unsigned count,
                   const std::function<void(unsigned)>& body, const std::function<void()>& abort) {
    try {
        for (unsigned k = 0; k < count; ++k)
            threads.emplace_back(body, k);
    } catch (...) {
        abort();
        for (auto& t : threads)
            t.join();
        threads.clear();
        throw;
    }
}

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
constexpr std::string_view stdin_name = corpus::stdin_path;

std::string now_iso() {
    const std::time_t t = std::time(nullptr);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
    return buf;
}

/// The inputs as absolute paths, one a line, after those of earlier runs (known), so that
/// --stats says where the documents came from.
std::string describe_inputs(const std::vector<std::string>& inputs, const std::string& known = {}) {
    std::string out = known;
    for (const auto& input : inputs) {
        std::error_code ec;
        const fs::path p =
            input == "-" ? fs::path(stdin_name) : fs::absolute(input, ec).lexically_normal();
        const std::string name = ec ? input : p.string();
        if (("\n" + out + "\n").find("\n" + name + "\n") != std::string::npos)
            continue;
        if (!out.empty())
            out += '\n';
        out += name;
    }
    return out;
}

unsigned thread_count(unsigned requested) {
    if (requested != 0)
        return requested;
    return std::max(1u, std::min(8u, std::thread::hardware_concurrency()));
}

/// Size of a source file; 0 for standard input or a file that cannot be sized.
std::uint64_t size_of(const corpus::Source& source) {
    if (source.path == "-")
        return 0;
    std::error_code ec;
    const auto size = fs::file_size(source.path, ec);
    return ec ? 0 : size;
}

std::uint64_t total_size(const std::vector<corpus::Source>& sources) {
    std::uint64_t total = 0;
    for (const auto& s : sources)
        total += size_of(s);
    return total;
}

/// Records the build; an incremental run adds its inputs to those already indexed.
void write_metadata(Xapian::WritableDatabase& db, const IndexerConfig& config, bool incremental) {
    const std::string sources_key(schema::meta_sources);
    db.set_metadata(std::string(schema::meta_last_build), now_iso());
    db.set_metadata(sources_key, describe_inputs(config.inputs,
                                                 incremental ? db.get_metadata(sources_key) : ""));
    db.set_metadata(std::string(schema::meta_format), std::string(schema::format_version));
}

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

/// What the live index holds, for an incremental run: unique term -> (docid, hash).
struct Existing {
    std::unordered_map<std::string, std::pair<Xapian::docid, std::string>> by_unique;
};

Existing load_existing(const Xapian::Database& db) {
    Existing e;
    std::unordered_map<Xapian::docid, std::string> hashes;
    for (auto v = db.valuestream_begin(schema::hash_slot);
         v != db.valuestream_end(schema::hash_slot); ++v)
        hashes.emplace(v.get_docid(), *v);
    const std::string q(schema::unique_id);
    for (auto t = db.allterms_begin(q); t != db.allterms_end(q); ++t) {
        const auto p = db.postlist_begin(*t);
        if (p != db.postlist_end(*t))
            e.by_unique.emplace(*t, std::make_pair(*p, hashes[*p]));
    }
    return e;
}

/// Throws Interrupted when the program asked the run to stop.
void stop_if_interrupted(const IndexerConfig& config) {
    if (config.interrupted && config.interrupted())
        throw Interrupted();
}

/// Reads every source, calling dispatch for each document.
class SourceReader {
public:
    SourceReader(const IndexerConfig& config, Reporter& report,
                 const std::function<void(const Progress&)>& progress, IndexSummary& summary)
        : m_config(config), m_report(report), m_progress(progress), m_summary(summary) {}

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
        p.total_bytes = total_size(sources);
        const corpus::DiagnosticSink sink = m_report.sink();
        std::uint64_t done_bytes = 0;
        for (const auto& source : sources) {
            bool ok = true;
            const std::size_t skipped =
                corpus::read_source(source, m_config.scan, sink, [&](corpus::Document&& doc) {
                    if (!ok)
                        return;
                    stop_if_interrupted(m_config);
                    // Bytes of the input consumed so far, so that the bar reaches 100%.
                    p.bytes = done_bytes + (doc.line != 0 ? doc.offset : 0) + doc.text.size();
                    ++p.documents;
                    std::string where = doc.path;
                    if (doc.line != 0)
                        where += ":" + std::to_string(doc.line);
                    const auto [it, fresh] = seen.emplace(unique_term(doc.id), where);
                    if (!fresh) {
                        // Indexing both would make them replace each other on every run.
                        m_report({doc.path, doc.line,
                                  "duplicate id '" + doc.id + "' (first read at " + it->second +
                                      "), skipped",
                                  true});
                    } else {
                        ok = dispatch(WorkItem{std::move(doc), Change::add});
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
            done_bytes += size_of(source);
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
              const std::function<void()>& abort) {
    try {
        reader.run(sources, dispatch);
    } catch (...) {
        error.set(std::current_exception());
        abort();
    }
}

/// The shard of a document: a stable hash of its unique term, so that incremental runs on
/// any machine find each document where the full build put it.
std::size_t shard_of(const std::string& unique, std::size_t shards) {
    return static_cast<std::size_t>(corpus::hash64(unique) % shards);
}

/// The number of shards a full build makes: as asked, else as the live index has (none
/// when its stub is not ours).
std::size_t wanted_shards(const IndexerConfig& config, const DatabaseDir& dir) {
    if (config.shards != 0)
        return config.shards > 1 ? config.shards : 0;
    return dir.stub_is_ours() ? dir.live_shard_count() : 0;
}

/// Merges the source databases into one compacted database at target, accent variants united.
void compact_into(const std::vector<std::string>& sources, const std::string& target) {
    Xapian::Database merged;
    for (const auto& p : sources)
        merged.add_database(Xapian::Database(p));
    VariantUnion compactor;
    merged.compact(target, Xapian::DBCOMPACT_MULTIPASS, 0, compactor);
}

/// Compacts the source databases of each shard K into target/shard-K, several shards at a time.
void compact_each(const std::vector<std::vector<std::string>>& sources, const fs::path& target,
                  unsigned threads) {
    std::atomic<std::size_t> next{0};
    FirstError error;
    std::vector<std::thread> pool;
    start_threads(
        pool, std::max(1u, threads),
        [&](unsigned) {
            try {
                for (std::size_t k = next++; k < sources.size() && !error.has(); k = next++)
                    compact_into(sources[k], (target / ("shard-" + std::to_string(k))).string());
            } catch (...) {
                error.set(std::current_exception());
            }
        },
        [&] { next = sources.size(); });
    for (auto& t : pool)
        t.join();
    error.rethrow();
}

/// Full build: each thread analyses and writes its own shard; shards are then merged by
/// compaction into a new generation, which is swapped in.
void full_build(const IndexerConfig& config, const DatabaseDir& dir,
                const std::vector<corpus::Source>& sources, Reporter& report,
                const std::function<void(const Progress&)>& progress, IndexSummary& summary) {
    const std::size_t shards = wanted_shards(config, dir);
    const unsigned n = shards > 1 ? static_cast<unsigned>(shards) : thread_count(config.threads);
    const std::string generation = dir.new_generation_name();
    const fs::path build_dir = fs::path(dir.path()) / (".build-" + generation);
    if (!fs::create_directory(build_dir))
        throw std::runtime_error(build_dir.string() + " already exists");
    RemoveOnExit remove_build(build_dir);

    std::vector<std::unique_ptr<Queue<WorkItem>>> queues;
    std::vector<std::string> shard_paths;
    for (unsigned k = 0; k < n; ++k) {
        queues.push_back(std::make_unique<Queue<WorkItem>>(64));
        shard_paths.push_back((build_dir / ("shard-" + std::to_string(k))).string());
    }
    const auto abort_all = [&] {
        for (auto& q : queues)
            q->abort();
    };
    FirstError error;
    std::atomic<std::size_t> written{0};
    std::vector<std::thread> workers;
    start_threads(
        workers, n,
        [&](unsigned k) {
            try {
                // A build shard is private until compacted and published, and a crash
                // discards it: no fsync for its commits.
                Xapian::WritableDatabase db(shard_paths[k],
                                            Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_NO_SYNC);
                DocumentBuilder builder;
                std::size_t pending = 0;
                std::size_t pending_bytes = 0;
                while (auto item = queues[k]->pop()) {
                    const std::size_t bytes = item->doc.text.size();
                    auto xdoc = try_build(builder, item->doc, report);
                    if (!xdoc)
                        continue;
                    // The reader skips a second document with the same key: a fresh database
                    // needs no unique-term lookup (replace_document).
                    db.add_document(*xdoc);
                    store_text(db, item->doc.id, builder.take_text(), false);
                    ++written;
                    pending_bytes += bytes;
                    if (++pending >= config.batch_size || pending_bytes >= batch_bytes) {
                        db.commit();
                        pending = pending_bytes = 0;
                    }
                }
                store_variants(db, builder.take_variants());
                // Every shard carries the format mark: a searcher checks each one it opens.
                write_metadata(db, config, false);
                // Explicitly commit so that we get to see any errors.
                db.commit();
            } catch (...) {
                error.set(std::current_exception());
                abort_all();
            }
        },
        abort_all);
    SourceReader reader(config, report, progress, summary);
    read_all(
        reader, sources,
        [&](WorkItem&& item) {
            const std::size_t k = shard_of(unique_term(item.doc.id), n);
            return queues[k]->push(std::move(item));
        },
        error, abort_all);
    for (auto& q : queues)
        q->close();
    for (auto& w : workers)
        w.join();
    error.rethrow();

    const std::size_t documents = written.load();
    // An index emptied because every input failed helps no one: keep what there is.
    const bool had_index = dir.stub_is_ours() && !dir.live_generation().empty();
    if (documents == 0 && (report.failed() > 0 || had_index)) {
        throw std::runtime_error(
            !had_index ? "no document could be read from the inputs; no index was built"
                       : "no document could be read from the inputs; the existing index was kept");
    }
    const std::string target = dir.generation_path(generation);
    RemoveOnExit remove_target(target);
    if (shards > 1) {
        // Each shard compacted on its own, on every core; the stub lists them.
        fs::create_directories(target);
        std::vector<std::vector<std::string>> each;
        for (const auto& p : shard_paths)
            each.push_back({p});
        compact_each(each, target, thread_count(config.threads));
    } else {
        compact_into(shard_paths, target);
    }
    stop_if_interrupted(config);
    dir.publish(generation, shards > 1 ? shards : 0);
    remove_target.release();
    dir.remove_stale();
    summary.added = documents;
    summary.rebuilt = true;
}

/// The documents not read this time whose source was read whole or has vanished.
std::vector<Xapian::docid> vanished_documents(const Xapian::Database& db, const Existing& existing,
                                              const SourceReader& reader) {
    std::unordered_set<Xapian::docid> unseen;
    for (const auto& [unique, entry] : existing.by_unique) {
        if (reader.seen.count(unique) == 0)
            unseen.insert(entry.first);
    }
    if (unseen.empty())
        return {};
    // Grouped by source term, so that one stored document per source tells its path.
    std::vector<Xapian::docid> doomed;
    const std::string prefix(schema::source);
    for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
        std::vector<Xapian::docid> gone;
        for (auto p = db.postlist_begin(*t); p != db.postlist_end(*t); ++p) {
            if (unseen.count(*p) != 0)
                gone.push_back(*p);
        }
        if (gone.empty())
            continue;
        std::string path;
        try {
            const auto data = corpus::json::parse(db.get_document(gone.front()).get_data());
            if (const auto* v = corpus::json::find(data, "path"))
                path = corpus::json::to_text(*v);
        } catch (const corpus::json::ParseError&) {
        }
        std::error_code ec;
        const bool vanished = fs::path(path).is_absolute() && !fs::exists(path, ec) && !ec;
        if (reader.complete_sources.count(path) != 0 || vanished)
            doomed.insert(doomed.end(), gone.begin(), gone.end());
    }
    return doomed;
}

/// The generation an incremental run writes when its change is large or the index sharded: a
/// copy of the live one, made when needed and published whole at the run's end, so that
/// readers see all of the run or none of it, and a run that fails or is killed leaves the live
/// index exactly as it was; its batches are private commits.
class NextGeneration {
public:
    NextGeneration(const DatabaseDir& dir, std::vector<std::string> live_parts)
        : m_dir(dir), m_live_parts(std::move(live_parts)), m_name(dir.new_generation_name()),
          m_build(fs::path(dir.path()) / (".build-" + m_name)) {}

    /// Whether the run has changed anything yet.
    bool started() const { return !m_dbs.empty(); }

    /// The writable copies of the live parts, in shard order; copies them on first use.
    std::vector<Xapian::WritableDatabase>& databases() {
        if (m_dbs.empty())
            start();
        return m_dbs;
    }

    /// Commits, syncs and publishes the new generation, then retires the old one.
    void publish(std::size_t shards) {
        for (auto& db : m_dbs) {
            // Explicitly commit so that we get to see any errors.
            db.commit();
            db.close();
        }
        sync_tree(m_build.string());
        fs::rename(m_build, m_dir.generation_path(m_name));
        m_remove->release();
        RemoveOnExit remove_target(m_dir.generation_path(m_name));
        m_dir.publish(m_name, shards);
        remove_target.release();
        m_dir.remove_stale();
    }

private:
    void start() {
        const std::string live = m_live_parts.front().substr(0, m_live_parts.front().find('/'));
        if (!fs::create_directory(m_build))
            throw std::runtime_error(m_build.string() + " already exists");
        m_remove.emplace(m_build);
        // The writer lock is ours and a published generation is never written: the files
        // copied are a consistent snapshot.
        fs::copy(m_dir.generation_path(live), m_build,
                 fs::copy_options::recursive | fs::copy_options::skip_symlinks);
        for (const auto& part : m_live_parts) {
            const auto slash = part.find('/');
            const fs::path path =
                slash == std::string::npos ? m_build : m_build / part.substr(slash + 1);
            // Private until published, and synced as a whole before: no fsync per commit.
            m_dbs.emplace_back(path.string(), Xapian::DB_OPEN | Xapian::DB_NO_SYNC);
        }
    }

    const DatabaseDir& m_dir;
    std::vector<std::string> m_live_parts;
    std::string m_name;
    fs::path m_build;
    std::optional<RemoveOnExit> m_remove;
    std::vector<Xapian::WritableDatabase> m_dbs;
};

/// Incremental update: unchanged documents are skipped, changed ones replaced, vanished ones
/// removed; a small change to an unsharded index in place in one commit, a larger one in a new
/// generation (NextGeneration); one writer thread, analysis on the others.
void incremental_update(const IndexerConfig& config, const DatabaseDir& dir,
                        const std::vector<corpus::Source>& sources, Reporter& report,
                        const std::function<void(const Progress&)>& progress,
                        IndexSummary& summary) {
    const std::vector<std::string> parts = dir.live_parts();
    std::vector<Xapian::Database> live;
    std::vector<Existing> existing;
    for (const auto& part : parts) {
        live.emplace_back((fs::path(dir.path()) / part).string());
        existing.push_back(load_existing(live.back()));
    }
    NextGeneration next(dir, parts);
    const unsigned n = std::max(1u, thread_count(config.threads) - 1);

    Queue<WorkItem> work(64);
    Queue<BuiltItem> built(64);
    const auto abort_all = [&] {
        work.abort();
        built.abort();
    };
    FirstError error;
    std::mutex variants_mutex;
    AccentVariants variants;
    std::vector<std::thread> workers;
    start_threads(
        workers, n,
        [&](unsigned) {
            try {
                DocumentBuilder builder;
                while (auto item = work.pop()) {
                    auto xdoc = try_build(builder, item->doc, report);
                    if (!xdoc)
                        continue;
                    if (!built.push({unique_term(item->doc.id), std::move(*xdoc), item->change,
                                     item->doc.text.size(), item->doc.id, builder.take_text()}))
                        break;
                }
                std::lock_guard lock(variants_mutex);
                variants.merge(builder.take_variants());
            } catch (...) {
                error.set(std::current_exception());
                abort_all();
            }
        },
        abort_all);
    // A small change to an unsharded index is held here, then written in place in one commit;
    // past the bounds it goes to the copy (NextGeneration), where it is committed in batches.
    const bool in_place = parts.size() == 1 && dir.live_shard_count() == 0;
    std::vector<BuiltItem> held;
    std::size_t held_bytes = 0;
    std::size_t pending = 0;
    std::size_t pending_bytes = 0;
    const auto write_copy = [&](BuiltItem& item) {
        auto& dbs = next.databases();
        pending_bytes += item.bytes;
        auto& shard = dbs[shard_of(item.unique, dbs.size())];
        shard.replace_document(item.unique, item.xdoc);
        store_text(shard, item.key, item.text, item.change == Change::update);
        ++(item.change == Change::add ? summary.added : summary.updated);
        if (++pending >= config.batch_size || pending_bytes >= batch_bytes) {
            for (auto& db : dbs)
                db.commit();
            pending = pending_bytes = 0;
        }
    };
    const auto spill = [&] {
        for (auto& item : held)
            write_copy(item);
        held = {};
    };
    std::thread writer;
    try {
        writer = std::thread([&] {
            try {
                while (auto item = built.pop()) {
                    if (in_place && !next.started()) {
                        held_bytes += item->bytes;
                        held.push_back(std::move(*item));
                        if (held.size() > in_place_docs || held_bytes > in_place_bytes)
                            spill();
                        continue;
                    }
                    write_copy(*item);
                }
            } catch (...) {
                error.set(std::current_exception());
                abort_all();
            }
        });
    } catch (...) {
        abort_all();
        for (auto& w : workers)
            w.join();
        throw;
    }

    SourceReader reader(config, report, progress, summary);
    read_all(
        reader, sources,
        [&](WorkItem&& item) {
            const std::string unique = unique_term(item.doc.id);
            const Existing& shard = existing[shard_of(unique, parts.size())];
            const auto it = shard.by_unique.find(unique);
            if (it != shard.by_unique.end()) {
                if (it->second.second == item.doc.hash) {
                    ++summary.unchanged;
                    return true;
                }
                item.change = Change::update;
            }
            return work.push(std::move(item));
        },
        error, abort_all);
    work.close();
    for (auto& w : workers)
        w.join();
    built.close();
    writer.join();
    error.rethrow();

    std::vector<std::vector<Xapian::docid>> doomed;
    std::size_t doomed_count = 0;
    for (std::size_t k = 0; k < parts.size(); ++k) {
        doomed.push_back(vanished_documents(live[k], existing[k], reader));
        doomed_count += doomed.back().size();
    }
    const auto remove_doomed = [&](Xapian::WritableDatabase& db,
                                   const std::vector<Xapian::docid>& ids) {
        for (const Xapian::docid id : ids) {
            try {
                const auto data = corpus::json::parse(db.get_document(id).get_data());
                if (const auto* key = corpus::json::find(data, "id"))
                    remove_text(db, corpus::json::to_text(*key));
            } catch (const corpus::json::ParseError&) {
            }
            db.delete_document(id);
        }
        summary.removed += ids.size();
    };
    // A run that finds nothing new leaves the index as it is (its list of sources included).
    const std::string known = live.front().get_metadata(std::string(schema::meta_sources));
    if (!next.started() && held.empty() && doomed_count == 0 &&
        describe_inputs(config.inputs, known) == known)
        return;
    if (in_place && !next.started() && doomed_count <= in_place_docs) {
        // One transaction, one commit: Xapian writes the new revision beside the old one and
        // switches to it at once, so readers and a kill -9 see the old or the new document
        // set, as with a new generation; readers at the old revision reopen when a later
        // commit reuses its blocks (Searcher::retrying). The cost is that of the change, not
        // a copy of the whole index.
        Xapian::WritableDatabase db(dir.generation_path(parts.front()), Xapian::DB_OPEN);
        db.begin_transaction();
        for (auto& item : held) {
            db.replace_document(item.unique, item.xdoc);
            store_text(db, item.key, item.text, item.change == Change::update);
            ++(item.change == Change::add ? summary.added : summary.updated);
        }
        remove_doomed(db, doomed.front());
        store_variants(db, variants);
        write_metadata(db, config, true);
        stop_if_interrupted(config);
        db.commit_transaction();
        db.close();
        dir.mark_live_whole();
        return;
    }
    spill();
    for (std::size_t k = 0; k < parts.size(); ++k)
        remove_doomed(next.databases()[k], doomed[k]);
    auto& dbs = next.databases();
    // New accent variants go to the first shard: a search reads the union of every shard's.
    store_variants(dbs.front(), variants);
    for (auto& db : dbs)
        write_metadata(db, config, true);
    stop_if_interrupted(config);
    next.publish(dir.live_shard_count());
}

/// True when the database directory holds a live generation in the current format; throws
/// DamagedIndex when it holds a damaged one.
bool can_update(const DatabaseDir& dir) {
    if (dir.live_generation().empty())
        return false;
    dir.check_live();
    const Xapian::Database db(dir.path());
    return db.get_metadata(std::string(schema::meta_format)) == schema::format_version;
}

/// The message for a Xapian error of a run that changed nothing.
std::string failure(const std::string& database, const Xapian::Error& e) {
    // Xapian says "corrupt" for a damaged table; other errors (disk full, permissions) are
    // the machine's, and running again once fixed is enough.
    if (std::string_view(e.get_type()) == "DatabaseCorruptError")
        return database + ": the index is damaged (" + e.get_msg() +
               "); rebuild it with: ctoc-index --rebuild --db " + database +
               " [FILES OR DIRECTORIES]";
    const char* why = e.get_error_string(); // the system's reason ("No space left on device")
    return database + ": " + e.get_msg() + (why ? std::string(" (") + why + ")" : std::string()) +
           "; the live index was left unchanged";
}

} // namespace

IndexSummary run_indexer(const IndexerConfig& config, const corpus::DiagnosticSink& sink,
                         const std::function<void(const Progress&)>& progress) {
    const auto start = Clock::now();
    if (config.shards > max_shards)
        throw std::invalid_argument("--shards must be between 1 and " + std::to_string(max_shards));
    DatabaseLock lock(config.database);
    DatabaseDir dir(config.database);
    // A stub that names anything but our own generations is refused, unless rebuilt over.
    if (!config.rebuild)
        dir.live_parts();
    dir.remove_stale();

    IndexSummary summary;
    Reporter report(sink);
    const std::vector<corpus::Source> sources =
        corpus::scan_sources(config.inputs, config.scan, report.sink());

    // Asking for another number of shards than the live index has means a full build.
    const std::size_t live_shards = dir.stub_is_ours() ? dir.live_shard_count() : 0;
    const bool reshard =
        config.shards != 0 && (config.shards > 1 ? config.shards : 0) != live_shards;
    bool full = true;
    try {
        full = config.rebuild || reshard || !can_update(dir);
        if (full)
            full_build(config, dir, sources, report, progress, summary);
        else
            incremental_update(config, dir, sources, report, progress, summary);
    } catch (const Xapian::Error& e) {
        throw std::runtime_error(failure(config.database, e));
    } catch (const fs::filesystem_error& e) {
        throw std::runtime_error(config.database + ": " + e.code().message() + " (" +
                                 e.path1().string() + "); the live index was left unchanged");
    }

    summary.failed = report.failed();
    summary.repaired = report.repaired();
    summary.bad_dates = report.bad_facts();
    summary.documents = Xapian::Database(config.database).get_doccount();
    summary.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return summary;
}

void compact_database(const std::string& database) {
    std::error_code ec;
    if (!fs::is_directory(database, ec))
        throw std::runtime_error(database +
                                 ": no index to compact; build it first with ctoc-index");
    DatabaseLock lock(database);
    DatabaseDir dir(database);
    dir.remove_stale();
    const std::string live = dir.live_generation();
    if (live.empty())
        throw std::runtime_error(database +
                                 ": no index to compact; build it first with ctoc-index");
    dir.check_live();
    const std::string generation = dir.new_generation_name();
    RemoveOnExit remove_target(dir.generation_path(generation));
    const std::size_t shards = dir.live_shard_count();
    try {
        if (shards > 0) {
            std::vector<std::vector<std::string>> parts;
            for (const auto& part : dir.live_parts())
                parts.push_back({(fs::path(dir.path()) / part).string()});
            fs::create_directories(dir.generation_path(generation));
            compact_each(parts, dir.generation_path(generation), thread_count(0));
        } else {
            Xapian::Database(dir.generation_path(live))
                .compact(dir.generation_path(generation), Xapian::DBCOMPACT_MULTIPASS);
        }
    } catch (const Xapian::Error& e) {
        throw std::runtime_error(failure(database, e));
    }
    dir.publish(generation, shards);
    remove_target.release();
    dir.remove_stale();
}

std::string check_database(const std::string& database) {
    DatabaseDir dir(database);
    const auto parts = dir.live_parts();
    if (parts.empty())
        throw std::runtime_error("no index at " + database + "; build it with: ctoc-index --db " +
                                 database + " [FILES OR DIRECTORIES]");
    dir.check_live(DatabaseDir::Check::always);
    const Xapian::Database db(database);
    return std::to_string(db.get_doccount()) + " documents in " + std::to_string(parts.size()) +
           (parts.size() == 1 ? " database" : " shards") + ", every table sound";
}

std::vector<std::string> recorded_sources(const std::string& database) {
    std::error_code ec;
    if (!fs::is_directory(database, ec) || DatabaseDir(database).live_generation().empty())
        return {};
    const std::string known =
        Xapian::Database(database).get_metadata(std::string(schema::meta_sources));
    std::vector<std::string> sources;
    for (std::size_t from = 0; from < known.size();) {
        const std::size_t end = std::min(known.find('\n', from), known.size());
        const std::string source = known.substr(from, end - from);
        from = end + 1;
        if (!source.empty())
            sources.push_back(source == stdin_name ? "-" : source);
    }
    // A file recorded on its own and inside a directory recorded too is read once.
    const auto inside_another = [&](const std::string& path) {
        return std::any_of(sources.begin(), sources.end(), [&](const std::string& dir) {
            return dir != "-" && dir != path && path.size() > dir.size() &&
                   path.compare(0, dir.size(), dir) == 0 &&
                   (dir.back() == '/' || path[dir.size()] == '/');
        });
    };
    std::vector<std::string> out;
    for (const auto& source : sources)
        if (!inside_another(source))
            out.push_back(source);
    return out;
}

DatabaseStats database_stats(const std::string& database) {
    const Xapian::Database db(database);
    DatabaseStats s;
    s.documents = db.get_doccount();
    for (auto t = db.allterms_begin(); t != db.allterms_end(); ++t)
        ++s.terms;
    s.last_build = db.get_metadata(std::string(schema::meta_last_build));
    s.sources = db.get_metadata(std::string(schema::meta_sources));
    DatabaseDir dir(database);
    s.generation = dir.live_generation();
    if (dir.live_shard_count() > 0)
        s.shards = dir.live_parts();
    std::error_code ec;
    for (const auto& e : fs::recursive_directory_iterator(dir.generation_path(s.generation), ec)) {
        if (e.is_regular_file(ec))
            s.disk_bytes += e.file_size(ec);
    }
    return s;
}

} // namespace ctoc::index
