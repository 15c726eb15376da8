// What a researcher means ranks first: the word as typed before its accent variants, those
// before the rest of its Snowball stem; quoted words as typed, at their positions.
#include <ctoc/index/indexer.h>
#include <ctoc/search/searcher.h>

#include "support.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>

using namespace ctoc;
using ctoc::test::TempDir;

namespace {

/// Sentences of the bundled corpus and unv1-fr, one document each ("t1" ... as ids).
const char* const documents[][2] = {
    // "traite" (trafficking), "traité" (treaty), "traitement" (treatment), "traiter".
    {"t1", "Le Groupe de travail sur la traite des personnes a tenu sa neuvième réunion à Vienne."},
    {"t2", "Mesures de prévention de la criminalité relatives à la traite des personnes."},
    {"t3", "Les victimes de traites diverses sont des personnes vulnérables."},
    {"n1", "Le Traité sur la non-prolifération des armes nucléaires protège les personnes. Le "
           "traité est entré en vigueur."},
    {"n2", "Conférence des Parties chargée d'examiner le Traité : les personnes et les traités."},
    {"m1", "Le traitement des personnes vivant avec le VIH, le traitement antirétroviral et le "
           "traitement précoce."},
    {"m2", "Les États doivent traiter les personnes détenues avec humanité, traiter les demandes "
           "et traiter les plaintes."},
    // "au-delà" and "délai" both stem to "del".
    {"d1", "Le Bureau devra poursuivre son action au-delà de 2015."},
    {"d2", "Les zones situées au-delà des limites de la juridiction nationale."},
    {"l1", "Le délai de présentation des rapports est expiré ; les délais sont courts et le délai "
           "court."},
    {"l2", "Dans un délai de trois mois, le délai fixé par le Comité."},
    // Elided articles and ordinals.
    {"o1", "Le rapport de l'organe subsidiaire a été adopté."},
    {"o2", "Il s'agit de savoir qu'organe subsidiaire et comité diffèrent."},
    {"s1", "La Conférence a tenu sa neuvième session à Vienne en octobre 2018."},
    {"s2", "L'Assemblée générale, à sa soixante-neuvième session, a adopté la résolution."},
    {"s3", "Rapport de la 9e session du Groupe de travail."},
    {"s4", "Ordre du jour de la 9ème session."},
    // "traité" far from "des personnes": a phrase must be checked at its positions.
    {"p1", "Le traité a été signé. La traite des personnes reste un fléau."},
    // "concernés" (concerned), never written without accents, and the verb "concerne".
    {"c1", "Les États concernés ont présenté leurs rapports au Secrétariat."},
    {"c2", "Les pays concernés par le trafic de migrants ont coopéré."},
    {"c3", "Cette question concerne le Secrétariat et le budget."},
    {"c4", "Le projet concerne les mesures adoptées en 2015."},
    {"c5", "La décision concerne aussi les organisations régionales."},
    // "quelqu'un" and "jusqu'à": elided articles before stop words.
    {"q1", "Quelqu'un a demandé la parole jusqu'à la fin de la séance."},
    {"q2", "Un représentant a demandé si un vote était prévu."},
};

/// The ids of the documents matching a query, in rank order.
std::vector<std::string> ranked(search::Searcher& s, const std::string& query) {
    search::SearchRequest r;
    r.query = query;
    r.limit = 100;
    r.snippets = false;
    r.relax = false;
    std::vector<std::string> out;
    for (const auto& h : s.search(r).hits)
        out.push_back(documents[std::stoul(h.meta.at("line").dump()) - 1][0]);
    return out;
}

std::set<std::string> set_of(const std::vector<std::string>& v) {
    return {v.begin(), v.end()};
}

/// The first n ids of a ranking, as a set.
std::set<std::string> top(const std::vector<std::string>& v, std::size_t n) {
    return {v.begin(), v.begin() + static_cast<long>(std::min(n, v.size()))};
}

/// The documents above as JSON Lines, one a line.
std::string document_lines() {
    std::string lines;
    for (const auto& d : documents)
        lines += std::string("{\"text\": \"") + d[1] + "\"}\n";
    return lines;
}

/// An index of JSON Lines records (the documents above by default), and a searcher of it.
class RankingIndex {
public:
    explicit RankingIndex(const std::string& lines = document_lines()) {
        test::write_file(m_dir.path() / "docs.jsonl", lines);
        index::IndexerConfig config;
        config.database = m_dir / "db";
        config.inputs = {m_dir / "docs.jsonl"};
        index::run_indexer(config, [](const corpus::Diagnostic& d) { FAIL(d.to_string()); });
        m_searcher = std::make_unique<search::Searcher>(config.database);
    }
    search::Searcher& searcher() { return *m_searcher; }
    /// The "line" of each hit (its line in the JSON Lines), best first; without snippets, and
    /// without the documents holding some of the words only.
    std::vector<int> lines(const std::string& query, std::size_t offset = 0,
                           std::size_t limit = 10) {
        search::SearchRequest r;
        r.query = query;
        r.snippets = false;
        r.relax = false;
        r.offset = offset;
        r.limit = limit;
        std::vector<int> out;
        for (const auto& h : m_searcher->search(r).hits)
            out.push_back(h.meta.at("line").get<int>());
        return out;
    }

private:
    TempDir m_dir;
    std::unique_ptr<search::Searcher> m_searcher;
};

} // namespace

