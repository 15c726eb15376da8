// ctoc-search as a user runs it: the real program on the bundled corpus.
#include <ctoc/corpus/json.h>

#include "support.h"

#include <catch2/catch.hpp>

#include <filesystem>

using ctoc::test::lines;
using ctoc::test::run;
using ctoc::test::TempDir;
namespace json = ctoc::corpus::json;

namespace {

/// A database of the bundled corpus built by the real ctoc-index.
struct BundledDb {
    TempDir dir;
    std::string db = dir / "ctoc.db";
    BundledDb() {
        const auto r = run({CTOC_INDEX_BIN, "--db", db});
        REQUIRE(r.status == 0);
        REQUIRE(r.err.find("5 added") != std::string::npos);
    }
    ctoc::test::RunResult search(std::vector<std::string> args) const {
        std::vector<std::string> argv{CTOC_SEARCH_BIN, "--db", db};
        argv.insert(argv.end(), args.begin(), args.end());
        return run(argv);
    }
};

} // namespace

TEST_CASE("ctoc-search --format json prints one valid JSON object per result", "[cli][search]") {
    BundledDb b;
    const auto r = b.search({"--format", "json", "migrants"});
    REQUIRE(r.status == 0);
    const auto out = lines(r.out);
    REQUIRE(out.size() == 3);
    double last_score = 1e9;
    for (const auto& line : out) {
        const json::Value v = json::parse(line);
        REQUIRE(v.is_object());
        for (const char* key :
             {"id", "path", "score", "title", "snippet", "date", "working_group", "type"}) {
            INFO(key);
            CHECK(v.contains(key));
        }
        CHECK(v.at("working_group").get<std::string>() == "WG.7");
        CHECK(v.at("snippet").get<std::string>().find("<b>migrants</b>") != std::string::npos);
        CHECK(v.at("score").get<double>() <= last_score);
        last_score = v.at("score").get<double>();
    }
    // Every extracted fact is there.
    const auto by_date = lines(b.search({"--format", "json", "--sort", "date", "migrants"}).out);
    REQUIRE_FALSE(by_date.empty());
    const auto first = json::parse(by_date.front());
    CHECK(first.at("date").get<std::string>() == "2014-06-12");
    CHECK(first.at("session").dump() == "7");
    CHECK(first.at("cites_symbols").size() == 2);
}

TEST_CASE("ctoc-search prints ranked text results with date, group, snippet and path",
          "[cli][search]") {
    BundledDb b;
    const auto r = b.search({"traite des personnes"});
    REQUIRE(r.status == 0);
    CHECK(r.out.rfind("4 documents match; showing 1-4.", 0) == 0);
    // The Working Group on Trafficking in Persons documents come first.
    const std::size_t first = r.out.find("\n1. ");
    const std::size_t second = r.out.find("\n2. ");
    const std::size_t third = r.out.find("\n3. ");
    REQUIRE(third != std::string::npos);
    CHECK(r.out.substr(first, second - first).find("WG.4") != std::string::npos);
    CHECK(r.out.substr(second, third - second).find("WG.4") != std::string::npos);
    CHECK(r.out.find("2016-07-01") != std::string::npos);
    CHECK(r.out.find("corpus/documents/002_e63e11b3f39d6be4.txt") != std::string::npos);
    // Piped output has no terminal escapes.
    CHECK(r.out.find('\033') == std::string::npos);
}

