// ctoc-serve's pages and API as a browser or a script sees them: Site::handle on an index of
// the bundled corpus plus one hostile document, compared with what ctoc-search prints.
#include <ctoc/corpus/json.h>
#include <ctoc/serve/searcher_pool.h>
#include <ctoc/serve/site.h>

#include "support.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <regex>

using ctoc::test::lines;
using ctoc::test::run;
using ctoc::test::TempDir;
namespace json = ctoc::corpus::json;
namespace serve = ctoc::serve;

namespace {

/// A document whose title carries markup that must never reach a browser as markup; it is the
/// CTOC/COP/WG.7/2017/5 that the bundled note 000 cites.
const char* const hostile_jsonl =
    R"({"id":"fixture-hostile","symbol":"CTOC/COP/WG.7/2017/5","date":"2017-11-20",)"
    R"("title":"Rapport <script>document.title='pirate'</script> sur les migrants",)"
    R"("text":"Rapport de la réunion du Groupe de travail sur le trafic illicite de migrants tenue à Vienne.\n\n)"
    R"(Le Groupe de travail a examiné le trafic illicite de migrants par mer et les <b>priorités</b> & « guillemets »."})"
    "\n";

/// The bundled corpus and the hostile document, indexed by the real ctoc-index, served by a Site.
struct Served {
    TempDir dir;
    std::string db = dir / "ctoc.db";
    std::unique_ptr<serve::SearcherPool> pool;
    std::unique_ptr<serve::Site> site;

    Served() {
        ctoc::test::write_file(dir.path() / "hostile.jsonl", hostile_jsonl);
        const auto r =
            run({CTOC_INDEX_BIN, "--db", db, ctoc::test::corpus_dir(), dir / "hostile.jsonl"});
        REQUIRE(r.status == 0);
        pool = std::make_unique<serve::SearcherPool>(std::vector<std::string>{db},
                                                     ctoc::search::OpenOptions{}, 2,
                                                     std::chrono::milliseconds(0));
        site = std::make_unique<serve::Site>(*pool);
    }
    serve::Response get(const std::string& path, serve::Params params = {},
                        const std::string& method = "GET") const {
        return site->handle(serve::Request{method, path, std::move(params)});
    }
    /// The id of the document carrying a symbol, as the site links it.
    std::string id_of(const std::string& symbol) const {
        Xapian::docid docid = 0;
        const auto meta = pool->acquire()->show(symbol, &docid);
        REQUIRE_FALSE(meta.empty());
        return serve::document_ref(meta, docid);
    }
    ctoc::test::RunResult search(std::vector<std::string> args) const {
        std::vector<std::string> argv{CTOC_SEARCH_BIN, "--db", db};
        argv.insert(argv.end(), args.begin(), args.end());
        return run(argv);
    }
};

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size()))
        ++n;
    return n;
}

std::string between(const std::string& text, const std::string& start, const std::string& end) {
    const auto a = text.find(start);
    if (a == std::string::npos)
        return {};
    const auto b = text.find(end, a + start.size());
    return text.substr(a, b == std::string::npos ? std::string::npos : b - a);
}

/// Every href of a piece of HTML, entities decoded.
std::vector<std::string> hrefs(const std::string& html) {
    std::vector<std::string> out;
    static const std::regex href("href=\"([^\"]*)\"");
    for (std::sregex_iterator it(html.begin(), html.end(), href), end; it != end; ++it) {
        std::string h = (*it)[1];
        for (std::size_t at; (at = h.find("&amp;")) != std::string::npos;)
            h.replace(at, 5, "&");
        out.push_back(h);
    }
    return out;
}

std::string url_decode(const std::string& s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size()) {
            out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
            i += 2;
        } else {
            out += s[i] == '+' ? ' ' : s[i];
        }
    }
    return out;
}

/// A link of the site as the request a browser would make of it.
serve::Request follow(const std::string& link) {
    serve::Request r;
    const auto q = link.find('?');
    r.path = url_decode(link.substr(0, q));
    if (q == std::string::npos)
        return r;
    std::string rest = link.substr(q + 1);
    std::size_t start = 0;
    while (start <= rest.size()) {
        const auto amp = std::min(rest.find('&', start), rest.size());
        const std::string pair = rest.substr(start, amp - start);
        const auto eq = pair.find('=');
        r.params.emplace_back(url_decode(pair.substr(0, eq)),
                              eq == std::string::npos ? "" : url_decode(pair.substr(eq + 1)));
        start = amp + 1;
    }
    return r;
}

} // namespace