TEST_CASE(
    "a word typed without accents ranks its own forms, then its accent variants, then its stem",
    "[searcher][ranking]") {
    RankingIndex idx;
    auto& s = idx.searcher();
    // Every document of the stem matches; "traite" and "traites" come first, the treaties next,
    // treatment and "traiter" last.
    const auto traite = ranked(s, "traite personnes");
    REQUIRE(traite.size() == 8);
    CHECK(top(traite, 4) == std::set<std::string>{"t1", "t2", "t3", "p1"});
    CHECK(set_of({traite.begin() + 4, traite.begin() + 6}) == std::set<std::string>{"n1", "n2"});
    CHECK(set_of({traite.begin() + 6, traite.end()}) == std::set<std::string>{"m1", "m2"});
    // "dela" is the "delà" of "au-delà" before the "délai" of the same stem.
    const auto dela = ranked(s, "dela");
    REQUIRE(dela.size() == 4);
    CHECK(top(dela, 2) == std::set<std::string>{"d1", "d2"});
    CHECK(set_of(ranked(s, "delai")) == std::set<std::string>{"l1", "l2"});
    // "concernes" is written nowhere without accents: the researcher means "concernés", which
    // comes before the verb "concerne", an inflection of the spelling typed but another word.
    const auto concernes = ranked(s, "concernes");
    REQUIRE(concernes.size() == 5);
    CHECK(top(concernes, 2) == std::set<std::string>{"c1", "c2"});
}

TEST_CASE("a word typed with accents is accent-sensitive, and exclusions take only what they name",
          "[searcher][ranking]") {
    RankingIndex idx;
    auto& s = idx.searcher();
    CHECK(set_of(ranked(s, "traité")) == std::set<std::string>{"n1", "n2", "p1"});
    CHECK(set_of(ranked(s, "délai")) == std::set<std::string>{"l1", "l2"});
    // -traité leaves the documents that say "traite" only; -traitement those about treatment.
    CHECK(set_of(ranked(s, "traite personnes -traité")) ==
          std::set<std::string>{"t1", "t2", "t3", "m1", "m2"});
    CHECK(set_of(ranked(s, "traite -traité -traitement -traiter")) ==
          std::set<std::string>{"t1", "t2", "t3"});
    // =traite: that form only, not its plural, accent variants or stem.
    CHECK(set_of(ranked(s, "=traite")) == std::set<std::string>{"t1", "t2", "p1"});
}

TEST_CASE("quoted words match as typed, at their positions", "[searcher][ranking]") {
    RankingIndex idx;
    auto& s = idx.searcher();
    // The elided article is part of the phrase.
    CHECK(ranked(s, "\"l'organe subsidiaire\"") == std::vector<std::string>{"o1"});
    CHECK(set_of(ranked(s, "organe subsidiaire")) == std::set<std::string>{"o1", "o2"});
    // "neuvième session" is not inside "soixante-neuvième session"; unquoted, every spelling of
    // the ordinal gives the same documents; quoted, the spelling typed.
    const std::set<std::string> ninth{"s1", "s3", "s4"};
    for (const char* q : {"neuvième session", "9e session", "9ème session", "neuvieme session"}) {
        INFO(q);
        CHECK(set_of(ranked(s, q)) == ninth);
    }
    CHECK(ranked(s, "\"neuvième session\"") == std::vector<std::string>{"s1"});
    CHECK(ranked(s, "\"9e session\"") == std::vector<std::string>{"s3"});
    CHECK(ranked(s, "\"soixante-neuvième session\"") == std::vector<std::string>{"s2"});
    // Accents typed in a phrase are checked where they stand: p1 has "traité" and "traite des
    // personnes", not "traité des personnes".
    CHECK(ranked(s, "\"traité des personnes\"").empty());
    CHECK(set_of(ranked(s, "\"traite des personnes\"")) == std::set<std::string>{"t1", "t2", "p1"});
    // Stop words alone are searched as typed, with their elided article: "quelqu'un" is not
    // every document saying "un".
    CHECK(ranked(s, "quelqu'un") == std::vector<std::string>{"q1"});
    CHECK(ranked(s, "jusqu'à") == std::vector<std::string>{"q1"});
    CHECK(ranked(s, "un").size() >= 2);
    // Typed without accents, a quoted word matches its accent variants, never its inflections.
    CHECK(set_of(ranked(s, "\"le traite\"")) == std::set<std::string>{"n1", "n2", "p1"});
}

