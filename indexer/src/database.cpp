#include <ctoc/index/database.h>

#include <ctoc/schema.h>

#include <xapian.h>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

namespace fs = std::filesystem;

namespace ctoc::index {

namespace {

const std::string stub_name(schema::stub_file);
const std::string generation_prefix(schema::generation_prefix);
const std::string lease_name(schema::lease_file);
/// A generation being removed: renamed first, so that no reader can reach it any more.
constexpr const char* removing_prefix = ".remove-";
constexpr const char* build_prefix = ".build-";

/// A stub lists a few hundred shards at most; a bigger file is not ours.
constexpr std::uintmax_t max_stub_bytes = 1u << 20;

void fsync_path(const fs::path& p, int flags) {
    const int fd = ::open(p.c_str(), flags | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

bool is_generation_name(const std::string& name) {
    return name.size() > generation_prefix.size() && name.rfind(generation_prefix, 0) == 0 &&
           name.find_first_not_of("0123456789", generation_prefix.size()) == std::string::npos;
}

/// "gen-000002" or "gen-000002/shard-K": a path a stub of ours may list.
bool is_part_path(const std::string& part) {
    const auto slash = part.find('/');
    if (slash == std::string::npos)
        return is_generation_name(part);
    const std::string shard = part.substr(slash + 1);
    return is_generation_name(part.substr(0, slash)) && shard.size() > 6 && shard.size() <= 9 &&
           shard.starts_with(schema::shard_prefix) &&
           shard.find_first_not_of("0123456789", schema::shard_prefix.size()) == std::string::npos;
}

std::string damaged(const std::string& db, const std::string& what) {
    return db + ": the index is damaged (" + what +
           "); rebuild it with: ctoc-index --rebuild --db " + db + " [FILES OR DIRECTORIES]";
}

} // namespace

DatabaseDir::DatabaseDir(std::string path) : m_path(std::move(path)) {}

std::vector<std::string> DatabaseDir::read_stub() const {
    const fs::path stub = fs::path(m_path) / stub_name;
    std::error_code ec;
    if (!fs::exists(fs::symlink_status(stub, ec)))
        return {};
    if (!fs::is_regular_file(fs::symlink_status(stub, ec)) ||
        fs::file_size(stub, ec) > max_stub_bytes)
        throw DamagedIndex(
            damaged(m_path, stub_name + " is not a stub file written by ctoc-index"));
    std::ifstream in(stub);
    if (!in)
        throw DamagedIndex(m_path + ": cannot read " + stub_name + ": " + std::strerror(errno));
    // Every line names a part of one generation of this directory, in shard order: anything
    // else ("auto /elsewhere", "auto gen-000001/../../other") would make the indexer read,
    // write or remove what is not its own.
    std::vector<std::string> parts;
    std::string line;
    std::size_t number = 0;
    while (std::getline(in, line)) {
        ++number;
        if (line.empty())
            continue;
        std::istringstream fields(line);
        std::string backend, part, extra;
        fields >> backend >> part >> extra;
        const std::string where = stub_name + " line " + std::to_string(number);
        if (backend != "auto" || !extra.empty() || !is_part_path(part))
            throw DamagedIndex(
                damaged(m_path, where + " names '" + line + "', not a generation of this index"));
        if (!parts.empty() &&
            part.substr(0, part.find('/')) != parts.front().substr(0, parts.front().find('/')))
            throw DamagedIndex(damaged(m_path, where + " names another generation than line 1"));
        const bool sharded = part.find('/') != std::string::npos;
        if ((!parts.empty() && (!sharded || parts.front().find('/') == std::string::npos)) ||
            (sharded && part.substr(part.find('/') + 1) != schema::shard_name(parts.size())))
            throw DamagedIndex(damaged(m_path, where + " is not the next shard of the generation"));
        parts.push_back(part);
    }
    if (parts.empty())
        throw DamagedIndex(damaged(m_path, stub_name + " lists no generation"));
    return parts;
}

std::vector<std::string> DatabaseDir::live_parts() const {
    return read_stub();
}

std::string DatabaseDir::live_generation() const {
    const auto parts = live_parts();
    if (parts.empty())
        return {};
    return parts.front().substr(0, parts.front().find('/'));
}

std::size_t DatabaseDir::live_shard_count() const {
    const auto parts = live_parts();
    return parts.size() == 1 && parts.front().find('/') == std::string::npos ? 0 : parts.size();
}

bool DatabaseDir::stub_is_ours() const {
    try {
        read_stub();
        return true;
    } catch (const DamagedIndex&) {
        return false;
    }
}

namespace {

/// The file in a generation recording the size and time of each of its files when it was last
/// known whole (published, checked since, or committed in place by an incremental run), so
/// that files that still match need no new check.
const std::string stamp_name(schema::whole_stamp_file);

std::string stamp_of(const fs::path& generation) {
    std::vector<std::string> lines;
    std::error_code ec;
    for (const auto& e : fs::recursive_directory_iterator(generation, ec)) {
        const std::string name = e.path().filename().string();
        if (!e.is_regular_file(ec) || (name != "iamglass" && e.path().extension() != ".glass"))
            continue;
        struct stat st {};
        if (::stat(e.path().c_str(), &st) != 0)
            continue;
        lines.push_back(e.path().lexically_relative(generation).string() + " " +
                        std::to_string(st.st_size) + " " + std::to_string(st.st_mtim.tv_sec) + "." +
                        std::to_string(st.st_mtim.tv_nsec));
    }
    std::sort(lines.begin(), lines.end());
    std::string text;
    for (const auto& line : lines)
        text += line + "\n";
    return text;
}

void write_stamp(const fs::path& generation) {
    const fs::path tmp = generation / (std::string(stamp_name) + ".new");
    std::error_code ec;
    fs::remove(tmp, ec);
    {
        std::ofstream out(tmp, std::ios::trunc);
        out << stamp_of(generation);
    }
    fs::rename(tmp, generation / stamp_name, ec);
}

std::string read_stamp(const fs::path& generation) {
    std::ifstream in(generation / stamp_name);
    std::ostringstream text;
    text << in.rdbuf();
    return in ? text.str() : std::string("(none)");
}

/// Xapian's check of every block of every table of one database, "" when sound, else what is
/// wrong. It runs in a child process: Xapian 1.4's check crashes on some damaged termlists,
/// which must not take the indexer down with it. The child holds no descriptor but its pipe
/// (a fork keeps descriptors opened close-on-exec: the writer lock's would outlive an indexer
/// killed during the check, and refuse the next run as "locked"), and dies with its parent.
std::string check_tables(const std::string& path) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0)
        throw std::runtime_error(std::string("cannot check the index: ") + std::strerror(errno));
    const pid_t parent = ::getpid();
    const pid_t pid = ::fork();
    if (pid < 0) {
        ::close(fds[0]);
        ::close(fds[1]);
        throw std::runtime_error(std::string("cannot check the index: ") + std::strerror(errno));
    }
    if (pid == 0) {
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != parent) // killed before the line above
            ::_exit(1);
        // Every descriptor past the standard three but the pipe's write end: the lock's above
        // all.
        const auto out = static_cast<unsigned>(fds[1]);
        if (out > 3)
            ::close_range(3, out - 1, 0);
        ::close_range(out + 1, ~0u, 0);
        std::string wrong;
        try {
            // Xapian writes some findings to the stream without checking one is given.
            std::ostringstream report;
            if (const auto errors = Xapian::Database::check(path, 0, &report); errors != 0)
                wrong = std::to_string(errors) + " errors";
        } catch (const Xapian::Error& e) {
            wrong = e.get_msg();
        } catch (...) {
            wrong = "the check failed";
        }
        if (wrong.empty())
            wrong = "ok";
        [[maybe_unused]] const auto n = ::write(fds[1], wrong.data(), wrong.size());
        ::_exit(0);
    }
    ::close(fds[1]);
    std::string said;
    char buf[512];
    for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) != 0;) {
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            break;
        said.append(buf, static_cast<std::size_t>(n));
    }
    ::close(fds[0]);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (WIFSIGNALED(status))
        return "Xapian's check of its tables crashed (signal " + std::to_string(WTERMSIG(status)) +
               ")";
    return said == "ok"   ? std::string()
           : said.empty() ? std::string("the check gave no answer")
                          : said;
}

} // namespace

