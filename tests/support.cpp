#include "support.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <poll.h>
#include <random>
#include <sstream>
#include <stdexcept>

extern char** environ;

namespace ctoc::test {

TempDir::TempDir() {
    static std::atomic<int> counter{0};
    std::random_device rd;
    m_path = std::filesystem::temp_directory_path() /
             ("ctoc-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + "-" +
              std::to_string(rd() % 100000));
    std::filesystem::create_directories(m_path);
}

TempDir::~TempDir() {
    std::error_code ec;
    // Restore permissions a test may have removed, so that cleaning up works.
    for (auto it = std::filesystem::recursive_directory_iterator(m_path, ec);
         it != std::filesystem::recursive_directory_iterator(); it.increment(ec))
        std::filesystem::permissions(it->path(), std::filesystem::perms::owner_all,
                                     std::filesystem::perm_options::add, ec);
    std::filesystem::remove_all(m_path, ec);
}

RunResult run(const std::vector<std::string>& argv, const std::string& input, const std::vector<std::string>& env) {
    int in_pipe[2], out_pipe[2], err_pipe[2];
    if (::pipe(in_pipe) != 0 || ::pipe(out_pipe) != 0 || ::pipe(err_pipe) != 0)
        throw std::runtime_error("pipe failed");
    const pid_t pid = ::fork();
    if (pid < 0)
        throw std::runtime_error("fork failed");
    if (pid == 0) {
        ::dup2(in_pipe[0], 0);
        ::dup2(out_pipe[1], 1);
        ::dup2(err_pipe[1], 2);
        for (int fd : {in_pipe[0], in_pipe[1], out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1]})
            ::close(fd);
        std::vector<std::string> envs;
        for (char** e = environ; *e; ++e) {
            const std::string entry(*e);
            // Tests decide the database and colours themselves.
            if (entry.rfind("CTOC_DB=", 0) == 0 || entry.rfind("NO_COLOR=", 0) == 0)
                continue;
            envs.push_back(entry);
        }
        envs.insert(envs.end(), env.begin(), env.end());
        std::vector<char*> cenv, cargv;
        for (auto& e : envs)
            cenv.push_back(e.data());
        cenv.push_back(nullptr);
        std::vector<std::string> args = argv;
        for (auto& a : args)
            cargv.push_back(a.data());
        cargv.push_back(nullptr);
        ::execve(cargv[0], cargv.data(), cenv.data());
        ::_exit(127);
    }
    ::close(in_pipe[0]);
    ::close(out_pipe[1]);
    ::close(err_pipe[1]);
    RunResult r;
    std::size_t written = 0;
    int in_fd = in_pipe[1];
    if (input.empty()) {
        ::close(in_fd);
        in_fd = -1;
    } else {
        ::fcntl(in_fd, F_SETFL, O_NONBLOCK);
    }
    bool out_open = true, err_open = true;
    char buf[65536];
    while (out_open || err_open) {
        std::vector<pollfd> fds;
        if (out_open)
            fds.push_back({out_pipe[0], POLLIN, 0});
        if (err_open)
            fds.push_back({err_pipe[0], POLLIN, 0});
        if (in_fd >= 0)
            fds.push_back({in_fd, POLLOUT, 0});
        // No timeout here: a silent program is not a hung one (a sanitized indexer may
        // work for minutes before it prints its summary). Hang guards are the caller's,
        // with coreutils' timeout, and ctest's own per-test timeout.
        if (::poll(fds.data(), fds.size(), -1) < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        for (const auto& p : fds) {
            if (p.fd == in_fd && (p.revents & (POLLOUT | POLLERR | POLLHUP))) {
                const ssize_t n = ::write(in_fd, input.data() + written, input.size() - written);
                if (n > 0)
                    written += static_cast<std::size_t>(n);
                if (n < 0 || written == input.size()) {
                    ::close(in_fd);
                    in_fd = -1;
                }
            } else if (p.revents & (POLLIN | POLLHUP | POLLERR)) {
                const ssize_t n = ::read(p.fd, buf, sizeof buf);
                if (n <= 0) {
                    if (p.fd == out_pipe[0])
                        out_open = false;
                    else
                        err_open = false;
                } else {
                    (p.fd == out_pipe[0] ? r.out : r.err).append(buf, static_cast<std::size_t>(n));
                }
            }
        }
    }
    if (in_fd >= 0)
        ::close(in_fd);
    ::close(out_pipe[0]);
    ::close(err_pipe[0]);
    int status = 0;
    ::waitpid(pid, &status, 0);
    r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

void write_file(const std::filesystem::path& path, const std::string& bytes) {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << bytes;
}

std::string corpus_dir() { return std::string(CTOC_SOURCE_DIR) + "/corpus/documents"; }

std::string shared_unv1() {
    const std::string p = std::string(CTOC_SHARED_DIR) + "/corpora/unv1-fr/documents.jsonl";
    std::error_code ec;
    return std::filesystem::exists(p, ec) ? p : std::string();
}

std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line))
        out.push_back(line);
    return out;
}

} // namespace ctoc::test
