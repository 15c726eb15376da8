#include <ctoc/search/shards.h>

#include <ctoc/schema.h>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

namespace ctoc::search {

namespace {

/// Stubs may list stubs; deeper than this is a loop.
constexpr int max_stub_depth = 8;

constexpr std::string_view tcp_scheme = "tcp://";

/// A stub lists a few databases; a bigger file is something else.
constexpr std::uintmax_t max_stub_bytes = 1u << 20;

/// Xapian's stub file inside a database directory.
constexpr std::string_view stub_name = schema::stub_file;

/// Opening again after a stub changed under us (a generation retired between reading the stub
/// and leasing it): each retry reads the newest stub, whose generation a writer removes only
/// after publishing another, so a handful is plenty.
constexpr int max_open_attempts = 20;

/// The stub read when opening changed before its generations could be leased or opened.
struct StubChanged {};

std::string read_all(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return in ? text.str() : std::string();
}

std::string rebuild_advice(const std::string& what) {
    return "the index at " + what + "; rebuild it with: ctoc-index --rebuild";
}

std::string network_message(const Xapian::Error& e) {
    std::string message = e.get_msg();
    if (const char* why = e.get_error_string(); why != nullptr && *why != '\0')
        message += std::string(message.empty() ? "" : ": ") + why;
    return message;
}

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t\r");
    if (b == std::string::npos)
        return {};
    return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
}

} // namespace

std::pair<std::string, unsigned> parse_host_port(const std::string& text) {
    std::string host;
    std::string port;
    if (!text.empty() && text.front() == '[') {
        const auto close = text.find(']');
        if (close == std::string::npos || close + 1 >= text.size() || text[close + 1] != ':')
            throw std::invalid_argument("expected [ADDRESS]:PORT, got '" + text + "'");
        host = text.substr(1, close - 1);
        port = text.substr(close + 2);
    } else {
        const auto colon = text.rfind(':');
        if (colon == std::string::npos || colon == 0)
            throw std::invalid_argument("expected HOST:PORT, got '" + text + "'");
        host = text.substr(0, colon);
        port = text.substr(colon + 1);
    }
    if (port.empty() || port.size() > 5 ||
        port.find_first_not_of("0123456789") != std::string::npos || std::stoul(port) == 0 ||
        std::stoul(port) > 65535)
        throw std::invalid_argument("invalid port '" + port + "' in '" + text + "' (1 to 65535)");
    return {host, static_cast<unsigned>(std::stoul(port))};
}

/// A shared flock on a generation's lease file (schema::lease_file), held while the generation
/// is open: the indexer removes a generation only when it can lock its lease exclusively.
class ShardSet::Lease {
public:
    enum class Outcome { held, none, gone };

    /// Leases the generation directory; none when it has no lease file (an index made before
    /// leases), gone when it was retired meanwhile.
    static Outcome take(const fs::path& generation, std::unique_ptr<Lease>& out) {
        const fs::path path = generation / schema::lease_file;
        const int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
        std::error_code ec;
        if (fd < 0)
            return errno == ENOENT && !fs::is_directory(generation, ec) ? Outcome::gone
                                                                        : Outcome::none;
        int locked = 0;
        while ((locked = ::flock(fd, LOCK_SH)) != 0 && errno == EINTR) {
        }
        // Locked, but is it still the lease of a live directory? A writer renames a generation
        // before removing it; the file at the path is then another one or none.
        struct stat held {
        }, now{};
        if (locked != 0 || ::fstat(fd, &held) != 0 || ::stat(path.c_str(), &now) != 0 ||
            held.st_ino != now.st_ino || held.st_dev != now.st_dev) {
            ::close(fd);
            return locked != 0 ? Outcome::none : Outcome::gone;
        }
        out.reset(new Lease(fd));
        return Outcome::held;
    }

    ~Lease() { ::close(m_fd); }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;

private:
    explicit Lease(int fd) : m_fd(fd) {}
    int m_fd;
};

ShardSet::ShardSet(std::vector<std::string> locations, OpenOptions options)
    : m_locations(std::move(locations)), m_options(options) {
    if (m_locations.empty())
        throw MissingDatabase("no database given");
    open();
}