void DatabaseDir::check_live(Check check) const {
    const auto parts = live_parts();
    if (parts.empty())
        return;
    const fs::path base(m_path);
    std::error_code ec;
    const std::string generation = parts.front().substr(0, parts.front().find('/'));
    const auto gen_status = fs::symlink_status(base / generation, ec);
    if (!fs::exists(gen_status))
        throw DamagedIndex(damaged(m_path, "its live generation " + generation + " is missing"));
    if (!fs::is_directory(gen_status))
        throw DamagedIndex(damaged(m_path, generation + " is not a directory"));
    for (const auto& part : parts) {
        const fs::path dir = base / part;
        if (!fs::is_directory(fs::symlink_status(dir, ec)))
            throw DamagedIndex(damaged(m_path, part + " is missing"));
        for (const char* file : {"iamglass", "postlist.glass"})
            if (!fs::is_regular_file(dir / file, ec))
                throw DamagedIndex(damaged(m_path, part + "/" + file + " is missing"));
        try {
            if (const std::string missing =
                    schema::missing_table(dir.string(), Xapian::Database(dir.string()));
                !missing.empty())
                throw DamagedIndex(damaged(m_path, part + "/" + missing + " is missing"));
        } catch (const Xapian::DatabaseError& e) {
            throw DamagedIndex(damaged(m_path, part + ": " + e.get_msg()));
        }
    }
    // Files changed since the generation was known whole (truncated, overwritten, copied
    // back from elsewhere): every block of every table read and checked, as xapian-check does.
    const std::string stamp = stamp_of(base / generation);
    if (check == Check::if_changed && read_stamp(base / generation) == stamp)
        return;
    for (const auto& part : parts) {
        if (const std::string wrong = check_tables((base / part).string()); !wrong.empty())
            throw DamagedIndex(damaged(m_path, part + ": " + wrong));
    }
    write_stamp(base / generation);
}