TEST_CASE("ctoc-search --format csv, --count, --facets, --explain, --show", "[cli][search]") {
    BundledDb b;
    const auto csv = b.search({"--format", "csv", "résolution 5/3"});
    REQUIRE(csv.status == 0);
    const auto rows = lines(csv.out);
    REQUIRE(rows.size() == 3);
    CHECK(rows[0].rfind("rank,id,score,date,symbol,working_group,type", 0) == 0);

    CHECK(b.search({"--count", "application"}).out == "5\n");
    CHECK(b.search({"--count", "--wg", "4", "application"}).out == "2\n");
    CHECK(b.search({"--count", "--from", "2016", "--to", "2019", "application"}).out == "3\n");
    CHECK(b.search({"--count", "--resolution", "5/3"}).out == "2\n");
    CHECK(b.search({"--count", "--cites", "ctoc/cop/2014/1"}).out == "1\n");

    const auto facets = b.search({"--facets", "application"});
    CHECK(facets.out.find("working_group:  WG.7 (3)  WG.4 (2)") != std::string::npos);

    const auto explain = b.search({"--explain", "résolution 5/3 wg:7"});
    CHECK(explain.out == "Query((XRES5/3 FILTER XWGWG.7))\n");

    const auto show = b.search({"--show", ctoc::test::corpus_dir() + "/001_a4e48ed0b737bc3c.txt"});
    REQUIRE(show.status == 0);
    CHECK(show.out.find("cites_resolutions: 5/3, 6/1, 6/3") != std::string::npos);
    CHECK(show.out.find("date: 2014-06-12") != std::string::npos);
    CHECK(show.out.find("working_group: WG.7") != std::string::npos);

    const auto page2 = b.search({"--limit", "2", "--page", "2", "--format", "csv", "application"});
    CHECK(lines(page2.out).size() == 3);
    CHECK(lines(page2.out)[1].rfind("3,", 0) == 0);
}

TEST_CASE("ctoc-search errors: one clear line and the documented exit status",
          "[cli][search][errors]") {
    BundledDb b;
    struct Case {
        std::vector<std::string> args;
        int status;
        const char* message;
    };
    const Case cases[] = {
        {{"\"traite des"}, 2, "ctoc-search: malformed query: unbalanced quote"},
        {{"(migrants"}, 2, "ctoc-search: malformed query: unbalanced parenthesis"},
        {{"date:2018-99"}, 2, "ctoc-search: malformed query: bad date"},
        {{"auteur:x"}, 2, "ctoc-search: malformed query: unknown field 'auteur:'"},
        {{"--sort", "size", "x"},
         2,
         "ctoc-search: invalid --sort 'size' (choose relevance, date or -date)"},
        {{"--format", "xml", "x"},
         2,
         "ctoc-search: invalid --format 'xml' (choose text, json or csv)"},
        {{"--frobnicate"}, 2, "ctoc-search: unrecognised option '--frobnicate'"},
        {{"--limit"}, 2, "ctoc-search: the required argument for option '--limit' is missing"},
        {{}, 2, "ctoc-search: no query given"},
        {{"--show", "999"}, 1, "ctoc-search: no document '999' in the index"},
        // A date that does not exist is a typing mistake, not an empty range.
        {{"date:2019-02-30"}, 2, "ctoc-search: malformed query: bad date"},
        // Negative numbers are errors, not huge ones that silently show nothing.
        {{"--offset", "-5", "migrants"}, 2, "ctoc-search: --offset must be between 0 and"},
        {{"--page", "0", "migrants"}, 2, "ctoc-search: --page counts from 1"},
        {{"--limit", "-1", "migrants"}, 2, "ctoc-search: --limit must be between 1 and 100000"},
        {{"--threads", "0", "migrants"}, 2, "ctoc-search: --threads must be between 1 and 64"},
        {{"-onudc drogue"},
         2,
         "ctoc-search: unrecognised option '-onudc drogue' (a query that starts with '-' goes "
         "after --: "},
        // Neither a document nor something a document cites: no such document, as for --show.
        {{"--cites", "99999"}, 1, "ctoc-search: no document '99999' in the index"},
    };
    for (const auto& c : cases) {
        const std::string label = c.args.empty() ? std::string("(no arguments)") : c.args[0];
        INFO(label);
        const auto r = b.search(c.args);
        CHECK(r.status == c.status);
        CHECK(r.err.rfind(c.message, 0) == 0);
        CHECK(r.out.empty());
        if (c.status == 2 && r.err.find("malformed") == std::string::npos && c.args.size() > 0)
            CHECK(r.err.find("Try 'ctoc-search --help'") != std::string::npos);
    }
}