ShardSet::~ShardSet() = default;
ShardSet::ShardSet(ShardSet&&) noexcept = default;
ShardSet& ShardSet::operator=(ShardSet&&) noexcept = default;

void ShardSet::reopen() {
    open();
}

bool ShardSet::stale() const {
    return std::any_of(m_stubs.begin(), m_stubs.end(),
                       [](const Stub& stub) { return read_all(stub.path) != stub.text; });
}

void ShardSet::open() {
    // Build the new set beside the old one, which stays whole (and leased) if this fails.
    auto old_parts = std::exchange(m_parts, {});
    auto old_warnings = std::exchange(m_warnings, {});
    auto old_leases = std::exchange(m_leases, {});
    auto old_stubs = std::exchange(m_stubs, {});
    try {
        for (const auto& location : m_locations) {
            const std::size_t parts = m_parts.size(), warnings = m_warnings.size(),
                              leases = m_leases.size(), stubs = m_stubs.size();
            for (int attempt = 1;; ++attempt) {
                try {
                    add_location(location, 0);
                    break;
                } catch (const StubChanged&) {
                    if (attempt >= max_open_attempts)
                        throw MissingDatabase(location +
                                              " changes faster than it can be opened; try again");
                    m_parts.resize(parts);
                    m_warnings.resize(warnings);
                    m_leases.resize(leases);
                    m_stubs.resize(stubs);
                }
            }
        }
        if (m_parts.empty())
            throw ShardUnavailable(
                "no shard of " + describe() + " answers (" +
                (m_warnings.empty() ? std::string("none listed") : m_warnings.front()) + ")");
    } catch (...) {
        m_parts = std::move(old_parts);
        m_warnings = std::move(old_warnings);
        m_leases = std::move(old_leases);
        m_stubs = std::move(old_stubs);
        throw;
    }
    m_db = Xapian::Database();
    for (const auto& part : m_parts)
        m_db.add_database(part.db);
}

void ShardSet::add_location(const std::string& location, int depth) {
    if (depth > max_stub_depth)
        throw MissingDatabase(location +
                              ": stub databases nested too deep (a stub listing itself?)");
    if (location.compare(0, tcp_scheme.size(), tcp_scheme) == 0) {
        std::pair<std::string, unsigned> address;
        try {
            address = parse_host_port(location.substr(tcp_scheme.size()));
        } catch (const std::invalid_argument& e) {
            throw MissingDatabase(location + ": " + e.what());
        }
        const auto timeout = static_cast<unsigned>(m_options.timeout.count());
        add_part(location, true, [&] {
            return Xapian::Remote::open(address.first, address.second, timeout, timeout);
        });
        return;
    }
    std::error_code ec;
    const auto status = fs::status(location, ec);
    if (!fs::exists(status)) {
        if (depth > 0)
            throw MissingDatabase("the index lists " + location +
                                  ", which does not exist; rebuild it with ctoc-index --rebuild");
        throw MissingDatabase("no index at " + location + "; build it with: ctoc-index --db " +
                              location + " [FILES OR DIRECTORIES]");
    }
    if (fs::is_regular_file(status)) {
        add_stub(location, depth + 1);
        return;
    }
    const fs::path dir(location);
    if (fs::is_regular_file(dir / stub_name, ec)) {
        add_stub((dir / stub_name).string(), depth + 1);
        return;
    }
    if (!fs::exists(dir / "iamglass", ec) && !fs::exists(dir / "iamchert", ec)) {
        if (fs::exists(dir / "postlist.glass", ec) || fs::exists(dir / "docdata.glass", ec))
            throw DamagedIndex(rebuild_advice(location + " is damaged (iamglass is missing)"));
        // ctoc-index builds only in a new or empty directory, so say so for one with files.
        if (fs::exists(dir, ec) && !fs::is_directory(dir, ec))
            throw MissingDatabase(
                location + " is neither an index directory nor a stub file; give --db an index");
        const bool empty = fs::is_directory(dir, ec) &&
                           fs::directory_iterator(dir, ec) == fs::directory_iterator();
        if (!empty && fs::is_directory(dir, ec))
            throw MissingDatabase(
                location + " is a directory of other files, not a ctocsearch index; give --db an "
                           "index, or build one with: ctoc-index --db NEW-DIRECTORY [FILES]");
        throw MissingDatabase(
            location + " is not a ctocsearch index; build one with: ctoc-index --db " + location);
    }
    if (fs::exists(dir / "iamglass", ec) && !fs::exists(dir / "postlist.glass", ec))
        throw DamagedIndex(rebuild_advice(location + " is damaged (postlist.glass is missing)"));
    add_part(location, false, [&] {
        Xapian::Database db(location);
        if (const std::string missing = schema::missing_table(location, db); !missing.empty())
            throw DamagedIndex(
                rebuild_advice(location + " is damaged (" + missing + " is missing)"));
        return db;
    });
}

