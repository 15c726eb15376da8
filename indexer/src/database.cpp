#include <ctoc/index/database.h>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <vector>

namespace fs = std::filesystem;

namespace ctoc::index {

namespace {

constexpr const char* stub_name = "XAPIANDB";
constexpr const char* generation_prefix = "gen-";

void fsync_path(const fs::path& p, int flags) {
    const int fd = ::open(p.c_str(), flags);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

} // namespace

DatabaseDir::DatabaseDir(std::string path) : m_path(std::move(path)) {}

std::vector<std::string> DatabaseDir::live_parts() const {
    std::ifstream in(fs::path(m_path) / stub_name);
    std::vector<std::string> parts;
    std::string backend, name;
    while (in >> backend >> name)
        parts.push_back(name);
    return parts;
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

std::string DatabaseDir::generation_path(const std::string& name) const {
    return (fs::path(m_path) / name).string();
}

std::string DatabaseDir::new_generation_name() const {
    unsigned long highest = 0;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(m_path, ec)) {
        const std::string n = e.path().filename().string();
        if (n.rfind(generation_prefix, 0) == 0)
            highest = std::max(highest, std::strtoul(n.c_str() + 4, nullptr, 10));
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, "%s%06lu", generation_prefix, highest + 1);
    return buf;
}

void DatabaseDir::publish(const std::string& name, std::size_t shards) const {
    const fs::path dir(m_path);
    const fs::path tmp = dir / (std::string(stub_name) + ".new");
    {
        std::ofstream out(tmp, std::ios::trunc);
        if (shards == 0)
            out << "auto " << name << "\n";
        for (std::size_t k = 0; k < shards; ++k)
            out << "auto " << name << "/shard-" << k << "\n";
        out.flush();
        if (!out)
            throw std::runtime_error(m_path +
                                     ": cannot write the database stub: " + std::strerror(errno));
    }
    fsync_path(tmp, O_RDONLY);
    fsync_path(dir / name, O_RDONLY | O_DIRECTORY);
    if (std::rename(tmp.c_str(), (dir / stub_name).c_str()) != 0)
        throw std::runtime_error(m_path +
                                 ": cannot publish the new index: " + std::strerror(errno));
    fsync_path(dir, O_RDONLY | O_DIRECTORY);
}

void DatabaseDir::remove_stale() const {
    const std::string live = live_generation();
    std::error_code ec;
    std::vector<fs::path> stale;
    for (const auto& e : fs::directory_iterator(m_path, ec)) {
        const std::string n = e.path().filename().string();
        // A stub half-written when a publish was killed is as stale as an unfinished build.
        if ((n.rfind(generation_prefix, 0) == 0 && n != live) || n.rfind(".build-", 0) == 0 ||
            n == std::string(stub_name) + ".new")
            stale.push_back(e.path());
    }
    for (const auto& p : stale)
        fs::remove_all(p, ec);
}

namespace {

/// Whether a directory's entry is one ctoc-index makes: its stub, lock, generations and builds.
bool is_index_entry(const std::string& name) {
    return name.rfind(stub_name, 0) == 0 || name == ".lock" || name.rfind(generation_prefix, 0) == 0 ||
           name.rfind(".build-", 0) == 0;
}

} // namespace

DatabaseLock::DatabaseLock(const std::string& dir) {
    std::error_code ec;
    // Never write an index among someone else's files (a mistyped --db pointing at the
    // corpus or a home directory): an existing directory must be empty or one of ours.
    if (fs::is_directory(dir, ec)) {
        for (const auto& e : fs::directory_iterator(dir, ec)) {
            if (!is_index_entry(e.path().filename().string()))
                throw std::runtime_error(dir + ": this directory holds other files (" +
                                         e.path().filename().string() +
                                         "), not a ctocsearch index; give --db a new or empty directory");
        }
    }
    fs::create_directories(dir, ec);
    if (ec)
        throw std::runtime_error(dir + ": cannot create the database directory: " + ec.message());
    const fs::path lock = fs::path(dir) / ".lock";
    m_fd = ::open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
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