TEST_CASE("on the UN corpus, traite personnes ranks only documents saying traite first",
          "[searcher][ranking][unv1]") {
    const std::string unv1 = test::shared_unv1();
    if (unv1.empty()) {
        WARN("SKIPPED: the shared UN corpus (../shared/corpora/unv1-fr) is absent");
        return;
    }
    TempDir dir;
    index::IndexerConfig config;
    config.database = dir / "db";
    config.inputs = {test::corpus_dir(), unv1};
    index::run_indexer(config, [](const corpus::Diagnostic&) {});
    search::Searcher s(config.database);
    search::SearchRequest r;
    r.query = "traite personnes";
    r.snippets = false;
    const auto result = s.search(r);
    REQUIRE(result.hits.size() == 10);
    for (const auto& h : result.hits) {
        const std::string text = s.stored_text(h.docid);
        INFO(h.meta.at("path").get<std::string>());
        const bool says_traite = text.find("traite ") != std::string::npos ||
                                 text.find("traite,") != std::string::npos ||
                                 text.find("traites") != std::string::npos ||
                                 text.find("Traite") != std::string::npos;
        CHECK(says_traite);
    }
}

TEST_CASE(
    "a word typed without accents reaches every accented spelling, whichever thread indexed it",
    "[searcher][ranking]") {
    // Each analysis thread records the accent variants it meets; merging the threads' shards
    // must keep the union. Ten words, each written "é" in one document and "è" in another: at
    // least one pair lands in two threads whatever the hash of their ids.
    TempDir dir;
    std::string lines;
    for (char c = 'a'; c < 'a' + 10; ++c) {
        lines += std::string("{\"text\": \"La communauté célébrera ") + "kalébra" + c + ".\"}\n";
        lines += std::string("{\"text\": \"La communauté célébrera ") + "kalèbra" + c + ".\"}\n";
    }
    test::write_file(dir.path() / "docs.jsonl", lines);
    index::IndexerConfig config;
    config.database = dir / "db";
    config.inputs = {dir / "docs.jsonl"};
    config.threads = 2;
    index::run_indexer(config, [](const corpus::Diagnostic& d) { FAIL(d.to_string()); });
    search::Searcher s(config.database);
    for (char c = 'a'; c < 'a' + 10; ++c) {
        // Quoted, so that the other words of the stem ("kalebrab") stay out.
        for (const std::string& q :
             {std::string("\"kalebra") + c + "\"", std::string("\"celebrera kalebra") + c + "\""}) {
            search::SearchRequest r;
            r.query = q;
            r.snippets = false;
            INFO(q);
            CHECK(s.search(r).hits.size() == 2);
        }
    }
}

