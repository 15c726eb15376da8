#include <ctoc/analysis/analyzer.h>
#include <ctoc/analysis/stopwords.h>
#include <ctoc/index/indexer.h>
#include <ctoc/search/searcher.h>

#include "support.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string_view>

using namespace ctoc;
using ctoc::test::TempDir;

namespace {

/// The bundled corpus indexed once per test process, plus optional extra inputs.
class Indexed {
public:
    explicit Indexed(std::vector<std::string> extra = {}) {
        index::IndexerConfig config;
        config.database = m_dir / "db";
        config.inputs = {test::corpus_dir()};
        config.inputs.insert(config.inputs.end(), extra.begin(), extra.end());
        index::run_indexer(config, [](const corpus::Diagnostic& d) { FAIL(d.to_string()); });
        m_searcher = std::make_unique<search::Searcher>(config.database);
    }
    search::Searcher& searcher() { return *m_searcher; }
    const TempDir& dir() const { return m_dir; }

private:
    TempDir m_dir;
    std::unique_ptr<search::Searcher> m_searcher;
};

/// The seed numbers ("000".."004") or other file names of the matching documents, in rank order.
std::vector<std::string> hits(search::Searcher& s, const std::string& query,
                              search::Sort sort = search::Sort::relevance) {
    search::SearchRequest r;
    r.query = query;
    r.limit = 100;
    r.sort = sort;
    r.snippets = false;
    std::vector<std::string> out;
    for (const auto& h : s.search(r).hits) {
        std::string name =
            std::filesystem::path(h.meta.at("path").get<std::string>()).filename().string();
        if (h.meta.count("line"))
            name += ":" + h.meta.at("line").dump();
        out.push_back(name.size() > 3 && name[3] == '_' ? name.substr(0, 3) : name);
    }
    return out;
}

std::set<std::string> hit_set(search::Searcher& s, const std::string& query) {
    const auto v = hits(s, query);
    return {v.begin(), v.end()};
}

using Set = std::set<std::string>;

} // namespace

TEST_CASE("elided and inflected forms find every document", "[searcher][search]") {
    Indexed idx;
    // Xapian's stock TermGenerator indexes "l'application" as one term and finds 2 of 5.
    CHECK(hit_set(idx.searcher(), "application") == Set{"000", "001", "002", "003", "004"});
    CHECK(hit_set(idx.searcher(), "l'application") == Set{"000", "001", "002", "003", "004"});
    CHECK(hit_set(idx.searcher(), "applications") == Set{"000", "001", "002", "003", "004"});
    CHECK(hit_set(idx.searcher(), "L’APPLICATION") == Set{"000", "001", "002", "003", "004"});
}

TEST_CASE("queries without accents find accented text", "[searcher][search][accents]") {
    Indexed idx;
    // Every document contains "résolution".
    CHECK(hit_set(idx.searcher(), "resolution") == Set{"000", "001", "002", "003", "004"});
    CHECK(hit_set(idx.searcher(), "etats") == Set{"003", "004"});
    CHECK(hit_set(idx.searcher(), "oeuvre") == Set{"003"});
    // "criminalité" stems to "criminal", "criminalite" to "criminalit": the index links them.
    CHECK(hit_set(idx.searcher(), "criminalite") == Set{"000", "001", "002", "003", "004"});
    CHECK(hit_set(idx.searcher(), "reunion") == Set{"000", "001", "002", "003", "004"});
}

TEST_CASE("a query typed with accents is accent-sensitive", "[searcher][search][accents]") {
    Indexed idx;
    // "traite" typed plainly finds "traite" (000, 002, 003) and "traitées" (003, 004).
    CHECK(hit_set(idx.searcher(), "traite") == Set{"000", "002", "003", "004"});
    // "traité" finds only accented forms: "traitées", never "la traite des personnes".
    CHECK(hit_set(idx.searcher(), "traité") == Set{"003", "004"});
    CHECK(hit_set(idx.searcher(), "résolution") == Set{"000", "001", "002", "003", "004"});
    CHECK(hit_set(idx.searcher(), "œuvre") == Set{"003"});
}

