// Opening an index while ctoc-index changes it: generations leased by their readers, answers
// that are always the old or the new document set, long-lived readers that refresh.
#include "support.h"

#include <ctoc/index/indexer.h>
#include <ctoc/search/searcher.h>

#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <mutex>
#include <set>
#include <thread>
#include <tuple>
#include <vector>

namespace fs = std::filesystem;
using ctoc::test::TempDir;
using ctoc::test::write_file;

namespace {

std::string french_text(const std::string& word) {
    return "Conférence des Parties à la Convention des Nations Unies contre la criminalité "
           "transnationale organisée.\n\nLe groupe de travail a examiné la question du " +
           word + " et la coopération internationale en matière de traite des personnes.\n";
}

void index(const std::string& db, const std::string& input, bool rebuild,
           std::size_t batch = 1000) {
    ctoc::index::IndexerConfig config;
    config.database = db;
    config.inputs = {input};
    config.rebuild = rebuild;
    config.threads = 2;
    config.batch_size = batch;
    ctoc::index::run_indexer(config, {});
}

std::vector<std::string> generations(const std::string& db) {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(db)) {
        if (e.path().filename().string().rfind("gen-", 0) == 0)
            out.push_back(e.path().filename().string());
    }
    std::sort(out.begin(), out.end());
    return out;
}

/// The paths a search for a word finds, sorted.
std::set<std::string> found(ctoc::search::Searcher& searcher, const std::string& word) {
    ctoc::search::SearchRequest request;
    request.query = word;
    request.limit = 1000;
    request.snippets = false;
    std::set<std::string> paths;
    for (const auto& hit : searcher.search(request).hits)
        paths.insert(hit.meta.at("path").get<std::string>());
    return paths;
}

} // namespace

TEST_CASE("readers answer with the old or the new documents during rebuilds and incremental runs, "
          "never an error",
          "[searcher][readers]") {
    TempDir tmp;
    const std::string db = tmp / "db", small = tmp / "small", big = tmp / "big";
    std::set<std::string> small_set, big_set;
    for (int i = 0; i < 50; ++i) {
        const std::string name = "/doc" + std::to_string(i) + ".txt";
        if (i < 20) {
            write_file(small + name, french_text("ornithorynque" + std::to_string(i)));
            small_set.insert(small + name);
        }
        write_file(big + name, french_text("ornithorynque" + std::to_string(i)));
        big_set.insert(big + name);
    }
    // Incremental runs move one input folder between the two sets, 30 commits a run.
    const std::string moving = tmp / "moving";
    fs::copy(small, moving);
    std::set<std::string> moving_small, moving_big;
    for (const auto& p : small_set)
        moving_small.insert(moving + p.substr(small.size()));
    for (const auto& p : big_set)
        moving_big.insert(moving + p.substr(big.size()));
    index(db, small, true);

    std::atomic<bool> stop{false};
    std::atomic<long> reads{0};
    std::mutex mutex;
    std::vector<std::string> errors;
    const std::vector<std::set<std::string>> allowed{small_set, big_set, moving_small, moving_big};
    std::thread reader([&] {
        while (!stop) {
            try {
                // A reader opening afresh each time, as ctoc-search does.
                ctoc::search::Searcher searcher(db);
                const auto paths = found(searcher, "traite");
                if (std::find(allowed.begin(), allowed.end(), paths) == allowed.end()) {
                    std::lock_guard lock(mutex);
                    errors.push_back("a mix of " + std::to_string(paths.size()) + " documents");
                }
                ++reads;
            } catch (const std::exception& e) {
                std::lock_guard lock(mutex);
                errors.push_back(e.what());
            } catch (const Xapian::Error& e) {
                std::lock_guard lock(mutex);
                errors.push_back(e.get_description());
            }
        }
    });
    const auto let_reader_see = [&] {
        const long before = reads;
        const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (reads < before + 2 && std::chrono::steady_clock::now() < give_up)
            std::this_thread::yield();
    };
    for (int round = 0; round < 6; ++round) {
        index(db, round % 2 == 0 ? big : small, true);
        let_reader_see();
    }
    index(db, moving, true);
    for (int round = 0; round < 6; ++round) {
        fs::remove_all(moving);
        fs::copy(round % 2 == 0 ? big : small, moving);
        index(db, moving, false, 1);
        let_reader_see();
    }
    stop = true;
    reader.join();
    CHECK(errors.empty());
    CHECK(reads > 12);
    // No reader left: the next run removes every generation but the live one.
    index(db, moving, false);
    CHECK(generations(db).size() == 1);
}