void DatabaseDir::mark_live_whole() const {
    const std::string live = live_generation();
    if (!live.empty())
        write_stamp(fs::path(m_path) / live);
}

std::string DatabaseDir::generation_path(const std::string& name) const {
    return (fs::path(m_path) / name).string();
}

std::string DatabaseDir::new_generation_name() const {
    unsigned long highest = 0;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(m_path, ec)) {
        std::string n = e.path().filename().string();
        for (const std::string prefix : {build_prefix, removing_prefix})
            if (n.rfind(prefix, 0) == 0)
                n = n.substr(prefix.size());
        if (is_generation_name(n))
            highest =
                std::max(highest, std::strtoul(n.c_str() + generation_prefix.size(), nullptr, 10));
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, "%s%06lu", generation_prefix.c_str(), highest + 1);
    return buf;
}

void DatabaseDir::create_lease(const std::string& name) const {
    const fs::path lease = fs::path(m_path) / name / lease_name;
    const int fd = ::open(lease.c_str(), O_RDONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd < 0)
        throw std::runtime_error(m_path + ": cannot create " +
                                 (fs::path(name) / lease_name).string() + ": " +
                                 std::strerror(errno));
    ::close(fd);
}

void DatabaseDir::publish(const std::string& name, std::size_t shards) const {
    const fs::path dir(m_path);
    create_lease(name);
    write_stamp(dir / name);
    const fs::path tmp = dir / (stub_name + ".new");
    std::string text;
    if (shards == 0)
        text = "auto " + name + "\n";
    for (std::size_t k = 0; k < shards; ++k)
        text += "auto " + name + "/" + schema::shard_name(k) + "\n";
    // Never through a link left where the new stub goes.
    std::error_code ec;
    fs::remove(tmp, ec);
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd < 0)
        throw std::runtime_error(m_path +
                                 ": cannot write the database stub: " + std::strerror(errno));
    const bool written =
        ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
        ::fsync(fd) == 0;
    const int saved = errno;
    ::close(fd);
    if (!written) {
        fs::remove(tmp, ec);
        throw std::runtime_error(m_path +
                                 ": cannot write the database stub: " + std::strerror(saved));
    }
    fsync_path(dir / name, O_RDONLY | O_DIRECTORY);
    if (std::rename(tmp.c_str(), (dir / stub_name).c_str()) != 0)
        throw std::runtime_error(m_path +
                                 ": cannot publish the new index: " + std::strerror(errno));
    fsync_path(dir, O_RDONLY | O_DIRECTORY);
}