TEST_CASE("symbols are matched whole and case-insensitively", "[searcher][search][symbols]") {
    Indexed idx;
    CHECK(hits(idx.searcher(), "ctoc/cop/2014/1") == std::vector<std::string>{"001"});
    CHECK(hits(idx.searcher(), "CTOC/COP/2014/1") == std::vector<std::string>{"001"});
    CHECK(hits(idx.searcher(), "ctoc/cop/wg.7/2017/5") == std::vector<std::string>{"000"});
    // Typed without the dot of WG.7.
    CHECK(hits(idx.searcher(), "ctoc/cop/wg7/2017/5") == std::vector<std::string>{"000"});
    CHECK(hit_set(idx.searcher(), "ctoc/cop/wg7/*") == Set{"000", "001", "004"});
    // Never a document that merely contains the parts.
    CHECK(hit_set(idx.searcher(), "ctoc/cop/2014/2").empty());
    // A family by prefix.
    CHECK(hit_set(idx.searcher(), "ctoc/cop/wg.7/*") == Set{"000", "001", "004"});
    CHECK(hit_set(idx.searcher(), "cites:CTOC/COP/WG.4/*") == Set{"002", "003"});
    // A symbol that no document carries or cites, but that begins symbols of the index, is
    // their family; one that begins none finds nothing.
    CHECK(hit_set(idx.searcher(), "ctoc/cop/wg.4") == Set{"002", "003"});
    CHECK(hit_set(idx.searcher(), "CTOC/COP/WG.7") == Set{"000", "001", "004"});
    CHECK(hit_set(idx.searcher(), "ctoc/cop/wg.9").empty());
    // Typed without its first parts, as the reports themselves shorten symbols: the symbols of
    // the index that end with it, part for part; nothing when none does.
    CHECK(hits(idx.searcher(), "wg.7/2017/5") == std::vector<std::string>{"000"});
    CHECK(hits(idx.searcher(), "COP/2014/1") == std::vector<std::string>{"001"});
    CHECK(hit_set(idx.searcher(), "cites:wg.4/2019/2") ==
          hit_set(idx.searcher(), "cites:CTOC/COP/WG.4/2019/2"));
    CHECK(!hit_set(idx.searcher(), "cites:wg.4/2019/2").empty());
    CHECK(hit_set(idx.searcher(), "wg.7/2099/9").empty());
    // A corrigendum or addendum that no document carries or cites: nothing, exactly, and its
    // base document as the suggestion.
    search::SearchRequest r;
    r.query = "ctoc/cop/2014/1/add.1";
    const auto absent = idx.searcher().search(r);
    CHECK(absent.hits.empty());
    CHECK(absent.suggestion == "CTOC/COP/2014/1");
    r.query = "cites:CTOC/COP/WG.7/2017/5/Corr.1";
    CHECK(idx.searcher().search(r).suggestion == "cites:CTOC/COP/WG.7/2017/5");
    r.query = "ctoc/cop/2099/1/add.1";
    CHECK(idx.searcher().search(r).suggestion.empty());
}

TEST_CASE("a working group typed in free text finds that group's documents",
          "[searcher][search][filters]") {
    Indexed idx;
    CHECK(hit_set(idx.searcher(), "WG.4") == Set{"002", "003"});
    CHECK(hit_set(idx.searcher(), "wg.7") == Set{"000", "001", "004"});
    CHECK(hit_set(idx.searcher(), "wg.7 pandemie") == Set{"004"});
    CHECK(hit_set(idx.searcher(), "wg7") == Set{"000", "001", "004"});
    CHECK(hit_set(idx.searcher(), "WG4") == Set{"002", "003"});
    // An unknown group stays a plain word.
    CHECK(hit_set(idx.searcher(), "wg.9").empty());
}

TEST_CASE("résolution 5/3 finds the citations of 5/3 and nothing else",
          "[searcher][search][citations]") {
    Indexed idx;
    CHECK(hit_set(idx.searcher(), "résolution 5/3") == Set{"000", "001"});
    CHECK(hit_set(idx.searcher(), "resolution 5/3") == Set{"000", "001"});
    CHECK(hit_set(idx.searcher(), "res:5/3") == Set{"000", "001"});
    CHECK(hit_set(idx.searcher(), "résolution 7/1") == Set{"000", "002", "003", "004"});
    CHECK(hit_set(idx.searcher(), "décision 4/4") == Set{"002"});
    CHECK(hit_set(idx.searcher(), "resolution 6/3") == Set{"001"});
    // 5 and 3 both occur everywhere, but no other document cites 5/3.
    CHECK(hit_set(idx.searcher(), "résolution 4/4").empty());
    // "Every report citing résolution 7/1 between 2014 and 2019."
    CHECK(hit_set(idx.searcher(), "résolution 7/1 date:2014..2019") == Set{"000", "002", "003"});
}

TEST_CASE("hyphenated words match with or without the hyphen", "[searcher][search]") {
    TempDir extra;
    test::write_file(
        extra.path() / "h.jsonl",
        "{\"text\": \"Les États parties au Protocole ont rendu compte du principe de "
        "non-recours.\"}\n"
        "{\"text\": \"Les États-parties au Protocole ont adopté le sous-programme.\"}\n"
        "{\"text\": \"Les parties ont noté que les États membres ont un sousprogramme.\"}\n");
    Indexed idx({extra / "h.jsonl"});
    // Typed with the hyphen: the hyphenated, joined or spaced forms, never the words apart.
    CHECK(hit_set(idx.searcher(), "Etats-parties") == Set{"h.jsonl:1", "h.jsonl:2"});
    CHECK(hit_set(idx.searcher(), "\"etats parties\"") == Set{"h.jsonl:1", "h.jsonl:2"});
    CHECK(hit_set(idx.searcher(), "non-recours") == Set{"h.jsonl:1"});
    CHECK(hit_set(idx.searcher(), "non recours") == Set{"h.jsonl:1"});
    CHECK(hit_set(idx.searcher(), "sous-programme") == Set{"h.jsonl:2", "h.jsonl:3"});
    CHECK(hit_set(idx.searcher(), "sousprogramme") == Set{"h.jsonl:2", "h.jsonl:3"});
}

