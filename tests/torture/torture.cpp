// ctoc_torture: ctoc-index runs killed with SIGKILL at random moments (rebuilds, incremental
// runs at the default batch and at --batch 1, compactions, sharded runs) while ctoc-search
// processes search in a loop. Every search must answer (exit 0, nothing on stderr) with the
// old or the new document set, never an error and never a mix; every run that is not killed
// must succeed, and the next run after a kill must finish the job.
//
// ctest runs it with its defaults; pointing --index/--search at other builds measures them
// (bench/results/reliability.md). A standalone program rather than a Catch2 case: it runs
// for a minute or two and prints a report, and it takes the programs to torture as options.
// Processes are started with posix_spawn: the reader threads must not fork a copy of a
// process whose other threads may hold the allocator's lock.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

extern char** environ;

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

struct Options {
    std::string index_bin = CTOC_INDEX_BIN;
    std::string search_bin = CTOC_SEARCH_BIN;
    std::string corpus = std::string(CTOC_SOURCE_DIR) + "/corpus/documents";
    std::string work; ///< "" for a fresh directory under the temp dir, removed at the end
    unsigned seed = 20240521;
    long kills = 100;         ///< kills landed in running ctoc-index processes, over all scenarios
    long reads = 5000;        ///< ctoc-search calls, over all scenarios
    double seconds = 420;     ///< give up (and fail) after this long
    double kill_ratio = 0.75; ///< share of runs killed; 0 measures searches during writes only
    unsigned readers = 2;     ///< concurrent ctoc-search loops
    std::vector<std::string> scenarios{"rebuild", "incremental", "commits", "compaction",
                                       "sharded"};
};

/// The output and exit status of a finished process; status -1 when a signal ended it.
struct Outcome {
    int status = -1;
    int signal = 0;
    std::string out;
    std::string err;
};

/// Starts argv with stdout and stderr on pipes (or on the file log when given).
pid_t spawn(const std::vector<std::string>& argv, int out_fd, int err_fd) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, out_fd, 1);
    posix_spawn_file_actions_adddup2(&actions, err_fd, 2);
    std::vector<char*> args;
    for (const auto& a : argv)
        args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    pid_t pid = -1;
    const int rc = posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0)
        throw std::runtime_error("cannot start " + argv[0] + ": " + std::strerror(rc));
    return pid;
}

Outcome finish(pid_t pid, Outcome o) {
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (WIFEXITED(status))
        o.status = WEXITSTATUS(status);
    else if (WIFSIGNALED(status))
        o.signal = WTERMSIG(status);
    return o;
}

/// Runs argv to completion, capturing its output.
Outcome run(const std::vector<std::string>& argv) {
    int out[2], err[2];
    if (::pipe2(out, O_CLOEXEC) != 0 || ::pipe2(err, O_CLOEXEC) != 0)
        throw std::runtime_error("pipe failed");
    const pid_t pid = spawn(argv, out[1], err[1]);
    ::close(out[1]);
    ::close(err[1]);
    Outcome o;
    bool out_open = true, err_open = true;
    char buf[65536];
    while (out_open || err_open) {
        pollfd fds[2] = {{out_open ? out[0] : -1, POLLIN, 0}, {err_open ? err[0] : -1, POLLIN, 0}};
        if (::poll(fds, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        for (int k = 0; k < 2; ++k) {
            if (fds[k].fd < 0 || fds[k].revents == 0)
                continue;
            const ssize_t n = ::read(fds[k].fd, buf, sizeof buf);
            if (n <= 0)
                (k == 0 ? out_open : err_open) = false;
            else
                (k == 0 ? o.out : o.err).append(buf, static_cast<std::size_t>(n));
        }
    }
    ::close(out[0]);
    ::close(err[0]);
    return finish(pid, std::move(o));
}

/// Runs argv, sending it SIGKILL after delay unless it has finished; its stderr goes to log.
Outcome run_killed_after(const std::vector<std::string>& argv, std::chrono::microseconds delay,
                         const fs::path& log) {
    const int null = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
    const int err = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    const pid_t pid = spawn(argv, null, err);
    ::close(null);
    ::close(err);
    if (delay.count() >= 0) {
        std::this_thread::sleep_for(delay);
        ::kill(pid, SIGKILL); // a process that has finished is a zombie until waited for: no harm
    }
    Outcome o = finish(pid, {});
    std::ifstream in(log);
    std::ostringstream text;
    text << in.rdbuf();
    o.err = text.str();
    return o;
}

/// Splits CSV (RFC 4180) into rows of fields.
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
    std::vector<std::vector<std::string>> rows(1);
    std::string field;
    bool quoted = false, row_open = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == '"') {
            quoted = row_open = true;
        } else if (c == ',') {
            rows.back().push_back(std::exchange(field, {}));
            row_open = true;
        } else if (c == '\n') {
            rows.back().push_back(std::exchange(field, {}));
            rows.emplace_back();
            row_open = false;
        } else if (c != '\r') {
            field += c;
            row_open = true;
        }
    }
    if (row_open)
        rows.back().push_back(field);
    if (rows.back().empty())
        rows.pop_back();
    return rows;
}

