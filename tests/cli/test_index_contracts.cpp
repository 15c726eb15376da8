// ctoc-index keeps its contracts (issue 17, part 2): a missing input is an error, a run
// without inputs re-scans what the index was built from, Ctrl-C leaves the index unchanged.
#include "support.h"

#include <catch2/catch.hpp>

#include <signal.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

namespace fs = std::filesystem;
using ctoc::test::lines;
using ctoc::test::run;
using ctoc::test::RunResult;
using ctoc::test::TempDir;
using ctoc::test::write_file;

namespace {

RunResult ctoc_index(std::vector<std::string> args, const std::string& input = {}) {
    args.insert(args.begin(), CTOC_INDEX_BIN);
    return run(args, input);
}

std::string count(const std::string& db, const std::string& query) {
    return run({CTOC_SEARCH_BIN, "--db", db, "--count", query}).out;
}

/// The generation directories of an index.
std::vector<std::string> generations(const std::string& db) {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(db))
        out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
}

/// The processes any thread of pid started (/proc/PID/task/TID/children), or, where the kernel
/// has no such file, those whose parent is pid (/proc/N/stat).
std::vector<int> children_of(int pid) {
    std::vector<int> out;
    std::error_code ec;
    const fs::path tasks = "/proc/" + std::to_string(pid) + "/task";
    bool listed = false;
    for (const auto& task : fs::directory_iterator(tasks, ec)) {
        std::ifstream in(task.path() / "children");
        listed = listed || static_cast<bool>(in);
        for (int c; in >> c;)
            out.push_back(c);
    }
    if (listed)
        return out;
    for (const auto& e : fs::directory_iterator("/proc", ec)) {
        std::ifstream in(e.path() / "stat");
        std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        const auto close = stat.rfind(')'); // "N (name) S PPID ..."; the name may hold ')'
        if (close == std::string::npos)
            continue;
        std::istringstream fields(stat.substr(close + 1));
        std::string state;
        int ppid = 0;
        if (fields >> state >> ppid && ppid == pid)
            out.push_back(std::stoi(e.path().filename().string()));
    }
    return out;
}

/// A process's state letter (/proc/PID/stat: R, S, Z...), 0 when there is no such process.
char process_state(int pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto close = stat.rfind(')');
    return close == std::string::npos || close + 2 >= stat.size() ? 0 : stat[close + 2];
}

/// Whether a process has a descriptor of a file named name open (/proc/PID/fd).
bool holds_file(int pid, const std::string& name) {
    std::error_code ec;
    for (const auto& fd : fs::directory_iterator("/proc/" + std::to_string(pid) + "/fd", ec)) {
        const fs::path target = fs::read_symlink(fd.path(), ec);
        if (!ec && target.filename() == name)
            return true;
    }
    return false;
}

} // namespace

TEST_CASE("an indexer killed while it checks the index leaves no lock behind",
          "[cli][index][contracts]") {
    // A table changed since the index was last known whole makes the next run read every
    // block, in a child process. Killed then, the indexer must leave the database to the next
    // run: the child holds no lock and dies with it. Each attempt freezes the child (SIGSTOP),
    // kills the indexer and runs another; a few attempts, as the check lasts milliseconds.
    TempDir tmp;
    const std::string db = tmp / "db";
    std::string records;
    int n = 0;
    for (const auto& e : fs::directory_iterator(ctoc::test::corpus_dir())) {
        std::ifstream in(e.path());
        for (std::string line; std::getline(in, line);) {
            if (line.size() < 80 || line.find_first_of("\\\"\t") != std::string::npos)
                continue;
            for (int copy = 0; copy < 40; ++copy)
                records +=
                    "{\"id\": \"p" + std::to_string(n++) + "\", \"text\": \"" + line + "\"}\n";
        }
    }
    REQUIRE(n > 2000);
    REQUIRE(ctoc_index({"--db", db, "-"}, records).status == 0);
    bool caught = false;
    for (int attempt = 0; attempt < 40 && !caught; ++attempt) {
        for (const auto& e : fs::recursive_directory_iterator(db)) {
            if (e.path().extension() == ".glass")
                fs::last_write_time(e.path(), fs::file_time_type::clock::now());
        }
        ctoc::test::Running indexer({CTOC_INDEX_BIN, "--db", db, "-"});
        int child = 0;
        const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
        while (child == 0 && std::chrono::steady_clock::now() < until) {
            if (const auto c = children_of(indexer.pid()); !c.empty())
                child = c.front();
        }
        if (child == 0 || ::kill(child, SIGSTOP) != 0) {
            indexer.finish(); // the check was over before it was seen: again
            continue;
        }
        // Seen in its first microseconds, before it let go of what it inherited: a few
        // milliseconds more (the check itself lasts tens).
        for (int k = 0; k < 5 && holds_file(child, ".lock"); ++k) {
            ::kill(child, SIGCONT);
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
            ::kill(child, SIGSTOP);
        }
        if (!fs::exists("/proc/" + std::to_string(child) + "/fd")) {
            indexer.finish(); // over meanwhile: again
            continue;
        }
        caught = true;
        indexer.send(SIGKILL);
        // Dead (a zombie holds no descriptor) before the next run; not reaped yet: a frozen
        // child holding its output would keep finish() waiting.
        while (process_state(indexer.pid()) != 'Z')
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        const auto next =
            ctoc_index({"--db", db, "-"}, "{\"id\": \"q\", \"text\": \"Le quokka.\"}\n");
        ::kill(child, SIGKILL); // already gone, killed with its parent
        indexer.finish();
        CHECK(next.err.find("locked") == std::string::npos);
        CHECK(next.status == 0);
        CHECK(count(db, "quokka") == "1\n");
    }
    REQUIRE(caught);
}