TEST_CASE("ctoc-serve's search page shows ranked results with their facts, highlighted snippets "
          "and facets",
          "[serve][site]") {
    Served s;
    const auto r = s.get("/search", {{"q", "migrants"}});
    REQUIRE(r.status == 200);
    CHECK(r.content_type == "text/html; charset=utf-8");
    const std::string& page = r.body;
    CHECK(page.find("<html lang=\"fr\">") != std::string::npos);
    CHECK(page.find("4 documents trouvés ; résultats 1 à 4.") != std::string::npos);
    CHECK(count(page, "<li class=\"hit\"") == 4);
    CHECK(page.find("<mark>migrants</mark>") != std::string::npos);
    // Symbol, date in French and working group of the hostile document's result.
    CHECK(page.find("<span class=\"sym\">CTOC/COP/WG.7/2017/5</span>") != std::string::npos);
    CHECK(page.find("<time datetime=\"2014-06-12\">12 juin 2014</time>") != std::string::npos);
    CHECK(page.find("GT 7 : trafic illicite de migrants") != std::string::npos);
    // The box keeps the query; the facets count every match.
    CHECK(page.find("name=\"q\" id=\"q\" value=\"migrants\"") != std::string::npos);
    const std::string years = between(page, "data-facet=\"year\"", "</section>");
    CHECK(years.find(">2014</a> <span class=\"n\">1</span>") != std::string::npos);
}

TEST_CASE("ctoc-serve: clicking a facet narrows the search, and its chip removes the filter",
          "[serve][site]") {
    Served s;
    const auto all = s.get("/search", {{"q", "traite"}});
    REQUIRE(all.status == 200);
    CHECK(all.body.find("4 documents trouvés") != std::string::npos);
    const auto links = hrefs(between(all.body, "data-facet=\"wg\"", "</section>"));
    const auto wg4 = std::find_if(links.begin(), links.end(), [](const std::string& l) {
        return l.find("wg=4") != std::string::npos;
    });
    REQUIRE(wg4 != links.end());
    CHECK(*wg4 == "/search?q=traite&wg=4");
    const auto narrowed = s.site->handle(follow(*wg4));
    REQUIRE(narrowed.status == 200);
    CHECK(narrowed.body.find("2 documents trouvés") != std::string::npos);
    CHECK(count(narrowed.body, "GT 7 : trafic") == 0);
    // The chosen value is a chip whose link is the search without it.
    const auto chip = hrefs(between(narrowed.body, "<li class=\"chosen\">", "</li>"));
    REQUIRE(chip.size() == 1);
    CHECK(chip.front() == "/search?q=traite");
    // The search box keeps the filter when the words change.
    CHECK(narrowed.body.find("<input type=\"hidden\" name=\"wg\" value=\"4\">") !=
          std::string::npos);
}

TEST_CASE("ctoc-serve: date range, sort by date and pages are URL parameters", "[serve][site]") {
    Served s;
    const auto ranged = s.get("/search", {{"q", "traite"}, {"from", "2017"}, {"to", "2019-12-31"}});
    REQUIRE(ranged.status == 200);
    CHECK(ranged.body.find("2 documents trouvés") != std::string::npos);
    CHECK(ranged.body.find("value=\"2017\"") != std::string::npos);

    const auto by_date = s.get("/search", {{"q", "traite"}, {"sort", "date"}});
    REQUIRE(by_date.status == 200);
    const auto first = by_date.body.find("2016-07-01"), last = by_date.body.find("2021-08-12");
    CHECK((first != std::string::npos && last != std::string::npos && first < last));
    CHECK(by_date.body.find("<option value=\"date\" selected>") != std::string::npos);

    const auto page1 = s.get("/search", {{"q", "traite"}, {"n", "3"}});
    CHECK(page1.body.find("résultats 1 à 3") != std::string::npos);
    CHECK(page1.body.find("Page 1 sur 2") != std::string::npos);
    const auto next = hrefs(between(page1.body, "<nav class=\"pager\"", "</nav>"));
    REQUIRE(next.size() == 1);
    CHECK(next.front() == "/search?q=traite&n=3&page=2");
    const auto page2 = s.site->handle(follow(next.front()));
    CHECK(page2.body.find("résultats 4 à 4") != std::string::npos);
    CHECK(page2.body.find("rel=\"prev\"") != std::string::npos);
}

