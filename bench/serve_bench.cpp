// ctoc-bench-serve: requests per second and latency of ctoc-serve under concurrent clients,
// against the same requests answered in-process by the same site code (no HTTP) in the same run.
//   ctoc-bench-serve --serve BUILD/searcher/ctoc-serve --db DB --queries bench/queries.txt
//                    [--clients 16] [--seconds 15] [--warmup 2] [--rounds 3]
// For each kind of request (the search page, the JSON API, a document page with the query's
// words marked), 16 clients with keep-alive connections send requests for the pinned queries
// for a fixed time; the table gives requests per second and p50/p95/p99 latency, then the same
// for 16 threads calling ctoc::serve::Site directly (the searching and page making alone), and
// the ratio. The server is the real ctoc-serve program, on 127.0.0.1 only.
#include "options.h"

#include <ctoc/serve/html.h>
#include <ctoc/serve/searcher_pool.h>
#include <ctoc/serve/site.h>

#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char** environ;

namespace {

namespace po = boost::program_options;
using Clock = std::chrono::steady_clock;

struct Kind {
    std::string name;
    std::vector<ctoc::serve::Request> requests;
};

/// Latencies (ms) of the requests of some runs, and how long those runs were measured.
struct Samples {
    std::vector<double> latencies;
    std::size_t failures = 0;
    double seconds = 0;
};

struct Measure {
    double rps = 0;
    double p50 = 0, p95 = 0, p99 = 0; // milliseconds
    std::size_t requests = 0, failures = 0;
};

/// The ctoc-serve program on a free port of 127.0.0.1, stopped (SIGTERM) on destruction.
class ServerProcess {
public:
    ServerProcess(const std::string& program, const std::string& db, int threads) {
        int out[2];
        if (::pipe(out) != 0)
            throw std::runtime_error("pipe failed");
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_adddup2(&actions, out[1], 1);
        posix_spawn_file_actions_addclose(&actions, out[0]);
        const std::string threads_text = std::to_string(threads);
        std::vector<const char*> argv{
            program.c_str(),      "--db", db.c_str(), "--port", "0", "--threads",
            threads_text.c_str(), nullptr};
        if (posix_spawn(&m_pid, program.c_str(), &actions, nullptr,
                        const_cast<char* const*>(argv.data()), environ) != 0)
            throw std::runtime_error("cannot start " + program);
        posix_spawn_file_actions_destroy(&actions);
        ::close(out[1]);
        std::string line;
        char c;
        while (::read(out[0], &c, 1) == 1 && c != '\n')
            line += c;
        ::close(out[0]);
        // "ctoc-serve: http://127.0.0.1:PORT/ serving N documents (Ctrl-C stops)"
        const auto colon = line.rfind(':', line.find("/ serving"));
        if (line.rfind("ctoc-serve: http://127.0.0.1:", 0) != 0 || colon == std::string::npos)
            throw std::runtime_error("ctoc-serve did not start: '" + line + "'");
        m_port = std::stoi(line.substr(colon + 1));
        m_banner = line;
    }
    ~ServerProcess() {
        ::kill(m_pid, SIGTERM);
        int status = 0;
        ::waitpid(m_pid, &status, 0);
    }
    int port() const { return m_port; }
    const std::string& banner() const { return m_banner; }

private:
    pid_t m_pid = 0;
    int m_port = 0;
    std::string m_banner;
};

std::string target(const ctoc::serve::Request& r) {
    return r.path + ctoc::serve::query_string(r.params);
}

double percentile(std::vector<double>& sorted, double p) {
    if (sorted.empty())
        return 0;
    const auto i =
        static_cast<std::size_t>(p / 100.0 * static_cast<double>(sorted.size() - 1) + 0.5);
    return sorted[std::min(i, sorted.size() - 1)];
}

/// Runs one request function on `clients` threads for `seconds` (after `warmup` seconds not
/// counted), adding to samples; each thread walks the requests from its own starting point.
template <typename Send>
void load(std::size_t clients, double warmup, double seconds,
          const std::vector<ctoc::serve::Request>& requests, Send make_sender, Samples& samples) {
    std::vector<std::vector<double>> latencies(clients);
    std::atomic<std::size_t> failures{0};
    const auto start = Clock::now();
    const auto counted_from = start + std::chrono::duration<double>(warmup);
    const auto until = counted_from + std::chrono::duration<double>(seconds);
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < clients; ++t) {
        threads.emplace_back([&, t] {
            auto send = make_sender();
            for (std::size_t i = t * requests.size() / clients;; ++i) {
                const auto before = Clock::now();
                if (before >= until)
                    break;
                const bool ok = send(requests[i % requests.size()]);
                const auto after = Clock::now();
                if (!ok)
                    ++failures;
                else if (before >= counted_from)
                    latencies[t].push_back(
                        std::chrono::duration<double, std::milli>(after - before).count());
            }
        });
    }
    for (auto& th : threads)
        th.join();
    for (const auto& l : latencies)
        samples.latencies.insert(samples.latencies.end(), l.begin(), l.end());
    samples.failures += failures;
    samples.seconds += seconds;
}

Measure measure(Samples& samples) {
    auto& all = samples.latencies;
    std::sort(all.begin(), all.end());
    Measure m;
    m.requests = all.size();
    m.failures = samples.failures;
    m.rps = static_cast<double>(all.size()) / samples.seconds;
    m.p50 = percentile(all, 50);
    m.p95 = percentile(all, 95);
    m.p99 = percentile(all, 99);
    return m;
}

std::string fixed(double v, int digits) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.*f", digits, v);
    return buf;
}

} // namespace