TEST_CASE("an acronym, a short name or another usual wording finds the same thing",
          "[searcher][search]") {
    TempDir extra;
    test::write_file(
        extra.path() / "n.jsonl",
        "{\"text\": \"L'Office des Nations Unies contre la drogue et le crime a présenté son "
        "rapport.\"}\n"
        "{\"text\": \"L'ONUDC a organisé un atelier régional.\"}\n"
        "{\"text\": \"La drogue et le crime sont liés, selon plusieurs offices nationaux.\"}\n"
        "{\"text\": \"La Convention des Nations Unies contre la criminalité transnationale "
        "organisée "
        "est entrée en vigueur.\"}\n"
        "{\"text\": \"La lutte contre la traite des êtres humains progresse.\"}\n");
    Indexed idx({extra / "n.jsonl"});
    const auto in_lot = [&](const std::string& query) {
        Set out;
        for (const auto& h : hit_set(idx.searcher(), query)) {
            if (h.rfind("n.jsonl:", 0) == 0)
                out.insert(h);
        }
        return out;
    };
    CHECK(in_lot("onudc") == Set{"n.jsonl:1", "n.jsonl:2"});
    CHECK(in_lot("office des nations unies contre la drogue et le crime") ==
          Set{"n.jsonl:1", "n.jsonl:2"});
    CHECK(in_lot("convention de palerme") == Set{"n.jsonl:4"});
    CHECK(in_lot("traite des personnes") == Set{"n.jsonl:5"});
    // The bundled reports on trafficking in persons are found by the other wording too.
    CHECK(hit_set(idx.searcher(), "traite des etres humains").count("002") == 1);
    // The wording typed ranks first.
    CHECK(hits(idx.searcher(), "onudc").front() == "n.jsonl:2");
}

TEST_CASE("ordinals match however they are written", "[searcher][search]") {
    Indexed idx;
    // 000 is the report of the "Neuvième session"; 002 and 004 are about "huitième réunion"s.
    CHECK(hit_set(idx.searcher(), "neuvieme session") == Set{"000"});
    CHECK(hit_set(idx.searcher(), "9e session") == Set{"000"});
    CHECK(hit_set(idx.searcher(), "9ème session") == Set{"000"});
    CHECK(hit_set(idx.searcher(), "8e reunion") == hit_set(idx.searcher(), "huitieme reunion"));
    CHECK(hit_set(idx.searcher(), "8e reunion") == Set{"002", "004"});
    // "1^{er} juillet 2016" in 002's header.
    CHECK(hit_set(idx.searcher(), "premier juillet 2016") == Set{"002"});
    // Never another number: the 10e session is not the 1er.
    CHECK(hit_set(idx.searcher(), "10e").empty());
    CHECK(hit_set(idx.searcher(), "dixieme").empty());
}

TEST_CASE("Security Council resolutions are found however they are cited",
          "[searcher][search][citations]") {
    TempDir extra;
    test::write_file(
        extra.path() / "cs.jsonl",
        "{\"text\": \"Rappelant la résolution 2331 (2016) du Conseil de sécurité sur la "
        "traite.\"}\n"
        "{\"text\": \"Voir aussi S/RES/2331 (2016) et la résolution 2388 (2017).\"}\n"
        "{\"text\": \"Les résolutions 1325 (2000), 2331 (2016) et 2388 (2017) sont citées.\"}\n"
        "{\"text\": \"Dans sa résolution 2331, le Conseil a condamné la traite.\"}\n"
        "{\"text\": \"Le budget compte 2331 postes et la résolution relève du Conseil.\"}\n");
    Indexed idx({extra / "cs.jsonl"});
    // "Dans sa résolution 2331, le Conseil": a bare number of four digits is a citation too.
    const Set cited{"cs.jsonl:1", "cs.jsonl:2", "cs.jsonl:3", "cs.jsonl:4"};
    CHECK(hit_set(idx.searcher(), "res:2331") == cited);
    CHECK(hit_set(idx.searcher(), "résolution 2331 (2016)") == cited);
    CHECK(hit_set(idx.searcher(), "s/res/2331") == cited);
    // Typed bare: the citations, and the words side by side; never a text merely holding both.
    CHECK(hit_set(idx.searcher(), "resolution 2331") ==
          Set{"cs.jsonl:1", "cs.jsonl:2", "cs.jsonl:3", "cs.jsonl:4"});
    CHECK(hit_set(idx.searcher(), "res:2388") == Set{"cs.jsonl:2", "cs.jsonl:3"});
    CHECK(hit_set(idx.searcher(), "res:1325") == Set{"cs.jsonl:3"});
}

TEST_CASE("phrases, exclusion, OR, NEAR and wildcards", "[searcher][search]") {
    Indexed idx;
    CHECK(hit_set(idx.searcher(), "\"traite des personnes\"") == Set{"000", "002", "003"});
    CHECK(hit_set(idx.searcher(), "\"Conference des Parties\"") ==
          Set{"000", "001", "002", "003", "004"});
    // Phrases do not run across words in between.
    CHECK(hit_set(idx.searcher(), "\"traite personnes\"").empty());
    CHECK(hit_set(idx.searcher(), "migrants -personnes") == Set{"001"});
    CHECK(hit_set(idx.searcher(), "armes OR covid") == Set{"004"});
    CHECK(hit_set(idx.searcher(), "pluri-institutions") == Set{"001"});
    CHECK(hit_set(idx.searcher(), "traite NEAR/3 personnes") == Set{"000", "002", "003"});
    CHECK(hit_set(idx.searcher(), "pandemi*") == Set{"004"});
    CHECK(hit_set(idx.searcher(), "(migrants OR traite) AND hybride") == Set{"004"});
}