TEST_CASE("ctoc-serve never sends a document's markup as markup", "[serve][site][security]") {
    Served s;
    const std::string id = s.id_of("CTOC/COP/WG.7/2017/5");
    for (const auto& [path, params] : std::vector<std::pair<std::string, serve::Params>>{
             {"/search", {{"q", "migrants"}}},
             {"/search", {{"q", "pirate"}}},
             {"/doc/" + id, {{"q", "migrants"}}},
             {"/doc/" + s.id_of(ctoc::test::corpus_dir() + "/001_a4e48ed0b737bc3c.txt"), {}},
             {"/cited-by", {{"target", "CTOC/COP/WG.7/2017/5"}}},
             {"/search", {{"q", "\"><script>alert(1)</script>"}}},
             {"/search", {{"q", "migrants"}, {"from", "<script>"}}},
         }) {
        INFO(path << " " << (params.empty() ? "" : params.front().second));
        const auto r = s.get(path, params);
        std::string lower = r.body;
        std::transform(lower.begin(), lower.end(), lower.begin(),
                       [](unsigned char c) { return std::tolower(c); });
        CHECK(lower.find("<script") == std::string::npos);
        CHECK(lower.find("<b>priorit") == std::string::npos);
    }
    const auto doc = s.get("/doc/" + id);
    REQUIRE(doc.status == 200);
    CHECK(doc.body.find("Rapport &lt;script&gt;document.title=&#39;pirate&#39;&lt;/script&gt; sur "
                        "les migrants") != std::string::npos);
    // A query quoted back in the page cannot close its attribute.
    const auto echoed = s.get("/search", {{"q", "\"><script>alert(1)</script>"}});
    CHECK(echoed.body.find("value=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\"") !=
          std::string::npos);
}

TEST_CASE("ctoc-serve's document page: facts, citations both ways, family, similar documents, "
          "marked text",
          "[serve][site]") {
    Served s;
    // The bundled note 000, which cites CTOC/COP/WG.7/2017/5 (by path: docids follow the hash
    // of each document's path, so depend on where the sources are checked out).
    const std::string note = s.id_of(ctoc::test::corpus_dir() + "/000_b4397e204b15be52.txt");
    const std::string hostile = s.id_of("CTOC/COP/WG.7/2017/5");
    const auto r = s.get("/doc/" + note, {{"q", "migrants"}});
    REQUIRE(r.status == 200);
    const std::string& page = r.body;
    // Every extracted fact, labelled in French.
    CHECK(page.find("<dt>Point de l&#39;ordre du jour</dt><dd>2 c)</dd>") != std::string::npos);
    CHECK(page.find("<dt>Lieu</dt><dd>Vienne</dd>") != std::string::npos);
    CHECK(page.find("<dt>Date</dt><dd>20 juillet 2018</dd>") != std::string::npos);
    // What it cites: the document held is linked, the others are marked missing.
    const std::string cites = between(page, "<section id=\"cite\">", "</section>");
    CHECK(cites.find("<a class=\"present\" href=\"/doc/" + hostile +
                     "\">CTOC/COP/WG.7/2017/5</a>") != std::string::npos);
    CHECK(count(cites, "absent de l'index") == 2);
    CHECK(cites.find("CTOC/COP/2018/1</span>") != std::string::npos);
    CHECK(cites.find("href=\"/cited-by?target=r%C3%A9solution%207%2F1\">résolution 7/1</a> <span "
                     "class=\"n\">2 fois") != std::string::npos);
    // The text, with the query's matches marked.
    const std::string text = between(page, "<section id=\"texte\">", "</section>");
    CHECK(text.find("<mark>migrants</mark>") != std::string::npos);
    CHECK(text.find("passages correspondent à « migrants »") != std::string::npos);
    CHECK(between(page, "<section id=\"semblables\">", "</section>").find("<a href=\"/doc/") !=
          std::string::npos);

    // The cited document's page: who cites it, with the citing sentence, each linked.
    const auto cited = s.get("/doc/" + hostile);
    REQUIRE(cited.status == 200);
    const std::string by = between(cited.body, "<section id=\"cite-par\">", "</section>");
    CHECK(by.find("1 document cite CTOC/COP/WG.7/2017/5") != std::string::npos);
    CHECK(by.find("<a href=\"/doc/" + note + "\">") != std::string::npos);
    CHECK(by.find("<mark>CTOC/COP/WG.7/2017/5</mark>") != std::string::npos);
}