TEST_CASE("an input that does not exist is an error: nothing is indexed, status 2",
          "[cli][index][contracts]") {
    TempDir tmp;
    const std::string db = tmp / "db";
    // A new index: not made.
    auto r = ctoc_index({"--db", db, tmp / "absent.txt", ctoc::test::corpus_dir()});
    CHECK(r.status == 2);
    CHECK(r.err ==
          "ctoc-index: " + (tmp / "absent.txt") +
              ": no such file or directory; nothing was indexed\nTry 'ctoc-index --help' for more "
              "information.\n");
    CHECK_FALSE(fs::exists(db));
    // An existing one: unchanged, though the other input changed.
    const std::string docs = tmp / "docs";
    fs::copy(ctoc::test::corpus_dir(), docs);
    REQUIRE(ctoc_index({"--db", db, docs}).status == 0);
    const auto before = generations(db);
    fs::remove(docs + "/000_b4397e204b15be52.txt");
    r = ctoc_index({"--db", db, docs, tmp / "mistyped"});
    CHECK(r.status == 2);
    CHECK(generations(db) == before);
    CHECK(count(db, "application") == "5\n");
}

TEST_CASE("without inputs, an index re-scans what it was built from", "[cli][index][contracts]") {
    TempDir tmp;
    const std::string db = tmp / "db", docs = tmp / "docs", more = tmp / "more.jsonl";
    fs::create_directories(docs);
    for (const char* name : {"000_b4397e204b15be52.txt", "001_a4e48ed0b737bc3c.txt"})
        fs::copy(ctoc::test::corpus_dir() + "/" + name, docs + "/" + name);
    write_file(more, "{\"id\": \"w1\", \"text\": \"Le wombat et la coopération.\"}\n");
    REQUIRE(ctoc_index({"--db", db, docs}).status == 0);
    REQUIRE(ctoc_index({"--db", db, more}).status == 0);
    REQUIRE(count(db, "migrants") == "2\n");
    // One report added to the directory, one removed, the JSON Lines file changed.
    fs::copy(ctoc::test::corpus_dir() + "/002_e63e11b3f39d6be4.txt",
             docs + "/002_e63e11b3f39d6be4.txt");
    fs::remove(docs + "/000_b4397e204b15be52.txt");
    write_file(more, "{\"id\": \"w1\", \"text\": \"Le wombat et le koala.\"}\n");
    const auto r = ctoc_index({"--db", db});
    CHECK(r.status == 0);
    CHECK_THAT(r.err, Catch::StartsWith(
                          "ctoc-index: no input given: re-scanning what " + db +
                          " was built from: " + fs::absolute(docs).lexically_normal().string() +
                          " " + fs::absolute(more).lexically_normal().string() + "\n"));
    CHECK_THAT(r.err, Catch::Contains("3 documents in") &&
                          Catch::Contains("1 added, 1 updated, 1 unchanged, 1 removed"));
    // Not the bundled corpus.
    CHECK(count(db, "application") == "2\n");
    CHECK(count(db, "koala") == "1\n");
    CHECK(count(db, "traite") == "1\n");
    // Again: nothing to do.
    CHECK_THAT(ctoc_index({"--db", db}).err,
               Catch::Contains("0 added, 0 updated, 3 unchanged, 0 removed"));
    // --rebuild without inputs: the same inputs, into a fresh index.
    const auto rebuilt = ctoc_index({"--db", db, "--rebuild"});
    CHECK(rebuilt.status == 0);
    CHECK_THAT(rebuilt.err, Catch::Contains("3 added") && Catch::Contains("new index swapped in"));
    // --quiet says nothing of it.
    CHECK(ctoc_index({"--db", db, "--quiet"}).err.empty());
}

