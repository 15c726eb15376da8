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

} // namespace

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
                    auto done = try_build(builder, item->record, report);
                    if (!done)
                        continue;
                    const std::string& id = item->record.id;
                    if (!built.push({unique_term(id), std::move(done->xdoc), item->change,
                                     done->doc.text.size(), id, std::move(done->text)}))
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
            const std::string unique = unique_term(item.record.id);
            const Existing& shard = existing[shard_of(unique, parts.size())];
            const auto it = shard.by_unique.find(unique);
            if (it != shard.by_unique.end()) {
                if (it->second.second == item.record.hash) {
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

} // namespace ctoc::index::detail