TEST_CASE("a document is weighed for words typed together only where it holds them together, "
          "whatever the query's shape",
          "[searcher][ranking]") {
    // The bundled reports' paragraphs, one record each.
    const std::vector<std::string> paragraphs = test::corpus_paragraphs(5);
    REQUIRE(paragraphs.size() > 50);
    TempDir dir;
    std::string lines;
    for (const auto& p : paragraphs)
        lines += "{\"text\": \"" + p + "\"}\n";
    test::write_file(dir.path() / "paragraphs.jsonl", lines);
    index::IndexerConfig config;
    config.database = dir / "db";
    config.inputs = {dir / "paragraphs.jsonl"};
    index::run_indexer(config, [](const corpus::Diagnostic& d) { FAIL(d.to_string()); });
    search::Searcher s(config.database);

    const auto scores = [&](const std::string& query, bool any, search::Sort sort) {
        search::SearchRequest r;
        r.query = query;
        r.any = any;
        r.sort = sort;
        r.limit = 500;
        r.snippets = false;
        r.relax = false;
        std::map<std::string, double> out;
        for (const auto& h : s.search(r).hits)
            out[h.meta.at("line").dump()] = h.score;
        return out;
    };
    // --any with a required word ("+travail nations convention": "travail" must match, the
    // others weigh where they are, and more where they stand together in the order typed).
    // A paragraph without one of the two last words has no part of that proximity boost: its
    // weight is the one it has ranked by date, where no boost is added. Xapian 1.4.22 weighed such
    // paragraphs as if they held the words together when the boost was filtered to the first pass's
    // documents after it (FILTER of a nested AND_MAYBE).
    const char* const words[] = {"travail",     "nations",   "convention", "groupe",
                                 "conférence",  "traite",    "migrants",   "réunion",
                                 "criminalité", "illicite",  "contre",     "personnes",
                                 "rapport",     "protocole", "session",    "application"};
    std::size_t checked = 0, boosted = 0;
    std::uint32_t state = 2026;
    const auto pick = [&] {
        state = state * 1103515245U + 12345U;
        return std::string(words[(state >> 8) % std::size(words)]);
    };
    for (int q = 0; q < 40; ++q) {
        const std::string a = q == 0 ? "travail" : pick();
        const std::string b = q == 0 ? "nations" : pick();
        const std::string c = q == 0 ? "convention" : pick();
        if (a == b || b == c || a == c)
            continue;
        const std::string query = "+" + a + " " + b + " " + c;
        INFO(query);
        const auto relevance = scores(query, true, search::Sort::relevance);
        const auto dated = scores(query, true, search::Sort::date);
        // Every paragraph holding both words in any form (a superset of those the boost finds).
        const auto both = scores(b + " " + c, false, search::Sort::relevance);
        REQUIRE(relevance.size() == dated.size());
        for (const auto& [line, score] : relevance) {
            if (both.count(line) != 0) {
                boosted += score > dated.at(line) + 1e-9;
                continue;
            }
            INFO("paragraph " << line);
            CHECK(score <= dated.at(line) + 1e-9);
            ++checked;
        }
    }
    CHECK(checked > 200);
    CHECK(boosted > 10);
}

TEST_CASE("the word as typed ranks before its other inflections, however rare they are",
          "[searcher][ranking]") {
    // Twelve reports say "l'application" once in a long sentence; one short record says
    // "applications" (software) three times. The rare plural weighs far more by BM25 than a word
    // every report holds: ranked by all their forms together, the record came first for
    // "l'application" (the unv1-fr collection has such a record, A/70/6 (Sect. 12)).
    std::string lines;
    for (int k = 1; k <= 12; ++k) {
        lines +=
            "{\"text\": \"Le rapport " + std::to_string(k) +
            " porte sur l'application de la Convention par les États parties, les mesures "
            "prises au niveau national et la coopération internationale en matière pénale.\"}\n";
    }
    lines += "{\"text\": \"Applications informatiques : migration des applications et "
             "maintenance des applications.\"}\n";
    RankingIndex idx(lines);
    auto& s = idx.searcher();
    search::SearchRequest r;
    r.snippets = false;
    r.limit = 10;
    for (const std::string query : {"l'application", "application", "application convention"}) {
        INFO(query);
        r.query = query;
        const auto result = s.search(r);
        REQUIRE(result.hits.size() == 10);
        for (const auto& h : result.hits)
            CHECK(h.meta.at("line").get<int>() <= 12);
    }
    // The plural is still found: the thirteenth match, whatever the page size (a page larger
    // than the documents holding the word as typed ranks them first all the same), and the
    // first ten of a longer page are the page of ten.
    for (const std::string query : {"l'application", "application", "application convention"}) {
        r.query = query;
        r.limit = 10;
        const auto ten = s.search(r);
        for (const std::size_t limit : {13, 20, 100}) {
            INFO(query << ", " << limit << " results");
            r.limit = limit;
            const auto result = s.search(r);
            REQUIRE(result.hits.size() == (query == "application convention" ? 12 : 13));
            for (std::size_t k = 0; k < 12; ++k)
                CHECK(result.hits[k].meta.at("line").get<int>() <= 12);
            for (std::size_t k = 0; k < ten.hits.size(); ++k)
                CHECK(result.hits[k].docid == ten.hits[k].docid);
        }
    }
}

