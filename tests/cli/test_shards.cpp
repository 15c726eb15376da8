// A sharded index served by two xapian-tcpsrv processes answers exactly as one database
// holding the same documents; a shard that stops answering is an error, or a warning
// under --allow-partial.
#include "support.h"

#include <ctoc/corpus/json.h>

#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

using namespace ctoc::test;

namespace {

const std::string index_bin = CTOC_INDEX_BIN;
const std::string search_bin = CTOC_SEARCH_BIN;

std::string find_tcpsrv() {
    for (const char* dir : {"/usr/bin", "/usr/local/bin"}) {
        const std::string p = std::string(dir) + "/xapian-tcpsrv";
        if (::access(p.c_str(), X_OK) == 0)
            return p;
    }
    return {};
}

/// A port nobody listens on now (the kernel's choice for port 0).
int free_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    ::close(fd);
    return ntohs(addr.sin_port);
}

bool accepts(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    ::close(fd);
    return ok;
}

/// xapian-tcpsrv serving one database on 127.0.0.1, in its own process group (the server
/// signals its whole group when it stops), stopped on destruction.
class TcpServer {
public:
    explicit TcpServer(const std::string& database) {
        const std::string binary = find_tcpsrv();
        for (int attempt = 0; attempt < 5 && m_pid <= 0; ++attempt) {
            m_port = free_port();
            const pid_t pid = ::fork();
            if (pid == 0) {
                ::setsid();
                const int null = ::open("/dev/null", O_RDWR);
                ::dup2(null, 1);
                ::dup2(null, 2);
                const std::string port = std::to_string(m_port);
                ::execl(binary.c_str(), binary.c_str(), "--interface", "127.0.0.1", "--port",
                        port.c_str(), database.c_str(), static_cast<char*>(nullptr));
                ::_exit(127);
            }
            for (int wait = 0; wait < 100; ++wait) {
                if (accepts(m_port)) {
                    m_pid = pid;
                    break;
                }
                int status = 0;
                if (::waitpid(pid, &status, WNOHANG) == pid)
                    break; // the port was taken meanwhile: try another
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
            }
            if (m_pid <= 0) {
                ::kill(pid, SIGKILL);
                ::waitpid(pid, nullptr, 0);
            }
        }
    }
    ~TcpServer() { stop(); }
    TcpServer(const TcpServer&) = delete;
    TcpServer& operator=(const TcpServer&) = delete;

    bool running() const { return m_pid > 0; }
    std::string url() const { return "tcp://127.0.0.1:" + std::to_string(m_port); }
    int port() const { return m_port; }
    void pause() const { ::kill(m_pid, SIGSTOP); }
    void stop() {
        if (m_pid <= 0)
            return;
        ::kill(m_pid, SIGCONT);
        ::kill(-m_pid, SIGKILL);
        ::waitpid(m_pid, nullptr, 0);
        m_pid = -1;
    }

private:
    pid_t m_pid = -1;
    int m_port = 0;
};

/// score and key of each result, in order, and the facet lines.
struct Answer {
    std::vector<std::pair<std::string, std::string>> ranked; ///< (score, key)
    std::map<std::string, std::string> snippets;             ///< key -> snippet
    std::vector<std::string> facets;
    std::string count;
};

