// ctoc-search keeps its contracts (issue 17, part 2): options apply or are refused, facets and
// counts a script can read, one status for a document that is not there, sentences instead
// of Xapian's errors, Ctrl-C.
#include <ctoc/corpus/json.h>

#include "support.h"

#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <regex>

using ctoc::test::lines;
using ctoc::test::run;
using ctoc::test::RunResult;
using ctoc::test::TempDir;
namespace json = ctoc::corpus::json;

namespace {

/// A database of the bundled corpus built by the real ctoc-index.
struct Bundled {
    TempDir dir;
    std::string db = dir / "ctoc.db";
    Bundled() { REQUIRE(run({CTOC_INDEX_BIN, "--db", db}).status == 0); }
    RunResult search(std::vector<std::string> args) const {
        std::vector<std::string> argv{CTOC_SEARCH_BIN, "--db", db};
        argv.insert(argv.end(), args.begin(), args.end());
        return run(argv);
    }
    /// The JSON objects of a --format json search.
    std::vector<json::Value> hits(std::vector<std::string> args) const {
        args.insert(args.end(), {"--format", "json", "--limit", "100"});
        const auto r = search(args);
        REQUIRE(r.status == 0);
        std::vector<json::Value> out;
        for (const auto& line : lines(r.out))
            out.push_back(json::parse(line));
        return out;
    }
};

std::string field(const json::Value& hit, const char* name) {
    return hit.contains(name) ? json::to_text(hit.at(name)) : "";
}

/// The code points of UTF-8 text.
std::u32string code_points(const std::string& text) {
    std::u32string out;
    for (std::size_t at = 0; at < text.size();) {
        const auto c = static_cast<unsigned char>(text[at]);
        const std::size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        char32_t cp = n == 1 ? c : n == 2 ? c & 0x1F : n == 3 ? c & 0x0F : c & 0x07;
        for (std::size_t k = 1; k < n; ++k)
            cp = (cp << 6) | (static_cast<unsigned char>(text[at + k]) & 0x3F);
        out += cp;
        at += n;
    }
    return out;
}

/// The HTML of a JSON snippet as text: its <b> marks dropped, &lt; &gt; &amp; read back.
std::string unescape_html(std::string html) {
    for (const char* mark : {"<b>", "</b>"})
        for (std::size_t at; (at = html.find(mark)) != std::string::npos;)
            html.erase(at, std::string_view(mark).size());
    std::string out;
    for (std::size_t at = 0; at < html.size(); ++at) {
        if (html.compare(at, 4, "&lt;") == 0) {
            out += '<';
            at += 3;
        } else if (html.compare(at, 4, "&gt;") == 0) {
            out += '>';
            at += 3;
        } else if (html.compare(at, 5, "&amp;") == 0) {
            out += '&';
            at += 4;
        } else {
            out += html[at];
        }
    }
    return out;
}

} // namespace

TEST_CASE("ctoc-search --cited-by applies --from, --wg and query words",
          "[cli][search][contracts]") {
    Bundled b;
    // Resolution 7/1 is cited in 2016, 2018, 2019 and 2021.
    REQUIRE(b.hits({"--cited-by", "7/1"}).size() == 4);
    const auto from = b.hits({"--cited-by", "7/1", "--from", "2019"});
    REQUIRE(from.size() == 2);
    for (const auto& hit : from)
        CHECK(field(hit, "date") >= "2019");
    const auto wg = b.hits({"--cited-by", "7/1", "--wg", "4"});
    REQUIRE(wg.size() == 2);
    for (const auto& hit : wg)
        CHECK(field(hit, "working_group") == "WG.4");
    // Query words: only the WG.7 documents speak of smuggling migrants.
    const auto words = b.hits({"--cited-by", "7/1", "trafic illicite de migrants"});
    REQUIRE(words.size() == 2);
    for (const auto& hit : words)
        CHECK(field(hit, "working_group") == "WG.7");
    CHECK(b.search({"--cited-by", "7/1", "--from", "2019", "--count"}).out == "2\n");
    CHECK(b.hits({"--cited-by", "7/1", "--from", "2022"}).empty());
}

