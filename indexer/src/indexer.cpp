// ctoc-index's entry points: run_indexer (a full build or an incremental run), compaction,
// checking, the recorded inputs and the statistics of an index.
#include "indexer_detail.h"

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

using namespace detail;

namespace {

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
