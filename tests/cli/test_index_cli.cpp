// ctoc-index as a user runs it: exit codes, warnings, summary, stdin, crashes, locking.
#include "support.h"

#include <ctoc/index/database.h>
#include <ctoc/schema.h>

#include <xapian.h>

#include <catch2/catch.hpp>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

namespace fs = std::filesystem;
using ctoc::test::lines;
using ctoc::test::run;
using ctoc::test::RunResult;
using ctoc::test::TempDir;
using ctoc::test::write_file;

namespace {

const std::string index_bin = CTOC_INDEX_BIN;
const std::string search_bin = CTOC_SEARCH_BIN;

RunResult ctoc_index(const std::vector<std::string>& args, const std::string& input = {}) {
    std::vector<std::string> argv{index_bin};
    argv.insert(argv.end(), args.begin(), args.end());
    return run(argv, input);
}

/// What `ctoc-search --count` says for a query, or -1 when it fails.
long search_count(const std::string& db, const std::string& query) {
    const RunResult r = run({search_bin, "--db", db, "--count", query});
    if (r.status != 0)
        return -1;
    return std::stol(r.out);
}

/// The "documents:" line of --stats, or -1.
long stats_documents(const std::string& db) {
    for (const auto& line : lines(ctoc_index({"--db", db, "--stats"}).out)) {
        if (line.rfind("documents:", 0) == 0)
            return std::stol(line.substr(10));
    }
    return -1;
}

std::string french_text(const std::string& word) {
    return "Conférence des Parties à la Convention des Nations Unies contre la criminalité "
           "transnationale organisée.\n\nLe groupe de travail a examiné la question du " +
           word + " et la coopération internationale en matière de traite des personnes.\n";
}

bool has_line(const std::string& text, const std::string& start, const std::string& contains = {}) {
    for (const auto& line : lines(text)) {
        if (line.rfind(start, 0) == 0 && line.find(contains) != std::string::npos)
            return true;
    }
    return false;
}

/// Names in the database directory other than the live stub, lock and generation.
std::vector<std::string> leftovers(const std::string& db) {
    const std::string live = ctoc::index::DatabaseDir(db).live_generation();
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(db)) {
        const std::string n = e.path().filename().string();
        if (n != "XAPIANDB" && n != ".lock" && n != live)
            out.push_back(n);
    }
    return out;
}

} // namespace

TEST_CASE("ctoc-index --help and --version exit 0", "[cli][index]") {
    const auto help = ctoc_index({"--help"});
    CHECK(help.status == 0);
    CHECK_THAT(help.out, Catch::Contains("--rebuild") && Catch::Contains("--max-size") &&
                             Catch::Contains("not UTF-8") && Catch::Contains("Exit status"));
    const auto version = ctoc_index({"--version"});
    CHECK(version.status == 0);
    CHECK_THAT(version.out, Catch::StartsWith("ctoc-index "));
}

TEST_CASE("ctoc-index rejects an unknown option or bad value with a hint, exit 2", "[cli][index]") {
    TempDir tmp;
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"--frobnicate"}, {"--max-size", "lots"}, {"--batch", "0"}}) {
        std::vector<std::string> full{"--db", tmp / "db"};
        full.insert(full.end(), args.begin(), args.end());
        const auto r = ctoc_index(full);
        CHECK(r.status == 2);
        CHECK_THAT(r.err,
                   Catch::StartsWith("ctoc-index: ") && Catch::Contains("Try 'ctoc-index --help'"));
    }
    CHECK_FALSE(fs::exists(tmp / "db"));
}