/// What a search answered: one line per document, "file name|title", sorted.
std::string fingerprint(const std::string& csv) {
    const auto rows = parse_csv(csv);
    if (rows.empty())
        return "(no header)";
    const auto column = [&](const char* name) {
        const auto it = std::find(rows.front().begin(), rows.front().end(), name);
        return it == rows.front().end() ? std::size_t(-1)
                                        : static_cast<std::size_t>(it - rows.front().begin());
    };
    const std::size_t path = column("path"), title = column("title");
    std::vector<std::string> docs;
    for (std::size_t r = 1; r < rows.size(); ++r) {
        const auto get = [&](std::size_t c) {
            return c < rows[r].size() ? rows[r][c] : std::string("?");
        };
        docs.push_back(fs::path(get(path)).filename().string() + "|" + get(title));
    }
    std::sort(docs.begin(), docs.end());
    std::string out;
    for (const auto& d : docs)
        out += d + "\n";
    return out;
}

/// The documents of one state of the inputs: text files and JSON Lines records, which the
/// scenarios move between. Consecutive states differ in about half their documents (added,
/// removed, edited), so any mix of two is none of them.
struct State {
    std::map<std::string, std::string> files; ///< file name -> text
    std::string jsonl;                        ///< records.jsonl
};

/// Real French text: the paragraphs of the bundled corpus.
std::vector<std::string> paragraphs(const std::string& corpus) {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(corpus)) {
        std::ifstream in(e.path());
        std::string line, para;
        while (std::getline(in, line)) {
            if (line.find_first_not_of(" \t\r") == std::string::npos) {
                if (para.size() > 80)
                    out.push_back(para);
                para.clear();
            } else {
                para += line + "\n";
            }
        }
        if (para.size() > 80)
            out.push_back(para);
    }
    std::sort(out.begin(), out.end());
    if (out.size() < 10)
        throw std::runtime_error(corpus + ": too little text to make documents from");
    return out;
}

std::string json_string(const std::string& s) {
    std::string out = "\"";
    for (const char c : s) {
        if (c == '"' || c == '\\')
            out += std::string("\\") + c;
        else if (c == '\n')
            out += "\\n";
        else if (static_cast<unsigned char>(c) < 0x20)
            out += ' ';
        else
            out += c;
    }
    return out + "\"";
}