TEST_CASE("an option filters the whole query, never read again as query text",
          "[cli][search][contracts]") {
    Bundled b;
    // "a OR b" with --wg 4 is (a OR b) in WG.4: every result, not only those of b.
    const auto any = b.hits({"traite OR migrants"});
    const auto wg4 = b.hits({"traite OR migrants", "--wg", "4"});
    REQUIRE(!wg4.empty());
    CHECK(wg4.size() < any.size());
    for (const auto& hit : wg4)
        CHECK(field(hit, "working_group") == "WG.4");
    // The same with --cited-by: its target and the query are each read alone.
    const auto cited = b.hits({"--cited-by", "7/1", "traite OR migrants", "--wg", "7"});
    REQUIRE(!cited.empty());
    for (const auto& hit : cited)
        CHECK(field(hit, "working_group") == "WG.7");
    // A value is taken whole: a quote in it is not an unclosed phrase, and the message names
    // the option as typed.
    const auto quoted = b.search({"--wg", "migrants \"x", "traite"});
    CHECK(quoted.err.find("unbalanced") == std::string::npos);
    const auto bad = b.search({"--from", "2018-13", "traite"});
    CHECK(bad.status == 2);
    CHECK(bad.err.find("bad date in --from '2018-13'") != std::string::npos);
    const auto unknown = b.search({"--wg", "99", "traite"});
    CHECK(unknown.status == 2);
    CHECK(unknown.err.find("unknown working group in --wg '99'") != std::string::npos);
}

TEST_CASE(
    "ctoc-search --batch answers each line of a query file on one open index, JSON Lines in order",
    "[cli][search][contracts][batch]") {
    Bundled b;
    TempDir tmp;
    const std::string queries = tmp / "queries.txt";
    {
        std::ofstream out(queries);
        out << "traite des personnes\n# a comment\n\n\"neuvième session\nrésolution "
               "7/1\r\nmigrants\n";
    }
    const auto r = b.search({"--batch", queries, "--wg", "7", "--limit", "1"});
    CHECK(r.status == 2); // line 4 is malformed; the others are answered
    CHECK(r.err.find(queries + ":4: malformed query: unbalanced quote") != std::string::npos);
    const auto out = lines(r.out);
    REQUIRE(out.size() == 4);
    const std::vector<int> numbers{1, 4, 5, 6};
    for (std::size_t k = 0; k < out.size(); ++k) {
        const auto answer = json::parse(out[k]);
        CHECK(answer.at("line").get<int>() == numbers[k]);
        if (numbers[k] == 4) {
            CHECK(answer.contains("error"));
            continue;
        }
        // The same answer as the one query alone, filters applied.
        const auto alone = b.hits({answer.at("query").get<std::string>(), "--wg", "7"});
        CHECK(answer.at("total").get<std::size_t>() == alone.size());
        CHECK(answer.at("exact").get<bool>());
        REQUIRE(answer.at("hits").size() == std::min<std::size_t>(1, alone.size()));
        if (!alone.empty()) {
            CHECK(field(answer.at("hits")[0], "id") == field(alone[0], "id"));
            CHECK(field(answer.at("hits")[0], "working_group") == "WG.7");
        }
    }
    // From standard input, counts only; a file that is not there is a usage error.
    const auto counted =
        run({CTOC_SEARCH_BIN, "--db", b.db, "--batch", "-", "--count"}, "migrants\ntraite\n");
    CHECK(counted.status == 0);
    REQUIRE(lines(counted.out).size() == 2);
    CHECK(!json::parse(lines(counted.out)[0]).contains("hits"));
    const auto missing = b.search({"--batch", tmp / "none.txt"});
    CHECK(missing.status == 2);
    CHECK(missing.err.find("cannot read the batch file") != std::string::npos);
    CHECK(b.search({"--batch", queries, "--format", "csv"}).status == 2);
    CHECK(b.search({"--batch", queries, "traite"}).status == 2);
}