TEST_CASE("filters: working group, dates, type, session", "[searcher][search][filters]") {
    Indexed idx;
    CHECK(hit_set(idx.searcher(), "wg:4") == Set{"002", "003"});
    CHECK(hit_set(idx.searcher(), "wg:WG.7") == Set{"000", "001", "004"});
    CHECK(hit_set(idx.searcher(), "wg:\"trafic illicite de migrants\"") ==
          Set{"000", "001", "004"});
    CHECK(hit_set(idx.searcher(), "date:2014..2016") == Set{"001", "002"});
    CHECK(hit_set(idx.searcher(), "date:2016-07..2019") == Set{"000", "002", "003"});
    CHECK(hit_set(idx.searcher(), "date:..2016") == Set{"001", "002"});
    CHECK(hit_set(idx.searcher(), "date:2019-06-18") == Set{"003"});
    CHECK(hit_set(idx.searcher(), "year:2021") == Set{"004"});
    CHECK(hit_set(idx.searcher(), "type:note-du-secretariat") == Set{"000", "001", "002"});
    CHECK(hit_set(idx.searcher(), "type:ordre-du-jour") == Set{"003", "004"});
    CHECK(hit_set(idx.searcher(), "session:9") == Set{"000", "003"});
    CHECK(hit_set(idx.searcher(), "migrants wg:7 date:2017..2019") == Set{"000"});
    // A range holding no year of the collection matches nothing, alone or with words.
    CHECK(hit_set(idx.searcher(), "year:2030").empty());
    CHECK(hit_set(idx.searcher(), "migrants year:2030").empty());
    CHECK(hit_set(idx.searcher(), "migrants date:2022..2023").empty());
    CHECK(hit_set(idx.searcher(), "migrants date:2030-05").empty());
}

TEST_CASE("sorting by date", "[searcher][search]") {
    Indexed idx;
    CHECK(hits(idx.searcher(), "application", search::Sort::date) ==
          std::vector<std::string>{"001", "002", "000", "003", "004"});
    CHECK(hits(idx.searcher(), "application", search::Sort::date_descending) ==
          std::vector<std::string>{"004", "003", "000", "002", "001"});
}

TEST_CASE("a document's own symbol ranks it above those citing it, and year-only dates",
          "[searcher][search]") {
    TempDir extra;
    test::write_file(
        extra.path() / "lot.jsonl",
        "{\"symbol\": \"CTOC/COP/2014/1\", \"date\": \"2014-07-01\", \"title\": \"Ordre du jour "
        "provisoire annoté\", \"text\": \"Ordre du jour provisoire de la septième session.\"}\n"
        "{\"symbol\": \"A/69/291/Add.2\", \"year\": 2015, \"text\": \"Rapport sur la "
        "criminalité.\"}\n");
    Indexed idx({extra / "lot.jsonl"});
    const auto ranked = hits(idx.searcher(), "ctoc/cop/2014/1");
    REQUIRE(ranked.size() == 2);
    CHECK(ranked[0] == "lot.jsonl:1");
    CHECK(ranked[1] == "001");
    CHECK(hits(idx.searcher(), "symbol:ctoc/cop/2014/1") ==
          std::vector<std::string>{"lot.jsonl:1"});
    CHECK(hits(idx.searcher(), "symbol:a/69/291/add.2") == std::vector<std::string>{"lot.jsonl:2"});
    CHECK(hits(idx.searcher(), "symbol:A/69/291/ADD.2") == std::vector<std::string>{"lot.jsonl:2"});
    // Known only by its year: inside a range covering 2015, outside one that covers part of it.
    CHECK(hit_set(idx.searcher(), "criminalite date:2014..2016").count("lot.jsonl:2") == 1);
    CHECK(hit_set(idx.searcher(), "criminalite date:2015").count("lot.jsonl:2") == 1);
    CHECK(hit_set(idx.searcher(), "criminalite date:2015-06..2015-12").count("lot.jsonl:2") == 0);
}

TEST_CASE("facets count the whole match set", "[searcher][search]") {
    Indexed idx;
    search::SearchRequest r;
    r.query = "application";
    r.limit = 1;
    r.facets = true;
    const auto result = idx.searcher().search(r);
    CHECK(result.hits.size() == 1);
    const auto& wg = result.facets.at("working_group");
    REQUIRE(wg.size() == 2);
    CHECK(wg[0] == std::make_pair(std::string("WG.7"), Xapian::doccount(3)));
    CHECK(wg[1] == std::make_pair(std::string("WG.4"), Xapian::doccount(2)));
    CHECK(result.facets.at("year").size() == 5);
}