TEST_CASE("ctoc-index indexes the bundled corpus quietly in a pipe, with a one-line summary",
          "[cli][index]") {
    TempDir tmp;
    const std::string db = tmp / "db";
    auto r = ctoc_index({"--db", db, ctoc::test::corpus_dir()});
    CHECK(r.status == 0);
    REQUIRE(lines(r.err).size() == 1);
    CHECK_THAT(r.err, Catch::StartsWith("ctoc-index: 5 documents") && Catch::Contains("5 added") &&
                          Catch::Contains("0 failed") && Catch::Contains("documents/s"));
    CHECK(r.err.find('\r') == std::string::npos);
    CHECK(search_count(db, "traite") > 0);

    r = ctoc_index({"--db", db, ctoc::test::corpus_dir()});
    CHECK(r.status == 0);
    CHECK_THAT(r.err, Catch::Contains("0 added") && Catch::Contains("5 unchanged"));

    r = ctoc_index({"--db", db, "--quiet", ctoc::test::corpus_dir()});
    CHECK(r.status == 0);
    CHECK(r.err.empty());
}

TEST_CASE("ctoc-index stops at a missing input before indexing anything, exit 2", "[cli][index]") {
    TempDir tmp;
    const std::string db = tmp / "db";
    const auto r = ctoc_index({"--db", db, tmp / "absent.txt", ctoc::test::corpus_dir()});
    CHECK(r.status == 2);
    CHECK_THAT(r.err, Catch::StartsWith("ctoc-index: " + (tmp / "absent.txt") +
                                        ": no such file or directory"));
    CHECK(stats_documents(db) == -1);
}

TEST_CASE("ctoc-index reads JSON Lines from standard input and keeps them across other runs",
          "[cli][index][jsonl]") {
    TempDir tmp;
    const std::string db = tmp / "db";
    const std::string a = R"({"text":"Le trafic illicite de migrants et l'ornithorynque."})";
    const std::string b = R"({"text":"La traite des personnes et le kangourou."})";
    auto r = ctoc_index({"--db", db, "-"}, a + "\n" + b + "\n");
    CHECK(r.status == 0);
    CHECK_THAT(r.err, Catch::Contains("2 added"));
    CHECK(search_count(db, "ornithorynque") == 1);

    // Another input does not make the documents read from standard input vanish.
    write_file(tmp / "c.txt", french_text("zanzibar"));
    r = ctoc_index({"--db", db, tmp / "c.txt"});
    CHECK_THAT(r.err, Catch::Contains("1 added") && Catch::Contains("0 removed"));
    CHECK(search_count(db, "kangourou") == 1);

    // A second batch on standard input adds to the first: it never removes what it did not add.
    const std::string d = R"({"text":"Les armes à feu et le wombat."})";
    r = ctoc_index({"--db", db, "-"}, a + "\n" + d + "\n");
    CHECK(r.status == 0);
    CHECK_THAT(r.err, Catch::Contains("1 added") && Catch::Contains("1 unchanged") &&
                          Catch::Contains("0 removed"));
    CHECK(search_count(db, "kangourou") == 1);
    CHECK(search_count(db, "ornithorynque") == 1);
    CHECK(search_count(db, "wombat") == 1);
    CHECK(search_count(db, "zanzibar") == 1);
}

TEST_CASE("two batches of records with symbols piped in keep both, and a record sent again updates",
          "[cli][index][jsonl]") {
    TempDir tmp;
    const std::string db = tmp / "db";
    // The README's example: new records piped into an existing index.
    auto r = ctoc_index({"--db", db, "-"},
                        R"({"symbol":"CTOC/COP/2018/1","text":"Ordre du jour et l'ornithorynque."})"
                        "\n"
                        R"({"symbol":"CTOC/COP/2018/2","text":"Rapport sur le kangourou."})"
                        "\n");
    CHECK(r.status == 0);
    r = ctoc_index({"--db", db, "-"},
                   R"({"symbol":"CTOC/COP/2018/3","text":"Note sur le wombat."})"
                   "\n"
                   R"({"symbol":"CTOC/COP/2018/2","text":"Rapport révisé sur le koala."})"
                   "\n");
    CHECK(r.status == 0);
    CHECK_THAT(r.err, Catch::Contains("3 documents") && Catch::Contains("1 added") &&
                          Catch::Contains("1 updated") && Catch::Contains("0 removed"));
    CHECK(search_count(db, "ornithorynque") == 1);
    CHECK(search_count(db, "wombat") == 1);
    CHECK(search_count(db, "koala") == 1);
    CHECK(search_count(db, "kangourou") == 0);
}