std::vector<State> make_states(const std::vector<std::string>& paras, std::size_t count) {
    constexpr std::size_t files = 40, records = 40;
    const auto text = [&](std::size_t doc, std::size_t version) {
        // About 10 KB of real text, different for each document and version.
        std::string t;
        for (std::size_t k = 0; t.size() < 10000; ++k)
            t += paras[(doc * 7 + version * 13 + k * 3) % paras.size()] + "\n";
        return t + "\nornithorynque document " + std::to_string(doc) + " version " +
               std::to_string(version) + "\n";
    };
    std::vector<State> states(count);
    for (std::size_t s = 0; s < count; ++s) {
        for (std::size_t i = 0; i < files; ++i) {
            if ((i + s) % 3 != 0) // each state drops a third, another third from the last
                states[s].files["doc" + std::to_string(i) + ".txt"] = text(i, (i % 2 == 0) ? s : 0);
        }
        for (std::size_t i = 0; i < records; ++i) {
            if ((i + 2 * s) % 4 == 0)
                continue;
            const std::size_t version = i % 3 == 0 ? 0 : s; // edited in two thirds of the records
            states[s].jsonl += "{\"id\":\"r" + std::to_string(i) + "\",\"title\":\"record " +
                               std::to_string(i) + " version " + std::to_string(version) +
                               "\",\"text\":" + json_string(text(100 + i, version)) + "}\n";
        }
    }
    return states;
}

/// Makes the input directory hold exactly a state's documents.
void write_state(const fs::path& dir, const State& state) {
    fs::create_directories(dir);
    for (const auto& e : fs::directory_iterator(dir)) {
        const std::string name = e.path().filename().string();
        if (name != "records.jsonl" && state.files.count(name) == 0)
            fs::remove(e.path());
    }
    const auto write = [&](const fs::path& path, const std::string& text) {
        std::ifstream in(path, std::ios::binary);
        std::ostringstream old;
        old << in.rdbuf();
        if (in && old.str() == text)
            return; // unchanged: keep its time stamp, as an editor would
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out << text;
    };
    for (const auto& [name, text] : state.files)
        write(dir / name, text);
    write(dir / "records.jsonl", state.jsonl);
}

struct Counts {
    long runs = 0, kills = 0, reads = 0, failed = 0, wrong = 0, writer_errors = 0;
};

class Torture {
public:
    explicit Torture(Options options) : m_opt(std::move(options)), m_rng(m_opt.seed) {}

    int run_all() {
        const fs::path base =
            m_opt.work.empty()
                ? fs::temp_directory_path() / ("ctoc-torture-" + std::to_string(::getpid()))
                : fs::path(m_opt.work);
        fs::remove_all(base);
        fs::create_directories(base);
        m_base = base;
        m_states = make_states(paragraphs(m_opt.corpus), 4);
        expected_answers();
        const auto start = Clock::now();
        m_deadline = start + std::chrono::milliseconds(static_cast<long>(m_opt.seconds * 1000));
        Counts total;
        std::printf("%-12s %6s %6s %7s %7s %6s %8s\n", "scenario", "runs", "kills", "reads",
                    "failed", "wrong", "seconds");
        bool ok = true;
        const auto n = static_cast<long>(m_opt.scenarios.size());
        for (std::size_t k = 0; k < m_opt.scenarios.size(); ++k) {
            // Each scenario's share of what is left to do.
            const long left = n - static_cast<long>(k);
            const long kills = (m_opt.kills - total.kills + left - 1) / left;
            const long reads = (m_opt.reads - total.reads + left - 1) / left;
            const auto scenario_start = Clock::now();
            Counts c;
            ok = scenario(m_opt.scenarios[k], kills, reads, c) && ok;
            std::printf("%-12s %6ld %6ld %7ld %7ld %6ld %8.1f\n", m_opt.scenarios[k].c_str(),
                        c.runs, c.kills, c.reads, c.failed, c.wrong,
                        std::chrono::duration<double>(Clock::now() - scenario_start).count());
            std::fflush(stdout);
            total.runs += c.runs;
            total.kills += c.kills;
            total.reads += c.reads;
            total.failed += c.failed;
            total.wrong += c.wrong;
            total.writer_errors += c.writer_errors;
        }
        std::printf("%-12s %6ld %6ld %7ld %7ld %6ld %8.1f\n", "total", total.runs, total.kills,
                    total.reads, total.failed, total.wrong,
                    std::chrono::duration<double>(Clock::now() - start).count());
        for (const auto& m : m_messages)
            std::printf("  %s\n", m.c_str());
        if (total.kills < m_opt.kills || total.reads < m_opt.reads) {
            std::printf("FAILED: %ld kills and %ld searches, fewer than the %ld and %ld asked for "
                        "within %.0f s\n",
                        total.kills, total.reads, m_opt.kills, m_opt.reads, m_opt.seconds);
            ok = false;
        }
        if (total.failed > 0 || total.wrong > 0 || total.writer_errors > 0)
            ok = false;
        std::printf("%s\n", ok ? "PASSED" : "FAILED");
        if (m_opt.work.empty())
            fs::remove_all(base);
        return ok ? 0 : 1;
    }

private:
    std::vector<std::string> search_args(const fs::path& db) const {
        return {m_opt.search_bin, "--db", db.string(), "--format",     "csv",
                "--no-snippets",  "-n",   "1000",      "ornithorynque"};
    }

