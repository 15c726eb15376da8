#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace ctoc::index {

/// Another ctoc-index holds the database.
class LockedError : public std::runtime_error {
    using std::runtime_error::runtime_error;
};

/// The database is damaged (a table or the live generation missing, a stub naming something
/// that is not one of its generations); the message says so and that --rebuild repairs it.
class DamagedIndex : public std::runtime_error {
    using std::runtime_error::runtime_error;
};

/// The on-disk layout of a ctocsearch database, a directory holding:
///   XAPIANDB      a Xapian stub naming the live generation ("auto gen-000002")
///   gen-NNNNNN/   Xapian glass databases, one live, others being retired; each holds a
///                 lease file (schema::lease_file) that readers lock while they use it
///   .lock         held (flock) by the one indexer allowed at a time
/// Readers open the directory as any Xapian database. Every change (rebuild, incremental run,
/// compaction) writes a new generation and renames a new stub over the old one, so readers see
/// the old index or the new, never a mix; a generation is never written once published.
class DatabaseDir {
public:
    explicit DatabaseDir(std::string path);

    const std::string& path() const { return m_path; }

    /// Directory name of the live generation, "" when there is none yet. Throws DamagedIndex
    /// when the stub names anything but generations of this directory.
    std::string live_generation() const;

    /// Paths of the live Xapian databases, relative to the directory: the generation itself,
    /// or its shards ("gen-000002/shard-0", ...). Empty when there is no index yet. Throws
    /// DamagedIndex as live_generation().
    std::vector<std::string> live_parts() const;

    /// Number of shards of the live generation; 0 when it is one database.
    std::size_t live_shard_count() const;

    /// Whether the stub is absent or lists only generations of this directory (a stub written
    /// by ctoc-index); a rebuild replaces any other.
    bool stub_is_ours() const;

    /// How much of the live generation check_live() reads.
    enum class Check {
        if_changed, ///< every table, when its files changed since it was known whole
        always      ///< every table
    };

    /// Throws DamagedIndex when the live generation is not whole: a generation or shard
    /// missing, a glass version file or table missing, its directory a symbolic link, or
    /// (per check) a table Xapian's own check finds damaged.
    void check_live(Check check = Check::if_changed) const;

    /// Records the live generation's files as whole, after a commit written in place by the
    /// writer holding the lock (so that check_live does not read every table again).
    void mark_live_whole() const;

    /// Full path of a generation directory.
    std::string generation_path(const std::string& name) const;

    /// A fresh generation name, after every existing one.
    std::string new_generation_name() const;

    /// Creates the lease file of a generation if it has none (readers lock it).
    void create_lease(const std::string& name) const;

    /// Makes a generation live: gives it a lease, writes the stub beside the old one, syncs,
    /// renames it over. A sharded generation's stub lists its shards, which Xapian then
    /// searches as one.
    void publish(const std::string& name, std::size_t shards = 0) const;

    /// Removes build leftovers (after a crash) and the generations other than the live one
    /// that no reader holds; returns those kept for their readers (a later run removes them).
    /// With a stub that is not ours, no generation is removed.
    std::vector<std::string> remove_stale() const;

private:
    std::vector<std::string> read_stub() const;

    std::string m_path;
};

/// Exclusive writer lock on a database directory, released on destruction.
class DatabaseLock {
public:
    /// Creates the directory if needed; throws LockedError when another indexer holds it, and
    /// std::invalid_argument for a path that is not a local directory ("", tcp://...).
    explicit DatabaseLock(const std::string& dir);
    ~DatabaseLock();
    DatabaseLock(const DatabaseLock&) = delete;
    DatabaseLock& operator=(const DatabaseLock&) = delete;

private:
    int m_fd = -1;
};

/// Flushes every file under path to disk (a generation written without syncs, before it is
/// published).
void sync_tree(const std::string& path);

} // namespace ctoc::index