void ShardSet::add_stub(const std::string& path, int depth) {
    const auto not_a_stub = [&] {
        return MissingDatabase(
            path + " is neither an index nor a Xapian stub file; give an index directory "
                   "made by ctoc-index, a stub file or tcp://HOST:PORT");
    };
    std::error_code ec;
    if (fs::file_size(path, ec) > max_stub_bytes)
        throw not_a_stub();
    // Read once: the generations leased below are those this text names.
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw MissingDatabase("cannot read " + path + "; check its permissions");
    std::ostringstream read;
    read << in.rdbuf();
    const std::string text = read.str();
    m_stubs.push_back({path, text});
    const fs::path base = fs::path(path).parent_path();
    std::istringstream lines(text);
    std::string line;
    std::size_t number = 0;
    std::size_t listed = 0;
    std::set<std::string> leased;
    try {
        while (std::getline(lines, line)) {
            ++number;
            line = trim(line);
            if (line.empty() || line.front() == '#')
                continue;
            const auto space = line.find_first_of(" \t");
            const std::string backend = line.substr(0, space);
            const std::string arg =
                space == std::string::npos ? std::string() : trim(line.substr(space));
            const std::string where = path + ":" + std::to_string(number);
            const bool word = !backend.empty() && backend.size() <= 16 &&
                              std::all_of(backend.begin(), backend.end(),
                                          [](unsigned char c) { return std::isalnum(c); });
            if (!word || line.find('\0') != std::string::npos)
                throw not_a_stub();
            if (arg.empty())
                throw MissingDatabase(where + ": '" + backend +
                                      "' needs a database (auto PATH, remote HOST:PORT)");
            ++listed;
            if (backend == "auto" || backend == "glass" || backend == "chert") {
                const fs::path relative(arg);
                if (!relative.is_absolute() && !relative.empty() && *relative.begin() != "..") {
                    // The directory the stub lists first (a generation of a ctocsearch index):
                    // leased before it is opened, so that no rebuild removes it meanwhile.
                    const fs::path generation = base / *relative.begin();
                    if (leased.insert(generation.string()).second) {
                        std::unique_ptr<Lease> lease;
                        if (Lease::take(generation, lease) == Lease::Outcome::gone &&
                            read_all(path) != text)
                            throw StubChanged{};
                        if (lease)
                            m_leases.push_back(std::move(lease));
                    }
                }
                add_location((relative.is_absolute() ? relative : base / relative).string(), depth);
            } else if (backend == "remote" && arg.front() == ':') {
                // "remote :PROGRAM ARGS": a shard served over a pipe (xapian-progsrv, ssh).
                const std::string command = arg.substr(1);
                const auto gap = command.find(' ');
                const std::string program = command.substr(0, gap);
                const std::string args =
                    gap == std::string::npos ? std::string() : trim(command.substr(gap));
                if (!m_options.allow_programs)
                    throw MissingDatabase(
                        where + ": this stub runs the program '" + program +
                        "' to reach a shard; ctoc-search runs no program an index names unless "
                        "given --allow-programs (read the stub first: it can run any command)");
                const auto timeout = static_cast<unsigned>(m_options.timeout.count());
                add_part("remote :" + command, true,
                         [&] { return Xapian::Remote::open(program, args, timeout); });
            } else if (backend == "remote") {
                add_location(std::string(tcp_scheme) + arg, depth);
            } else {
                throw MissingDatabase(where + ": unknown database type '" + backend +
                                      "' (auto, glass, remote)");
            }
        }
    } catch (const MissingDatabase&) {
        // A part that vanished because a new stub replaced this one: open the new one.
        if (read_all(path) != text)
            throw StubChanged{};
        throw;
    }
    if (listed == 0)
        throw MissingDatabase(path +
                              " lists no database; rebuild the index with ctoc-index --rebuild");
}