TEST_CASE("ctoc-index reports each bad input as path[:line]: warning and indexes the rest",
          "[cli][index]") {
    TempDir tmp;
    const std::string docs = tmp / "docs", db = tmp / "db";
    write_file(docs + "/good.txt", french_text("ornithorynque"));
    // One stray byte in a long UTF-8 text: repaired.
    write_file(docs + "/repaired.txt",
               french_text("kangourou") + "Une erreur \xff ici.\n" + french_text("suite"));
    // Latin-1: every accent is an invalid byte, too many to repair: read as Windows-1252.
    std::string latin1;
    for (int i = 0; i < 10; ++i)
        latin1 += "La soci\xe9t\xe9 civile et la s\xe9"
                  "curit\xe9 \xe0 l'\xe9gard du tamanoir.\n";
    write_file(docs + "/latin1.txt", latin1);
    write_file(docs + "/binary.txt", std::string("PK\x03\x04\x00\x00zanzibar", 14));
    // A .doc found in the folder (damaged), an RTF file (a format not read): said.
    write_file(docs + "/rapport-2008.doc",
               std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0", 10) + "okapi");
    write_file(docs + "/note.rtf", "{\\rtf1\\ansi La note sur le lamantin.\\par}");
    write_file(docs + "/empty.txt", "  \n\n");
    write_file(docs + "/big.txt", french_text("hippocampe") + std::string(3000, 'a') + "\n");
    fs::create_symlink(docs + "/gone.txt", docs + "/dangling.txt");
    write_file(docs + "/records.jsonl", R"({"text":"Le rapport sur le dromadaire."})"
                                        "\n"
                                        R"({"text": oops})"
                                        "\n");

    const auto r = ctoc_index({"--db", db, "--max-size", "2K", docs});
    CHECK(r.status == 3);
    CHECK(has_line(r.err, docs + "/repaired.txt: warning: ", "invalid UTF-8"));
    CHECK(has_line(r.err, docs + "/latin1.txt: warning: ", "read as Windows-1252"));
    CHECK(has_line(r.err, docs + "/binary.txt: warning: ", "binary"));
    CHECK(has_line(
        r.err, docs + "/rapport-2008.doc: warning: ", "damaged Word 97-2003 document (libgsf: "));
    CHECK(has_line(r.err, docs + "/note.rtf: warning: ", "an RTF document"));
    CHECK(has_line(r.err, docs + "/empty.txt: warning: ", "empty"));
    CHECK(has_line(r.err, docs + "/big.txt: warning: ", "size limit"));
    CHECK(has_line(r.err, docs + "/dangling.txt: warning: "));
    CHECK(has_line(r.err, docs + "/records.jsonl:2: warning: ", "malformed JSON"));
    CHECK_THAT(r.err, Catch::Contains("4 added") && Catch::Contains("7 failed"));

    CHECK(stats_documents(db) == 4);
    CHECK(search_count(db, "ornithorynque") == 1);
    CHECK(search_count(db, "kangourou") == 1);
    CHECK(search_count(db, "dromadaire") == 1);
    CHECK(search_count(db, "tamanoir") == 1);
    CHECK(search_count(db, "société civile") == 1);
    CHECK(search_count(db, "okapi") == 0);
    CHECK(search_count(db, "lamantin") == 0);
    CHECK(search_count(db, "hippocampe") == 0);
}

TEST_CASE("text files saved as UTF-16 or Windows-1252 are read in their encoding, not lost",
          "[cli][index]") {
    TempDir tmp;
    const std::string docs = tmp / "docs", db = tmp / "db";
    // Notepad's "Unicode" (UTF-16 little-endian) and its big-endian twin, each with its byte
    // order mark; UTF-8 with a mark; Windows-1252 with its own characters (’ œ « » €).
    const auto utf16 = [](const std::u16string& text, bool little) {
        std::string out = little ? "\xFF\xFE" : "\xFE\xFF";
        for (const char16_t u : text) {
            const char lo = static_cast<char>(u & 0xFF), hi = static_cast<char>(u >> 8);
            out += little ? std::string{lo, hi} : std::string{hi, lo};
        }
        return out;
    };
    write_file(docs + "/notepad.txt",
               utf16(u"Rapport du Groupe de travail sur la traite des personnes.\r\n"
                     u"La Conférence a adopté la résolution 7/1 sur l’ornithorynque.\r\n",
                     true));
    write_file(docs + "/big-endian.txt",
               utf16(u"Note du Secrétariat sur le trafic illicite de migrants et le dromadaire.\n",
                     false));
    write_file(docs + "/bom.txt", "\xEF\xBB\xBF" + french_text("kangourou"));
    // UTF-16 without a mark, as some export tools write it.
    write_file(
        docs + "/export.txt",
        utf16(u"Rapport de la Conférence : la coopération sur le pangolin.\n", true).substr(2));
    write_file(docs + "/windows.txt",
               "L\x92\x9cuvre de la soci\xe9t\xe9 civile \xab contre le trafic \xbb du tamanoir "
               "co\xfbte 5 \x80.\r\nLa d\xe9"
               "cision 4/4 a \xe9t\xe9 adopt\xe9"
               "e \xe0 l\x92unanimit\xe9.\r\n");
    // Bytes that only begin like UTF-16: binary still.
    std::string fake = "\xFF\xFE";
    for (int i = 0; i < 1024; ++i)
        fake += static_cast<char>(i % 256);
    write_file(docs + "/fake.txt", fake);

    const auto r = ctoc_index({"--db", db, docs});
    CHECK(r.status == 3);
    CHECK(has_line(r.err, docs + "/windows.txt: warning: ", "read as Windows-1252"));
    CHECK(has_line(r.err, docs + "/fake.txt: warning: ", "binary"));
    CHECK_THAT(r.err, !Catch::Contains("notepad.txt") && !Catch::Contains("big-endian.txt") &&
                          !Catch::Contains("bom.txt") && !Catch::Contains("export.txt"));
    CHECK_THAT(r.err, Catch::Contains("5 added") && Catch::Contains("1 failed"));

    // Each is found by its accented words, typed with or without accents, and its citations.
    CHECK(search_count(db, "ornithorynque") == 1);
    CHECK(search_count(db, "\"la Conférence a adopté\"") == 1);
    CHECK(search_count(db, "resolution 7/1") == 1);
    CHECK(search_count(db, "secretariat dromadaire") == 1);
    CHECK(search_count(db, "kangourou") == 1);
    CHECK(search_count(db, "oeuvre tamanoir") == 1);
    CHECK(search_count(db, "\"l'oeuvre de la société civile\"") == 1);
    CHECK(search_count(db, "décision 4/4") == 1);
    CHECK(search_count(db, "unanimite") == 1);
    CHECK(search_count(db, "cooperation pangolin") == 1);
    // The mark is not part of the first word.
    const RunResult shown = run({search_bin, "--db", db, "--text", docs + "/bom.txt"});
    CHECK(shown.status == 0);
    CHECK_THAT(shown.out,
               Catch::Contains("\nConférence des Parties") && !Catch::Contains("\xEF\xBB\xBF"));
}

TEST_CASE(
    "an unreadable file is one warning and the rest is indexed, also when the tests run as root",
    "[cli][index]") {
    // As root (CI), ctoc-index runs as nobody, for whom a chmod 000 file is unreadable.
    if (ctoc::test::can_become_nobody() &&
        run(ctoc::test::as_unprivileged({index_bin, "--version"})).status != 0) {
        WARN("SKIPPED: nobody cannot run " + index_bin +
             " (a directory on its path is closed to "
             "other users)");
        return;
    }
    TempDir tmp;
    ctoc::test::open_to_unprivileged(tmp.path());
    const std::string docs = tmp / "docs", db = tmp / "db";
    write_file(docs + "/good.txt", french_text("ornithorynque"));
    write_file(docs + "/secret.txt", french_text("secret"));
    fs::permissions(docs + "/secret.txt", fs::perms::none);
    const auto r = run(ctoc::test::as_unprivileged({index_bin, "--db", db, docs}));
    CHECK(r.status == 3);
    CHECK(has_line(r.err, docs + "/secret.txt: warning: "));
    CHECK_THAT(r.err, Catch::Contains("1 added") && Catch::Contains("1 failed"));
    CHECK(search_count(db, "ornithorynque") == 1);
    CHECK(search_count(db, "secret") == 0);
}

TEST_CASE("ctoc-index fails, exit 1, when no input can be read, and keeps the old index",
          "[cli][index]") {
    TempDir tmp;
    const std::string db = tmp / "db";
    write_file(tmp / "binary.txt", std::string("\x7f"
                                               "ELF\x00\x01",
                                               6));
    auto r = ctoc_index({"--db", db, tmp / "binary.txt"});
    CHECK(r.status == 1);
    CHECK(has_line(r.err, tmp / "binary.txt: warning: ", "binary"));
    CHECK(has_line(r.err, "ctoc-index: ", "no document could be read"));
    CHECK(search_count(db, "traite") == -1);

    REQUIRE(ctoc_index({"--db", db, ctoc::test::corpus_dir()}).status == 0);
    r = ctoc_index({"--db", db, "--rebuild", tmp / "binary.txt"});
    CHECK(r.status == 1);
    CHECK(has_line(r.err, "ctoc-index: ", "existing index was kept"));
    CHECK(stats_documents(db) == 5);
    CHECK(leftovers(db).empty());
}

TEST_CASE("ctoc-index never writes an index among other files", "[cli][index]") {
    TempDir tmp;
    // A mistyped --db naming the corpus itself: refused, and the corpus is left as it was.
    const std::string docs = tmp / "docs";
    write_file(tmp / "docs/rapport.txt", "Rapport sur la traite des personnes.\n");
    const auto r = ctoc_index({"--db", docs, docs});
    CHECK(r.status == 1);
    CHECK(has_line(r.err, "ctoc-index: " + docs + ": ", "holds other files (rapport.txt)"));
    CHECK(std::distance(fs::directory_iterator(docs), fs::directory_iterator()) == 1);
    // An empty directory, or one ctoc-index made, is fine.
    fs::create_directories(tmp / "empty");
    CHECK(ctoc_index({"--db", tmp / "empty", docs}).status == 0);
    CHECK(ctoc_index({"--db", tmp / "empty", docs}).status == 0);
    CHECK(search_count(tmp / "empty", "traite") == 1);
}

TEST_CASE("ctoc-index on a locked database fails with one line, exit 1", "[cli][index][lock]") {
    TempDir tmp;
    const std::string db = tmp / "db";
    REQUIRE(ctoc_index({"--db", db, ctoc::test::corpus_dir()}).status == 0);
    ctoc::index::DatabaseLock held(db);
    for (const std::vector<std::string>& args : {std::vector<std::string>{ctoc::test::corpus_dir()},
                                                 {"--rebuild", ctoc::test::corpus_dir()},
                                                 {"--compact"}}) {
        std::vector<std::string> full{"--db", db};
        full.insert(full.end(), args.begin(), args.end());
        const auto r = ctoc_index(full);
        CHECK(r.status == 1);
        CHECK(lines(r.err).size() == 1);
        CHECK_THAT(r.err, Catch::Contains("locked"));
    }
    // Searching is not held up by the lock.
    CHECK(search_count(db, "traite") > 0);
}

TEST_CASE("ctoc-index --stats and --compact", "[cli][index][stats]") {
    TempDir tmp;
    const std::string db = tmp / "db";
    auto r = ctoc_index({"--db", db, "--stats"});
    CHECK(r.status == 1);
    CHECK_THAT(r.err, Catch::Contains("no index"));

    REQUIRE(ctoc_index({"--db", db, ctoc::test::corpus_dir()}).status == 0);
    r = ctoc_index({"--db", db, "--stats"});
    CHECK(r.status == 0);
    CHECK(has_line(r.out, "documents:", "5"));
    CHECK(has_line(r.out, "terms:"));
    CHECK(has_line(r.out, "disk bytes:"));
    CHECK(has_line(r.out, "last build:", "T"));
    CHECK(has_line(r.out, "sources:", "corpus/documents"));

    const auto before = ctoc::index::DatabaseDir(db).live_generation();
    r = ctoc_index({"--db", db, "--compact"});
    CHECK(r.status == 0);
    CHECK(ctoc::index::DatabaseDir(db).live_generation() != before);
    CHECK(stats_documents(db) == 5);
    CHECK(search_count(db, "traite") > 0);
    CHECK(leftovers(db).empty());
}

TEST_CASE("a write error is one clear line and leaves the live index intact", "[cli][index]") {
    TempDir tmp;
    const std::string db = tmp / "db";
    REQUIRE(ctoc_index({"--db", db, ctoc::test::corpus_dir()}).status == 0);
    std::string text;
    for (int i = 0; i < 400; ++i)
        text += french_text("mot" + std::to_string(i));
    for (int i = 0; i < 20; ++i)
        write_file(tmp / ("big/doc" + std::to_string(i) + ".txt"), text);
    // A file size limit makes writes fail as a full disk would: at 32 KB while the documents are
    // written, at 256 KB in the final merge of what was written (Xapian's compaction).
    for (const std::string blocks : {"64", "512"}) {
        INFO("ulimit -f " << blocks);
        const auto r =
            run({"/bin/sh", "-c", "trap '' XFSZ; ulimit -f " + blocks + "; exec \"$0\" \"$@\"",
                 index_bin, "--db", db, "--rebuild", tmp / "big"});
        CHECK(r.status == 1);
        CHECK(lines(r.err).size() == 1);
        CHECK_THAT(r.err,
                   Catch::StartsWith("ctoc-index: " + db) && Catch::Contains("left unchanged"));
        CHECK(stats_documents(db) == 5);
        CHECK(search_count(db, "traite") > 0);
        CHECK(leftovers(db).empty());
    }
}

TEST_CASE("kill -9 during a rebuild leaves the live index answering and a re-run finishes",
          "[cli][index][rebuild]") {
    TempDir tmp;
    const std::string db = tmp / "db", docs = tmp / "docs";
    REQUIRE(ctoc_index({"--db", db, ctoc::test::corpus_dir()}).status == 0);
    const long before = search_count(db, "traite");
    REQUIRE(before > 0);
    const std::string padding = french_text("filler") + french_text("suite") + french_text("fin");
    for (int i = 0; i < 3000; ++i)
        write_file(docs + "/" + std::to_string(i / 100) + "/doc" + std::to_string(i) + ".txt",
                   french_text("mot" + std::to_string(i)) + padding);

    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        const int null = ::open("/dev/null", O_RDWR);
        ::dup2(null, 0);
        ::dup2(null, 1);
        ::dup2(null, 2);
        ::execl(index_bin.c_str(), index_bin.c_str(), "--db", db.c_str(), "--rebuild", "--threads",
                "1", "--batch", "100", docs.c_str(), static_cast<char*>(nullptr));
        ::_exit(127);
    }
    // Kill it once the build has written something: a build directory with a database in it.
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    bool building = false;
    while (!building && std::chrono::steady_clock::now() < give_up) {
        std::error_code ec;
        for (const auto& e : fs::directory_iterator(db, ec)) {
            if (e.path().filename().string().rfind(".build-", 0) != 0)
                continue;
            for (const auto& part : fs::directory_iterator(e.path(), ec)) {
                if (part.path().filename().string().rfind("shard-", 0) == 0)
                    building = true;
            }
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(building ? 100 : 1));
    }
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    REQUIRE(building);
    REQUIRE(WIFSIGNALED(status)); // killed mid-build, not finished before we got there

    CHECK(search_count(db, "traite") == before);
    CHECK(stats_documents(db) == 5);
    CHECK_FALSE(leftovers(db).empty());

    const auto r = ctoc_index({"--db", db, "--rebuild", docs});
    CHECK(r.status == 0);
    CHECK(stats_documents(db) == 3000);
    CHECK(search_count(db, "mot1234") == 1);
    CHECK(leftovers(db).empty());
}