Answer ask(const std::vector<std::string>& dbs, std::vector<std::string> args) {
    std::vector<std::string> argv{search_bin, "--format", "json", "--limit", "40"};
    for (const auto& db : dbs) {
        argv.push_back("--db");
        argv.push_back(db);
    }
    // As JSON, facets come alone, from a run of their own.
    const auto facets_at = std::find(args.begin(), args.end(), "--facets");
    const bool facets = facets_at != args.end();
    if (facets)
        args.erase(facets_at);
    argv.insert(argv.end(), args.begin(), args.end());
    const auto r = run(argv);
    INFO(r.err);
    REQUIRE(r.status == 0);
    Answer a;
    for (const auto& line : lines(r.out)) {
        const auto v = ctoc::corpus::json::parse(line);
        const auto& o = v;
        const std::string key = o.at("key").get<std::string>();
        std::ostringstream score;
        score.precision(6);
        score << o.at("score").get<double>();
        a.ranked.emplace_back(score.str(), key);
        if (v.contains("snippet"))
            a.snippets[key] = v.at("snippet").get<std::string>();
    }
    if (facets) {
        auto facets_argv = argv;
        facets_argv.push_back("--facets");
        const auto f = run(facets_argv);
        REQUIRE(f.status == 0);
        REQUIRE(lines(f.out).size() == 1);
        REQUIRE(ctoc::corpus::json::parse(f.out).contains("facets"));
        a.facets.push_back(f.out);
    }
    auto count_argv = argv;
    count_argv.push_back("--count");
    const auto c = run(count_argv);
    REQUIRE(c.status == 0);
    a.count = c.out;
    return a;
}

/// The top 20 must be the same documents with the same scores; ties may come in any order
/// (document ids differ between layouts), so each run of equal scores is compared as a set.
void require_same_top20(const Answer& sharded, const Answer& single) {
    REQUIRE(sharded.count == single.count);
    REQUIRE(sharded.facets == single.facets);
    const std::size_t n = std::min<std::size_t>(20, single.ranked.size());
    REQUIRE(sharded.ranked.size() == single.ranked.size());
    for (std::size_t i = 0; i < n; ++i)
        REQUIRE(sharded.ranked[i].first == single.ranked[i].first);
    if (n == 0)
        return;
    const std::string cutoff = single.ranked[n - 1].first;
    const auto above = [&](const Answer& a) {
        std::multiset<std::pair<std::string, std::string>> s;
        for (const auto& r : a.ranked)
            if (std::stod(r.first) > std::stod(cutoff))
                s.insert(r);
        return s;
    };
    REQUIRE(above(sharded) == above(single));
    for (const auto& [key, snippet] : single.snippets)
        if (sharded.snippets.count(key))
            REQUIRE(sharded.snippets.at(key) == snippet);
}

} // namespace