TEST_CASE("every page of results is a page of one order: none shown twice, none left out",
          "[searcher][ranking]") {
    // Forty reports say "principaux" once, longer and longer (so further and further down by
    // BM25), among 160 short records without it; the twenty-fifth also says "principal" four
    // times, which weighs when the best are ranked again by all the word's forms. Pages of ten,
    // read one after the other, must be the first forty of one list, as a researcher paging
    // through ctoc-serve reads them (ranking the best 30 again for the third page showed the
    // twentieth report twice and the twenty-fifth never).
    std::string lines;
    std::string padding;
    for (int k = 1; k <= 40; ++k) {
        padding += " Les États parties ont communiqué des informations sur les mesures prises.";
        std::string text =
            "Le rapport " + std::to_string(k) + " présente les principaux résultats." + padding;
        if (k == 25)
            text += " Le principal objectif, le principal moyen, le principal acteur, le "
                    "principal enjeu.";
        lines += "{\"text\": \"" + text + "\"}\n";
    }
    for (int k = 41; k <= 200; ++k) {
        lines += "{\"text\": \"La Conférence des Parties a examiné le rapport " +
                 std::to_string(k) + " du Secrétariat.\"}\n";
    }
    RankingIndex idx(lines);
    const auto page = [&](std::size_t offset, std::size_t limit) {
        return idx.lines("principaux", offset, limit);
    };
    std::vector<int> paged;
    for (std::size_t offset = 0; offset < 40; offset += 10) {
        const auto p = page(offset, 10);
        REQUIRE(p.size() == 10);
        paged.insert(paged.end(), p.begin(), p.end());
    }
    CHECK(paged == page(0, 40));
    CHECK(std::set<int>(paged.begin(), paged.end()).size() == 40);
}

TEST_CASE("three words typed without accents that stand together in a sentence tell which word was "
          "meant",
          "[searcher][ranking]") {
    // "forme" (form) and "formé" (formed) are both words of the index. A researcher recalling a
    // sentence of A/60/PV.52 types "lorsque forme humanite": the report where "formé" stands
    // between the other two words, in one sentence, is the one meant, not the long documents
    // that hold "forme" and the other words pages apart.
    const std::string filler =
        " La Conférence des Parties a examiné le rapport du Secrétariat sur les activités menées "
        "au cours de la période considérée et a pris note des informations communiquées par les "
        "États parties sur les mesures législatives et administratives adoptées.";
    std::string lines =
        "{\"text\": \"Lorsque des ministres des Affaires étrangères ont formé la Coalition pour "
        "un nouvel ordre du jour, ils étaient motivés par la menace persistante que représente "
        "pour l'humanité la perspective de la possession d'armes nucléaires.\"}\n";
    for (int k = 1; k <= 4; ++k) {
        lines += "{\"text\": \"Lorsque le Comité s'est réuni pour la " + std::to_string(k) +
                 "e fois, il a adopté son ordre du jour." + filler + filler +
                 " Le rapport prend la forme d'une note." + filler + filler +
                 " La protection de l'humanité demeure un objectif commun.\"}\n";
    }
    RankingIndex idx(lines);
    const auto lines_of = [&](const std::string& query) { return idx.lines(query); };
    const auto three = lines_of("lorsque forme humanite");
    REQUIRE(three.size() == 5);
    CHECK(three.front() == 1);
    // With accents, accent-sensitive: the report alone.
    CHECK(lines_of("lorsque formé humanité") == std::vector<int>{1});
    // Two words say less: the word as typed first, as ever.
    const auto two = lines_of("forme humanite");
    REQUIRE(two.size() == 5);
    CHECK(two.back() == 1);

    // More documents than a page saying "forme" pages from the other words: the report first
    // all the same, and the second page goes on from the first (one order whatever the page).
    for (int k = 5; k <= 24; ++k) {
        lines += "{\"text\": \"Lorsque le Comité s'est réuni pour la " + std::to_string(k) +
                 "e fois, il a adopté son ordre du jour." + filler +
                 " Le rapport prend la forme d'une note." + filler +
                 " La protection de l'humanité demeure un objectif commun.\"}\n";
    }
    RankingIndex more(lines);
    const auto page = [&](std::size_t offset, std::size_t limit) {
        return more.lines("lorsque forme humanite", offset, limit);
    };
    const auto first = page(0, 10), second = page(10, 10), all = page(0, 30);
    REQUIRE(first.size() == 10);
    REQUIRE(second.size() == 10);
    REQUIRE(all.size() == 25);
    CHECK(first.front() == 1);
    CHECK(std::vector<int>(all.begin(), all.begin() + 10) == first);
    CHECK(std::vector<int>(all.begin() + 10, all.begin() + 20) == second);
}