TEST_CASE(
    "every bad date warns with its line, the document is indexed without it, and the exit is 3",
    "[cli][index][date]") {
    TempDir tmp;
    const std::string db = tmp / "db", file = tmp / "dates.jsonl";
    write_file(
        file,
        R"({"id":"d1","date":"2018-13-45","text":"Rapport un sur l'ornithorynque."})"
        "\n"
        R"({"id":"d2","date":"2018-10-15T10:00:00Z","text":"Rapport deux sur l'ornithorynque."})"
        "\n"
        R"({"id":"d3","date":"15/10/2018","text":"Rapport trois sur l'ornithorynque."})"
        "\n"
        R"({"id":"d4","date":20181015,"text":"Rapport quatre sur l'ornithorynque."})"
        "\n"
        R"({"id":"d5","date":"2019-02-29","text":"Rapport cinq sur l'ornithorynque."})"
        "\n"
        R"({"id":"d6","date":"2018-10-15 23:30:00+02:00","text":"Rapport six sur l'ornithorynque."})"
        "\n"
        R"({"id":"d7","year":"deux mille","text":"Rapport sept sur l'ornithorynque."})"
        "\n");
    // A text whose header names a day that does not exist.
    write_file(tmp / "docs/juin.txt",
               "Conférence des Parties à la Convention des Nations Unies\n\n"
               "Distr. générale\n31 juin 2018\nFrançais\nOriginal : anglais\n\n"
               "Rapport sur le kangourou.\n");
    const auto r = ctoc_index({"--db", db, file, tmp / "docs"});
    INFO(r.err);
    CHECK(r.status == 3);
    const std::string advice =
        " (use YYYY-MM-DD, YYYY-MM, YYYY or an ISO date-time such as 2018-10-15T10:00:00Z), "
        "indexed without a date";
    CHECK(has_line(r.err, file + ":1: warning: bad date '2018-13-45'" + advice));
    CHECK(has_line(r.err, file + ":3: warning: bad date '15/10/2018'" + advice));
    CHECK(has_line(r.err, file + ":4: warning: bad date '20181015'" + advice));
    CHECK(has_line(r.err, file + ":5: warning: bad date '2019-02-29'" + advice));
    CHECK(has_line(r.err, file + ":7: warning: bad date 'deux mille'" + advice));
    CHECK(has_line(r.err, tmp / "docs/juin.txt" + ": warning: bad date '31 juin 2018'" + advice));
    CHECK_FALSE(has_line(r.err, file + ":2:"));
    CHECK_FALSE(has_line(r.err, file + ":6:"));
    CHECK_THAT(r.err, Catch::Contains("8 added") && Catch::Contains("0 failed, 6 bad dates"));
    // Every document is there; the date-times are their day, the bad dates none.
    CHECK(search_count(db, "ornithorynque") == 7);
    CHECK(search_count(db, "ornithorynque date:2018-10-15") == 2);
    CHECK(search_count(db, "ornithorynque date:2018") == 2);
    CHECK(search_count(db, "kangourou date:2018") == 0);
    CHECK(search_count(db, "kangourou") == 1);
}

