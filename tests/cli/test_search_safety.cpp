// ctoc-search against hostile documents and indexes: output that cannot harm the terminal, a
// JSON parser or a spreadsheet, highlights no document can fake, and stubs that run programs.
#include <ctoc/analysis/unicode.h>
#include <ctoc/corpus/json.h>

#include "support.h"

#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>

namespace fs = std::filesystem;
using ctoc::test::lines;
using ctoc::test::run;
using ctoc::test::RunResult;
using ctoc::test::TempDir;
using ctoc::test::write_file;
namespace json = ctoc::corpus::json;

namespace {

const std::string index_bin = CTOC_INDEX_BIN;
const std::string search_bin = CTOC_SEARCH_BIN;

RunResult ctoc_search(const std::string& db, const std::vector<std::string>& args) {
    std::vector<std::string> argv{search_bin, "--db", db};
    argv.insert(argv.end(), args.begin(), args.end());
    return run(argv);
}

/// Documents written to harm whoever reads the results: terminal escapes and a bell, the
/// bytes that mark highlights, a right-to-left override, formulas for a spreadsheet, and a
/// file name that is not UTF-8 (Latin-1 "café").
struct HostileDb {
    TempDir tmp;
    std::string docs = tmp / "docs";
    std::string db = tmp / "db";
    HostileDb() {
        write_file(
            docs + "/escapes.txt",
            "Rapport sur la traite des personnes \x1b[2J\x1b]0;titre\x07 effacé, cloche \x07 ici.\n"
            "Le \x01"
            "faux\x02 surlignage et le vrai : traite.\n");
        write_file(docs + "/caf\xe9.txt",
                   "La traite des personnes, un document au nom en Latin-1.\n");
        write_file(docs + "/records.jsonl", "{\"id\":\"f1\",\"title\":\"=HYPERLINK(\\\"http://"
                                            "exemple.invalid\\\")\",\"text\":\"traite des "
                                            "personnes, formule\"}\n"
                                            "{\"id\":\"f2\",\"title\":\"@SUM(A1) \\u001b[31mrouge "
                                            "\\u202eabc\",\"text\":\"traite des "
                                            "personnes, x < y & z\"}\n");
        const auto r = run({index_bin, "--db", db, docs});
        REQUIRE(r.status == 0);
    }
};

/// Bytes a terminal would act on: C0 controls but line feed, DEL, C1 controls (as UTF-8).
bool has_control(const std::string& text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if ((c < 0x20 && c != '\n') || c == 0x7f)
            return true;
        if (c == 0xc2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
            static_cast<unsigned char>(text[i + 1]) <= 0x9f)
            return true;
        if (text.compare(i, 3, "\xe2\x80\xae") == 0) // U+202E RIGHT-TO-LEFT OVERRIDE
            return true;
    }
    return false;
}

} // namespace

TEST_CASE("text output shows a document's control characters as escapes, never sends them",
          "[cli][search][output]") {
    HostileDb h;
    for (const auto& args : {std::vector<std::string>{"traite"},
                             std::vector<std::string>{"--show", h.docs + "/escapes.txt"},
                             std::vector<std::string>{"--facets", "traite"}}) {
        const auto r = ctoc_search(h.db, args);
        REQUIRE(r.status == 0);
        CHECK_FALSE(has_control(r.out));
    }
    const auto r = ctoc_search(h.db, {"traite"});
    CHECK_THAT(r.out, Catch::Contains("@SUM(A1) \\x1B[31mrouge \\u202Eabc"));
    CHECK_THAT(r.out, Catch::Contains("caf\\xE9.txt"));
    // A terminal with colours: the bold marks are ours alone.
    // (script, of util-linux, gives the program a terminal.)
    const auto colour =
        run({"/usr/bin/script", "-qec", search_bin + " --db " + h.db + " traite", "/dev/null"});
    REQUIRE(colour.status == 0);
    CHECK_THAT(colour.out, Catch::Contains("\x1b[1mtraite\x1b[0m"));
    {
        std::string out = colour.out;
        for (const std::string ours : {"\x1b[1m", "\x1b[2m", "\x1b[0m"})
            for (std::size_t at; (at = out.find(ours)) != std::string::npos;)
                out.erase(at, ours.size());
        for (char& c : out)
            if (c == '\r')
                c = '\n';
        CHECK_FALSE(has_control(out));
    }
}

