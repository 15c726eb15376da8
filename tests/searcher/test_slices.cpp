// A search split over threads by ranges of document ids (SearchRequest::Slicing) answers as
// one thread does: the same documents in the same order with the same scores and percentages,
// the same counts, the same pages.
#include <ctoc/index/indexer.h>
#include <ctoc/search/searcher.h>

#include "support.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace ctoc;
using ctoc::test::TempDir;

namespace {

/// forced: split whatever the size; the other threads then rank their own slices, however late
/// they start (SearchRequest::Slicing::steal off), unless steal.
search::SearchResult search_with(search::Searcher& s, const std::string& query, std::size_t offset,
                                 std::size_t threads, bool forced, bool steal = false) {
    search::SearchRequest r;
    r.query = query;
    r.offset = offset;
    r.limit = 10;
    r.snippets = false;
    r.slicing.threads = threads;
    if (forced) {
        r.slicing.min_documents = 0;
        r.slicing.min_postings = 0;
        r.slicing.steal = steal;
    }
    return s.search(r);
}

} // namespace

TEST_CASE("a search split over threads ranks, scores and counts as one thread does",
          "[searcher][slices]") {
    TempDir dir;
    test::write_file(dir / "generated.jsonl", test::generated_documents(600));
    index::IndexerConfig config;
    config.database = dir / "db";
    config.inputs = {test::corpus_dir(), dir / "generated.jsonl"};
    index::run_indexer(config, [](const corpus::Diagnostic& d) { FAIL(d.to_string()); });
    search::Searcher searcher(config.database);

    // Words (with their forms, stems and the phrase boost), accents, citations, filters, a
    // single word, exclusion, a phrase, filters alone, a family of symbols cited.
    const std::vector<std::string> queries{"traite des personnes",
                                           "conference des parties",
                                           "la Conférence des Parties a pris note",
                                           "cooperation internationale",
                                           "résolution 7/1 migrants",
                                           "criminalite organisee wg:4",
                                           "victimes date:2012..2016",
                                           "application de la convention",
                                           "parties",
                                           "migrants -armes",
                                           "\"conference des parties\"",
                                           "wg:4",
                                           "date:2012..2016",
                                           "cites:ctoc/cop/wg.4/*"};
    std::size_t split = 0;
    const std::vector<std::pair<std::size_t, bool>> ways{{2, false}, {3, false}, {2, true}};
    for (const auto& [threads, steal] : ways) {
        for (const auto& query : queries) {
            for (const std::size_t offset : {0, 10}) {
                INFO("query: " << query << ", " << threads << " threads, offset " << offset
                               << (steal ? ", stealing" : ""));
                const auto one = search_with(searcher, query, offset, 1, true);
                const auto many = search_with(searcher, query, offset, threads, true, steal);
                CHECK(one.slices == 1);
                if (many.slices > 1) {
                    CHECK(many.slices == threads);
                    ++split;
                }
                REQUIRE(one.hits.size() == many.hits.size());
                for (std::size_t k = 0; k < one.hits.size(); ++k) {
                    INFO("rank " << k + 1);
                    CHECK(one.hits[k].docid == many.hits[k].docid);
                    CHECK(one.hits[k].score == many.hits[k].score);
                    CHECK(one.hits[k].percent == many.hits[k].percent);
                    CHECK(one.hits[k].rank == many.hits[k].rank);
                }
                CHECK(one.estimated == many.estimated);
                CHECK(one.lower == many.lower);
                CHECK(one.upper == many.upper);
            }
        }
    }
    // Every one was split.
    CHECK(split == ways.size() * queries.size() * 2);

    // Collapsed to one document a family, a search runs on one thread (a family may span
    // slices), ranked as ever.
    for (const std::string query : {"conference des parties", "\"conference des parties\""}) {
        INFO("collapsed: " << query);
        search::SearchRequest r;
        r.query = query;
        r.snippets = false;
        r.collapse_family = true;
        r.slicing.threads = 1;
        const auto one = searcher.search(r);
        r.slicing = {2, 0, 0, false};
        const auto many = searcher.search(r);
        CHECK(many.slices == 1);
        REQUIRE(one.hits.size() == many.hits.size());
        for (std::size_t k = 0; k < one.hits.size(); ++k)
            CHECK(one.hits[k].docid == many.hits[k].docid);
    }

    // The index changed: in place (an incremental run), then in a new generation (a rebuild).
    // Once the searcher sees the change, so do the other threads' handles. The new document
    // has the highest id: the last slice's, which another thread ranks.
    test::write_file(dir / "extra/nouveau.txt",
                     "La Conférence des Parties a examiné le rapport wombatissime sur la traite "
                     "des personnes.\n");
    config.inputs.push_back(dir / "extra");
    const auto found = [&] {
        const auto result = search_with(searcher, "wombatissime", 0, 2, true);
        CHECK(result.slices == 2);
        return result.hits.size();
    };
    REQUIRE(found() == 0);
    index::run_indexer(config, [](const corpus::Diagnostic& d) { FAIL(d.to_string()); });
    searcher.refresh();
    CHECK(found() == 1);
    config.rebuild = true;
    test::write_file(dir / "extra/autre.txt",
                     "Un autre rapport wombatissime de la Conférence des Parties.\n");
    index::run_indexer(config, [](const corpus::Diagnostic& d) { FAIL(d.to_string()); });
    searcher.refresh();
    CHECK(found() == 2);

    // A searcher capped to one thread (ctoc-serve's while it answers other requests) never
    // splits, whatever a request asks.
    searcher.cap_threads(1);
    CHECK(search_with(searcher, "traite des personnes", 0, 2, true).slices == 1);
    searcher.cap_threads(0);
    CHECK(search_with(searcher, "traite des personnes", 0, 2, true).slices == 2);

    // A small index is searched on one thread unless asked otherwise: splitting costs more
    // than it saves below tens of thousands of documents.
    CHECK(search_with(searcher, "traite des personnes", 0, 0, false).slices == 1);
    CHECK(search_with(searcher, "traite des personnes", 0, 2, false).slices == 1);
}