TEST_CASE("a count of a few matches is exact whatever the page size", "[cli][search][contracts]") {
    Bundled b;
    for (const char* q : {"migrants", "traite", "session", "rapport", "de"}) {
        INFO(q);
        const auto all = b.hits({q});
        const auto r = b.search({q, "--limit", "1", "--format", "json", "--count"});
        CHECK(r.out.find("\"exact\":true") != std::string::npos);
        CHECK(r.out.find("\"total\":" + std::to_string(all.size()) + ",") != std::string::npos);
        const auto text = b.search({q, "--limit", "1"});
        CHECK(text.out.find(std::to_string(all.size()) + " document") != std::string::npos);
        CHECK(text.out.find("About") == std::string::npos);
    }
}

TEST_CASE("ctoc-search --like applies --from, --wg and query words", "[cli][search][contracts]") {
    Bundled b;
    const std::string note = ctoc::test::corpus_dir() + "/001_a4e48ed0b737bc3c.txt"; // WG.7, 2014
    const auto all = b.hits({"--like", note, "--no-snippets"});
    REQUIRE(all.size() == 4);
    const auto from = b.hits({"--like", note, "--from", "2019", "--no-snippets"});
    REQUIRE(from.size() == 2);
    for (const auto& hit : from)
        CHECK(field(hit, "date") >= "2019");
    const auto wg = b.hits({"--like", note, "--wg", "4", "--no-snippets"});
    REQUIRE(wg.size() == 2);
    for (const auto& hit : wg)
        CHECK(field(hit, "working_group") == "WG.4");
    // Ranked by likeness among those with the words, which the snippets show.
    const auto words = b.hits({"--like", note, "trafic illicite de migrants"});
    REQUIRE(words.size() == 2);
    CHECK(field(words[0], "working_group") == "WG.7");
    CHECK_THAT(field(words[0], "snippet"), Catch::Contains("<b>migrants</b>"));
    // The same order as without the words: likeness, not the words' weight.
    std::vector<std::string> order;
    for (const auto& hit : all)
        if (field(hit, "working_group") == "WG.7")
            order.push_back(field(hit, "id"));
    CHECK(order == std::vector<std::string>{field(words[0], "id"), field(words[1], "id")});
    CHECK(b.hits({"--like", note, "wombat"}).empty());
    // A malformed query is a malformed query.
    CHECK(b.search({"--like", note, "(migrants"}).status == 2);
}

TEST_CASE("options a command would ignore are refused with status 2", "[cli][search][contracts]") {
    Bundled b;
    const std::string note = ctoc::test::corpus_dir() + "/001_a4e48ed0b737bc3c.txt";
    struct Case {
        std::vector<std::string> args;
        const char* message;
    };
    const Case cases[] = {
        {{"--show", note, "migrants"},
         "ctoc-search: --show prints one document and takes no query words"},
        {{"--show", note, "--wg", "7"},
         "ctoc-search: --show prints one document and takes no --wg"},
        {{"--show", note, "--count"},
         "ctoc-search: --show prints one document and takes no --count"},
        {{"--text", note, "--from", "2019"},
         "ctoc-search: --text prints one document and takes no --from"},
        {{"--missing", "--wg", "7"},
         "ctoc-search: --missing prints the whole collection's missing symbols"},
        {{"--like", note, "--cited-by", "7/1"},
         "ctoc-search: --like and --cited-by are two different requests"},
        {{"--show", note, "--like", note},
         "ctoc-search: --show and --like are two different requests"},
        {{"--show", note, "--cites", "7/1"},
         "ctoc-search: --show and --cites are two different requests"},
        {{"--like", note, "--explain"},
         "ctoc-search: --explain prints how a query is read; --like reads none"},
        {{"--count", "--facets", "migrants"},
         "ctoc-search: --count prints the number of matches and --facets"},
        {{"--exact-facets", "migrants"},
         "ctoc-search: --exact-facets goes with --facets (add --facets)"},
        {{"--color", "sometimes", "migrants"},
         "ctoc-search: invalid --color 'sometimes' (choose auto, always or never)"},
    };
    for (const auto& c : cases) {
        std::string label;
        for (const auto& a : c.args)
            label += a + " ";
        INFO(label);
        const auto r = b.search(c.args);
        CHECK(r.status == 2);
        CHECK(r.out.empty());
        CHECK_THAT(r.err, Catch::StartsWith(c.message));
        CHECK_THAT(r.err, Catch::Contains("Try 'ctoc-search --help'"));
    }
    // --cites with a document is what it cites, alone; with a search option it is a filter,
    // and a document is no filter.
    const auto listing = b.search({"--cites", note, "--limit", "3"});
    CHECK_THAT(listing.err,
               Catch::StartsWith("ctoc-search: --cites " + note +
                                 " lists what one document cites and takes no --limit"));
    // --text takes the query whose words it marks, and no other search option.
    CHECK(b.search({"--text", note, "migrants"}).status == 0);
}

