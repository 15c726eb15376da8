// ctoc-index against hostile or unlucky input: option values that used to crash, special
// files, symbolic links out of the corpus, a crafted stub, a damaged index, a failed run.
#include "support.h"

#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

namespace fs = std::filesystem;
using ctoc::test::lines;
using ctoc::test::run;
using ctoc::test::RunResult;
using ctoc::test::TempDir;
using ctoc::test::write_file;

namespace {

const std::string index_bin = CTOC_INDEX_BIN;
const std::string search_bin = CTOC_SEARCH_BIN;

RunResult ctoc_index(const std::vector<std::string>& args) {
    std::vector<std::string> argv{index_bin};
    argv.insert(argv.end(), args.begin(), args.end());
    return run(argv);
}

RunResult ctoc_search(const std::string& db, const std::vector<std::string>& args) {
    std::vector<std::string> argv{search_bin, "--db", db};
    argv.insert(argv.end(), args.begin(), args.end());
    return run(argv);
}

/// The paths of every document a search finds (CSV output), sorted, or {"exit N"}.
std::vector<std::string> found_paths(const std::string& db, const std::string& query) {
    const RunResult r = ctoc_search(db, {"--format", "csv", "--no-snippets", "-n", "1000", query});
    if (r.status != 0)
        return {"exit " + std::to_string(r.status) + ": " + r.err};
    std::vector<std::string> out;
    for (const auto& line : lines(r.out)) {
        if (line.rfind("rank,", 0) == 0)
            continue;
        // ...,title,path,line,snippet: the path is the third field from the end.
        std::string row = line.substr(0, line.rfind(','));
        row = row.substr(0, row.rfind(','));
        out.push_back(row.substr(row.rfind(',') + 1));
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::string read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::string live_generation(const std::string& db) {
    const std::string stub = read_file(fs::path(db) / "XAPIANDB");
    return stub.substr(5, stub.find_first_of("/\n", 5) - 5);
}

std::string french_text(const std::string& word) {
    return "Conférence des Parties à la Convention des Nations Unies contre la criminalité "
           "transnationale organisée.\n\nLe groupe de travail a examiné la question du " +
           word + " et la coopération internationale en matière de traite des personnes.\n";
}

/// Overwrites a few bytes in the middle of a file, as a failing disk or a careless copy would.
void scribble(const fs::path& file, double where) {
    std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(static_cast<double>(fs::file_size(file)) * where));
    f.write("\xff\x00\x55\xaa\xff\x00\x55\xaa", 8);
}

} // namespace

TEST_CASE("ctoc-index refuses --shards out of 1..256 and a negative --batch with one line, exit 2",
          "[cli][index][options]") {
    TempDir tmp;
    const std::string db = tmp / "db";
    for (const std::string shards : {"-1", "0", "257", "1000"}) {
        CAPTURE(shards);
        const auto r = ctoc_index({"--db", db, "--shards", shards, ctoc::test::corpus_dir()});
        CHECK(r.status == 2);
        CHECK_THAT(r.err, Catch::StartsWith("ctoc-index: --shards must be between 1 and 256"));
        CHECK_FALSE(fs::exists(db));
    }
    const auto r = ctoc_index({"--db", db, "--batch", "-1", ctoc::test::corpus_dir()});
    CHECK(r.status == 2);
    CHECK_THAT(r.err, Catch::StartsWith("ctoc-index: --batch must be between 1 and"));
    // The bound itself works, one writer thread per shard.
    const auto ok = ctoc_index({"--db", db, "--shards", "64", ctoc::test::corpus_dir()});
    CHECK(ok.status == 0);
    CHECK(found_paths(db, "traite").size() == 4);
}

TEST_CASE("ctoc-index refuses an empty --db and a tcp:// one, and creates nothing",
          "[cli][index][options]") {
    TempDir tmp;
    const auto empty =
        run({index_bin, "--db", "", ctoc::test::corpus_dir()}, {}, {"HOME=" + tmp.path().string()});
    CHECK(empty.status == 2);
    CHECK_THAT(empty.err, Catch::StartsWith("ctoc-index: --db is empty"));
    CHECK_FALSE(fs::exists(tmp / ".local"));
    const auto remote = run({"/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", tmp.path().string(),
                             index_bin, "--db", "tcp://127.0.0.1:7001", ctoc::test::corpus_dir()});
    CHECK(remote.status == 2);
    CHECK_THAT(remote.err, Catch::Contains("writes a local index directory"));
    CHECK(fs::is_empty(tmp.path()));
}

TEST_CASE("a FIFO or a directory named like a document is reported, not skipped in silence",
          "[cli][index][inputs]") {
    TempDir tmp;
    const std::string docs = tmp / "docs";
    write_file(docs + "/a.txt", french_text("ornithorynque"));
    REQUIRE(::mkfifo((docs + "/pipe.txt").c_str(), 0644) == 0);
    write_file(docs + "/notes.txt/inner.txt", french_text("kangourou"));
    const auto r = ctoc_index({"--db", tmp / "db", docs});
    CHECK(r.status == 3);
    CHECK_THAT(r.err, Catch::Contains(docs + "/pipe.txt: warning: not a regular file (a FIFO"));
    CHECK_THAT(r.err,
               Catch::Contains(docs + "/notes.txt: warning: a directory named like a document"));
    CHECK(found_paths(tmp / "db", "traite") ==
          std::vector<std::string>{docs + "/a.txt", docs + "/notes.txt/inner.txt"});
}

TEST_CASE("a symbolic link out of the folder given is not indexed unless --follow-links",
          "[cli][index][inputs]") {
    TempDir tmp;
    const std::string docs = tmp / "docs";
    write_file(docs + "/a.txt", french_text("ornithorynque"));
    write_file(tmp / "private/secret.txt", french_text("motdepasse"));
    fs::create_symlink(tmp / "private/secret.txt", docs + "/link.txt");
    fs::create_symlink(docs + "/a.txt", docs + "/inside.txt");
    const auto r = ctoc_index({"--db", tmp / "db", docs});
    CHECK(r.status == 3);
    CHECK_THAT(r.err,
               Catch::Contains(docs + "/link.txt: warning: symbolic link to " +
                               (tmp / "private/secret.txt") +
                               ", outside the folders given, skipped (--follow-links indexes it)"));
    CHECK(found_paths(tmp / "db", "motdepasse").empty());
    // A link within the folder is an ordinary file of it.
    CHECK(found_paths(tmp / "db", "ornithorynque").size() == 2);

    const auto followed = ctoc_index({"--db", tmp / "db2", "--follow-links", docs});
    CHECK(followed.status == 0);
    CHECK(found_paths(tmp / "db2", "motdepasse") == std::vector<std::string>{docs + "/link.txt"});
}

TEST_CASE("a stub naming a path out of the index is refused and nothing outside is touched",
          "[cli][index][stub]") {
    TempDir tmp;
    const std::string db = tmp / "db", victim = tmp / "victim";
    write_file(tmp / "a/doc.txt", french_text("ornithorynque"));
    write_file(tmp / "b/doc.txt", french_text("kangourou"));
    REQUIRE(ctoc_index({"--db", victim, tmp / "a"}).status == 0);
    REQUIRE(ctoc_index({"--db", db, tmp / "b"}).status == 0);
    const auto victim_stub = read_file(victim + "/XAPIANDB");
    const auto victim_files = [&] {
        std::vector<std::string> out;
        for (const auto& e : fs::recursive_directory_iterator(victim))
            out.push_back(e.path().string() + " " +
                          std::to_string(e.is_regular_file() ? e.file_size() : 0));
        std::sort(out.begin(), out.end());
        return out;
    };
    const auto before = victim_files();
    const std::string gen = live_generation(db);

    const std::vector<std::string> crafted{
        "auto " + gen + "/../../victim/" + live_generation(victim),
        "auto " + victim + "/" + live_generation(victim), "remote 127.0.0.1:7001"};
    for (const auto& line : crafted) {
        CAPTURE(line);
        write_file(db + "/XAPIANDB", line + "\n");
        const auto r = ctoc_index({"--db", db, tmp / "b", tmp / "a"});
        CHECK(r.status == 1);
        CHECK(lines(r.err).size() == 1);
        CHECK_THAT(
            r.err,
            Catch::Contains(
                "the index is damaged (XAPIANDB line 1 names '" + line +
                "', not a generation of this index); rebuild it with: ctoc-index --rebuild"));
        CHECK(victim_files() == before);
        CHECK(read_file(victim + "/XAPIANDB") == victim_stub);
        // Its own generation is still there for --rebuild to replace.
        CHECK(fs::exists(db + "/" + gen + "/iamglass"));
    }
    // --rebuild writes a stub of its own and retires the old generation.
    const auto r = ctoc_index({"--db", db, "--rebuild", tmp / "b"});
    CHECK(r.status == 0);
    CHECK(found_paths(db, "kangourou") == std::vector<std::string>{tmp / "b/doc.txt"});
    CHECK(victim_files() == before);
}

TEST_CASE("a damaged index is said to be damaged, with --rebuild as the repair, by both programs",
          "[cli][index][damaged]") {
    TempDir tmp;
    const std::string db = tmp / "db";
    REQUIRE(ctoc_index({"--db", db, ctoc::test::corpus_dir()}).status == 0);
    const auto expected = found_paths(db, "traite");
    REQUIRE(expected.size() == 4);
    const std::string gen = db + "/" + live_generation(db);

    struct Damage {
        std::string name;
        std::function<void(const fs::path&)> apply;
    };
    const std::vector<Damage> damages{
        {"docdata.glass deleted", [](const fs::path& c) { fs::remove(c / "docdata.glass"); }},
        {"position.glass deleted", [](const fs::path& c) { fs::remove(c / "position.glass"); }},
        {"termlist.glass deleted", [](const fs::path& c) { fs::remove(c / "termlist.glass"); }},
        {"iamglass deleted", [](const fs::path& c) { fs::remove(c / "iamglass"); }},
        {"postlist.glass cut short",
         [](const fs::path& c) { fs::resize_file(c / "postlist.glass", 8192); }},
    };
    for (const auto& damage : damages) {
        CAPTURE(damage.name);
        const std::string copy = tmp / "copy";
        fs::remove_all(copy);
        fs::copy(db, copy, fs::copy_options::recursive);
        damage.apply(fs::path(copy) / live_generation(db));
        // The searcher opens it and says so (never results from a table opened as empty).
        const auto s = ctoc_search(copy, {"traite"});
        CHECK(s.status == 1);
        CHECK(lines(s.err).size() == 1);
        CHECK_THAT(s.err, Catch::Contains("is damaged (") &&
                              Catch::Contains("rebuild it with: ctoc-index --rebuild"));
        CHECK_THAT(s.err, !Catch::Contains("directory of other files"));
        // An incremental run notices before it claims anything unchanged.
        const auto i = ctoc_index({"--db", copy, ctoc::test::corpus_dir()});
        CHECK(i.status == 1);
        CHECK(lines(i.err).size() == 1);
        CHECK_THAT(i.err, Catch::StartsWith("ctoc-index: " + copy + ": the index is damaged (") &&
                              Catch::Contains("rebuild it with: ctoc-index --rebuild"));
        CHECK(ctoc_index({"--db", copy, "--check"}).status == 1);
        // And --rebuild repairs it.
        CHECK(ctoc_index({"--db", copy, "--rebuild", ctoc::test::corpus_dir()}).status == 0);
        CHECK(found_paths(copy, "traite") == expected);
        CHECK(ctoc_index({"--db", copy, "--check"}).status == 0);
    }
}

TEST_CASE(
    "an incremental run checks the tables of an index whose files changed since it was written",
    "[cli][index][damaged]") {
    TempDir tmp;
    const std::string db = tmp / "db";
    REQUIRE(ctoc_index({"--db", db, ctoc::test::corpus_dir()}).status == 0);
    const auto check = ctoc_index({"--db", db, "--check"});
    CHECK(check.status == 0);
    CHECK_THAT(check.out, Catch::Contains("5 documents in 1 database, every table sound"));
    // Bytes overwritten inside the position table: searches may still answer, but the next
    // run must not build on it.
    scribble(fs::path(db) / live_generation(db) / "position.glass", 0.5);
    const auto r = ctoc_index({"--db", db, ctoc::test::corpus_dir()});
    CHECK(r.status == 1);
    CHECK_THAT(r.err, Catch::Contains("the index is damaged (") &&
                          Catch::Contains("ctoc-index --rebuild"));
    CHECK(ctoc_index({"--db", db, "--check"}).status == 1);
    CHECK(ctoc_index({"--db", db, "--rebuild", ctoc::test::corpus_dir()}).status == 0);
    CHECK(ctoc_index({"--db", db, ctoc::test::corpus_dir()}).status == 0);
}

TEST_CASE("an incremental run that fails applies nothing: exit 1 means the index is as it was",
          "[cli][index][incremental]") {
    TempDir tmp;
    const std::string db = tmp / "db", docs = tmp / "docs";
    for (int i = 0; i < 30; ++i)
        write_file(docs + "/doc" + std::to_string(i) + ".txt", french_text("ornithorynque"));
    REQUIRE(ctoc_index({"--db", db, docs}).status == 0);
    const auto before = found_paths(db, "traite");
    REQUIRE(before.size() == 30);
    // Edits, additions and removals, then a disk that fills up halfway (a file size limit).
    std::string big;
    for (int i = 0; i < 300; ++i)
        big += french_text("kangourou" + std::to_string(i));
    for (int i = 0; i < 10; ++i)
        fs::remove(docs + "/doc" + std::to_string(i) + ".txt");
    for (int i = 10; i < 30; ++i)
        write_file(docs + "/doc" + std::to_string(i) + ".txt", big);
    for (int i = 30; i < 60; ++i)
        write_file(docs + "/new" + std::to_string(i) + ".txt", big);
    const auto r = run({"/bin/sh", "-c", "trap '' XFSZ; ulimit -f 256; exec \"$0\" \"$@\"",
                        index_bin, "--db", db, "--batch", "1", docs});
    CHECK(r.status == 1);
    CHECK(lines(r.err).size() == 1);
    CHECK_THAT(r.err, Catch::StartsWith("ctoc-index: " + db) && Catch::Contains("left unchanged"));
    CHECK(found_paths(db, "traite") == before);
    CHECK(found_paths(db, "kangourou7").empty());
    // Run again with room to write: all of it at once.
    CHECK(ctoc_index({"--db", db, docs}).status == 0);
    CHECK(found_paths(db, "kangourou7").size() == 50);
    CHECK(found_paths(db, "traite").size() == 50);
}
