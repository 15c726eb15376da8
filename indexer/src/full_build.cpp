// A whole index: one reader thread, a writer per core each adding to its own database, merged
// by Xapian's compactor (accent variants united), published at once.
#include "indexer_detail.h"

namespace ctoc::index::detail {

namespace {

/// Closes a segment of a full build: its accent variants and format mark written, committed.
void finish_segment(Xapian::WritableDatabase& db, DocumentBuilder& builder,
                    const IndexerConfig& config) {
    store_variants(db, builder.take_variants());
    // Every shard carries the format mark: a searcher checks each one it opens.
    write_metadata(db, config, false);
    // Explicitly commit so that we get to see any errors.
    db.commit();
    db.close();
}

/// A writer thread of a full build: analyses the documents of its queue and adds them to its
/// own databases, a new segment every config.segment_size documents or segment_bytes of text
/// (named base-0, base-1..., appended to segments), committing every --batch documents or
/// batch_bytes of text.
void write_shard(const std::string& base, std::vector<std::string>& segments,
                 Queue<WorkItem>& queue, const IndexerConfig& config, Reporter& report,
                 std::atomic<std::size_t>& written) {
    // A build segment is private until compacted and published, and a crash discards it: no
    // fsync for its commits, and its blocks rewritten in place (no reader needs the revision
    // before; 13 pairs at 20,000 documents: wall 0.97, system time 0.90).
    const auto open_segment = [&] {
        segments.push_back(base + "-" + std::to_string(segments.size()));
        return Xapian::WritableDatabase(segments.back(), Xapian::DB_CREATE_OR_OVERWRITE |
                                                             Xapian::DB_NO_SYNC |
                                                             Xapian::DB_DANGEROUS);
    };
    Xapian::WritableDatabase db = open_segment();
    DocumentBuilder builder;
    std::size_t pending = 0;
    std::size_t pending_bytes = 0;
    std::size_t in_segment = 0;
    std::size_t segment_text = 0;
    while (auto item = queue.pop()) {
        const std::size_t bytes = item->record.text.size();
        const auto built = try_build(builder, item->record, report);
        if (!built)
            continue;
        if (config.segment_size != 0 &&
            (in_segment >= config.segment_size || segment_text >= segment_bytes)) {
            // Each commit merges its batch into the segment's B-trees, at a cost growing with
            // them: past a size, a fresh segment (bench/results/indexing.md).
            finish_segment(db, builder, config);
            db = open_segment();
            in_segment = segment_text = pending = pending_bytes = 0;
        }
        // The reader skips a second document with the same key: a fresh database needs no
        // unique-term lookup (replace_document).
        db.add_document(built->xdoc);
        store_text(db, item->record.id, built->text, false);
        ++written;
        ++in_segment;
        segment_text += bytes;
        pending_bytes += bytes;
        if (++pending >= config.batch_size || pending_bytes >= batch_bytes) {
            db.commit();
            pending = pending_bytes = 0;
        }
    }
    finish_segment(db, builder, config);
}

/// Compacts the build's segments into the new generation (one database, or one a shard when
/// the index is sharded: segments[k] are shard k's) and publishes it.
void publish_build(const IndexerConfig& config, const DatabaseDir& dir,
                   const std::string& generation,
                   const std::vector<std::vector<std::string>>& segments, std::size_t shards) {
    const std::string target = dir.generation_path(generation);
    RemoveOnExit remove_target(target);
    if (shards > 1) {
        // Each shard compacted on its own, on every core; the stub lists them.
        fs::create_directories(target);
        compact_each(segments, target, thread_count(config.threads));
    } else {
        std::vector<std::string> all;
        for (const auto& s : segments)
            all.insert(all.end(), s.begin(), s.end());
        compact_into(all, target);
    }
    stop_if_interrupted(config);
    dir.publish(generation, shards > 1 ? shards : 0);
    remove_target.release();
    dir.remove_stale();
}

} // namespace

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
    std::vector<std::vector<std::string>> segments(n); ///< each written by its worker alone
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
                write_shard(shard_paths[k], segments[k], *queues[k], config, report, written);
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
            const std::size_t k = shard_of(unique_term(item.record.id), n);
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
    publish_build(config, dir, generation, segments, shards);
    summary.added = documents;
    summary.rebuilt = true;
}

} // namespace ctoc::index::detail