TEST_CASE("ctoc-serve: a document's family lists its other members", "[serve][site]") {
    TempDir dir;
    ctoc::test::write_file(
        dir.path() / "family.jsonl",
        R"({"id":"base","symbol":"CTOC/COP/2020/3","title":"Rapport de base","text":"Un rapport sur la traite."})"
        "\n"
        R"({"id":"add","symbol":"CTOC/COP/2020/3/Add.1","title":"Additif","text":"Un additif sur la traite."})"
        "\n");
    const std::string db = dir / "db";
    REQUIRE(run({CTOC_INDEX_BIN, "--db", db, dir / "family.jsonl"}).status == 0);
    serve::SearcherPool pool({db}, {}, 1);
    serve::Site site(pool);
    Xapian::docid base = 0;
    const auto meta = pool.acquire()->show("CTOC/COP/2020/3", &base);
    REQUIRE_FALSE(meta.empty());
    const auto r = site.handle({"GET", "/doc/" + serve::document_ref(meta, base), {}});
    REQUIRE(r.status == 200);
    const std::string family = between(r.body, "<section id=\"famille\">", "</section>");
    CHECK(family.find("<span class=\"sym\">CTOC/COP/2020/3/Add.1</span> <span "
                      "class=\"ttl\">Additif</span>") != std::string::npos);
}

TEST_CASE("ctoc-serve's JSON API gives the same objects as ctoc-search --format json",
          "[serve][api]") {
    Served s;
    // /api/search: each hit is the line ctoc-search prints, in the same order.
    const auto api =
        s.get("/api/search", {{"q", "traite des personnes"}, {"n", "20"}, {"facets", "1"}});
    REQUIRE(api.status == 200);
    CHECK(api.content_type == "application/json; charset=utf-8");
    const json::Value v = json::parse(api.body);
    const auto cli =
        lines(s.search({"--format", "json", "--limit", "20", "traite des personnes"}).out);
    REQUIRE(v.contains("hits"));
    const auto& hits = v.at("hits");
    REQUIRE(hits.size() == cli.size());
    REQUIRE_FALSE(cli.empty());
    for (std::size_t i = 0; i < cli.size(); ++i) {
        std::string printed;
        json::append_value(printed, hits[i]);
        CHECK(printed == cli[i]);
    }
    CHECK(v.at("total").get<double>() == static_cast<double>(cli.size()));
    CHECK(v.at("exact").get<bool>());
    CHECK(v.at("facets").at("working_group").contains("WG.4"));

    // /api/doc/ID: the object ctoc-search --show prints, with what it cites.
    const std::string note = s.id_of(ctoc::test::corpus_dir() + "/000_b4397e204b15be52.txt");
    const auto doc = s.get("/api/doc/" + note);
    REQUIRE(doc.status == 200);
    const json::Value d = json::parse(doc.body);
    std::string shown;
    json::append_value(shown, d.at("document"));
    CHECK(shown == lines(s.search({"--show", note, "--format", "json"}).out).at(0));
    const auto& cites = d.at("cites");
    REQUIRE(cites.size() == 5);
    CHECK(std::any_of(cites.begin(), cites.end(), [](const json::Value& c) {
        return c.at("cited").get<std::string>() == "CTOC/COP/WG.7/2017/5" &&
               c.at("present").get<bool>();
    }));

    // /api/cited-by: the documents citing resolution 7/1, by date, with the citing sentence.
    const auto by = json::parse(s.get("/api/cited-by", {{"target", "7/1"}}).body);
    const auto cli_by = lines(s.search({"--cited-by", "7/1", "--format", "json"}).out);
    REQUIRE(by.at("hits").size() == cli_by.size());
    std::string first;
    json::append_value(first, by.at("hits").at(0));
    CHECK(first == cli_by.at(0));
}