TEST_CASE("17-digit ids stay two documents, and bad bytes never reach the JSON output",
          "[cli][index][jsonl]") {
    TempDir tmp;
    const std::string db = tmp / "db", file = tmp / "ids.jsonl";
    write_file(
        file,
        R"({"id":12345678901234567,"text":"Premier rapport sur l'ornithorynque."})"
        "\n"
        R"({"id":12345678901234568,"text":"Second rapport sur l'ornithorynque."})"
        "\n"
        "{\"id\":3,\"title\":\"Rapport \xFF sur le kangourou\",\"symbol\":\"CTOC/COP/\xFE/1\","
        "\"text\":\"Le kangourou a été étudié à Genève.\"}\n");
    const auto r = ctoc_index({"--db", db, file});
    INFO(r.err);
    CHECK(r.status == 0);
    CHECK_THAT(r.err, Catch::Contains("3 added"));
    CHECK(has_line(r.err, file + ":3: warning: invalid UTF-8 (2 sequences replaced by U+FFFD)"));
    const auto shown =
        run({search_bin, "--db", db, "--show", "12345678901234568", "--format", "json"});
    REQUIRE(shown.status == 0);
    CHECK_THAT(shown.out, Catch::Contains(R"("key":"12345678901234568")") &&
                              Catch::Contains(R"("given":{"id":"12345678901234568"})"));
    const auto found = run({search_bin, "--db", db, "--format", "json", "kangourou"});
    REQUIRE(found.status == 0);
    REQUIRE(lines(found.out).size() == 1);
    CHECK_THAT(found.out, Catch::Contains("Rapport \xEF\xBF\xBD sur le kangourou"));
}

