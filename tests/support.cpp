#include "support.h"

#include <ctoc/search/output.h>

#include <fcntl.h>
#include <grp.h>
#include <pty.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdint>
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

namespace {

/// In a forked child: runs argv with this process's environment, less CTOC_DB and NO_COLOR
/// (tests decide the database and colours themselves) and the entries named in `drop`
/// ("TERM="), with env's entries added or replacing those of the same name.
[[noreturn]] void exec_with(const std::vector<std::string>& argv,
                            const std::vector<std::string>& env,
                            const std::vector<std::string>& drop) {
    std::vector<std::string> envs;
    for (char** e = environ; *e; ++e) {
        const std::string entry(*e);
        bool dropped = entry.rfind("CTOC_DB=", 0) == 0 || entry.rfind("NO_COLOR=", 0) == 0;
        for (const auto& name : drop)
            dropped = dropped || entry.rfind(name, 0) == 0;
        // An entry of env replaces the inherited one (getenv would find the first).
        for (const auto& given : env)
            dropped = dropped || entry.rfind(given.substr(0, given.find('=') + 1), 0) == 0;
        if (!dropped)
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

} // namespace

RunResult run(const std::vector<std::string>& argv, const std::string& input,
              const std::vector<std::string>& env) {
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
        exec_with(argv, env, {});
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
    struct rusage usage {};
    ::wait4(pid, &status, 0, &usage);
    r.peak_kb = usage.ru_maxrss;
    r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
    return r;
}

namespace {

/// Reads fds until each reaches its end (or EIO: a pseudo-terminal whose other side closed),
/// appending what each gives to its string.
void drain(std::vector<std::pair<int, std::string*>> fds) {
    char buf[65536];
    while (!fds.empty()) {
        std::vector<pollfd> polls;
        for (const auto& [fd, _] : fds)
            polls.push_back({fd, POLLIN, 0});
        if (::poll(polls.data(), polls.size(), -1) < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        for (std::size_t k = polls.size(); k-- > 0;) {
            if (!(polls[k].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            const ssize_t n = ::read(polls[k].fd, buf, sizeof buf);
            if (n > 0) {
                fds[k].second->append(buf, static_cast<std::size_t>(n));
            } else if (n == 0 || errno != EINTR) {
                ::close(fds[k].first);
                fds.erase(fds.begin() + static_cast<std::ptrdiff_t>(k));
            }
        }
    }
}

RunResult wait_for(int pid, RunResult r) {
    int status = 0;
    struct rusage usage {};
    ::wait4(pid, &status, 0, &usage);
    r.peak_kb = usage.ru_maxrss;
    r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
    return r;
}

} // namespace

RunResult run_on_terminal(const std::vector<std::string>& argv, unsigned columns,
                          const std::vector<std::string>& env, bool stderr_too) {
    int err_pipe[2];
    if (::pipe(err_pipe) != 0)
        throw std::runtime_error("pipe failed");
    winsize size{};
    size.ws_row = 50;
    size.ws_col = static_cast<unsigned short>(columns);
    int master = -1;
    const pid_t pid = ::forkpty(&master, nullptr, nullptr, &size);
    if (pid < 0)
        throw std::runtime_error("forkpty failed");
    if (pid == 0) {
        // Standard output (and error) on the terminal; no input.
        const int null = ::open("/dev/null", O_RDONLY);
        ::dup2(null, 0);
        if (!stderr_too)
            ::dup2(err_pipe[1], 2);
        ::close(err_pipe[0]);
        ::close(err_pipe[1]);
        std::vector<std::string> with_term = env;
        if (std::none_of(env.begin(), env.end(),
                         [](const std::string& e) { return e.rfind("TERM=", 0) == 0; }))
            with_term.push_back("TERM=xterm");
        exec_with(argv, with_term, {"TERM=", "COLUMNS="});
    }
    ::close(err_pipe[1]);
    RunResult r;
    std::string on_terminal;
    drain({{master, &on_terminal}, {err_pipe[0], &r.err}});
    for (std::size_t at = 0; at < on_terminal.size(); ++at) {
        if (on_terminal[at] == '\r' && at + 1 < on_terminal.size() && on_terminal[at + 1] == '\n')
            continue;
        r.out += on_terminal[at];
    }
    return wait_for(pid, std::move(r));
}

Running::Running(const std::vector<std::string>& argv, const std::vector<std::string>& env) {
    // Writing to a program that has ended must not kill the test.
    ::signal(SIGPIPE, SIG_IGN);
    int in_pipe[2], out_pipe[2], err_pipe[2], exec_pipe[2];
    if (::pipe(in_pipe) != 0 || ::pipe(out_pipe) != 0 || ::pipe(err_pipe) != 0 ||
        ::pipe2(exec_pipe, O_CLOEXEC) != 0)
        throw std::runtime_error("pipe failed");
    m_pid = ::fork();
    if (m_pid < 0)
        throw std::runtime_error("fork failed");
    if (m_pid == 0) {
        ::dup2(in_pipe[0], 0);
        ::dup2(out_pipe[1], 1);
        ::dup2(err_pipe[1], 2);
        for (int fd : {in_pipe[0], in_pipe[1], out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1],
                       exec_pipe[0]})
            ::close(fd);
        exec_with(argv, env, {});
    }
    // Until exec, the child is a copy of this process, whose handlers (Catch's) a signal
    // would run: wait for the exec, which closes the pipe's other end.
    ::close(exec_pipe[1]);
    char byte;
    while (::read(exec_pipe[0], &byte, 1) < 0 && errno == EINTR) {
    }
    ::close(exec_pipe[0]);
    ::close(in_pipe[0]);
    ::close(out_pipe[1]);
    ::close(err_pipe[1]);
    m_in = in_pipe[1];
    m_out = out_pipe[0];
    m_err = err_pipe[0];
}

Running::~Running() {
    if (m_pid > 0) {
        ::kill(m_pid, SIGKILL);
        finish();
    }
}

void Running::write_input(const std::string& bytes) {
    for (std::size_t done = 0; done < bytes.size();) {
        const ssize_t n = ::write(m_in, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return; // the program closed its input (it ended)
        done += static_cast<std::size_t>(n);
    }
}

void Running::close_input() {
    if (m_in >= 0)
        ::close(m_in);
    m_in = -1;
}

bool Running::wait_until_catching(int signal, double seconds) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (std::chrono::steady_clock::now() < until) {
        std::ifstream status("/proc/" + std::to_string(m_pid) + "/status");
        std::string line;
        while (std::getline(status, line)) {
            if (line.rfind("SigCgt:", 0) == 0) {
                const unsigned long long mask = std::stoull(line.substr(7), nullptr, 16);
                if (mask & (1ULL << (signal - 1)))
                    return true;
            }
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
}

void Running::send(int signal) {
    ::kill(m_pid, signal);
}

RunResult Running::finish() {
    close_input();
    RunResult r;
    if (m_pid <= 0)
        return r;
    drain({{m_out, &r.out}, {m_err, &r.err}});
    r = wait_for(m_pid, std::move(r));
    m_pid = -1;
    return r;
}

void write_file(const std::filesystem::path& path, const std::string& bytes) {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << bytes;
}

std::string corpus_dir() {
    return std::string(CTOC_SOURCE_DIR) + "/corpus/documents";
}

std::vector<std::string> corpus_paragraphs(std::size_t min_spaces) {
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(corpus_dir()))
        files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    std::vector<std::string> out;
    for (const auto& file : files) {
        std::ifstream in(file);
        std::string line;
        while (std::getline(in, line)) {
            if (static_cast<std::size_t>(std::count(line.begin(), line.end(), ' ')) >= min_spaces &&
                line.find_first_of("\"\\\t") == std::string::npos)
                out.push_back(line);
        }
    }
    return out;
}

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

std::string generated_documents(std::size_t count) {
    std::vector<std::string> sentences;
    for (const auto& entry : std::filesystem::directory_iterator(corpus_dir())) {
        std::ifstream in(entry.path());
        std::stringstream text;
        text << in.rdbuf();
        std::string s = text.str();
        std::size_t start = 0;
        for (std::size_t i = 0; i < s.size(); ++i) {
            if (s[i] == '.' && i + 1 < s.size() && (s[i + 1] == ' ' || s[i + 1] == '\n')) {
                std::string sentence = s.substr(start, i + 1 - start);
                for (char& c : sentence)
                    if (c == '\n' || c == '\t' || c == '"' || c == '\\')
                        c = ' ';
                if (sentence.size() > 60 && sentence.size() < 600)
                    sentences.push_back(sentence);
                start = i + 2;
            }
        }
    }
    if (sentences.size() <= 50)
        throw std::runtime_error("generated_documents: too few sentences in " + corpus_dir());
    std::uint64_t state = 42;
    const auto next = [&] {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<std::size_t>(state >> 33);
    };
    const char* groups[] = {"WG.4", "WG.7", "WG.6", "WG.2"};
    const char* resolutions[] = {"5/3", "7/1", "6/1", "8/2", "9/1"};
    std::string out;
    for (std::size_t d = 0; d < count; ++d) {
        const int year = 2010 + static_cast<int>(d % 12);
        const std::string symbol = "CTOC/COP/" + std::string(groups[d % 4]) + "/" +
                                   std::to_string(year) + "/" + std::to_string(d % 9 + 1);
        std::string text = "Dans sa résolution " + std::string(resolutions[next() % 5]) +
                           ", la Conférence des Parties a pris note du document " + symbol + ". ";
        for (std::size_t k = 0, n = 4 + next() % 10; k < n; ++k)
            text += sentences[next() % sentences.size()] + " ";
        out += "{\"id\":\"gen-" + std::to_string(d) + "\",\"symbol\":\"" + symbol +
               "\",\"date\":\"" + std::to_string(year) + "-0" + std::to_string(d % 9 + 1) + "-1" +
               std::to_string(d % 9) + "\",\"text\":\"" + text + "\"}\n";
    }
    return out;
}

} // namespace ctoc::test

namespace ctoc::test {

namespace {

std::string xml_escape(std::string_view s) {
    return search::escape_html(s, true);
}

struct Note {
    std::string label;
    std::string body; ///< already converted
    bool used = false;
};

/// One line of markdown-ish text as ODF inline content: **bold**, [text](url), ^{sup},
/// <sup>N</sup> and \* or * note references (as text:note when the note exists).
std::string inline_fodt(std::string_view s, std::vector<Note>& notes, bool& bold) {
    std::string out;
    const auto note = [&](const std::string& label) -> Note* {
        for (auto& n : notes)
            if (n.label == label && !n.used)
                return &n;
        return nullptr;
    };
    const auto put_note = [&](Note& n) {
        n.used = true;
        out += "<text:note text:id=\"ftn" + std::to_string(&n - notes.data()) +
               "\" text:note-class=\"footnote\"><text:note-citation text:label=\"" +
               xml_escape(n.label) + "\">" + xml_escape(n.label) +
               "</text:note-citation><text:note-body><text:p text:style-name=\"Footnote\">" +
               n.body + "</text:p></text:note-body></text:note>";
    };
    for (std::size_t i = 0; i < s.size();) {
        if (s.compare(i, 2, "**") == 0) {
            out += bold ? "</text:span>" : "<text:span text:style-name=\"B\">";
            bold = !bold;
            i += 2;
        } else if (s[i] == '[' && s.find("](", i) != std::string_view::npos) {
            const std::size_t close = s.find("](", i);
            const std::size_t end = s.find(')', close);
            out += xml_escape(s.substr(i + 1, close - i - 1));
            i = end == std::string_view::npos ? s.size() : end + 1;
        } else if (s.compare(i, 2, "^{") == 0 && s.find('}', i) != std::string_view::npos) {
            const std::size_t end = s.find('}', i);
            out += "<text:span text:style-name=\"Sup\">" +
                   xml_escape(s.substr(i + 2, end - i - 2)) + "</text:span>";
            i = end + 1;
        } else if (s.compare(i, 5, "<sup>") == 0 && s.find("</sup>", i) != std::string_view::npos) {
            const std::size_t end = s.find("</sup>", i);
            const std::string label(s.substr(i + 5, end - i - 5));
            if (Note* n = note(label))
                put_note(*n);
            else
                out += "<text:span text:style-name=\"Sup\">" + xml_escape(label) + "</text:span>";
            i = end + 6;
        } else if ((s.compare(i, 2, "\\*") == 0 || s[i] == '*') && note("*") != nullptr) {
            put_note(*note("*"));
            i += s[i] == '\\' ? 2 : 1;
        } else if (s.compare(i, 2, "\\*") == 0) {
            out += '*';
            i += 2;
        } else {
            out += xml_escape(s.substr(i, 1));
            ++i;
        }
    }
    return out;
}

std::vector<std::string> blocks_of(const std::string& text) {
    std::vector<std::string> blocks;
    std::string block;
    for (const auto& line : lines(text)) {
        if (line.find_first_not_of(" \t\r") == std::string::npos) {
            if (!block.empty())
                blocks.push_back(block);
            block.clear();
            continue;
        }
        block += (block.empty() ? "" : "\n") + line;
    }
    if (!block.empty())
        blocks.push_back(block);
    return blocks;
}

} // namespace

std::string to_fodt(const std::string& markdown, const UnLayout& layout) {
    // Notes first: "* text", "\* text" and "<sup>N</sup> text" blocks.
    std::vector<Note> notes;
    std::vector<std::string> body;
    for (const auto& block : blocks_of(markdown)) {
        std::string label, rest;
        if (block.rfind("\\* ", 0) == 0) {
            label = "*";
            rest = block.substr(3);
        } else if (block.rfind("* ", 0) == 0) {
            label = "*";
            rest = block.substr(2);
        } else if (block.rfind("<sup>", 0) == 0 && block.find("</sup> ") != std::string::npos) {
            label = block.substr(5, block.find("</sup>") - 5);
            rest = block.substr(block.find("</sup> ") + 7);
        }
        if (label.empty()) {
            body.push_back(block);
        } else {
            std::vector<Note> none;
            bool bold = false;
            notes.push_back({label, inline_fodt(rest, none, bold), false});
        }
    }
    std::string content;
    bool first = true;
    const auto para_style = [&](const char* style) {
        // The first paragraph puts the first page in the page style without a header.
        const std::string name = first ? std::string(style) + "First" : style;
        first = false;
        return name;
    };
    if (!layout.header_table.empty()) {
        content += "<table:table table:name=\"Header\" table:style-name=\"HT\"><table:table-column "
                   "table:style-name=\"HC\" "
                   "table:number-columns-repeated=\"2\"/>";
        for (const auto& [left, right] : layout.header_table) {
            content += "<table:table-row>";
            for (const std::string* cell : {&left, &right}) {
                content += "<table:table-cell office:value-type=\"string\">";
                bool bold = false;
                std::vector<Note> none;
                for (const auto& line : lines(*cell))
                    content += "<text:p text:style-name=\"" + para_style("Standard") + "\">" +
                               inline_fodt(line, none, bold) + "</text:p>";
                content += "</table:table-cell>";
            }
            content += "</table:table-row>";
        }
        content += "</table:table>";
    }
    for (const auto& block : body) {
        bool bold = false;
        if (block[0] == '#') {
            const std::size_t start = block.find_first_not_of("# ");
            content += "<text:h text:style-name=\"" + para_style("Heading") +
                       "\" text:outline-level=\"2\">" +
                       inline_fodt(block.substr(start), notes, bold) + "</text:h>";
            continue;
        }
        content += "<text:p text:style-name=\"" + para_style("Standard") + "\">";
        bool first_line = true;
        for (auto line : lines(block)) {
            while (!line.empty() && (line.back() == ' ' || line.back() == '\\'))
                line.pop_back();
            if (!first_line)
                content += "<text:line-break/>";
            first_line = false;
            content += inline_fodt(line, notes, bold);
        }
        if (bold)
            content += "</text:span>";
        content += "</text:p>";
    }
    const std::string footer =
        layout.job_number.empty()
            ? std::string()
            : "<text:p text:style-name=\"Furniture\">" + xml_escape(layout.job_number) +
                  "<text:tab/><text:page-number text:select-page=\"current\">1</text:page-number>/"
                  "<text:page-count>1</text:page-count></text:p>";
    const std::string header = layout.running_header.empty()
                                   ? std::string()
                                   : "<text:p text:style-name=\"Furniture\">" +
                                         xml_escape(layout.running_header) + "</text:p>";
    const std::string page_props =
        "fo:page-width=\"21cm\" fo:page-height=\"29.7cm\" fo:margin-top=\"1.2cm\" "
        "fo:margin-bottom=\"1.2cm\" fo:margin-left=\"2.2cm\" fo:margin-right=\"2.2cm\"";
    return R"(<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls><style:font-face style:name="DejaVu Serif" svg:font-family="'DejaVu Serif'" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"/></office:font-face-decls>
<office:styles>
<style:default-style style:family="paragraph"><style:paragraph-properties fo:margin-bottom="0.2cm"/><style:text-properties style:font-name="DejaVu Serif" fo:font-size="10pt" fo:language="fr" fo:country="FR"/></style:default-style>
<style:style style:name="Standard" style:family="paragraph"/>
<style:style style:name="Heading" style:family="paragraph"><style:paragraph-properties fo:margin-top="0.3cm" fo:margin-bottom="0.2cm"/><style:text-properties fo:font-size="12pt" fo:font-weight="bold"/></style:style>
<style:style style:name="Footnote" style:family="paragraph"><style:paragraph-properties fo:margin-left="0.6cm" fo:text-indent="-0.6cm"/><style:text-properties fo:font-size="8pt"/></style:style>
<style:style style:name="Furniture" style:family="paragraph"><style:paragraph-properties><style:tab-stops><style:tab-stop style:position="16cm" style:type="right"/></style:tab-stops></style:paragraph-properties><style:text-properties fo:font-size="8pt"/></style:style>
</office:styles>
<office:automatic-styles>
<style:style style:name="StandardFirst" style:family="paragraph" style:parent-style-name="Standard" style:master-page-name="First"/>
<style:style style:name="HeadingFirst" style:family="paragraph" style:parent-style-name="Heading" style:master-page-name="First"/>
<style:style style:name="B" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>
<style:style style:name="Sup" style:family="text"><style:text-properties style:text-position="super 58%"/></style:style>
<style:style style:name="HT" style:family="table"><style:table-properties style:width="16.6cm" table:align="left"/></style:style>
<style:style style:name="HC" style:family="table-column"><style:table-column-properties style:column-width="8.3cm"/></style:style>
<style:page-layout style:name="PL"><style:page-layout-properties )" +
           page_props +
           R"(/><style:header-style><style:header-footer-properties fo:min-height="0.5cm" fo:margin-bottom="0.4cm"/></style:header-style><style:footer-style><style:header-footer-properties fo:min-height="0.5cm" fo:margin-top="0.4cm"/></style:footer-style></style:page-layout>
</office:automatic-styles>
<office:master-styles>
<style:master-page style:name="Standard" style:page-layout-name="PL">)" +
           (header.empty() ? std::string() : "<style:header>" + header + "</style:header>") +
           (footer.empty() ? std::string() : "<style:footer>" + footer + "</style:footer>") +
           R"(</style:master-page>
<style:master-page style:name="First" style:page-layout-name="PL" style:next-style-name="Standard">)" +
           (footer.empty() ? std::string() : "<style:footer>" + footer + "</style:footer>") +
           R"(</style:master-page>
</office:master-styles>
<office:body><office:text>)" +
           content + R"(</office:text></office:body>
</office:document>
)";
}