TEST_CASE("a missing database says how to build it", "[cli][search][errors]") {
    TempDir dir;
    const auto r = run({CTOC_SEARCH_BIN, "--db", dir / "nothing-here", "migrants"});
    CHECK(r.status == 1);
    CHECK(lines(r.err).size() == 1);
    CHECK(r.err.find("no index at " + (dir / "nothing-here")) != std::string::npos);
    CHECK(r.err.find("ctoc-index") != std::string::npos);
    // $CTOC_DB is the default database.
    const auto env = run({CTOC_SEARCH_BIN, "migrants"}, {}, {"CTOC_DB=" + (dir / "env.db")});
    CHECK(env.status == 1);
    CHECK(env.err.find(dir / "env.db") != std::string::npos);
    // A directory of other files is not an index, and ctoc-index would not build there either.
    ctoc::test::write_file(dir / "docs/rapport.txt", "Rapport.\n");
    const auto docs = run({CTOC_SEARCH_BIN, "--db", dir / "docs", "migrants"});
    CHECK(docs.status == 1);
    CHECK(docs.err == "ctoc-search: " + (dir / "docs") +
                          " is a directory of other files, not a ctocsearch index; give --db an "
                          "index, or build one "
                          "with: ctoc-index --db NEW-DIRECTORY [FILES]\n");
}

TEST_CASE("ctoc-search --help and --version", "[cli][search]") {
    const auto help = run({CTOC_SEARCH_BIN, "--help"});
    CHECK(help.status == 0);
    CHECK(help.out.find("Usage: ctoc-search") != std::string::npos);
    CHECK(help.out.find("--format") != std::string::npos);
    const auto version = run({CTOC_SEARCH_BIN, "--version"});
    CHECK(version.status == 0);
    CHECK(version.out.rfind("ctoc-search 0.1.0", 0) == 0);
}

TEST_CASE("citation graph: --cited-by, --cites, --missing, --like", "[cli][search][citations]") {
    BundledDb b;
    // Résolution 7/1 is cited by four of the five documents, listed by date.
    const auto by = b.search({"--cited-by", "7/1", "--format", "csv"});
    REQUIRE(by.status == 0);
    const auto rows = lines(by.out);
    REQUIRE(rows.size() == 5);
    CHECK(rows[1].find("2016-07-01") != std::string::npos);
    CHECK(rows[4].find("2021-08-12") != std::string::npos);
    CHECK(b.search({"--cited-by", "résolution 7/1", "--count"}).out == "4\n");
    CHECK(b.search({"--cited-by", "décision 4/4", "--count"}).out == "1\n");
    // The citing sentence is the snippet.
    const auto sentence = b.search({"--cited-by", "CTOC/COP/WG.7/2017/5", "--format", "json"});
    const auto hits = lines(sentence.out);
    REQUIRE(hits.size() == 1);
    CHECK(json::parse(hits[0]).at("snippet").get<std::string>() ==
          "Conformément à la résolution 7/1, les rapports sur les travaux de ces réunions "
          "(<b>CTOC/COP/WG.7/2017/5</b> "
          "et CTOC/COP/WG.7/2018/3) seront présentés à la Conférence à sa neuvième session.");

    // What a document cites; no bundled document carries CTOC/COP/WG.7/2017/5.
    const auto cites = b.search(
        {"--cites", ctoc::test::corpus_dir() + "/000_b4397e204b15be52.txt", "--format", "json"});
    REQUIRE(cites.status == 0);
    bool seen = false;
    for (const auto& line : lines(cites.out)) {
        const auto v = json::parse(line);
        if (v.at("cited").get<std::string>() == "CTOC/COP/WG.7/2017/5") {
            seen = true;
            CHECK_FALSE(v.at("present").get<bool>());
        }
    }
    CHECK(seen);

    const auto missing = b.search({"--missing", "--format", "csv"});
    CHECK(missing.out.find("CTOC/COP/WG.7/2017/5,1,000_b4397e204b15be52.txt") != std::string::npos);
    CHECK(lines(missing.out).size() == 14); // header + 13 symbols cited, none held

    // The most similar document to a WG.7 note is another WG.7 document.
    const auto like = b.search({"--like", ctoc::test::corpus_dir() + "/001_a4e48ed0b737bc3c.txt",
                                "--format", "json", "--no-snippets"});
    const auto similar = lines(like.out);
    REQUIRE_FALSE(similar.empty());
    CHECK(json::parse(similar[0]).at("working_group").get<std::string>() == "WG.7");
    for (const auto& line : similar)
        CHECK(json::parse(line).at("path").get<std::string>().find("001_") == std::string::npos);
}