TEST_CASE("a generation a reader holds is kept until the reader refreshes, then removed",
          "[searcher][readers]") {
    TempDir tmp;
    const std::string db = tmp / "db";
    write_file(tmp / "a/doc.txt", french_text("ornithorynque"));
    write_file(tmp / "b/doc.txt", french_text("kangourou"));
    index(db, tmp / "a", false);
    const auto first = generations(db);
    REQUIRE(first.size() == 1);

    ctoc::search::Searcher held(db);
    index(db, tmp / "b", true);
    index(db, tmp / "a", true);
    // The reader's generation stays for it; the one in between, which nobody read, is gone.
    const auto now = generations(db);
    REQUIRE(now.size() == 2);
    CHECK(now.front() == first.front());
    CHECK(found(held, "ornithorynque") == std::set<std::string>{tmp / "a/doc.txt"});
    CHECK(held.refresh());
    CHECK(found(held, "ornithorynque") == std::set<std::string>{tmp / "a/doc.txt"});
    CHECK_FALSE(held.refresh());
    const std::vector<std::string> now_held{now.back()};
    // Let go of, it goes with the next run, whose changes the reader sees once it refreshes:
    // a change this small is committed in place, in the generation the reader holds now.
    write_file(tmp / "a/other.txt", french_text("ornithorynque"));
    index(db, tmp / "a", false);
    const auto after = generations(db);
    CHECK(std::find(after.begin(), after.end(), first.front()) == after.end());
    CHECK(after == now_held);
    CHECK(found(held, "ornithorynque").size() == 1);
    CHECK(held.refresh());
    CHECK(found(held, "ornithorynque").size() == 2);
    index(db, tmp / "a", false);
    CHECK(generations(db).size() == 1);
}

TEST_CASE("after an incremental run removes a document, words and filters every document "
          "holds still search, count and facet as in a rebuilt index",
          "[searcher][incremental]") {
    // Xapian 1.4.22 reads an unweighted term that every document holds through the list of
    // document lengths, and past that list's first chunk (the bundled reports indexed by two
    // threads make two) reported the index corrupt once a document was deleted.
    TempDir tmp;
    const std::string input = tmp / "reports", db = tmp / "db", fresh = tmp / "fresh";
    fs::copy(ctoc::test::corpus_dir(), input, fs::copy_options::recursive);
    index(db, input, true);
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(input))
        files.push_back(e.path());
    std::sort(files.begin(), files.end());
    REQUIRE(files.size() >= 3);
    fs::remove(files.back());
    index(db, input, false);
    index(fresh, input, true);

    ctoc::search::Searcher updated(db), rebuilt(fresh);
    REQUIRE(updated.database().get_lastdocid() > updated.database().get_doccount());
    const auto answer = [](ctoc::search::Searcher& s, const std::string& query, bool facets) {
        ctoc::search::SearchRequest r;
        r.query = query;
        r.snippets = false;
        r.facets = facets;
        r.limit = 1000;
        const auto result = s.search(r);
        std::set<std::string> paths;
        for (const auto& hit : result.hits)
            paths.insert(hit.meta.at("path").get<std::string>());
        return std::make_tuple(paths, result.estimated, result.lower, result.upper, result.facets);
    };
    const auto remaining = static_cast<Xapian::doccount>(files.size() - 1);
    // Words in every report, a filter every report matches, one excluding everything.
    for (const std::string query :
         {"convention", "la", "conference des parties", "original:anglais", "year:2000..2030",
          "convention original:anglais", "convention -la", "nations unies"}) {
        for (const bool facets : {false, true}) {
            INFO(query << (facets ? ", with facets" : ""));
            const auto got = answer(updated, query, facets);
            const auto want = answer(rebuilt, query, facets);
            CHECK(std::get<0>(got).size() == std::get<0>(want).size());
            CHECK(std::get<1>(got) == std::get<1>(want));
            CHECK(std::get<2>(got) == std::get<2>(want));
            CHECK(std::get<4>(got) == std::get<4>(want));
        }
    }
    CHECK(std::get<1>(answer(updated, "convention", false)) == remaining);
    CHECK(std::get<1>(answer(updated, "original:anglais", false)) == remaining);
}
