#pragma once

#include <xapian.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace ctoc::search {

/// No usable database where one was expected.
class MissingDatabase : public std::runtime_error {
    using std::runtime_error::runtime_error;
};

/// A shard that does not answer: its server is down, too slow or unreachable.
class ShardUnavailable : public MissingDatabase {
    using MissingDatabase::MissingDatabase;
};

/// A damaged index (a table missing, blocks Xapian finds corrupt): the message says so and
/// that ctoc-index --rebuild repairs it.
class DamagedIndex : public MissingDatabase {
    using MissingDatabase::MissingDatabase;
};

/// How to reach the shards of an index.
struct OpenOptions {
    /// Remote shards: the longest wait to connect and for each exchange.
    std::chrono::milliseconds timeout{10000};
    /// Search the shards that answer, with a warning, instead of failing.
    bool allow_partial = false;
    /// Run the programs named by "remote :PROGRAM ARGS" stub lines. Off by default: opening
    /// an index someone sent must not run their command.
    bool allow_programs = false;
};

/// An index made of one or more databases searched as one. Each location is
/// - a ctocsearch index directory (made by ctoc-index, sharded or not),
/// - a Xapian database directory,
/// - a Xapian stub file listing local and remote shards ("auto PATH", "remote HOST:PORT",
///   "remote :PROGRAM ARGS" under allow_programs only; paths relative to the stub), or
/// - tcp://HOST:PORT, a shard served by xapian-tcpsrv.
/// Remote shards are opened with the timeout of OpenOptions, so that a dead or hung server
/// is an error after that time, or a skipped shard with a warning under allow_partial.
///
/// A generation of a ctocsearch index is leased (schema::lease_file) from before it is opened
/// until the set is reopened or destroyed, so the indexer never removes it under a reader: a
/// reader always opens the generation its stub names, whatever rebuilds happen meanwhile. A
/// long-lived reader should reopen (Searcher::refresh) between queries, to see new changes and
/// let the indexer remove the generations it no longer needs.
class ShardSet {
public:
    /// Opens every shard; throws MissingDatabase (DamagedIndex, ShardUnavailable) with advice.
    ShardSet(std::vector<std::string> locations, OpenOptions options);
    ~ShardSet();
    ShardSet(ShardSet&&) noexcept;
    ShardSet& operator=(ShardSet&&) noexcept;

    /// All the shards that answered, as one database.
    const Xapian::Database& database() const { return m_db; }

    /// Opens everything again (after a rebuild swapped the live generation, or a shard
    /// stopped answering); warnings() then tells what was skipped this time. On failure the
    /// set stays as it was.
    void reopen();

    /// Whether a stub file read when opening now says something else (a rebuild or an
    /// incremental run published a new generation): reopen() then opens it.
    bool stale() const;

    /// The shards skipped because they did not answer (allow_partial only), one line each.
    const std::vector<std::string>& warnings() const { return m_warnings; }

    bool allow_partial() const { return m_options.allow_partial; }

    /// Shard k of those that answered, in database()'s order.
    const Xapian::Database& part(std::size_t k) const { return m_parts[k].db; }

    /// Shards that answered and shards listed.
    std::size_t open_count() const { return m_parts.size(); }
    std::size_t listed_count() const { return m_parts.size() + m_warnings.size(); }

    /// The shard holding a document of database(): Xapian numbers the documents of several
    /// databases in turn (docid 1 in the first, 2 in the second...).
    const Xapian::Database& shard_of(Xapian::docid docid) const {
        return m_parts[(docid - 1) % m_parts.size()].db;
    }

    /// Each shard's UUID in order when every shard is a local database with its own UUID; empty
    /// when some shard is remote (a query sent to it must be serialisable) or two are copies.
    std::vector<std::string> local_uuids() const;

    /// Whether the set is one local database (which another_handle() can open again).
    bool one_local() const { return m_parts.size() == 1 && !m_parts.front().remote; }

    /// Another handle on the set's one local database, for another thread (Xapian's objects
    /// are not thread-safe); the generation stays leased by this set. Throws std::logic_error
    /// unless one_local().
    Xapian::Database another_handle() const;

    /// The union over the shards of one metadata value split into lines (Xapian's own
    /// get_metadata() on several shards reads only the first).
    std::set<std::string> metadata_lines(const std::string& key) const;

    /// The metadata keys starting with prefix over every shard, at most limit of them.
    std::vector<std::string> metadata_keys(const std::string& prefix, std::size_t limit) const;

    /// "a, b and 2 others": the locations given, for messages.
    std::string describe() const;

private:
    struct Part {
        std::string label; ///< path or tcp://host:port, for messages
        Xapian::Database db;
        bool remote = false;
    };
    class Lease;
    struct Stub {
        std::string path;
        std::string text; ///< as read when opening
    };
    void open();
    void add_location(const std::string& location, int depth);
    void add_stub(const std::string& path, int depth);
    void add_part(const std::string& label, bool remote,
                  const std::function<Xapian::Database()>& open);

    std::vector<std::string> m_locations;
    OpenOptions m_options;
    std::vector<Part> m_parts;
    std::vector<std::string> m_warnings;
    std::vector<std::unique_ptr<Lease>> m_leases; ///< generations held open
    std::vector<Stub> m_stubs;
    Xapian::Database m_db;
};

/// Splits "host:port" or "[v6]:port"; throws std::invalid_argument when malformed.
std::pair<std::string, unsigned> parse_host_port(const std::string& text);

} // namespace ctoc::search