TEST_CASE("ctoc-search --facets with --format json or csv prints the facets alone, in a shape of "
          "their own",
          "[cli][search][contracts]") {
    Bundled b;
    const auto as_json = b.search({"--facets", "--format", "json", "application"});
    REQUIRE(as_json.status == 0);
    const auto json_lines = lines(as_json.out);
    REQUIRE(json_lines.size() == 1);
    const auto facets = json::parse(json_lines[0]);
    CHECK(facets.at("total").get<long>() == 5);
    CHECK(facets.at("exact").get<bool>());
    CHECK(facets.at("facets_exact").get<bool>());
    CHECK_FALSE(facets.contains("facets_sample"));
    CHECK(facets.at("facets").at("working_group").at("WG.7").get<long>() == 3);
    CHECK(facets.at("facets").at("working_group").at("WG.4").get<long>() == 2);
    CHECK_FALSE(facets.contains("snippet"));
    // The results are another run, each line one result.
    for (const auto& line : lines(b.search({"--format", "json", "application"}).out))
        CHECK(json::parse(line).contains("snippet"));

    const auto as_csv = b.search({"--facets", "--format", "csv", "application"});
    REQUIRE(as_csv.status == 0);
    const auto rows = lines(as_csv.out);
    REQUIRE_FALSE(rows.empty());
    CHECK(rows[0] == "facet,value,count,exact");
    for (std::size_t k = 1; k < rows.size(); ++k) {
        INFO(rows[k]);
        CHECK(std::regex_match(rows[k],
                               std::regex("(working_group|year|type|session),[^,]+,[0-9]+,true")));
    }
    CHECK(std::find(rows.begin(), rows.end(), "working_group,WG.7,3,true") != rows.end());

    // As text, the facets follow the results, over the count the header says.
    const auto text = b.search({"--facets", "application"});
    CHECK_THAT(text.out, Catch::StartsWith("5 documents match; showing 1-5.") &&
                             Catch::Contains("\nFacets over all 5 matches:\n  session:"));
}

TEST_CASE("the count is exact or says it is an estimate with its bounds, and text, --count and "
          "--facets agree",
          "[cli][search][contracts]") {
    Bundled b;
    for (const char* query :
         {"migrants", "application", "traite des personnes", "wg:7", "coopération"}) {
        INFO(query);
        const auto count = b.search({"--count", query});
        REQUIRE(count.status == 0);
        // --count is exact here: every match was counted; a bare number is never an estimate.
        REQUIRE(std::regex_match(count.out, std::regex("[0-9]+\n")));
        const long n = std::stol(count.out);
        CHECK(static_cast<long>(b.hits({query, "--no-snippets"}).size()) == n);
        const auto as_json = json::parse(b.search({"--count", "--format", "json", query}).out);
        CHECK(as_json.at("total").get<long>() == n);
        CHECK(as_json.at("exact").get<bool>());
        CHECK(as_json.at("total_lower").get<long>() == n);
        CHECK(as_json.at("total_upper").get<long>() == n);
        CHECK(lines(b.search({"--count", "--format", "csv", query}).out) ==
              std::vector<std::string>{"total,exact,total_lower,total_upper",
                                       std::to_string(n) + ",true," + std::to_string(n) + "," +
                                           std::to_string(n)});
        // The text's count, showing one result: the same number, or an estimate whose bounds
        // hold it, said to be one.
        const std::string header = lines(b.search({"-n", "1", query}).out).at(0);
        std::smatch m;
        if (std::regex_match(header, m,
                             std::regex("([0-9]+) documents? match(es)?; showing 1-1\\."))) {
            CHECK(std::stol(m[1]) == n);
        } else {
            REQUIRE(std::regex_match(
                header, m,
                std::regex("About ([0-9]+) documents match \\(between ([0-9]+) and ([0-9]+)\\); "
                           "showing 1-1\\.")));
            CHECK(std::stol(m[2]) <= n);
            CHECK(n <= std::stol(m[3]));
        }
        // --facets counts every match: its header and the results' say the --count.
        const auto facets = b.search({"--facets", "-n", "1", query});
        CHECK_THAT(facets.out,
                   Catch::StartsWith(std::to_string(n) +
                                     (n == 1 ? " document matches" : " documents match")));
        CHECK_THAT(facets.out, Catch::Contains("\nFacets over all " + std::to_string(n) +
                                               (n == 1 ? " match:" : " matches:")));
        const auto json_facets = json::parse(b.search({"--facets", "--format", "json", query}).out);
        CHECK(json_facets.at("total").get<long>() == n);
        long by_year = 0;
        for (const auto& [year, c] : json_facets.at("facets").at("year").items())
            by_year += c.get<long>();
        CHECK(by_year == n); // every bundled document has a year
    }
}