TEST_CASE("the id shown with a result names the same document after a rebuild in another order",
          "[cli][index][identity]") {
    TempDir tmp;
    const std::string db = tmp / "db", docs = tmp / "docs";
    for (const char* name : {"b.txt", "c.txt", "d.txt"})
        write_file(docs + "/" + name, french_text(std::string("mot") + name[0]));
    REQUIRE(ctoc_index({"--db", db, "-j", "1", docs}).status == 0);
    const auto id_of = [&](const std::string& word) {
        const auto r = run({search_bin, "--db", db, "--format", "csv", "--no-snippets", word});
        const auto rows = lines(r.out);
        REQUIRE(rows.size() == 2);
        return rows[1].substr(2, rows[1].find(',', 2) - 2); // "1,ID,score,..."
    };
    const auto xapian_docid = [&] {
        const Xapian::Database x(db);
        return *x.postlist_begin(std::string(ctoc::schema::unique_id) + docs + "/d.txt");
    };
    const std::string id = id_of("motd");
    const Xapian::docid before = xapian_docid();
    // New files sorting first: the docids move.
    write_file(docs + "/a.txt", french_text("mota"));
    write_file(docs + "/a2.txt", french_text("motaa"));
    REQUIRE(ctoc_index({"--db", db, "--rebuild", "-j", "1", docs}).status == 0);
    CHECK(xapian_docid() != before);
    CHECK(id_of("motd") == id);
    for (const char* option : {"--show", "--cites", "--like"}) {
        INFO(option);
        const auto r = run({search_bin, "--db", db, option, id});
        CHECK(r.status == 0);
        if (std::string(option) == "--show")
            CHECK_THAT(r.out, Catch::Contains("path: " + docs + "/d.txt"));
    }
}
