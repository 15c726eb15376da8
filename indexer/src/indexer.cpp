#include <ctoc/index/indexer.h>

#include <ctoc/index/database.h>
#include <ctoc/index/document_builder.h>
#include <ctoc/schema.h>

#include <xapian.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <ctime>
#include <deque>
#include <exception>
#include <filesystem>
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

struct WorkItem {
    corpus::Document doc;
    bool update = false;
};

struct BuiltItem {
    std::string unique;
    Xapian::Document xdoc;
};

std::string now_iso() {
    const std::time_t t = std::time(nullptr);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
    return buf;
}

std::string join(const std::vector<std::string>& v) {
    std::string out;
    for (const auto& s : v) {
        if (!out.empty())
            out += '\n';
        out += s;
    }
    return out;
}

unsigned thread_count(unsigned requested) {
    if (requested != 0)
        return requested;
    return std::max(1u, std::min(8u, std::thread::hardware_concurrency()));
}

std::uint64_t total_size(const std::vector<corpus::Source>& sources) {
    std::uint64_t total = 0;
    for (const auto& s : sources) {
        std::error_code ec;
        if (s.path != "-")
            total += fs::file_size(s.path, ec);
    }
    return total;
}

void write_metadata(Xapian::WritableDatabase& db, const IndexerConfig& config) {
    db.set_metadata(std::string(schema::meta_last_build), now_iso());
    db.set_metadata(std::string(schema::meta_sources), join(config.inputs));
    db.set_metadata(std::string(schema::meta_format), std::string(schema::format_version));
}

void add_synonyms(Xapian::WritableDatabase& db, const StemSynonyms& synonyms) {
    for (const auto& [plain, stem] : synonyms)
        db.add_synonym(plain, stem);
}

/// What the live index holds, for an incremental run: unique term -> (docid, hash).
struct Existing {
    std::unordered_map<std::string, std::pair<Xapian::docid, std::string>> by_unique;
};

Existing load_existing(const Xapian::Database& db) {
    Existing e;
    std::unordered_map<Xapian::docid, std::string> hashes;
    for (auto v = db.valuestream_begin(schema::hash_slot); v != db.valuestream_end(schema::hash_slot); ++v)
        hashes.emplace(v.get_docid(), *v);
    const std::string q(schema::unique_id);
    for (auto t = db.allterms_begin(q); t != db.allterms_end(q); ++t) {
        const auto p = db.postlist_begin(*t);
        if (p != db.postlist_end(*t))
            e.by_unique.emplace(*t, std::make_pair(*p, hashes[*p]));
    }
    return e;
}

/// Reads every source, calling dispatch for each document; returns the skipped count.
class SourceReader {
public:
    SourceReader(const IndexerConfig& config, const corpus::DiagnosticSink& sink,
                 const std::function<void(const Progress&)>& progress, IndexSummary& summary)
        : m_config(config), m_sink(sink), m_progress(progress), m_summary(summary) {}

    /// Sources whose documents were all read (a document missing from them is gone).
    std::unordered_set<std::string> complete_sources;
    /// Unique terms of every document read.
    std::unordered_set<std::string> seen;

    void run(const std::vector<corpus::Source>& sources, const std::function<bool(WorkItem&&)>& dispatch) {
        const auto start = Clock::now();
        auto last = start;
        Progress p;
        p.total_bytes = total_size(sources);
        const corpus::DiagnosticSink counting_sink = [&](const corpus::Diagnostic& d) {
            if (d.skipped)
                ++m_summary.failed;
            else
                ++m_summary.repaired;
            m_sink(d);
        };
        for (const auto& source : sources) {
            bool ok = true;
            const std::size_t skipped = corpus::read_source(
                source, m_config.scan, counting_sink, [&](corpus::Document&& doc) {
                    if (!ok)
                        return;
                    p.bytes += doc.text.size();
                    ++p.documents;
                    seen.insert(unique_term(doc.id));
                    ok = dispatch(WorkItem{std::move(doc), false});
                    const auto now = Clock::now();
                    if (m_progress && now - last > std::chrono::milliseconds(200)) {
                        last = now;
                        p.seconds = std::chrono::duration<double>(now - start).count();
                        m_progress(p);
                    }
                });
            if (!ok)
                return;
            if (skipped == 0)
                complete_sources.insert(source.path);
        }
        m_summary.bytes = p.bytes;
        if (m_progress) {
            p.seconds = std::chrono::duration<double>(Clock::now() - start).count();
            m_progress(p);
        }
    }

private:
    const IndexerConfig& m_config;
    const corpus::DiagnosticSink& m_sink;
    const std::function<void(const Progress&)>& m_progress;
    IndexSummary& m_summary;
};

