#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace ctoc::index {

/// Another ctoc-index holds the database.
class LockedError : public std::runtime_error {
    using std::runtime_error::runtime_error;
};

/// The on-disk layout of a ctocsearch database, a directory holding:
///   XAPIANDB      a Xapian stub naming the live generation ("auto gen-000002")
///   gen-NNNNNN/   Xapian glass databases, one live, others being built or stale
///   .lock         held (flock) by the one indexer allowed at a time
/// Readers open the directory as any Xapian database. A rebuild writes a new generation and
/// renames a new stub over the old one, so readers see the old index or the new, never a mix.
class DatabaseDir {
public:
    explicit DatabaseDir(std::string path);

    const std::string& path() const { return m_path; }

    /// Directory name of the live generation, "" when there is none yet.
    std::string live_generation() const;

    /// Paths of the live Xapian databases, relative to the directory: the generation itself,
    /// or its shards ("gen-000002/shard-0", ...). Empty when there is no index yet.
    std::vector<std::string> live_parts() const;

    /// Number of shards of the live generation; 0 when it is one database.
    std::size_t live_shard_count() const;

    /// Full path of a generation directory.
    std::string generation_path(const std::string& name) const;

    /// A fresh generation name, after every existing one.
    std::string new_generation_name() const;

    /// Makes a generation live: writes the stub beside the old one, syncs, renames it over.
    /// A sharded generation's stub lists its shards, which Xapian then searches as one.
    void publish(const std::string& name, std::size_t shards = 0) const;

    /// Removes generations and build leftovers other than the live one (after a crash).
    void remove_stale() const;

private:
    std::string m_path;
};

/// Exclusive writer lock on a database directory, released on destruction.
class DatabaseLock {
public:
    /// Creates the directory if needed; throws LockedError when another indexer holds it.
    explicit DatabaseLock(const std::string& dir);
    ~DatabaseLock();
    DatabaseLock(const DatabaseLock&) = delete;
    DatabaseLock& operator=(const DatabaseLock&) = delete;

private:
    int m_fd = -1;
};

} // namespace ctoc::index