TEST_CASE("JSON snippets: escaped HTML, the plain text and the matches' offsets",
          "[cli][search][contracts]") {
    TempDir dir;
    const std::string db = dir / "db";
    ctoc::test::write_file(
        dir / "t.jsonl",
        "{\"id\": \"piege\", \"text\": \"Le rapport si x < 5 & y > 2 « vrai » : les migrants "
        "\\u0001gras\\u0002 et la traite des personnes, puis les migrants encore.\"}\n");
    REQUIRE(run({CTOC_INDEX_BIN, "--db", db, dir / "t.jsonl"}).status == 0);
    const auto r = run({CTOC_SEARCH_BIN, "--db", db, "--format", "json", "migrants traite"});
    REQUIRE(r.status == 0);
    const auto hit = json::parse(lines(r.out).at(0));
    const std::string html = hit.at("snippet").get<std::string>();
    const std::string plain = hit.at("snippet_text").get<std::string>();
    // The document's own < > & are text, escaped; only our marks are tags, and its control
    // characters cannot fake one.
    CHECK_THAT(html, Catch::Contains("si x &lt; 5 &amp; y &gt; 2 « vrai »"));
    CHECK_THAT(plain,
               Catch::Contains("si x < 5 & y > 2 « vrai »") && Catch::Contains("migrants gras et"));
    CHECK(unescape_html(html) == plain);
    // Each match [start, end) in code points of the plain text is what <b> marks, in order.
    const std::u32string text = code_points(plain);
    std::vector<std::string> marked;
    for (std::size_t at = 0; (at = html.find("<b>", at)) != std::string::npos;) {
        const std::size_t end = html.find("</b>", at);
        marked.push_back(unescape_html(html.substr(at + 3, end - at - 3)));
        at = end;
    }
    const auto& matches = hit.at("snippet_matches");
    REQUIRE(matches.size() == marked.size());
    REQUIRE(marked.size() >= 3);
    std::size_t last = 0;
    for (std::size_t k = 0; k < matches.size(); ++k) {
        const auto start = matches[k].at(0).get<std::size_t>(),
                   end = matches[k].at(1).get<std::size_t>();
        CHECK(start >= last);
        REQUIRE(end <= text.size());
        const std::u32string cut = text.substr(start, end - start);
        CHECK(code_points(marked[k]) == cut);
        last = end;
    }
    CHECK(std::find(marked.begin(), marked.end(), "migrants") != marked.end());
    CHECK(std::find(marked.begin(), marked.end(), "traite") != marked.end());
}