void ShardSet::add_part(const std::string& label, bool remote,
                        const std::function<Xapian::Database()>& open) {
    Xapian::Database db;
    try {
        db = open();
    } catch (const Xapian::NetworkError& e) {
        const std::string why = label + " does not answer (" + network_message(e) + ")";
        if (!m_options.allow_partial)
            throw ShardUnavailable(why +
                                   "; check that its server (xapian-tcpsrv) runs and is reachable, "
                                   "or pass --allow-partial to search the other shards");
        m_warnings.push_back(why);
        return;
    } catch (const Xapian::DatabaseNotFoundError&) {
        throw MissingDatabase(
            label + " is not a ctocsearch index; build one with: ctoc-index --db " + label);
    } catch (const Xapian::DatabaseCorruptError& e) {
        throw DamagedIndex(rebuild_advice(label + " is damaged (" + e.get_msg() + ")"));
    } catch (const Xapian::DatabaseOpeningError& e) {
        if (remote && m_options.allow_partial) {
            m_warnings.push_back(label + " cannot open its database (" + e.get_msg() + ")");
            return;
        }
        throw MissingDatabase("cannot open the index at " + label + " (" + e.get_msg() +
                              "); rebuild it with: ctoc-index --rebuild");
    } catch (const Xapian::DatabaseError& e) {
        if (std::string_view(e.get_type()) != "DatabaseError")
            throw;
        throw DamagedIndex(rebuild_advice(label + " is damaged (" + e.get_msg() + ")"));
    }
    const std::string format = db.get_metadata(std::string(schema::meta_format));
    if (format.empty())
        throw MissingDatabase(
            label + " is not a ctocsearch index (no format mark); build one with ctoc-index");
    if (format != schema::format_version)
        throw MissingDatabase(label + " was built by another version of ctocsearch (format " +
                              format + ", this one reads " + std::string(schema::format_version) +
                              "); rebuild it with: ctoc-index --rebuild");
    m_parts.push_back({label, std::move(db), remote});
}

std::vector<std::string> ShardSet::local_uuids() const {
    std::vector<std::string> uuids;
    for (const auto& part : m_parts) {
        if (part.remote)
            return {};
        std::string uuid = part.db.get_uuid();
        if (uuid.empty() || std::find(uuids.begin(), uuids.end(), uuid) != uuids.end())
            return {};
        uuids.push_back(std::move(uuid));
    }
    return uuids;
}

Xapian::Database ShardSet::another_handle() const {
    if (!one_local())
        throw std::logic_error("ShardSet::another_handle: not one local database");
    return Xapian::Database(m_parts.front().label);
}

std::set<std::string> ShardSet::metadata_lines(const std::string& key) const {
    std::set<std::string> lines;
    for (const auto& part : m_parts)
        lines.merge(schema::split_lines(part.db.get_metadata(key)));
    return lines;
}

std::vector<std::string> ShardSet::metadata_keys(const std::string& prefix,
                                                 std::size_t limit) const {
    std::set<std::string> keys;
    for (const auto& part : m_parts) {
        std::size_t n = 0;
        for (auto k = part.db.metadata_keys_begin(prefix);
             k != part.db.metadata_keys_end(prefix) && n < limit; ++k, ++n)
            keys.insert(*k);
    }
    std::vector<std::string> out(keys.begin(), keys.end());
    if (out.size() > limit)
        out.resize(limit);
    return out;
}

std::string ShardSet::describe() const {
    if (m_locations.size() == 1)
        return m_locations.front();
    return m_locations.front() + " and " + std::to_string(m_locations.size() - 1) +
           " other location" + (m_locations.size() > 2 ? "s" : "");
}

} // namespace ctoc::search