std::size_t shard_of(const std::string& id, std::size_t shards) {
    return std::hash<std::string>{}(id) % shards;
}

/// Full build: each thread analyses and writes its own shard; shards are then merged by
/// compaction into a new generation, which is swapped in.
void full_build(const IndexerConfig& config, const DatabaseDir& dir, const std::vector<corpus::Source>& sources,
                const corpus::DiagnosticSink& sink, const std::function<void(const Progress&)>& progress,
                IndexSummary& summary) {
    const unsigned n = thread_count(config.threads);
    const std::string generation = dir.new_generation_name();
    const fs::path build_dir = fs::path(dir.path()) / (".build-" + generation);
    fs::create_directories(build_dir);

    std::vector<std::unique_ptr<Queue<WorkItem>>> queues;
    std::vector<std::string> shard_paths;
    for (unsigned k = 0; k < n; ++k) {
        queues.push_back(std::make_unique<Queue<WorkItem>>(64));
        shard_paths.push_back((build_dir / ("shard-" + std::to_string(k))).string());
    }
    FirstError error;
    std::atomic<std::size_t> written{0};
    std::vector<std::thread> workers;
    for (unsigned k = 0; k < n; ++k) {
        workers.emplace_back([&, k] {
            try {
                Xapian::WritableDatabase db(shard_paths[k], Xapian::DB_CREATE_OR_OVERWRITE);
                DocumentBuilder builder;
                std::size_t pending = 0;
                while (auto item = queues[k]->pop()) {
                    Xapian::Document xdoc = builder.build(item->doc);
                    db.replace_document(unique_term(item->doc.id), xdoc);
                    ++written;
                    if (++pending >= config.batch_size) {
                        db.commit();
                        pending = 0;
                    }
                }
                add_synonyms(db, builder.take_synonyms());
                if (k == 0)
                    write_metadata(db, config);
                // Explicitly commit so that we get to see any errors.
                db.commit();
            } catch (...) {
                error.set(std::current_exception());
                for (auto& q : queues)
                    q->abort();
            }
        });
    }
    SourceReader reader(config, sink, progress, summary);
    reader.run(sources, [&](WorkItem&& item) {
        const std::size_t k = shard_of(item.doc.id, n);
        return queues[k]->push(std::move(item));
    });
    for (auto& q : queues)
        q->close();
    for (auto& w : workers)
        w.join();
    error.rethrow();

    const std::size_t documents = written.load();
    if (documents == 0 && !dir.live_generation().empty()) {
        fs::remove_all(build_dir);
        throw std::runtime_error("no document could be read from the inputs; the existing index was kept");
    }
    Xapian::Database merged;
    for (const auto& p : shard_paths)
        merged.add_database(Xapian::Database(p));
    const std::string target = dir.generation_path(generation);
    merged.compact(target, Xapian::DBCOMPACT_MULTIPASS);
    dir.publish(generation);
    fs::remove_all(build_dir);
    dir.remove_stale();
    summary.added = documents;
    summary.rebuilt = true;
}