TEST_CASE("one exit status for a document that is not there: --show, --text, --like, --cites",
          "[cli][search][contracts]") {
    Bundled b;
    // (A number of four digits or fewer is a resolution --cites looks for: not these.)
    for (const std::string id :
         {"12345", "9999999999", "/no/such/report.txt", "CTOC/COP/1999/99"}) {
        for (const char* option : {"--show", "--text", "--like", "--cites"}) {
            INFO(option << " " << id);
            const auto r = b.search({option, id});
            if (std::string(option) == "--cites" && id == "CTOC/COP/1999/99") {
                // A symbol no document carries is still something to look for among citations.
                CHECK(r.status == 0);
                continue;
            }
            CHECK(r.status == 1);
            CHECK(r.out.empty());
            CHECK(r.err ==
                  "ctoc-search: no document '" + id +
                      "' in the index (give a result's id, its key, its path or its symbol)\n");
        }
    }
    // --show 0, which Xapian would call an invalid docid.
    const auto zero = b.search({"--show", "0"});
    CHECK(zero.status == 1);
    CHECK(zero.err == "ctoc-search: no document '0' in the index (give a result's id, its key, its "
                      "path or its symbol)\n");
}

TEST_CASE("what goes wrong with an index is a sentence, never a Xapian exception's name",
          "[cli][search][contracts]") {
    TempDir tmp;
    const std::regex xapian_class(
        "[A-Z][a-z]+(Database|Network|Range|Doc|Invalid)?[A-Za-z]*Error:");
    // A file of junk, a stub naming nothing, a directory of junk tables, a server that is not
    // there, and a damaged table.
    ctoc::test::write_file(tmp / "junk", std::string(4096, '\x7f'));
    ctoc::test::write_file(tmp / "stub", "auto " + (tmp / "nowhere") + "\n");
    ctoc::test::write_file(tmp / "fake/iamglass", "not glass");
    ctoc::test::write_file(tmp / "fake/postlist.glass", std::string(8192, 'x'));
    const int server = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(server, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    socklen_t length = sizeof address;
    ::getsockname(server, reinterpret_cast<sockaddr*>(&address), &length);
    ::close(server); // a port nothing listens on
    const std::string closed = "tcp://127.0.0.1:" + std::to_string(ntohs(address.sin_port));
    const std::string db = tmp / "db";
    REQUIRE(run({CTOC_INDEX_BIN, "--db", db}).status == 0);
    std::string generation;
    for (const auto& e : std::filesystem::directory_iterator(db))
        if (e.path().filename().string().rfind("gen-", 0) == 0)
            generation = e.path().string();
    std::filesystem::resize_file(generation + "/postlist.glass", 8192);
    for (const std::string& where : {tmp / "junk", tmp / "stub", tmp / "fake", closed, db}) {
        INFO(where);
        const auto r = run({CTOC_SEARCH_BIN, "--db", where, "--timeout", "5", "migrants"});
        CHECK(r.status == 1);
        CHECK(lines(r.err).size() == 1);
        CHECK_FALSE(std::regex_search(r.err, xapian_class));
        CHECK(r.out.empty());
    }
    const auto damaged = run({CTOC_SEARCH_BIN, "--db", db, "migrants"});
    CHECK_THAT(damaged.err, Catch::Contains("rebuild it with: ctoc-index --rebuild"));
}

TEST_CASE("Ctrl-C stops ctoc-search at once, the terminal's colours reset",
          "[cli][search][contracts]") {
    // A shard that accepts and never answers: the search waits for it.
    const int server = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(server, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    REQUIRE(::listen(server, 4) == 0);
    socklen_t length = sizeof address;
    ::getsockname(server, reinterpret_cast<sockaddr*>(&address), &length);
    const std::string silent = "tcp://127.0.0.1:" + std::to_string(ntohs(address.sin_port));
    ctoc::test::Running search(
        {CTOC_SEARCH_BIN, "--db", silent, "--timeout", "600", "--color", "always", "migrants"});
    REQUIRE(search.wait_until_catching(SIGINT));
    search.send(SIGINT);
    const auto r = search.finish();
    ::close(server);
    // Dead of the signal (status 130 in a shell), not a failure of its own, not a crash.
    CHECK(r.signal == SIGINT);
    CHECK(r.status == -1);
    CHECK(r.err.empty());
    CHECK(r.out == "\033[0m\n");
}
