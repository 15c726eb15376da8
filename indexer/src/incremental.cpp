// A run on an existing index: what changed is added, replaced or removed; a small change in
// place in one Xapian commit, a large one into a copy published at once.
#include "indexer_detail.h"

namespace ctoc::index::detail {

namespace {

/// The documents not read this time whose source was read whole or has vanished.
std::vector<Xapian::docid> vanished_documents(const Xapian::Database& db, const Existing& existing,
                                              const SourceReader& reader) {
    std::unordered_set<Xapian::docid> unseen;
    for (const auto& [unique, entry] : existing.by_unique) {
        if (reader.seen.count(unique) == 0)
            unseen.insert(entry.docid);
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

/// One incremental run: the reader hands changed documents to analysis threads, which hand
/// them to one writer thread; then the documents whose source is gone are removed, and the
/// change written in place (a small one) or published as a new generation (NextGeneration).
class IncrementalRun {
public:
    IncrementalRun(const IndexerConfig& config, const DatabaseDir& dir, Reporter& report,
                   IndexSummary& summary)
        : m_config(config), m_dir(dir), m_report(report), m_summary(summary),
          m_parts(dir.live_parts()), m_live(open_parts(dir, m_parts)),
          m_existing(load_parts(m_live)), m_next(dir, m_parts),
          // A small change to an unsharded index is held, then written in place in one commit;
          // past the bounds it goes to the copy (NextGeneration), committed in batches.
          m_in_place(m_parts.size() == 1 && dir.live_shard_count() == 0) {}

    void run(const std::vector<corpus::Source>& sources,
             const std::function<void(const Progress&)>& progress) {
        const unsigned n = std::max(1u, thread_count(m_config.threads) - 1);
        const auto stop_all = [this] { abort_all(); };
        std::vector<std::thread> workers;
        start_threads(
            workers, n, [this](unsigned) { analyse(); }, stop_all);
        std::thread writer;
        try {
            writer = std::thread([this] { write(); });
        } catch (...) {
            stop_all();
            for (auto& w : workers)
                w.join();
            throw;
        }
        SourceReader reader(m_config, m_report, progress, m_summary);
        if (!m_config.checksum)
            reader.scan.unchanged = [this](const std::string& path, const std::string& stat) {
                const Existing::Entry* known = indexed(unique_term(path));
                return known != nullptr && !known->stat.empty() && known->stat == stat;
            };
        read_all(
            reader, sources, [this](WorkItem&& item) { return dispatch(std::move(item)); }, m_error,
            stop_all);
        m_work.close();
        for (auto& w : workers)
            w.join();
        m_built.close();
        writer.join();
        m_error.rethrow();
        finish(reader);
    }

private:
    static std::vector<Xapian::Database> open_parts(const DatabaseDir& dir,
                                                    const std::vector<std::string>& parts) {
        std::vector<Xapian::Database> live;
        for (const auto& part : parts)
            live.emplace_back((fs::path(dir.path()) / part).string());
        return live;
    }

    static std::vector<Existing> load_parts(const std::vector<Xapian::Database>& live) {
        std::vector<Existing> existing;
        for (const auto& db : live)
            existing.push_back(load_existing(db));
        return existing;
    }

    void abort_all() {
        m_work.abort();
        m_built.abort();
    }

    /// The reader's hand-off: an unchanged document is counted and skipped, a known one marked
    /// as an update; false when the run is aborted.
    bool dispatch(WorkItem&& item) {
        if (item.record.unchanged) { // not read: same size and time (ScanOptions::unchanged)
            ++m_summary.unchanged;
            return true;
        }
        const std::string unique = unique_term(item.record.id);
        if (const Existing::Entry* known = indexed(unique)) {
            if (known->hash == item.record.hash) {
                ++m_summary.unchanged;
                // Same bytes, new size and time (touched, copied, saved just before the last
                // run): the new signature is recorded so that the next run skips it unread.
                if (!item.record.stat.empty() && item.record.stat != known->stat)
                    m_restat[shard_of(unique, m_parts.size())].emplace_back(
                        known->docid, std::move(item.record.stat));
                return true;
            }
            item.change = Change::update;
        }
        return m_work.push(std::move(item));
    }

    /// An analysis thread: builds the documents it pops, and hands them to the writer.
    void analyse() {
        try {
            DocumentBuilder builder;
            while (auto item = m_work.pop()) {
                auto done = try_build(builder, item->record, m_report);
                if (!done)
                    continue;
                const std::string& id = item->record.id;
                if (!m_built.push({unique_term(id), std::move(done->xdoc), item->change,
                                   done->doc.text.size(), id, std::move(done->text)}))
                    break;
            }
            std::lock_guard lock(m_variants_mutex);
            m_variants.merge(builder.take_variants());
        } catch (...) {
            m_error.set(std::current_exception());
            abort_all();
        }
    }

    /// The writer thread: holds a small change for the end, or writes to the copy.
    void write() {
        try {
            while (auto item = m_built.pop()) {
                if (m_in_place && !m_next.started()) {
                    m_held_bytes += item->bytes;
                    m_held.push_back(std::move(*item));
                    if (m_held.size() > in_place_docs || m_held_bytes > in_place_bytes)
                        spill();
                    continue;
                }
                write_copy(*item);
            }
        } catch (...) {
            m_error.set(std::current_exception());
            abort_all();
        }
    }

    void write_copy(BuiltItem& item) {
        auto& dbs = m_next.databases();
        m_pending_bytes += item.bytes;
        auto& shard = dbs[shard_of(item.unique, dbs.size())];
        shard.replace_document(item.unique, item.xdoc);
        store_text(shard, item.key, item.text, item.change == Change::update);
        ++(item.change == Change::add ? m_summary.added : m_summary.updated);
        if (++m_pending >= m_config.batch_size || m_pending_bytes >= batch_bytes) {
            for (auto& db : dbs)
                db.commit();
            m_pending = m_pending_bytes = 0;
        }
    }

    /// The documents held go to the copy.
    void spill() {
        for (auto& item : m_held)
            write_copy(item);
        m_held = {};
    }

    /// What the live index holds under a unique term, or nullptr.
    const Existing::Entry* indexed(const std::string& unique) const {
        const Existing& shard = m_existing[shard_of(unique, m_parts.size())];
        const auto it = shard.by_unique.find(unique);
        return it == shard.by_unique.end() ? nullptr : &it->second;
    }

    /// New stat signatures of unchanged documents: their values only (Xapian rewrites neither
    /// terms nor positions of a document whose terms were not modified).
    static void restat(Xapian::WritableDatabase& db,
                       const std::vector<std::pair<Xapian::docid, std::string>>& signatures) {
        for (const auto& [id, stat] : signatures) {
            Xapian::Document doc = db.get_document(id);
            doc.add_value(schema::stat_slot, stat);
            db.replace_document(id, doc);
        }
    }

    void remove_doomed(Xapian::WritableDatabase& db, const std::vector<Xapian::docid>& ids) {
        for (const Xapian::docid id : ids) {
            try {
                const auto data = corpus::json::parse(db.get_document(id).get_data());
                if (const auto* key = corpus::json::find(data, "id"))
                    remove_text(db, corpus::json::to_text(*key));
            } catch (const corpus::json::ParseError&) {
            }
            db.delete_document(id);
        }
        m_summary.removed += ids.size();
    }

    /// After the writer: removes what vanished and publishes the change, if any.
    void finish(const SourceReader& reader) {
        std::vector<std::vector<Xapian::docid>> doomed;
        std::size_t doomed_count = 0;
        for (std::size_t k = 0; k < m_parts.size(); ++k) {
            doomed.push_back(vanished_documents(m_live[k], m_existing[k], reader));
            doomed_count += doomed.back().size();
        }
        // A run that finds nothing new leaves the index as it is (its list of sources included),
        // but for new signatures of unchanged files, recorded where that is cheap (in place).
        const std::string known = m_live.front().get_metadata(std::string(schema::meta_sources));
        if (!m_next.started() && m_held.empty() && doomed_count == 0 &&
            describe_inputs(m_config.inputs, known) == known) {
            if (m_in_place && !m_restat.front().empty())
                write_in_place(doomed.front());
            return;
        }
        if (m_in_place && !m_next.started() && doomed_count <= in_place_docs) {
            write_in_place(doomed.front());
            return;
        }
        spill();
        for (std::size_t k = 0; k < m_parts.size(); ++k) {
            remove_doomed(m_next.databases()[k], doomed[k]);
            restat(m_next.databases()[k], m_restat[k]);
        }
        auto& dbs = m_next.databases();
        // New accent variants go to the first shard: a search reads the union of every shard's.
        store_variants(dbs.front(), m_variants);
        for (auto& db : dbs)
            write_metadata(db, m_config, true);
        stop_if_interrupted(m_config);
        m_next.publish(m_dir.live_shard_count());
    }

    /// One transaction, one commit: Xapian writes the new revision beside the old one and
    /// switches to it at once, so readers and a kill -9 see the old or the new document set,
    /// as with a new generation; readers at the old revision reopen when a later commit
    /// reuses its blocks (Searcher::retrying). The cost is that of the change, not a copy of
    /// the whole index.
    void write_in_place(const std::vector<Xapian::docid>& doomed) {
        Xapian::WritableDatabase db(m_dir.generation_path(m_parts.front()), Xapian::DB_OPEN);
        db.begin_transaction();
        for (auto& item : m_held) {
            db.replace_document(item.unique, item.xdoc);
            store_text(db, item.key, item.text, item.change == Change::update);
            ++(item.change == Change::add ? m_summary.added : m_summary.updated);
        }
        remove_doomed(db, doomed);
        restat(db, m_restat.front());
        store_variants(db, m_variants);
        write_metadata(db, m_config, true);
        stop_if_interrupted(m_config);
        db.commit_transaction();
        db.close();
        m_dir.mark_live_whole();
    }

    const IndexerConfig& m_config;
    const DatabaseDir& m_dir;
    Reporter& m_report;
    IndexSummary& m_summary;
    const std::vector<std::string> m_parts; ///< the live generation's databases
    std::vector<Xapian::Database> m_live;
    std::vector<Existing> m_existing; ///< what each live database holds
    /// Per live database, unchanged documents read again whose file's signature changed.
    std::vector<std::vector<std::pair<Xapian::docid, std::string>>> m_restat{m_parts.size()};
    NextGeneration m_next;
    const bool m_in_place;
    Queue<WorkItem> m_work{64};
    Queue<BuiltItem> m_built{64};
    FirstError m_error;
    std::mutex m_variants_mutex;
    AccentVariants m_variants;
    std::vector<BuiltItem> m_held; ///< the change held for an in-place commit
    std::size_t m_held_bytes = 0;
    std::size_t m_pending = 0; ///< documents written to the copy since its last commit
    std::size_t m_pending_bytes = 0;
};

} // namespace

/// Incremental update: unchanged documents are skipped, changed ones replaced, vanished ones
/// removed; a small change to an unsharded index in place in one commit, a larger one in a new
/// generation (NextGeneration); one writer thread, analysis on the others.
void incremental_update(const IndexerConfig& config, const DatabaseDir& dir,
                        const std::vector<corpus::Source>& sources, Reporter& report,
                        const std::function<void(const Progress&)>& progress,
                        IndexSummary& summary) {
    IncrementalRun(config, dir, report, summary).run(sources, progress);
}

} // namespace ctoc::index::detail