TEST_CASE("without inputs: a new index is the bundled corpus, one from standard input only says "
          "what to do",
          "[cli][index][contracts]") {
    TempDir tmp;
    const auto fresh = ctoc_index({"--db", tmp / "new"});
    CHECK(fresh.status == 0);
    CHECK_THAT(fresh.err, Catch::Contains("5 added"));
    CHECK_THAT(fresh.err, !Catch::Contains("re-scanning"));
    // Then it re-scans the bundled corpus: all unchanged.
    CHECK_THAT(ctoc_index({"--db", tmp / "new"}).err, Catch::Contains("5 unchanged"));

    const std::string piped = tmp / "piped";
    REQUIRE(
        ctoc_index({"--db", piped, "-"}, "{\"id\": \"a\", \"text\": \"Le wombat.\"}\n").status ==
        0);
    const auto r = ctoc_index({"--db", piped});
    CHECK(r.status == 2);
    CHECK_THAT(r.err, Catch::StartsWith("ctoc-index: " + piped +
                                        " was built from standard input only, which cannot "
                                        "be read again: give the inputs, or - to read "
                                        "standard input\n"));
    CHECK(count(piped, "wombat") == "1\n");
    CHECK(count(piped, "application") == "0\n");
}

TEST_CASE("ctoc-index --rebuild without inputs of an index it cannot read asks for the inputs",
          "[cli][index][contracts]") {
    TempDir tmp;
    const std::string db = tmp / "db";
    REQUIRE(ctoc_index({"--db", db, ctoc::test::corpus_dir()}).status == 0);
    for (const auto& e : fs::directory_iterator(db))
        if (e.path().filename().string().rfind("gen-", 0) == 0)
            fs::resize_file(e.path() / "postlist.glass", 8192);
    const auto r = ctoc_index({"--db", db, "--rebuild"});
    CHECK(r.status == 2);
    CHECK_THAT(r.err, Catch::StartsWith("ctoc-index: cannot read which inputs " + db) &&
                          Catch::Contains("give them: ctoc-index --rebuild --db " + db +
                                          " FILES OR DIRECTORIES"));
    // Without --rebuild, the run says the index is damaged and how to repair it.
    const auto i = ctoc_index({"--db", db});
    CHECK(i.status == 1);
    CHECK_THAT(i.err, Catch::Contains("is damaged") && Catch::Contains("ctoc-index --rebuild"));
}

TEST_CASE("Ctrl-C: \"interrupted, index unchanged\", and it is", "[cli][index][contracts]") {
    TempDir tmp;
    const std::string db = tmp / "db";
    REQUIRE(ctoc_index({"--db", db, "-"}, "{\"id\": \"a\", \"text\": \"Le koala.\"}\n").status ==
            0);
    const auto before = generations(db);
    // A batch on standard input, interrupted while more is to come (as when Ctrl-C stops
    // `cat big.jsonl | ctoc-index -`: cat dies too, the input ends).
    ctoc::test::Running indexer({CTOC_INDEX_BIN, "--db", db, "-"});
    indexer.write_input(
        "{\"id\": \"b\", \"text\": \"Le wombat.\"}\n{\"id\": \"c\", \"text\": \"Le dingo.\"}\n");
    REQUIRE(indexer.wait_until_catching(SIGINT));
    indexer.send(SIGINT);
    indexer.write_input("{\"id\": \"d\", \"text\": \"Le quokka.\"}\n");
    const auto r = indexer.finish();
    CHECK(r.err == "ctoc-index: interrupted; index unchanged\n");
    CHECK(r.signal == SIGINT); // status 130 in a shell, which then stops a loop or script
    CHECK(count(db, "koala") == "1\n");
    CHECK(count(db, "wombat") == "0\n");
    CHECK(count(db, "quokka") == "0\n");
    CHECK(generations(db) == before);
    // The next run works, and the batch can be sent again.
    const auto again = ctoc_index({"--db", db, "-"}, "{\"id\": \"b\", \"text\": \"Le wombat.\"}\n");
    CHECK(again.status == 0);
    CHECK(count(db, "wombat") == "1\n");

    // SIGTERM too (a service manager stopping it).
    ctoc::test::Running stopped({CTOC_INDEX_BIN, "--db", db, "-"});
    stopped.write_input("{\"id\": \"e\", \"text\": \"Le numbat.\"}\n");
    REQUIRE(stopped.wait_until_catching(SIGTERM));
    stopped.send(SIGTERM);
    const auto t = stopped.finish();
    CHECK(t.err == "ctoc-index: interrupted; index unchanged\n");
    CHECK(count(db, "numbat") == "0\n");
}