TEST_CASE("ctoc-search says what --cited-by and --cites understood", "[cli][search][citations]") {
    BundledDb b;
    // However the resolution is written, the same four documents, and one line saying what was
    // read.
    for (const char* typed : {"7/1", "résolution 7/1", "Résolution 7/1 de la Conférence"}) {
        INFO(typed);
        const auto r = b.search({"--cited-by", typed, "--count"});
        CHECK(r.status == 0);
        CHECK(r.out == "4\n");
        CHECK(r.err.find("ctoc-search: --cited-by " + std::string(typed) +
                         ": documents citing resolution 7/1") == 0);
        CHECK(lines(r.err).size() == 1);
    }
    // A year in parentheses is not the number.
    const auto year = b.search({"--cited-by", "résolution 2178 (2014)", "--count"});
    CHECK(year.err == "ctoc-search: --cited-by résolution 2178 (2014): documents citing resolution "
                      "2178 (Security "
                      "Council)\n");
    // --explain prints it too, then the query.
    const auto explain = b.search({"--explain", "--cited-by", "S/RES/2178 (2014)"});
    CHECK(explain.status == 0);
    CHECK(lines(explain.out).size() == 2);
    CHECK(explain.out.rfind("--cited-by S/RES/2178 (2014): documents citing S/RES/2178 (2014) or "
                            "resolution 2178 by "
                            "number\n",
                            0) == 0);
    CHECK(explain.out.find("XRES2178") != std::string::npos);
    // --cites, not a document: a symbol, a resolution or a decision.
    const auto cites = b.search({"--cites", "décision 4/4", "--count"});
    CHECK(cites.out == "1\n");
    CHECK(cites.err == "ctoc-search: --cites décision 4/4: documents citing decision 4/4\n");
    // A list typed as a query: --explain says it is any of them.
    const auto list = b.search({"--explain", "résolutions 5/3 et 6/1"});
    CHECK(list.out.rfind("résolutions 5/3 et 6/1: documents citing any of resolutions 5/3, 6/1, "
                         "those citing more of "
                         "them first\n",
                         0) == 0);
    // Neither: one line, the usage status.
    const auto bad = b.search({"--cited-by", "migrants"});
    CHECK(bad.status == 2);
    CHECK(lines(bad.err).size() == 1);
    CHECK(
        bad.err.rfind(
            "ctoc-search: malformed query: --cited-by migrants: 'migrants' is neither a UN symbol",
            0) == 0);
}