    /// Each state built alone, from scratch, and searched: the answers a search may give.
    void expected_answers() {
        for (std::size_t s = 0; s < m_states.size(); ++s) {
            const fs::path docs = m_base / ("expect-docs-" + std::to_string(s));
            const fs::path db = m_base / ("expect-db-" + std::to_string(s));
            write_state(docs, m_states[s]);
            const Outcome built = run({m_opt.index_bin, "-q", "--db", db.string(), docs.string()});
            if (built.status != 0)
                throw std::runtime_error("building state " + std::to_string(s) +
                                         " failed: " + built.err);
            const Outcome found = run(search_args(db));
            if (found.status != 0 || !found.err.empty())
                throw std::runtime_error("searching state " + std::to_string(s) +
                                         " failed: " + found.err);
            const std::string answer = fingerprint(found.out);
            if (std::count(answer.begin(), answer.end(), '\n') < 40)
                throw std::runtime_error("state " + std::to_string(s) +
                                         " answered too few documents:\n" + found.out);
            m_answers[answer] = s;
            fs::remove_all(db);
            fs::remove_all(docs);
        }
        if (m_answers.size() != m_states.size())
            throw std::runtime_error(
                "two states give the same answer; the test could not tell them apart");
    }

    void note(const std::string& message) {
        std::lock_guard lock(m_mutex);
        if (m_messages.size() < 12)
            m_messages.push_back(message);
    }

    /// Searches in a loop until stop; counts calls, failures and answers no state gives.
    void read_loop(const fs::path& db, const std::string& name, std::atomic<bool>& stop,
                   Counts& counts) {
        while (!stop) {
            const Outcome o = run(search_args(db));
            std::lock_guard lock(m_mutex);
            ++counts.reads;
            if (o.status != 0 || !o.err.empty()) {
                ++counts.failed;
                if (m_messages.size() < 12)
                    m_messages.push_back(name + ": search exit " + std::to_string(o.status) + ": " +
                                         o.err.substr(0, o.err.find('\n')));
                continue;
            }
            if (m_answers.count(fingerprint(o.out)) == 0) {
                ++counts.wrong;
                if (m_messages.size() < 12)
                    m_messages.push_back(
                        name + ": an answer that is no state of the inputs (" +
                        std::to_string(std::count(o.out.begin(), o.out.end(), '\n') - 1) +
                        " documents)");
            }
        }
    }

    /// Median duration of the runs of a kind not killed, for choosing when to kill the next.
    std::chrono::microseconds typical(const std::string& kind) {
        auto& d = m_durations[kind];
        if (d.empty())
            return std::chrono::microseconds(-1);
        std::vector<long> sorted = d;
        std::sort(sorted.begin(), sorted.end());
        return std::chrono::microseconds(sorted[sorted.size() / 2]);
    }