TEST_CASE("JSON output is valid UTF-8 with a file name's raw bytes escaped, and highlights cannot "
          "be faked",
          "[cli][search][output]") {
    HostileDb h;
    const auto r = ctoc_search(h.db, {"--format", "json", "traite"});
    REQUIRE(r.status == 0);
    const auto out = lines(r.out);
    REQUIRE(out.size() == 4);
    bool latin1_seen = false;
    for (const auto& line : out) {
        CAPTURE(line);
        CHECK(ctoc::analysis::count_invalid_utf8(line) == 0);
        const json::Value v = json::parse(line);
        REQUIRE(v.is_object());
        const std::string path = v.at("path").get<std::string>();
        latin1_seen = latin1_seen || path == h.docs + "/caf\\xE9.txt";
        // Only the words searched for are marked, and the snippet is an HTML fragment.
        std::string snippet = v.at("snippet").get<std::string>();
        for (std::size_t at; (at = snippet.find("<b>traite</b>")) != std::string::npos;)
            snippet.erase(at, 13);
        CHECK(snippet.find('<') == std::string::npos);
        CHECK(snippet.find('\x01') == std::string::npos);
        CHECK(snippet.find('\x02') == std::string::npos);
    }
    CHECK(latin1_seen);
    CHECK_THAT(r.out, Catch::Contains("x &lt; y &amp; z"));
    CHECK_THAT(r.out, Catch::Contains("Le faux surlignage"));
}

TEST_CASE("CSV cells a spreadsheet would run as formulas start with a quote",
          "[cli][search][output]") {
    HostileDb h;
    const auto r = ctoc_search(h.db, {"--format", "csv", "traite"});
    REQUIRE(r.status == 0);
    CHECK(ctoc::analysis::count_invalid_utf8(r.out) == 0);
    CHECK_FALSE(has_control(r.out));
    CHECK_THAT(r.out, Catch::Contains(",\"'=HYPERLINK(\"\"http://exemple.invalid\"\")\","));
    CHECK_THAT(r.out, Catch::Contains(",'@SUM(A1) \\x1B[31mrouge \\u202Eabc,"));
    for (const auto& line : lines(r.out)) {
        for (const std::string cell : {",=", ",+", ",-", ",@", ",\"=", ",\"+", ",\"-", ",\"@"})
            CHECK(line.find(cell) == std::string::npos);
    }
}

TEST_CASE("a stub that runs a program is refused unless --allow-programs", "[cli][search][stub]") {
    TempDir tmp;
    const std::string db = tmp / "db";
    REQUIRE(run({index_bin, "--db", db, ctoc::test::corpus_dir()}).status == 0);
    const std::string marker = tmp / "ran";
    write_file(tmp / "stub", "remote :/usr/bin/touch " + marker + "\n");
    const auto refused = ctoc_search(tmp / "stub", {"traite"});
    CHECK(refused.status == 1);
    CHECK(lines(refused.err).size() == 1);
    CHECK_THAT(refused.err,
               Catch::Contains(tmp / "stub:1: this stub runs the program '/usr/bin/touch'") &&
                   Catch::Contains("--allow-programs"));
    CHECK_FALSE(fs::exists(marker));

    // Asked for, a program serving a shard over a pipe is run.
    std::string generation;
    for (const auto& e : fs::directory_iterator(db))
        if (e.path().filename().string().rfind("gen-", 0) == 0)
            generation = e.path().string();
    write_file(tmp / "progsrv", "remote :xapian-progsrv " + generation + "\n");
    const auto allowed =
        run({search_bin, "--db", tmp / "progsrv", "--allow-programs", "--count", "traite"});
    CHECK(allowed.status == 0);
    CHECK(allowed.out == "4\n");
}