TEST_CASE(
    "two shards served by xapian-tcpsrv answer as one database, and a dead shard is an error or, "
    "with --allow-partial, a warning",
    "[cli][shards]") {
    if (find_tcpsrv().empty())
        FAIL("xapian-tcpsrv is missing: install Debian's xapian-tools (./build.sh installs it)");
    TempDir tmp;
    write_file(tmp / "generated.jsonl", generated_documents(400));
    std::filesystem::copy(corpus_dir(), tmp / "bundled");
    const std::vector<std::string> inputs{tmp / "bundled", tmp / "generated.jsonl"};

    const auto build = [&](const std::string& db, const std::vector<std::string>& extra) {
        std::vector<std::string> argv{index_bin, "--quiet", "--db", db};
        argv.insert(argv.end(), extra.begin(), extra.end());
        argv.insert(argv.end(), inputs.begin(), inputs.end());
        const auto r = run(argv);
        INFO(r.err);
        REQUIRE(r.status == 0);
    };
    build(tmp / "single.db", {});
    build(tmp / "sharded.db", {"--shards", "2"});

    // The stub lists the two shards; the documents are split between them.
    std::vector<std::string> shards;
    {
        std::ifstream stub(tmp / "sharded.db/XAPIANDB");
        std::string backend, path;
        while (stub >> backend >> path)
            shards.push_back(tmp / ("sharded.db/" + path));
    }
    REQUIRE(shards.size() == 2);
    const auto count_in = [&](const std::string& db) {
        const auto r = run({search_bin, "--db", db, "--count", "--year", "1990..2030"});
        return r.out;
    };
    CHECK(count_in(shards[0]) != "0\n");
    CHECK(count_in(shards[1]) != "0\n");

    // A page's count over local shards, each shard counted on its own (Xapian 1.4 ends an
    // unranked count early on one database only): its bounds hold every matching document,
    // which --count counts exactly.
    for (const std::string query : {"conference des parties", "\"conference des parties\""}) {
        INFO("query: " << query);
        const auto exact = run({search_bin, "--db", tmp / "sharded.db", "--count", query});
        REQUIRE(exact.status == 0);
        const long total = std::stol(exact.out);
        CHECK(total > 400); // every generated document names the Conference
        const auto page =
            run({search_bin, "--db", tmp / "sharded.db", "--limit", "3", "--no-snippets", query});
        REQUIRE(page.status == 0);
        const std::string head = lines(page.out).at(0);
        INFO(head);
        long lower = 0, upper = 0;
        if (const auto at = head.find("(between "); at != std::string::npos) {
            std::istringstream bounds(head.substr(at + 9));
            std::string and_word;
            bounds >> lower >> and_word >> upper;
        } else {
            lower = upper = std::stol(head);
        }
        CHECK(lower <= total);
        CHECK(total <= upper);
        CHECK(lower >= 200); // each shard counted at least that far
    }

    // An incremental run keeps each document in its shard.
    {
        const auto r = run({index_bin, "--db", tmp / "sharded.db", inputs[0], inputs[1]});
        REQUIRE(r.status == 0);
        CHECK(r.err.find("(0 added, 0 updated, 405 unchanged, 0 removed, 0 failed)") !=
              std::string::npos);
    }

    // Snippets and texts come from the index: the sources can go.
    std::filesystem::remove_all(tmp / "bundled");
    std::filesystem::remove(tmp / "generated.jsonl");

    TcpServer first(shards[0]);
    TcpServer second(shards[1]);
    REQUIRE(first.running());
    REQUIRE(second.running());
    // A stub file mixing a local shard and a remote one.
    write_file(tmp / "mixed.stub", "# shard 0 on this machine, shard 1 served\nauto " + shards[0] +
                                       "\nremote 127.0.0.1:" + std::to_string(second.port()) +
                                       "\n");

    const std::vector<std::vector<std::string>> queries{
        {"traite des personnes"},
        {"criminalite organisee"}, // accent-free: needs every shard's stem synonyms
        {"l'application de la convention"},
        {"\"trafic illicite de migrants\""},
        {"résolution 5/3"},
        {"res:7/1", "--sort", "date"},
        {"ctoc/cop/wg.7/*"},
        {"migra*", "--facets"},
        {"etats", "--wg", "7", "--from", "2014", "--to", "2019"},
        {"cooperation", "internationale", "--any", "--facets"},
        {"--cited-by", "7/1"},
    };
    for (const auto& q : queries) {
        INFO("query: " << q.front());
        const Answer single = ask({tmp / "single.db"}, q);
        REQUIRE(!single.ranked.empty());
        for (const auto& [key, snippet] : single.snippets) {
            INFO(key);
            CHECK_FALSE(snippet.empty());
        }
        require_same_top20(ask({tmp / "sharded.db"}, q), single);
        require_same_top20(ask({first.url(), second.url()}, q), single);
        require_same_top20(ask({tmp / "mixed.stub"}, q), single);
    }

    // The whole text of a document, from the shard that holds it.
    {
        const std::string key =
            ask({tmp / "single.db"}, {"traite des personnes"}).ranked.front().second;
        const auto local = run(
            {search_bin, "--db", tmp / "single.db", "--text", key, "--format", "json", "traite"});
        const auto remote = run({search_bin, "--db", first.url(), "--db", second.url(), "--text",
                                 key, "--format", "json", "traite"});
        REQUIRE(local.status == 0);
        CHECK(local.out.find("<b>traite</b>") != std::string::npos);
        CHECK(remote.out == local.out);
    }

    // Spelling suggestions read the vocabulary of every shard.
    {
        const auto remote =
            run({search_bin, "--db", first.url(), "--db", second.url(), "criminalitee"});
        const auto local = run({search_bin, "--db", tmp / "single.db", "criminalitee"});
        CHECK(local.out.find("Did you mean: criminalite ?") != std::string::npos);
        CHECK(remote.out == local.out);
    }

    SECTION("a hung shard is an error after the timeout, or skipped under --allow-partial") {
        second.pause();
        const auto r = run({search_bin, "--timeout", "1", "--db", tmp / "mixed.stub", "etats"});
        CHECK(r.status == 1);
        CHECK(r.err.find(second.url() + " does not answer (Timeout") != std::string::npos);
        CHECK(r.err.find("--allow-partial") != std::string::npos);
        CHECK(r.out.empty());

        const auto partial = run({search_bin, "--timeout", "1", "--allow-partial", "--db",
                                  tmp / "mixed.stub", "--count", "etats"});
        CHECK(partial.status == 0);
        CHECK(partial.err.find("warning: " + second.url() + " does not answer") !=
              std::string::npos);
        CHECK(partial.err.find("results are partial") != std::string::npos);
        CHECK(partial.out == run({search_bin, "--db", shards[0], "--count", "etats"}).out);
    }

    SECTION("a stopped shard is an error at once, or skipped under --allow-partial") {
        second.stop();
        const auto r = run({search_bin, "--db", first.url(), "--db", second.url(), "etats"});
        CHECK(r.status == 1);
        CHECK(r.err.find(second.url() + " does not answer") != std::string::npos);
        CHECK(lines(r.err).size() == 1);

        const auto partial = run({search_bin, "--allow-partial", "--db", first.url(), "--db",
                                  second.url(), "--format", "json", "etats"});
        CHECK(partial.status == 0);
        CHECK(partial.err.find("results are partial") != std::string::npos);
        CHECK(!partial.out.empty());

        first.stop();
        const auto none = run(
            {search_bin, "--allow-partial", "--db", first.url(), "--db", second.url(), "etats"});
        CHECK(none.status == 1);
        CHECK(none.err.find("no shard") != std::string::npos);
    }
}