    /// One ctoc-index run, killed at a random moment of its typical duration when kill.
    /// Returns true when it was killed while running.
    bool index_run(const std::string& kind, std::vector<std::string> args, bool kill,
                   Counts& counts, const std::string& scenario) {
        args.insert(args.begin(), m_opt.index_bin);
        const auto usual = typical(kind);
        std::chrono::microseconds delay(-1);
        if (kill && usual.count() > 0) {
            std::uniform_int_distribution<long> pick(0, usual.count() + usual.count() / 10);
            delay = std::chrono::microseconds(pick(m_rng));
        }
        const auto start = Clock::now();
        const Outcome o = run_killed_after(args, delay, m_base / "index.log");
        ++counts.runs;
        if (o.signal == SIGKILL)
            return true;
        m_durations[kind].push_back(
            std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start).count());
        if (o.status != 0) {
            ++counts.writer_errors;
            note(scenario + ": ctoc-index " + kind + " exit " + std::to_string(o.status) + ": " +
                 o.err.substr(0, o.err.find('\n')));
        }
        return false;
    }

    bool scenario(const std::string& name, long kills, long reads, Counts& counts) {
        const fs::path dir = m_base / name;
        const fs::path docs = dir / "docs", db = dir / "db";
        fs::create_directories(dir);
        std::vector<std::string> batch;
        if (name == "commits" || name == "sharded")
            batch = {"--batch", "1"};
        const auto with = [&](std::vector<std::string> a) {
            a.insert(a.begin(), {"-q", "--db", db.string()});
            a.insert(a.end(), batch.begin(), batch.end());
            a.push_back(docs.string());
            return a;
        };
        std::size_t state = 0;
        write_state(docs, m_states[state]);
        std::vector<std::string> first{"--rebuild"};
        if (name == "sharded")
            first = {"--rebuild", "--shards", "3"};
        if (index_run("first", with(first), false, counts, name))
            return false;
        if (name == "sharded" &&
            run({m_opt.index_bin, "--db", db.string(), "--stats"}).out.find("shard-2") ==
                std::string::npos) {
            note(name + ": the index is not sharded");
            return false;
        }

        std::atomic<bool> stop{false};
        std::vector<std::thread> readers;
        for (unsigned r = 0; r < m_opt.readers; ++r)
            readers.emplace_back(
                [&, r] { read_loop(db, name + " reader " + std::to_string(r), stop, counts); });
        std::bernoulli_distribution kill_now(m_opt.kill_ratio);
        long step = 0;
        const auto reads_done = [&] {
            std::lock_guard lock(m_mutex);
            return counts.reads;
        };
        // Each kind of run is first measured unkilled, so that kills land within its span.
        while ((counts.kills < kills || reads_done() < reads) && Clock::now() < m_deadline) {
            ++step;
            std::string kind;
            std::vector<std::string> args;
            if (name == "compaction" && step % 2 == 0) {
                kind = "compact";
                args = {"-q", "--db", db.string(), "--compact"};
            } else {
                state = (state + 1) % m_states.size();
                write_state(docs, m_states[state]);
                const bool rebuild = name == "rebuild" || (name == "sharded" && step % 4 == 0);
                kind = rebuild ? "rebuild" : "incremental";
                args = with(rebuild ? std::vector<std::string>{"--rebuild"}
                                    : std::vector<std::string>{});
            }
            const bool kill = counts.kills < kills && step > 4 && kill_now(m_rng);
            if (index_run(kind, args, kill, counts, name))
                ++counts.kills;
        }
        // The job finished by one more run, whatever the last killed one left.
        state = (state + 1) % m_states.size();
        write_state(docs, m_states[state]);
        index_run("incremental", with({}), false, counts, name);
        stop = true;
        for (auto& t : readers)
            t.join();
        bool ok = true;
        const Outcome last = run(search_args(db));
        const auto answer = m_answers.find(fingerprint(last.out));
        if (last.status != 0 || answer == m_answers.end() || answer->second != state) {
            note(name +
                 ": after the last run the index does not hold the last state of the inputs");
            ok = false;
        }
        // No reader left: a run removes every generation but the live one, and leaves nothing else.
        index_run("incremental", with({}), false, counts, name);
        std::vector<std::string> extra;
        for (const auto& e : fs::directory_iterator(db)) {
            const std::string n = e.path().filename().string();
            if (n != ".lock" && n != "XAPIANDB" && n.rfind("gen-", 0) != 0)
                extra.push_back(n);
        }
        long generations = 0;
        for (const auto& e : fs::directory_iterator(db))
            generations += e.path().filename().string().rfind("gen-", 0) == 0 ? 1 : 0;
        if (!extra.empty() || generations != 1) {
            note(name + ": leftovers in the database directory (" + std::to_string(generations) +
                 " generations" + (extra.empty() ? std::string() : ", " + extra.front()) + ")");
            ok = false;
        }
        return ok && counts.failed == 0 && counts.wrong == 0 && counts.writer_errors == 0;
    }

    Options m_opt;
    std::mt19937 m_rng;
    fs::path m_base;
    std::vector<State> m_states;
    std::map<std::string, std::size_t> m_answers; ///< fingerprint -> state
    std::map<std::string, std::vector<long>> m_durations;
    std::mutex m_mutex;
    std::vector<std::string> m_messages;
    Clock::time_point m_deadline;
};