TEST_CASE("document families: collapse and --show list Add., Corr., Rev.",
          "[cli][search][citations]") {
    TempDir dir;
    ctoc::test::write_file(
        dir.path() / "f.jsonl",
        "{\"symbol\": \"E/CN.15/2015/11\", \"text\": \"Rapport sur la traite des personnes.\"}\n"
        "{\"symbol\": \"E/CN.15/2015/11/Corr.1\", \"text\": \"Rectificatif au rapport sur la "
        "traite.\"}\n"
        "{\"symbol\": \"E/CN.15/2015/12\", \"text\": \"Rapport sur la traite et les "
        "migrants.\"}\n");
    const std::string db = dir / "db";
    REQUIRE(run({CTOC_INDEX_BIN, "--db", db, dir / "f.jsonl"}).status == 0);
    CHECK(run({CTOC_SEARCH_BIN, "--db", db, "--count", "traite"}).out == "3\n");
    const auto collapsed =
        run({CTOC_SEARCH_BIN, "--db", db, "--collapse", "family", "--format", "csv", "traite"});
    CHECK(lines(collapsed.out).size() == 3);
    const auto show = run({CTOC_SEARCH_BIN, "--db", db, "--show", "e/cn.15/2015/11/corr.1"});
    REQUIRE(show.status == 0);
    CHECK(show.out.find("family:") != std::string::npos);
    CHECK(show.out.find("E/CN.15/2015/11  ") != std::string::npos);
    CHECK(show.out.find("E/CN.15/2015/12") == std::string::npos);
}

TEST_CASE(
    "snippets and --text come from the index: right after the source changed, after it vanished, "
    "and for standard input",
    "[cli][search][text]") {
    TempDir tmp;
    const std::string db = tmp / "db", docs = tmp / "docs";
    std::filesystem::copy(ctoc::test::corpus_dir(), docs);
    REQUIRE(run({CTOC_INDEX_BIN, "--db", db, docs}).status == 0);
    REQUIRE(run({CTOC_INDEX_BIN, "--db", db, "-"},
                "{\"id\": \"lot-1\", \"text\": \"Le Groupe de travail sur le wombat a examiné la "
                "coopération.\"}\n")
                .status == 0);
    const auto snippet_of = [&](const std::string& query) {
        const auto r =
            run({CTOC_SEARCH_BIN, "--db", db, "--format", "json", "--limit", "1", query});
        REQUIRE(r.status == 0);
        const auto hits = lines(r.out);
        REQUIRE(hits.size() == 1);
        return json::parse(hits[0]).at("snippet").get<std::string>();
    };
    const std::string before = snippet_of("trafic illicite de migrants");
    CHECK_THAT(before, Catch::Contains("<b>trafic</b> <b>illicite</b>") &&
                           Catch::Contains("<b>migrants</b>"));
    CHECK_THAT(snippet_of("wombat"), Catch::Contains("sur le <b>wombat</b> a examiné"));

    // The source rewritten but not re-indexed: the result still shows why it matched.
    for (const auto& e : std::filesystem::directory_iterator(docs))
        ctoc::test::write_file(e.path(), "Un tout autre texte, sans rapport.\n");
    CHECK(snippet_of("trafic illicite de migrants") == before);
    // The sources gone: the same.
    std::filesystem::remove_all(docs);
    CHECK(snippet_of("trafic illicite de migrants") == before);

    const auto by_path = run(
        {CTOC_SEARCH_BIN, "--db", db, "--text", docs + "/001_a4e48ed0b737bc3c.txt", "migrants"});
    REQUIRE(by_path.status == 0);
    CHECK_THAT(by_path.out, Catch::Contains("Distr. générale") &&
                                Catch::Contains("trafic illicite de migrants"));
    // Piped, the text is plain; --format json marks the matches.
    CHECK(by_path.out.find('\033') == std::string::npos);
    const auto as_json =
        run({CTOC_SEARCH_BIN, "--db", db, "--text", "lot-1", "--format", "json", "wombat"});
    REQUIRE(as_json.status == 0);
    CHECK(json::parse(as_json.out).at("text").get<std::string>() ==
          "Le Groupe de travail sur le <b>wombat</b> a examiné la coopération.");
    CHECK(run({CTOC_SEARCH_BIN, "--db", db, "--text", "lot-2"}).status == 1);
    CHECK(run({CTOC_SEARCH_BIN, "--db", db, "--text", "lot-1", "--format", "csv"}).status == 2);
}