TEST_CASE("ctoc-serve: each bad parameter is a 400 with one message naming it", "[serve][site]") {
    Served s;
    struct Case {
        std::string path;
        serve::Params params;
        std::string message;
    };
    const std::vector<Case> cases = {
        {"/search", {{"q", "traite"}, {"wg", "99"}}, "groupe de travail inconnu « 99 »"},
        {"/search", {{"q", "traite"}, {"year", "20x8"}}, "année invalide « 20x8 »"},
        {"/search", {{"q", "traite"}, {"type", "roman"}}, "type de document inconnu « roman »"},
        {"/search", {{"q", "traite"}, {"session", "-1"}}, "session invalide « -1 »"},
        {"/search",
         {{"q", "traite"}, {"from", "2019-02-30"}},
         "date de début invalide : « 2019-02-30 »"},
        {"/search", {{"q", "traite"}, {"from", "2020"}, {"to", "2010"}}, "dates inversées"},
        {"/search",
         {{"q", "traite"}, {"sort", "titre"}},
         "paramètre « sort » invalide : « titre » (relevance, date ou -date)"},
        {"/search",
         {{"q", "traite"}, {"page", "0"}},
         "paramètre « page » invalide : « 0 » (un nombre de 1 à 1000)"},
        {"/search",
         {{"q", "traite"}, {"n", "1000"}},
         "paramètre « n » invalide : « 1000 » (un nombre de 1 à 100)"},
        {"/search", {{"q", "traite"}, {"debug", "1"}}, "paramètre inconnu « debug »"},
        {"/search", {{"q", "traite"}, {"q", "migrants"}}, "paramètre « q » donné deux fois"},
        {"/search",
         {{"q", std::string(1001, 'a')}},
         "paramètre « q » trop long (1001 octets ; au plus 1000)"},
        {"/search", {{"q", "traite\xff"}}, "paramètre « q » : texte qui n&#39;est pas en UTF-8"},
        {"/search", {{"q", "\"traite des"}}, "requête invalide : unbalanced quote"},
        {"/cited-by", {}, "paramètre « target » manquant"},
        {"/cited-by", {{"target", "traite"}}, "cible invalide « traite » : donnez une cote"},
        {"/doc/1", {{"x", "1"}}, "paramètre inconnu « x »"},
        {"/", {{"q", "traite"}}, "paramètre inconnu « q » : cette page n&#39;en prend aucun"},
    };
    for (const auto& c : cases) {
        INFO(c.path << " " << c.message);
        const auto r = s.get(c.path, c.params);
        CHECK(r.status == 400);
        CHECK(count(r.body, "role=\"alert\"") == 1);
        CHECK(r.body.find(c.message) != std::string::npos);
    }
    // The API says it in JSON.
    const auto api = s.get("/api/search", {{"q", "traite"}, {"page", "x"}});
    CHECK(api.status == 400);
    const auto e = json::parse(api.body);
    CHECK(e.at("error").get<std::string>() ==
          "paramètre « page » invalide : « x » (un nombre de 1 à 1000)");
}

TEST_CASE("ctoc-serve is read-only and no URL opens a file", "[serve][site][security]") {
    Served s;
    for (const std::string& path : std::vector<std::string>{
             "/static/../../../etc/passwd", "/static/style.css/../../CMakeLists.txt", "/etc/passwd",
             "/doc/../../../../etc/passwd", "/doc//etc/passwd", "/api/doc/%2Fetc%2Fpasswd",
             "/doc/" + ctoc::test::corpus_dir() + "/../../CMakeLists.txt"}) {
        INFO(path);
        const auto r = s.get(path);
        CHECK(r.status == 404);
        CHECK(r.body.find("root:") == std::string::npos);
        CHECK(r.body.find("cmake_minimum_required") == std::string::npos);
    }
    for (const char* method : {"POST", "PUT", "DELETE", "PATCH"}) {
        const auto r = s.get("/search", {{"q", "traite"}}, method);
        CHECK(r.status == 405);
        CHECK(std::find(r.headers.begin(), r.headers.end(),
                        std::pair<std::string, std::string>{"Allow", "GET, HEAD"}) !=
              r.headers.end());
    }
    const auto css = s.get("/static/style.css");
    CHECK(css.status == 200);
    CHECK(css.content_type == "text/css; charset=utf-8");
}

TEST_CASE("ctoc-serve sees documents indexed while it runs, and a rebuilt index", "[serve][site]") {
    TempDir dir;
    const std::string db = dir / "db";
    REQUIRE(run({CTOC_INDEX_BIN, "--db", db}).status == 0);
    serve::SearcherPool pool({db}, {}, 2, std::chrono::milliseconds(0));
    serve::Site site(pool);
    const auto found = [&](const std::string& q) {
        const auto r = site.handle({"GET", "/api/search", {{"q", q}}});
        REQUIRE(r.status == 200);
        return json::parse(r.body).at("total").get<double>();
    };
    CHECK(found("contrebande") == 0);
    ctoc::test::write_file(
        dir.path() / "new.jsonl",
        R"({"id":"new","title":"Note","text":"La contrebande de migrants par mer."})"
        "\n");
    // An incremental run commits into the live index.
    REQUIRE(run({CTOC_INDEX_BIN, "--db", db, ctoc::test::corpus_dir(), dir / "new.jsonl"}).status ==
            0);
    CHECK(found("contrebande") == 1);
    // A rebuild swaps in a new generation; both searchers of the pool see it.
    REQUIRE(run({CTOC_INDEX_BIN, "--db", db, "--rebuild", dir / "new.jsonl"}).status == 0);
    CHECK(found("contrebande") == 1);
    CHECK(found("contrebande") == 1);
    CHECK(found("traite") == 0);
    CHECK(found("traite") == 0);
}