int main(int argc, char** argv) {
    po::options_description options(
        "Usage: ctoc-bench-serve --serve PROGRAM --db DB --queries FILE [options]");
    std::string serve, db, queries_file;
    std::size_t clients = 16;
    double seconds = 15, warmup = 2;
    int rounds = 3;
    options.add_options()("help,h", "print this help and exit")(
        "serve", po::value(&serve)->required(),
        "the ctoc-serve program")("db", po::value(&db)->required(), "the index to serve")(
        "queries", po::value(&queries_file)->required(), "pinned queries (bench/queries.txt)")(
        "clients", po::value(&clients), "concurrent clients (default 16)")(
        "seconds", po::value(&seconds), "measured seconds per kind (default 15)")(
        "warmup", po::value(&warmup), "seconds before measuring (default 2)")(
        "rounds", po::value(&rounds), "alternating HTTP and in-process runs (default 3)");
    po::variables_map vm;
    try {
        if (!ctoc::bench::parse_command_line(argc, argv, options, vm))
            return 0;
        if (clients < 1 || clients > 256 || !(seconds > 0 && seconds <= 600) ||
            !(warmup >= 0 && warmup <= 60) || rounds < 1 || rounds > 20)
            throw po::error(
                "--clients 1..256, --seconds (0, 600], --warmup [0, 60], --rounds 1..20");
    } catch (const po::error& e) {
        std::cerr << "ctoc-bench-serve: " << e.what() << "\n";
        return 2;
    }

    std::vector<std::string> queries;
    std::ifstream in(queries_file);
    for (std::string line; std::getline(in, line);) {
        if (line.empty() || line[0] == '#')
            continue;
        const auto tab = line.find('\t');
        if (tab == std::string::npos)
            continue;
        const auto end = line.find('\t', tab + 1);
        queries.push_back(
            line.substr(tab + 1, end == std::string::npos ? std::string::npos : end - tab - 1));
    }
    if (queries.empty()) {
        std::cerr << "ctoc-bench-serve: no queries in " << queries_file << "\n";
        return 1;
    }

    try {
        ctoc::serve::SearcherPool pool({db}, {}, clients);
        ctoc::serve::Site site(pool);
        // The pages a researcher asks for: results (with facets), the same as JSON, and the
        // page of the first result of each query with the query's words marked.
        // The stylesheet, compiled in, is the floor: what HTTP and the server cost alone.
        std::vector<Kind> kinds{
            {"search page /search", {}},
            {"JSON API /api/search", {}},
            {"document page /doc/ID", {}},
            {"stylesheet /static/style.css", {{"GET", "/static/style.css", {}}}}};
        for (const auto& q : queries) {
            kinds[0].requests.push_back({"GET", "/search", {{"q", q}}});
            kinds[1].requests.push_back({"GET", "/api/search", {{"q", q}}});
            ctoc::search::SearchRequest r;
            r.query = q;
            r.limit = 1;
            r.snippets = false;
            const auto result = pool.acquire()->search(r);
            if (!result.hits.empty())
                kinds[2].requests.push_back(
                    {"GET",
                     "/doc/" + ctoc::serve::document_ref(result.hits.front().meta,
                                                         result.hits.front().docid),
                     {{"q", q}}});
        }

        ServerProcess server(serve, db, static_cast<int>(clients));
        std::cout << "| request | ctoc-serve req/s | p50 ms | p95 ms | p99 ms | in-process req/s | "
                     "in-process p95 ms | "
                     "HTTP / in-process time |\n|---|---:|---:|---:|---:|---:|---:|---:|\n";
        std::size_t failures = 0;
        for (const auto& kind : kinds) {
            // The machine is shared: alternate the two ways in short runs, so that both see
            // the same load from the rest of the machine.
            Samples http_samples, local_samples;
            for (int round = 0; round < rounds; ++round) {
                const double skip = round == 0 ? warmup : 0.5;
                load(
                    clients, skip, seconds / rounds, kind.requests,
                    [&] {
                        auto client = std::make_shared<httplib::Client>("127.0.0.1", server.port());
                        client->set_keep_alive(true);
                        client->set_tcp_nodelay(true);
                        client->set_url_encode(false);
                        client->set_read_timeout(30);
                        return [client](const ctoc::serve::Request& r) {
                            const auto res = client->Get(target(r).c_str());
                            return res && res->status == 200;
                        };
                    },
                    http_samples);
                load(
                    clients, skip, seconds / rounds, kind.requests,
                    [&] {
                        return [&site](const ctoc::serve::Request& r) {
                            return site.handle(r).status == 200;
                        };
                    },
                    local_samples);
            }
            const Measure http = measure(http_samples), local = measure(local_samples);
            failures += http.failures + local.failures;
            std::cout << "| " << kind.name << " (" << kind.requests.size() << " distinct) | "
                      << fixed(http.rps, 1) << " | " << fixed(http.p50, 1) << " | "
                      << fixed(http.p95, 1) << " | " << fixed(http.p99, 1) << " | "
                      << fixed(local.rps, 1) << " | " << fixed(local.p95, 1) << " | "
                      << fixed(local.rps / http.rps, 2) << " |\n";
        }
        std::cout << "\n"
                  << clients << " clients; per kind of request and way, " << fixed(seconds, 0)
                  << " s measured in " << rounds << " alternating runs after " << fixed(warmup, 0)
                  << " s of warm-up; " << pool.document_count() << " documents; " << failures
                  << " failed requests.\n";
        return failures == 0 ? 0 : 1;
    } catch (const std::exception& e) {
        std::cerr << "ctoc-bench-serve: " << e.what() << "\n";
        return 1;
    }
}