std::string convert_with_libreoffice(const std::vector<std::string>& inputs,
                                     const std::string& format, const std::string& outdir) {
    std::string soffice;
    for (const char* p :
         {"/usr/bin/soffice", "/usr/local/bin/soffice", "/usr/lib/libreoffice/program/soffice"}) {
        if (::access(p, X_OK) == 0) {
            soffice = p;
            break;
        }
    }
    if (soffice.empty())
        return "LibreOffice is missing: install libreoffice-writer-nogui (./build.sh installs it)";
    // A profile of its own, so that conversions running at the same time do not share one.
    TempDir profile;
    std::vector<std::string> argv{
        soffice,        "-env:UserInstallation=file://" + profile.path().string(),
        "--headless",   "--norestore",
        "--convert-to", format,
        "--outdir",     outdir};
    argv.insert(argv.end(), inputs.begin(), inputs.end());
    const RunResult r = run(argv, {}, {"HOME=" + profile.path().string()});
    if (r.status != 0)
        return "soffice --convert-to " + format + " failed (" + std::to_string(r.status) +
               "): " + r.err;
    return {};
}

namespace {

constexpr unsigned nobody = 65534; // Debian's nobody and nogroup

} // namespace

bool can_become_nobody() {
    // Asked of the system, not of the user id: a child process tries to become nobody.
    static const bool can = [] {
        const pid_t pid = ::fork();
        if (pid < 0)
            throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
        if (pid == 0)
            ::_exit(::setgroups(0, nullptr) == 0 && ::setresgid(nobody, nobody, nobody) == 0 &&
                            ::setresuid(nobody, nobody, nobody) == 0
                        ? 0
                        : 1);
        int status = 0;
        ::waitpid(pid, &status, 0);
        return WIFEXITED(status) && WEXITSTATUS(status) == 0;
    }();
    return can;
}

std::vector<std::string> as_unprivileged(std::vector<std::string> argv) {
    if (!can_become_nobody())
        return argv;
    const std::string id = std::to_string(nobody);
    std::vector<std::string> out{"/usr/bin/setpriv", "--reuid=" + id, "--regid=" + id,
                                 "--clear-groups", "--"};
    out.insert(out.end(), argv.begin(), argv.end());
    return out;
}

bool check_unprivileged(const std::function<bool()>& f) {
    if (!can_become_nobody())
        return f();
    const pid_t pid = ::fork();
    if (pid < 0)
        throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
    if (pid == 0) {
        bool ok = false;
        if (::setgroups(0, nullptr) == 0 && ::setresgid(nobody, nobody, nobody) == 0 &&
            ::setresuid(nobody, nobody, nobody) == 0) {
            try {
                ok = f();
            } catch (...) {
            }
        }
        ::_exit(ok ? 0 : 1);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

void open_to_unprivileged(const std::string& dir) {
    if (can_become_nobody())
        std::filesystem::permissions(dir, std::filesystem::perms::all);
}

} // namespace ctoc::test