TEST_CASE("past a number of matches, facets are estimated on a sample, said so, close to the "
          "exact counts, and the results do not change",
          "[searcher][search][facets]") {
    // 6,000 records of the bundled reports' own sentences, in five working groups of unequal
    // size and twenty years.
    const std::vector<std::string> sentences = test::corpus_paragraphs(12);
    REQUIRE(sentences.size() > 50);
    TempDir extra;
    std::string lines;
    const int groups[] = {7, 7, 7, 7, 4, 4, 4, 3, 3, 2};
    std::uint32_t state = 12345;
    const auto next = [&] { return state = state * 1103515245U + 12345U; };
    for (int i = 0; i < 6000; ++i) {
        const int wg = groups[(next() >> 8) % 10];
        const int year = 2005 + static_cast<int>((next() >> 8) % 20);
        lines += "{\"symbol\": \"CTOC/COP/WG." + std::to_string(wg) + "/" + std::to_string(year) +
                 "/" + std::to_string(i + 1) + "\", \"year\": " + std::to_string(year) +
                 ", \"text\": \"" + sentences[(next() >> 8) % sentences.size()] + " " +
                 sentences[(next() >> 8) % sentences.size()] + "\"}\n";
    }
    test::write_file(extra.path() / "many.jsonl", lines);
    Indexed idx({extra / "many.jsonl"});

    const auto with_facets = [&](const std::string& query, Xapian::doccount exact_up_to) {
        search::SearchRequest r;
        r.query = query;
        r.snippets = false;
        r.facets = true;
        r.facets_exact_up_to = exact_up_to;
        return idx.searcher().search(r);
    };
    for (const char* query : {"application", "convention", "groupe de travail"}) {
        INFO(query);
        const auto exact = with_facets(query, 0);
        REQUIRE(exact.facet_stride == 0);
        REQUIRE(exact.lower == exact.upper);
        REQUIRE(exact.estimated > 1000);
        const auto sampled = with_facets(query, 500);
        CHECK(sampled.facet_stride >= 2);
        // The sample reads about as many documents as the threshold, never many times more.
        CHECK(exact.estimated / sampled.facet_stride <= 550);
        // Without facets: a word's count is exact however many documents match (its stem's
        // documents are its documents); the count of several words is within bounds holding
        // the exact count.
        search::SearchRequest plain;
        plain.query = query;
        plain.snippets = false;
        const auto counted = idx.searcher().search(plain);
        CHECK(counted.lower <= exact.estimated);
        CHECK(counted.upper >= exact.estimated);
        if (std::string_view(query).find(' ') == std::string_view::npos) {
            CHECK(counted.lower == counted.upper);
            CHECK(counted.estimated == exact.estimated);
        }
        // The count: an estimate within its bounds, which hold the exact count.
        CHECK(sampled.lower <= exact.estimated);
        CHECK(sampled.upper >= exact.estimated);
        CHECK(sampled.estimated >= sampled.lower);
        CHECK(sampled.estimated <= sampled.upper);
        CHECK(std::abs(double(sampled.estimated) - double(exact.estimated)) <
              0.15 * exact.estimated);
        // Every match has a working group: their estimates add up to about the count.
        Xapian::doccount sum = 0;
        for (const auto& [value, n] : sampled.facets.at("working_group"))
            sum += n;
        CHECK(std::abs(double(sum) - double(exact.estimated)) < 0.1 * exact.estimated);
        // Every value holding a fifth of the matches is there, within a fifth of its count.
        for (const char* facet : {"working_group", "year"}) {
            std::map<std::string, Xapian::doccount> estimate;
            for (const auto& [value, n] : sampled.facets.at(facet))
                estimate[value] = n;
            for (const auto& [value, n] : exact.facets.at(facet)) {
                if (n * 5 < exact.estimated)
                    continue;
                INFO(facet << " " << value << ": " << n << " stride " << sampled.facet_stride
                           << " total " << exact.estimated << " est " << sampled.estimated);
                REQUIRE(estimate.count(value) == 1);
                CHECK(std::abs(double(estimate[value]) - double(n)) < 0.2 * n);
            }
        }
        // Split over threads by ranges of document ids (as on a large index), the sample is
        // the same documents: the same estimates, the same count.
        for (const std::size_t threads : {2, 3}) {
            search::SearchRequest r;
            r.query = query;
            r.snippets = false;
            r.facets = true;
            r.facets_exact_up_to = 500;
            r.slicing.threads = threads;
            r.slicing.min_documents = 0;
            r.slicing.min_postings = 0;
            const auto split = idx.searcher().search(r);
            INFO(threads << " threads");
            CHECK(split.slices == threads);
            CHECK(split.facet_stride == sampled.facet_stride);
            CHECK(split.estimated == sampled.estimated);
            CHECK(split.facets == sampled.facets);
        }
        // The largest working group first in both.
        CHECK(sampled.facets.at("working_group").front().first == "WG.7");
        CHECK(exact.facets.at("working_group").front().first == "WG.7");
        // The results themselves are the same.
        REQUIRE(sampled.hits.size() == exact.hits.size());
        for (std::size_t k = 0; k < exact.hits.size(); ++k)
            CHECK(sampled.hits[k].docid == exact.hits[k].docid);
    }
    // Below the threshold they are exact, and said so.
    const auto few = with_facets("application wg:4 date:2010", 500);
    CHECK(few.facet_stride == 0);
    CHECK(few.lower == few.upper);
    REQUIRE(few.estimated > 0);
    CHECK(few.facets.at("working_group").front() ==
          std::make_pair(std::string("WG.4"), few.estimated));
}

TEST_CASE("snippets show the matching passage with the words marked", "[searcher][search]") {
    Indexed idx;
    search::SearchRequest r;
    r.query = "resolution 6/3";
    const auto result = idx.searcher().search(r);
    REQUIRE(result.hits.size() == 1);
    const std::string& snippet = result.hits[0].snippet;
    CHECK(snippet.find("\x01résolution\x02 \x01"
                       "6/3\x02") != std::string::npos);
    CHECK(snippet.size() < 400);
}

TEST_CASE("unknown words get a did-you-mean from the index's own words", "[searcher][search]") {
    Indexed idx;
    search::SearchRequest r;
    r.query = "trafficc illicite";
    const auto result = idx.searcher().search(r);
    CHECK(result.suggestion == "trafic illicite");
    // No document has both words: those with some of them are shown, flagged as such.
    CHECK(result.relaxed);
    CHECK(result.hits.size() == 3);
    r.relax = false;
    CHECK(idx.searcher().search(r).hits.empty());
}