namespace {

/// Removes a generation unless a reader holds its lease; false when kept.
bool remove_generation(const fs::path& db, const std::string& name) {
    const fs::path gen = db / name;
    std::error_code ec;
    int fd = -1;
    if (fs::is_directory(fs::symlink_status(gen, ec))) {
        fd = ::open((gen / lease_name).c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
        if (fd >= 0 && ::flock(fd, LOCK_EX | LOCK_NB) != 0) {
            ::close(fd);
            return false;
        }
    }
    // Renamed while the lease is held: a reader waiting for it then finds it gone, and need
    // not wait for the files to be deleted.
    const fs::path doomed = db / (removing_prefix + name);
    fs::remove_all(doomed, ec);
    fs::rename(gen, doomed, ec);
    const bool renamed = !ec;
    if (fd >= 0)
        ::close(fd);
    if (renamed)
        fs::remove_all(doomed, ec);
    return renamed;
}

} // namespace

std::vector<std::string> DatabaseDir::remove_stale() const {
    const bool ours = stub_is_ours();
    const std::string live = ours ? live_generation() : std::string();
    std::error_code ec;
    std::vector<std::string> generations;
    std::vector<fs::path> leftovers;
    for (const auto& e : fs::directory_iterator(m_path, ec)) {
        const std::string n = e.path().filename().string();
        if (n.rfind(generation_prefix, 0) == 0) {
            if (ours && n != live)
                generations.push_back(n);
        } else if (n.rfind(build_prefix, 0) == 0 || n.rfind(removing_prefix, 0) == 0 ||
                   n == stub_name + ".new") {
            // A stub half-written when a publish was killed is as stale as an unfinished build.
            leftovers.push_back(e.path());
        }
    }
    for (const auto& p : leftovers)
        fs::remove_all(p, ec);
    std::sort(generations.begin(), generations.end());
    std::vector<std::string> kept;
    for (const auto& name : generations) {
        if (!remove_generation(m_path, name))
            kept.push_back(name);
    }
    return kept;
}

void sync_tree(const std::string& path) {
    std::error_code ec;
    for (const auto& e : fs::recursive_directory_iterator(path, ec)) {
        if (e.is_regular_file(ec))
            fsync_path(e.path(), O_RDONLY);
        else if (e.is_directory(ec))
            fsync_path(e.path(), O_RDONLY | O_DIRECTORY);
    }
    fsync_path(path, O_RDONLY | O_DIRECTORY);
}

namespace {

/// Whether a directory's entry is one ctoc-index makes: its stub, lock, generations and builds.
bool is_index_entry(const std::string& name) {
    return name.rfind(stub_name, 0) == 0 || name == ".lock" ||
           name.rfind(generation_prefix, 0) == 0 || name.rfind(build_prefix, 0) == 0 ||
           name.rfind(removing_prefix, 0) == 0;
}

} // namespace

DatabaseLock::DatabaseLock(const std::string& dir) {
    if (dir.empty())
        throw std::invalid_argument("no database directory given (--db is empty)");
    if (dir.find("://") != std::string::npos)
        throw std::invalid_argument(
            dir + ": ctoc-index writes a local index directory, not a remote one; "
                  "build it locally and serve it with xapian-tcpsrv");
    std::error_code ec;
    // Never write an index among someone else's files (a mistyped --db pointing at the
    // corpus or a home directory): an existing directory must be empty or one of ours.
    if (fs::is_directory(dir, ec)) {
        for (const auto& e : fs::directory_iterator(dir, ec)) {
            if (!is_index_entry(e.path().filename().string()))
                throw std::runtime_error(
                    dir + ": this directory holds other files (" + e.path().filename().string() +
                    "), not a ctocsearch index; give --db a new or empty directory");
        }
    } else if (fs::exists(dir, ec)) {
        throw std::runtime_error(dir + ": not a directory; give --db a new or empty directory");
    }
    fs::create_directories(dir, ec);
    if (ec)
        throw std::runtime_error(dir + ": cannot create the database directory: " + ec.message());
    const fs::path lock = fs::path(dir) / ".lock";
    m_fd = ::open(lock.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (m_fd < 0)
        throw std::runtime_error(dir + ": cannot open the lock file: " + std::strerror(errno));
    if (::flock(m_fd, LOCK_EX | LOCK_NB) != 0) {
        ::close(m_fd);
        m_fd = -1;
        throw LockedError(
            dir + ": locked: another ctoc-index is updating this database; wait for it to finish");
    }
}

DatabaseLock::~DatabaseLock() {
    if (m_fd >= 0) {
        ::flock(m_fd, LOCK_UN);
        ::close(m_fd);
    }
}

} // namespace ctoc::index