TEST_CASE("malformed shard locations are clear errors", "[cli][shards]") {
    TempDir tmp;
    const auto error_of = [&](const std::vector<std::string>& args) {
        std::vector<std::string> argv{search_bin};
        argv.insert(argv.end(), args.begin(), args.end());
        argv.push_back("etats");
        const auto r = run(argv);
        CHECK(r.status == 1);
        CHECK(lines(r.err).size() == 1);
        return r.err;
    };
    CHECK(error_of({"--db", "tcp://127.0.0.1"}).find("expected HOST:PORT") != std::string::npos);
    CHECK(error_of({"--db", "tcp://127.0.0.1:99999"}).find("invalid port") != std::string::npos);
    write_file(tmp / "bad.stub", "auto\n");
    CHECK(error_of({"--db", tmp / "bad.stub"}).find("bad.stub:1") != std::string::npos);
    write_file(tmp / "odd.stub", "flint /somewhere\n");
    CHECK(error_of({"--db", tmp / "odd.stub"}).find("unknown database type 'flint'") !=
          std::string::npos);
    write_file(tmp / "empty.stub", "# nothing\n");
    CHECK(error_of({"--db", tmp / "empty.stub"}).find("lists no database") != std::string::npos);
    write_file(tmp / "gone.stub", "auto gone\n");
    CHECK(error_of({"--db", tmp / "gone.stub"}).find("which does not exist") != std::string::npos);
    write_file(tmp / "loop.stub", "auto loop.stub\n");
    CHECK(error_of({"--db", tmp / "loop.stub"}).find("nested too deep") != std::string::npos);
    write_file(tmp / "binary.stub", std::string("\x7f"
                                                "ELF\x02\x01\0\0garbage\n",
                                                16));
    CHECK(error_of({"--db", tmp / "binary.stub"})
              .find("is neither an index nor a Xapian stub file") != std::string::npos);
    write_file(tmp / "passwd.stub", "root:x:0:0:root:/root:/bin/bash\n");
    CHECK(error_of({"--db", tmp / "passwd.stub"})
              .find("is neither an index nor a Xapian stub file") != std::string::npos);
    const auto usage = run({search_bin, "--timeout", "-1", "etats"});
    CHECK(usage.status == 2);
}