TEST_CASE("a document's own words, typed plainly, find it", "[searcher][search][roundtrip]") {
    // Lower case, no accents, no elisions: as researchers type.
    std::vector<std::string> extra;
    const std::string unv1 = test::shared_unv1();
    TempDir sample_dir;
    std::vector<std::string> sample_texts;
    if (!unv1.empty()) {
        std::ifstream in(unv1);
        std::ofstream out(sample_dir / "sample.jsonl");
        std::string line;
        for (int n = 0; std::getline(in, line) && n < 1200; ++n) {
            if (n % 12 == 0)
                out << line << "\n";
        }
        extra.push_back(sample_dir / "sample.jsonl");
    } else {
        WARN("shared UN corpus absent: checking the bundled corpus only");
    }
    Indexed idx(extra);
    const Xapian::Database& db = idx.searcher().database();
    analysis::Analyzer analyzer;
    std::size_t checked = 0;
    for (Xapian::docid id = 1; id <= db.get_lastdocid(); ++id) {
        search::SearchRequest probe;
        const std::string text = idx.searcher().stored_text(id);
        REQUIRE_FALSE(text.empty());
        const auto tokens = analyzer.tokens(text);
        for (std::size_t k = 0; k < tokens.size(); k += 17) {
            const auto& t = tokens[k];
            if (t.stopword || t.role != analysis::TokenRole::plain || t.term.size() < 3)
                continue;
            search::SearchRequest r;
            r.query = t.term; // folded: lower case, no accents, no elision
            r.limit = 10000;
            r.snippets = false;
            bool found = false;
            for (const auto& h : idx.searcher().search(r).hits)
                found = found || h.docid == id;
            INFO("document " << id << " word '" << t.term << "' ("
                             << text.substr(t.begin, t.end - t.begin) << ")");
            CHECK(found);
            ++checked;
        }
    }
    CHECK(checked > 100);
}

TEST_CASE("a list of resolutions finds the documents citing any of them, those citing more first",
          "[searcher][search][citations]") {
    TempDir extra;
    test::write_file(extra.path() / "list.jsonl",
                     "{\"text\": \"Rappelant ses résolutions 5/3 et 6/1 sur la traite.\"}\n"
                     "{\"text\": \"En application de la résolution 5/3, puis de la résolution 5/3 "
                     "encore, et de la "
                     "résolution 5/3.\"}\n"
                     "{\"text\": \"Dans sa résolution 6/1, la Conférence a décidé.\"}\n"
                     "{\"text\": \"La Conférence a examiné la traite.\"}\n");
    Indexed idx({extra / "list.jsonl"});
    const auto ranked = hits(idx.searcher(), "résolutions 5/3 et 6/1");
    std::vector<std::string> from_list;
    for (const auto& h : ranked)
        if (h.rfind("list.jsonl", 0) == 0)
            from_list.push_back(h);
    REQUIRE(from_list.size() == 3);
    // Citing both ranks above citing one of them three times.
    CHECK(from_list.front() == "list.jsonl:1");
    CHECK(Set(from_list.begin(), from_list.end()) ==
          Set{"list.jsonl:1", "list.jsonl:2", "list.jsonl:3"});
    // The bundled documents citing 5/3 come with them.
    CHECK(hit_set(idx.searcher(), "résolutions 5/3 et 6/1").count("000"));
    search::SearchRequest r;
    r.query = "résolutions 5/3 et 6/1";
    CHECK(idx.searcher().explain(r).rfind(
              "résolutions 5/3 et 6/1: documents citing any of resolutions 5/3, 6/1", 0) == 0);
}

TEST_CASE("a Security Council resolution is found with or without its year, in either spelling",
          "[searcher][search][citations]") {
    TempDir extra;
    test::write_file(
        extra.path() / "sres.jsonl",
        "{\"symbol\": \"S/RES/2214._2015_\", \"text\": \"Résolution 2214 (2015)\\n\\nLe Conseil de "
        "sécurité, Rappelant sa résolution 2174 (2014),\"}\n"
        "{\"text\": \"Voir S/RES/2214 et la suite.\"}\n"
        "{\"text\": \"Les mesures prévues par la résolution 2214 (2015) du Conseil de "
        "sécurité.\"}\n"
        "{\"text\": \"Le budget de 2015 compte 2214 postes.\"}\n");
    Indexed idx({extra / "sres.jsonl"});
    for (const char* typed :
         {"S/RES/2214 (2015)", "s/res/2214", "S/RES/2214._2015_", "s/res/2214(2015)"}) {
        INFO(typed);
        const auto ranked = hits(idx.searcher(), typed);
        REQUIRE_FALSE(ranked.empty());
        CHECK(ranked.front() == "sres.jsonl:1"); // the resolution itself first
        CHECK(Set(ranked.begin(), ranked.end()) ==
              Set{"sres.jsonl:1", "sres.jsonl:2", "sres.jsonl:3"});
    }
    // The resolution's own heading is not a citation of itself.
    search::SearchRequest r;
    r.limit = 10;
    r.snippets = false;
    const auto by = idx.searcher().cited_by("2214", r);
    std::set<std::string> citing;
    for (const auto& h : by.hits)
        citing.insert(
            std::filesystem::path(h.meta.at("path").get<std::string>()).filename().string() + ":" +
            h.meta.at("line").dump());
    CHECK(citing == Set{"sres.jsonl:2", "sres.jsonl:3"});
}