void usage() {
    std::cerr << "usage: ctoc_torture [--index PATH] [--search PATH] [--corpus DIR] [--work DIR] "
                 "[--seed N]\n"
                 "       [--kills N] [--reads N] [--seconds S] [--kill-ratio R] [--readers N]\n"
                 "       [--scenarios rebuild,incremental,commits,compaction,sharded]\n";
}

} // namespace

int main(int argc, char** argv) {
    Options o;
    try {
        for (int i = 1; i < argc; ++i) {
            const std::string a = argv[i];
            if (i + 1 >= argc) {
                usage();
                return 2;
            }
            const std::string v = argv[++i];
            if (a == "--index")
                o.index_bin = v;
            else if (a == "--search")
                o.search_bin = v;
            else if (a == "--corpus")
                o.corpus = v;
            else if (a == "--work")
                o.work = v;
            else if (a == "--seed")
                o.seed = static_cast<unsigned>(std::stoul(v));
            else if (a == "--kills")
                o.kills = std::stol(v);
            else if (a == "--reads")
                o.reads = std::stol(v);
            else if (a == "--seconds")
                o.seconds = std::stod(v);
            else if (a == "--kill-ratio")
                o.kill_ratio = std::stod(v);
            else if (a == "--readers")
                o.readers = static_cast<unsigned>(std::stoul(v));
            else if (a == "--scenarios") {
                o.scenarios.clear();
                std::istringstream in(v);
                for (std::string s; std::getline(in, s, ',');)
                    o.scenarios.push_back(s);
            } else {
                usage();
                return 2;
            }
        }
        for (const auto& s : o.scenarios) {
            if (s != "rebuild" && s != "incremental" && s != "commits" && s != "compaction" &&
                s != "sharded") {
                std::cerr << "ctoc_torture: unknown scenario '" << s << "'\n";
                return 2;
            }
        }
        std::printf("ctoc_torture: %s and %s, seed %u, %ld kills and %ld searches asked for\n",
                    o.index_bin.c_str(), o.search_bin.c_str(), o.seed, o.kills, o.reads);
        return Torture(o).run_all();
    } catch (const std::exception& e) {
        std::cerr << "ctoc_torture: " << e.what() << "\n";
        return 1;
    }
}