/// Incremental update of the live generation: unchanged documents are skipped, changed
/// ones replaced, vanished ones removed; one writer thread, analysis on the others.
void incremental_update(const IndexerConfig& config, const DatabaseDir& dir,
                        const std::vector<corpus::Source>& sources, const corpus::DiagnosticSink& sink,
                        const std::function<void(const Progress&)>& progress, IndexSummary& summary) {
    Xapian::WritableDatabase db(dir.generation_path(dir.live_generation()), Xapian::DB_OPEN);
    const Existing existing = load_existing(db);
    const unsigned n = std::max(1u, thread_count(config.threads) - 1);

    Queue<WorkItem> work(64);
    Queue<BuiltItem> built(64);
    FirstError error;
    std::mutex synonyms_mutex;
    StemSynonyms synonyms;
    std::vector<std::thread> workers;
    for (unsigned k = 0; k < n; ++k) {
        workers.emplace_back([&] {
            try {
                DocumentBuilder builder;
                while (auto item = work.pop()) {
                    Xapian::Document xdoc = builder.build(item->doc);
                    if (!built.push({unique_term(item->doc.id), std::move(xdoc)}))
                        break;
                }
                std::lock_guard lock(synonyms_mutex);
                synonyms.merge(builder.take_synonyms());
            } catch (...) {
                error.set(std::current_exception());
                work.abort();
                built.abort();
            }
        });
    }
    std::thread writer([&] {
        try {
            std::size_t pending = 0;
            while (auto item = built.pop()) {
                db.replace_document(item->unique, item->xdoc);
                if (++pending >= config.batch_size) {
                    db.commit();
                    pending = 0;
                }
            }
        } catch (...) {
            error.set(std::current_exception());
            work.abort();
            built.abort();
        }
    });

    SourceReader reader(config, sink, progress, summary);
    reader.run(sources, [&](WorkItem&& item) {
        const auto it = existing.by_unique.find(unique_term(item.doc.id));
        if (it != existing.by_unique.end()) {
            if (it->second.second == item.doc.hash) {
                ++summary.unchanged;
                return true;
            }
            ++summary.updated;
        } else {
            ++summary.added;
        }
        return work.push(std::move(item));
    });
    work.close();
    for (auto& w : workers)
        w.join();
    built.close();
    writer.join();
    error.rethrow();

    // A document not read this time is gone if its source was read whole or has vanished.
    for (const auto& [unique, entry] : existing.by_unique) {
        if (reader.seen.count(unique) != 0)
            continue;
        const Xapian::Document doc = db.get_document(entry.first);
        std::string path;
        try {
            const auto data = corpus::json::parse(doc.get_data());
            if (const auto* p = data.find("path"))
                path = p->to_text();
        } catch (const corpus::json::ParseError&) {
        }
        std::error_code ec;
        if (reader.complete_sources.count(path) != 0 || (!path.empty() && !fs::exists(path, ec))) {
            db.delete_document(entry.first);
            ++summary.removed;
        }
    }
    add_synonyms(db, synonyms);
    write_metadata(db, config);
    db.commit();
}

} // namespace

IndexSummary run_indexer(const IndexerConfig& config, const corpus::DiagnosticSink& sink,
                         const std::function<void(const Progress&)>& progress) {
    const auto start = Clock::now();
    DatabaseLock lock(config.database);
    DatabaseDir dir(config.database);
    dir.remove_stale();

    IndexSummary summary;
    const auto counting_sink = [&](const corpus::Diagnostic& d) {
        ++summary.failed;
        sink(d);
    };
    const std::vector<corpus::Source> sources = corpus::scan_sources(config.inputs, config.scan, counting_sink);

    bool full = config.rebuild || dir.live_generation().empty();
    if (!full) {
        const Xapian::Database live(dir.generation_path(dir.live_generation()));
        if (live.get_metadata(std::string(schema::meta_format)) != schema::format_version)
            full = true;
    }
    if (full)
        full_build(config, dir, sources, sink, progress, summary);
    else
        incremental_update(config, dir, sources, sink, progress, summary);

    summary.documents = Xapian::Database(config.database).get_doccount();
    summary.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return summary;
}

void compact_database(const std::string& database) {
    DatabaseLock lock(database);
    DatabaseDir dir(database);
    const std::string live = dir.live_generation();
    if (live.empty())
        throw std::runtime_error(database + ": no index to compact; build it first with ctoc-index");
    const std::string generation = dir.new_generation_name();
    Xapian::Database(dir.generation_path(live)).compact(dir.generation_path(generation), Xapian::DBCOMPACT_MULTIPASS);
    dir.publish(generation);
    dir.remove_stale();
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
    std::error_code ec;
    for (const auto& e : fs::recursive_directory_iterator(dir.generation_path(s.generation), ec)) {
        if (e.is_regular_file(ec))
            s.disk_bytes += e.file_size(ec);
    }
    return s;
}

} // namespace ctoc::index