TEST_CASE("a --cited-by search keeps the other filters", "[searcher][search][citations]") {
    TempDir extra;
    test::write_file(
        extra.path() / "years.jsonl",
        "{\"year\": 2014, \"text\": \"Conformément à la résolution 7/1 de la Conférence.\"}\n"
        "{\"year\": 2019, \"text\": \"Dans sa résolution 7/1, la Conférence a décidé.\"}\n");
    Indexed idx({extra / "years.jsonl"});
    search::SearchRequest r;
    r.limit = 100;
    r.snippets = false;
    const auto lines_of = [](const search::SearchResult& result) {
        Set lines;
        for (const auto& h : result.hits)
            if (h.meta.count("line"))
                lines.insert(h.meta.at("line").dump());
        return lines;
    };
    CHECK(lines_of(idx.searcher().cited_by("résolution 7/1", r)) == Set{"1", "2"});
    r.filters = {"year:2019"};
    CHECK(lines_of(idx.searcher().cited_by("résolution 7/1", r)) == Set{"2"});
}

TEST_CASE("every unv1-fr document is ranked first when its own symbol is typed, either spelling, "
          "any case",
          "[searcher][search][citations][unv1]") {
    const std::string unv1 = test::shared_unv1();
    if (unv1.empty()) {
        WARN("shared UN corpus absent (../shared/corpora/unv1-fr): the own-symbol check of its "
             "1,463 documents "
             "did not run");
        return;
    }
    Indexed idx({unv1});
    const Xapian::Database& db = idx.searcher().database();
    const auto lower = [](std::string s) {
        std::transform(s.begin(), s.end(), s.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        return s;
    };
    std::size_t documents = 0, found = 0;
    std::vector<std::string> failures;
    for (Xapian::docid id = 1; id <= db.get_lastdocid(); ++id) {
        const auto meta =
            corpus::json::parse(db.get_document(id).get_data()).get<corpus::json::Object>();
        if (!meta.count("line"))
            continue; // a bundled document
        ++documents;
        const std::string printed = meta.at("symbol").get<std::string>();
        const std::string parallel = meta.at("given").at("symbol").get<std::string>();
        bool all = true;
        for (const std::string& typed : {printed, lower(printed), parallel, lower(parallel)}) {
            search::SearchRequest r;
            r.query = typed;
            r.limit = 1;
            r.snippets = false;
            const auto result = idx.searcher().search(r);
            if (result.hits.empty() || result.hits.front().docid != id) {
                all = false;
                if (failures.size() < 10)
                    failures.push_back(typed);
            }
        }
        found += all ? 1 : 0;
    }
    INFO("first failures: " << [&] {
        std::string s;
        for (const auto& f : failures)
            s += f + "; ";
        return s;
    }());
    CHECK(documents == 1463);
    CHECK(found == documents);
}

TEST_CASE(
    "no byte of a document can fake a highlight in a snippet, a citing sentence or a marked page",
    "[searcher][snippet]") {
    search::Highlight h;
    h.forms = {"traite"};
    const std::string text =
        "Le \x01"
        "faux\x02 surlignage \x1b[31m et la traite des personnes.\n\nAutre \x02 fin.";
    const auto marks = [](const std::string& s) {
        return std::make_pair(std::count(s.begin(), s.end(), '\x01'),
                              std::count(s.begin(), s.end(), '\x02'));
    };
    const std::string snippet = search::make_snippet(text, h);
    CHECK(marks(snippet) == std::make_pair(std::ptrdiff_t{1}, std::ptrdiff_t{1}));
    CHECK_THAT(snippet, Catch::Contains("\x01traite\x02") && !Catch::Contains("\x1b"));
    const std::string page = search::mark_matches(text, h);
    CHECK(marks(page) == std::make_pair(std::ptrdiff_t{1}, std::ptrdiff_t{1}));
    CHECK_THAT(page, Catch::Contains("\x01traite\x02") && Catch::Contains("personnes.\n\nAutre"));
    CHECK(page.find('\x1b') == std::string::npos);
}

TEST_CASE("a snippet shows the passage where the query's words meet, deep in a long document",
          "[searcher][search][text]") {
    // 2 MB of the bundled corpus's sentences, the words searched together only near the end.
    TempDir extra;
    std::string body;
    for (const auto& e : std::filesystem::directory_iterator(test::corpus_dir())) {
        std::ifstream in(e.path());
        body += std::string(std::istreambuf_iterator<char>(in), {});
    }
    std::string text;
    while (text.size() < (2u << 20))
        text += body + "\n\n";
    text +=
        "Le secrétariat a reçu du wombat une note sur le kangourou et l'ornithorynque.\n\n" + body;
    text += "Un dernier mot sur le wombat seul.\n";
    test::write_file(extra.path() / "long.txt", text);
    Indexed idx({extra / "long.txt"});
    search::SearchRequest r;
    r.query = "wombat ornithorynque";
    const auto result = idx.searcher().search(r);
    REQUIRE(result.hits.size() == 1);
    const std::string& snippet = result.hits[0].snippet;
    CHECK_THAT(snippet,
               Catch::StartsWith("… ") && Catch::EndsWith(" …") &&
                   Catch::Contains(
                       "du \x01wombat\x02 une note sur le kangourou et l'\x01ornithorynque\x02"));
    // The whole text comes back as it was indexed.
    CHECK(idx.searcher().stored_text(result.hits[0].docid) == analysis::prepare_text(text));
}

TEST_CASE("pages of results follow one another as in one long list", "[searcher][search]") {
    // One word (ranked by the first pass alone, the page cut from it) and several words (ranked
    // again with the proximity boosts): page n shows the n-th slice of the whole ranking.
    Indexed idx;
    for (const std::string query : {"application", "traite", "migrants", "traite personnes",
                                    "l'application de la convention", "migrants OR armes"}) {
        CAPTURE(query);
        search::SearchRequest all;
        all.query = query;
        all.limit = 10;
        all.snippets = false;
        const auto whole = idx.searcher().search(all);
        REQUIRE(whole.hits.size() >= 3);
        std::vector<Xapian::docid> paged;
        for (std::size_t offset = 0; offset < whole.hits.size(); offset += 2) {
            search::SearchRequest page = all;
            page.offset = offset;
            page.limit = 2;
            const auto result = idx.searcher().search(page);
            CHECK(result.estimated == whole.estimated);
            for (const auto& h : result.hits) {
                CHECK(h.rank == paged.size() + 1);
                paged.push_back(h.docid);
            }
        }
        std::vector<Xapian::docid> expected;
        for (const auto& h : whole.hits)
            expected.push_back(h.docid);
        CHECK(paged == expected);
    }
}

TEST_CASE("a working group or a session of the Conference typed with a space and res. 7/1 "
          "find what they name",
          "[searcher][search]") {
    Indexed idx;
    auto& s = idx.searcher();
    CHECK(hit_set(s, "wg 7") == hit_set(s, "WG.7"));
    CHECK(hit_set(s, "wg 4") == hit_set(s, "wg.4"));
    CHECK(hit_set(s, "wg 4").size() == 2);
    CHECK(hit_set(s, "migrants wg 7") == hit_set(s, "migrants wg:7"));
    // The Conference's ninth session: its documents (the note on the WG.7 reports), not the
    // ninth meeting of the trafficking working group that session:9 also finds.
    CHECK(hit_set(s, "cop 9") == Set{"000"});
    CHECK(hit_set(s, "COP9") == Set{"000"});
    CHECK(hit_set(s, "session:9").size() == 2);
    CHECK(hit_set(s, "res 7/1") == hit_set(s, "résolution 7/1"));
    CHECK(hit_set(s, "rés. 5/3") == hit_set(s, "résolution 5/3"));
    CHECK_FALSE(hit_set(s, "res 7/1").empty());
}

TEST_CASE("a range of years typed in free text filters by date", "[searcher][search][filters]") {
    Indexed idx;
    auto& s = idx.searcher();
    const Set cited = hit_set(s, "résolution 7/1 date:2014..2019");
    REQUIRE_FALSE(cited.empty());
    CHECK(hit_set(s, "résolution 7/1 2014..2019") == cited);
    CHECK(hit_set(s, "résolution 7/1 2014..2019").size() < hit_set(s, "résolution 7/1").size());
    CHECK(hit_set(s, "migrants ..2016") == hit_set(s, "migrants date:..2016"));
    CHECK(hit_set(s, "2016..") == hit_set(s, "date:2016.."));
    // Not a range of years: numbers with dots stay text.
    CHECK(hit_set(s, "1.2..3") == hit_set(s, "1.2 3"));
    CHECK_FALSE(hit_set(s, "1.2..3").empty());
}

TEST_CASE("a snippet marks the words reached through their stem and no other",
          "[searcher][snippet]") {
    analysis::Analyzer analyzer;
    search::Highlight h;
    h.stems = {analyzer.stem_of("traite"), analyzer.stem_of("migrations")};
    const std::string text = "Le traitement des migrations, la traite, les transports et les "
                             "travaux de la migration du traité.";
    const std::string snippet = search::make_snippet(text, h);
    for (const char* marked : {"traitement", "migrations", "traite", "migration", "traité"})
        CHECK_THAT(snippet, Catch::Contains(std::string("\x01") + marked + "\x02"));
    for (const char* plain : {"transports", "travaux", "Le", "des"})
        CHECK_THAT(snippet, !Catch::Contains(std::string("\x01") + plain + "\x02"));
}

TEST_CASE("collapsing to one document a family changes nothing when each is its own family",
          "[searcher][search]") {
    // The five bundled reports carry five symbols of different families: a collapsed search
    // ranks and scores them exactly as the plain one (same passes, same boosts).
    Indexed idx;
    for (const std::string query :
         {"traite des personnes", "trafic illicite de migrants", "conference des parties",
          "groupe de travail", "criminalite organisee", "\"conference des parties\""}) {
        INFO("query: " << query);
        search::SearchRequest r;
        r.query = query;
        r.snippets = false;
        const auto plain = idx.searcher().search(r);
        r.collapse_family = true;
        const auto collapsed = idx.searcher().search(r);
        REQUIRE(plain.hits.size() >= 2);
        REQUIRE(plain.hits.size() == collapsed.hits.size());
        for (std::size_t k = 0; k < plain.hits.size(); ++k) {
            CHECK(plain.hits[k].docid == collapsed.hits[k].docid);
            CHECK(plain.hits[k].score == collapsed.hits[k].score);
        }
    }
}
