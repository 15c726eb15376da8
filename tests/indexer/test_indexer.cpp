// The indexer library: incremental runs, JSON Lines, atomic rebuilds, locking, bad input.
#include "support.h"

#include <ctoc/index/database.h>
#include <ctoc/index/indexer.h>
#include <ctoc/schema.h>

#include <catch2/catch.hpp>
#include <xapian.h>

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>
#include <thread>

namespace fs = std::filesystem;
using ctoc::test::TempDir;
using ctoc::test::write_file;

namespace {

/// A short French paragraph carrying a distinctive word.
std::string french_text(const std::string& word) {
    return "Conférence des Parties à la Convention des Nations Unies contre la criminalité "
           "transnationale organisée.\n\nLe groupe de travail a examiné la question du " +
           word + " et la coopération internationale en matière de traite des personnes.\n";
}

struct Run {
    ctoc::index::IndexSummary summary;
    std::vector<std::string> warnings;
};

Run index(const std::string& db, const std::vector<std::string>& inputs, bool rebuild = false,
          bool checksum = false) {
    ctoc::index::IndexerConfig config;
    config.database = db;
    config.inputs = inputs;
    config.rebuild = rebuild;
    config.checksum = checksum;
    config.threads = 2;
    Run r;
    r.summary = ctoc::index::run_indexer(
        config, [&](const ctoc::corpus::Diagnostic& d) { r.warnings.push_back(d.to_string()); });
    return r;
}

/// Documents of the live index containing a word (an unaccented lower-case word term).
Xapian::doccount matches(const std::string& db, const std::string& word) {
    Xapian::Enquire enquire{Xapian::Database(db)};
    enquire.set_query(Xapian::Query(word));
    return enquire.get_mset(0, 100).get_matches_estimated();
}

Xapian::doccount doc_count(const std::string& db) {
    return Xapian::Database(db).get_doccount();
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

TEST_CASE("an incremental run adds new files, replaces edited ones, removes deleted ones",
          "[indexer]") {
    TempDir tmp;
    const std::string docs = tmp / "docs", db = tmp / "db";
    write_file(docs + "/a.txt", french_text("ornithorynque"));
    write_file(docs + "/b.txt", french_text("kangourou"));
    write_file(docs + "/c.txt", french_text("zanzibar"));

    auto r = index(db, {docs});
    CHECK(r.summary.added == 3);
    CHECK(r.summary.failed == 0);
    CHECK(r.summary.documents == 3);

    SECTION("an unchanged re-run skips everything") {
        r = index(db, {docs});
        CHECK(r.summary.unchanged == 3);
        CHECK(r.summary.added == 0);
        CHECK(r.summary.updated == 0);
        CHECK(r.summary.removed == 0);
        CHECK(doc_count(db) == 3);
    }
    SECTION("an edited file is replaced: its new word finds it, the old one no longer does") {
        write_file(docs + "/b.txt", french_text("hippocampe"));
        r = index(db, {docs});
        CHECK(r.summary.updated == 1);
        CHECK(r.summary.unchanged == 2);
        CHECK(r.summary.added == 0);
        CHECK(matches(db, "hippocampe") == 1);
        CHECK(matches(db, "kangourou") == 0);
        CHECK(doc_count(db) == 3);
    }
    SECTION("a deleted file's document is removed") {
        fs::remove(docs + "/c.txt");
        r = index(db, {docs});
        CHECK(r.summary.removed == 1);
        CHECK(r.summary.unchanged == 2);
        CHECK(matches(db, "zanzibar") == 0);
        CHECK(doc_count(db) == 2);
    }
    SECTION("a deleted file is removed even when another input is indexed") {
        write_file(tmp / "other/d.txt", french_text("tamanoir"));
        fs::remove(docs + "/a.txt");
        r = index(db, {tmp / "other"});
        CHECK(r.summary.added == 1);
        CHECK(r.summary.removed == 1);
        CHECK(matches(db, "ornithorynque") == 0);
        CHECK(matches(db, "kangourou") == 1);
        CHECK(matches(db, "tamanoir") == 1);
    }
}

TEST_CASE("an incremental run skips unread the files whose size and time are those indexed",
          "[indexer]") {
    TempDir tmp;
    const std::string docs = tmp / "docs", db = tmp / "db";
    const std::string a = docs + "/a.txt", b = docs + "/b.txt";
    const auto age = [](const std::string& path) { // as if written an hour ago
        fs::last_write_time(path, fs::file_time_type::clock::now() - std::chrono::hours(1));
    };
    write_file(a, french_text("ornithorynque"));
    write_file(b, french_text("kangourou"));
    age(a);
    age(b);
    REQUIRE(index(db, {docs}).summary.added == 2);

    // Other bytes of the same size under the same time (a tool that restores times): not read,
    // the text indexed stays; --checksum reads every file and finds the change.
    const auto b_time = fs::last_write_time(b);
    write_file(b, french_text("tamanoirs"));
    fs::last_write_time(b, b_time);
    auto r = index(db, {docs});
    CHECK(r.summary.unchanged == 2);
    CHECK(matches(db, "kangourou") == 1);
    CHECK(matches(db, "tamanoirs") == 0);
    r = index(db, {docs}, false, true);
    CHECK(r.summary.updated == 1);
    CHECK(matches(db, "tamanoirs") == 1);
    CHECK(matches(db, "kangourou") == 0);

    // A file saved just before a run has no signature (a second change within the clock's tick
    // could keep its time): read again by the next runs until one finds its bytes unchanged
    // under a time old enough, which records it; from then on it is skipped unread.
    write_file(a, french_text("hippocampe"));
    r = index(db, {docs});
    CHECK(r.summary.updated == 1);
    CHECK(matches(db, "hippocampe") == 1);
    age(a);
    r = index(db, {docs});
    CHECK(r.summary.unchanged == 2);
    const auto a_time = fs::last_write_time(a);
    write_file(a, french_text("hippocampa"));
    fs::last_write_time(a, a_time);
    r = index(db, {docs});
    CHECK(r.summary.unchanged == 2);
    CHECK(matches(db, "hippocampe") == 1);
    CHECK(matches(db, "hippocampa") == 0);
    // An edit that changes the time is always seen.
    write_file(a, french_text("hippocampi"));
    age(a);
    r = index(db, {docs});
    CHECK(r.summary.updated == 1);
    CHECK(matches(db, "hippocampi") == 1);
}

TEST_CASE("removing a JSON line removes that document only", "[indexer][jsonl]") {
    TempDir tmp;
    const std::string db = tmp / "db", file = tmp / "records.jsonl";
    const std::string a = R"({"id":"A/1","text":"Le rapport sur l'ornithorynque."})";
    const std::string b = R"({"id":"A/2","text":"Le rapport sur le kangourou."})";
    const std::string c = R"({"id":"A/3","text":"Le rapport sur zanzibar."})";
    write_file(file, a + "\n" + b + "\n" + c + "\n");
    CHECK(index(db, {file}).summary.added == 3);

    write_file(file, a + "\n" + c + "\n");
    const auto r = index(db, {file}).summary;
    CHECK(r.removed == 1);
    // A/3 moved up a line: updated, so that its stored place (for snippets) is right.
    CHECK(r.unchanged == 1);
    CHECK(r.updated == 1);
    CHECK(matches(db, "kangourou") == 0);
    CHECK(matches(db, "ornithorynque") == 1);
    CHECK(matches(db, "zanzibar") == 1);
    Xapian::Enquire enquire{Xapian::Database(db)};
    enquire.set_query(Xapian::Query("zanzibar"));
    const auto data = enquire.get_mset(0, 1).begin().get_document().get_data();
    CHECK(data.find("\"line\":2") != std::string::npos);
    CHECK(data.find("\"offset\":" + std::to_string(a.size() + 1)) != std::string::npos);
}

TEST_CASE("removing a JSON line without id removes its text and keeps the others",
          "[indexer][jsonl]") {
    TempDir tmp;
    const std::string db = tmp / "db", file = tmp / "records.jsonl";
    write_file(file, R"({"text":"Premier texte sur l'ornithorynque."})"
                     "\n"
                     R"({"text":"Deuxième texte sur le kangourou."})"
                     "\n"
                     R"({"text":"Troisième texte sur zanzibar."})"
                     "\n");
    index(db, {file});
    write_file(file, R"({"text":"Premier texte sur l'ornithorynque."})"
                     "\n"
                     R"({"text":"Troisième texte sur zanzibar."})"
                     "\n");
    const auto r = index(db, {file}).summary;
    CHECK(r.removed == 1);
    CHECK(doc_count(db) == 2);
    CHECK(matches(db, "kangourou") == 0);
    CHECK(matches(db, "zanzibar") == 1);
    CHECK(matches(db, "ornithorynque") == 1);
}

TEST_CASE("a malformed JSON line is reported with its line number and the others indexed",
          "[indexer][jsonl]") {
    TempDir tmp;
    const std::string db = tmp / "db", file = tmp / "records.jsonl";
    write_file(file, R"({"text":"Texte sur l'ornithorynque."})"
                     "\n"
                     R"({"text": "pas fini)"
                     "\n"
                     R"({"title":"sans texte"})"
                     "\n"
                     R"({"text":"Texte sur zanzibar."})"
                     "\n");
    const auto r = index(db, {file});
    CHECK(r.summary.added == 2);
    CHECK(r.summary.failed == 2);
    REQUIRE(r.warnings.size() == 2);
    CHECK_THAT(r.warnings[0], Catch::StartsWith(file + ":2: warning: malformed JSON"));
    CHECK_THAT(r.warnings[1],
               Catch::StartsWith(file + ":3: warning: ") && Catch::Contains("\"text\""));
    CHECK(matches(db, "ornithorynque") == 1);
    CHECK(matches(db, "zanzibar") == 1);
}

TEST_CASE("a duplicate id is reported and indexed once, and re-runs leave it unchanged",
          "[indexer][jsonl]") {
    TempDir tmp;
    const std::string db = tmp / "db", file = tmp / "dup.jsonl";
    write_file(file, R"({"id":"X/1","text":"Premier texte sur l'ornithorynque."})"
                     "\n"
                     R"({"id":"X/1","text":"Second texte sur le kangourou."})"
                     "\n");
    auto r = index(db, {file});
    CHECK(r.summary.added == 1);
    CHECK(r.summary.failed == 1);
    REQUIRE(r.warnings.size() == 1);
    CHECK_THAT(r.warnings[0], Catch::StartsWith(file + ":2: warning: duplicate id"));
    CHECK(matches(db, "ornithorynque") == 1);
    CHECK(matches(db, "kangourou") == 0);

    // Before the fix, the two records replaced each other on every run.
    r = index(db, {file});
    CHECK(r.summary.unchanged == 1);
    CHECK(r.summary.updated == 0);
    CHECK(doc_count(db) == 1);
}

TEST_CASE("metadata too long for a Xapian term does not abort the run", "[indexer][jsonl]") {
    TempDir tmp;
    const std::string db = tmp / "db", file = tmp / "long.jsonl";
    write_file(file, R"({"symbol":"A/)" + std::string(400, 'X') +
                         R"(","text":"Rapport sur l'ornithorynque."})" + "\n" + R"({"type":")" +
                         std::string(400, 't') + R"(","text":"Rapport sur zanzibar."})" + "\n");
    const auto r = index(db, {file});
    CHECK(r.summary.added == 2);
    CHECK(r.summary.failed == 0);
    CHECK(matches(db, "ornithorynque") == 1);
}

TEST_CASE(
    "a small incremental run is written in place in one commit and a large one in a new generation",
    "[indexer]") {
    TempDir tmp;
    const std::string docs = tmp / "docs", db = tmp / "db";
    write_file(docs + "/a.txt", french_text("ornithorynque"));
    write_file(docs + "/b.txt", french_text("kangourou"));
    REQUIRE(index(db, {docs}).summary.added == 2);
    const std::string before = ctoc::index::DatabaseDir(db).live_generation();
    Xapian::Database reader(db);

    write_file(docs + "/b.txt", french_text("hippocampe"));
    auto r = index(db, {docs});
    CHECK(r.summary.updated == 1);
    // No copy of the index: the live generation holds the change, in one new revision.
    CHECK(ctoc::index::DatabaseDir(db).live_generation() == before);
    CHECK(leftovers(db).empty());
    CHECK(matches(db, "hippocampe") == 1);
    CHECK(matches(db, "kangourou") == 0);
    // A reader opened before sees the old document set whole until it reopens.
    Xapian::Enquire old_view(reader);
    old_view.set_query(Xapian::Query("kangourou"));
    CHECK(old_view.get_mset(0, 10).size() == 1);
    reader.reopen();
    Xapian::Enquire new_view(reader);
    new_view.set_query(Xapian::Query("hippocampe"));
    CHECK(new_view.get_mset(0, 10).size() == 1);
    reader.close();

    // More than a run holds in memory (2,000 documents): a copy published as a new generation.
    for (int i = 0; i < 2001; ++i)
        write_file(docs + "/more/" + std::to_string(i) + ".txt",
                   "Note " + std::to_string(i) + " sur la traite.\n");
    r = index(db, {docs});
    CHECK(r.summary.added == 2001);
    CHECK(ctoc::index::DatabaseDir(db).live_generation() != before);
    CHECK(leftovers(db).empty());
    CHECK(doc_count(db) == 2003);
    CHECK(matches(db, "hippocampe") == 1);
}

TEST_CASE("a reader holding the old index keeps answering after rebuilds retire it",
          "[indexer][rebuild]") {
    TempDir tmp;
    const std::string db = tmp / "db";
    write_file(tmp / "a/doc.txt", french_text("ornithorynque"));
    write_file(tmp / "b/doc.txt", french_text("kangourou"));
    index(db, {tmp / "a"});
    const Xapian::Database held(db);
    index(db, {tmp / "b"}, true);
    index(db, {tmp / "a"}, true);
    REQUIRE(leftovers(db).empty()); // the generation held open has been deleted
    Xapian::Enquire enquire(held);
    const std::vector<std::string> phrase{"traite", "des", "personnes"};
    enquire.set_query(Xapian::Query(Xapian::Query::OP_PHRASE, phrase.begin(), phrase.end()));
    const Xapian::MSet mset = enquire.get_mset(0, 10);
    REQUIRE(mset.size() == 1);
    CHECK_THAT(mset.begin().get_document().get_data(), Catch::Contains("doc.txt"));
    CHECK(matches(db, "kangourou") == 0);
}

TEST_CASE("a rebuild in which every input fails keeps the old index", "[indexer][rebuild]") {
    TempDir tmp;
    const std::string db = tmp / "db";
    index(db, {ctoc::test::corpus_dir()});
    const auto before = doc_count(db);
    REQUIRE(before > 0);
    write_file(tmp / "bad/binary.txt", std::string("\x00\x01\x02", 3));
    CHECK_THROWS_WITH(index(db, {tmp / "bad"}, true), Catch::Contains("no document could be read"));
    CHECK(doc_count(db) == before);
    CHECK(leftovers(db).empty());
}

TEST_CASE("a second indexer on the same database is refused as locked", "[indexer][lock]") {
    TempDir tmp;
    const std::string db = tmp / "db";
    index(db, {ctoc::test::corpus_dir()});
    {
        ctoc::index::DatabaseLock held(db);
        CHECK_THROWS_AS(index(db, {ctoc::test::corpus_dir()}), ctoc::index::LockedError);
        CHECK_THROWS_AS(ctoc::index::compact_database(db), ctoc::index::LockedError);
    }
    CHECK(index(db, {ctoc::test::corpus_dir()}).summary.unchanged == doc_count(db));
}

TEST_CASE("an unfinished build left by a crash is cleaned by the next run", "[indexer][rebuild]") {
    TempDir tmp;
    const std::string db = tmp / "db";
    index(db, {ctoc::test::corpus_dir()});
    const auto before = doc_count(db);
    // What a killed rebuild leaves: a build directory, a compacted but unpublished generation,
    // a half-written stub.
    write_file(db + "/.build-gen-000007/shard-0/junk", "x");
    write_file(db + "/gen-000008/junk", "x");
    write_file(db + "/XAPIANDB.new", "auto gen-000008\n");
    CHECK(doc_count(db) == before);
    const auto r = index(db, {ctoc::test::corpus_dir()});
    CHECK(r.summary.unchanged == before);
    CHECK(leftovers(db).empty());
}

TEST_CASE("compaction keeps every document and swaps in a new generation", "[indexer][compact]") {
    TempDir tmp;
    const std::string db = tmp / "db";
    index(db, {ctoc::test::corpus_dir()});
    const auto before = ctoc::index::database_stats(db);
    ctoc::index::compact_database(db);
    const auto after = ctoc::index::database_stats(db);
    CHECK(after.documents == before.documents);
    CHECK(after.terms == before.terms);
    CHECK(after.generation != before.generation);
    CHECK(leftovers(db).empty());
    CHECK_THROWS_WITH(ctoc::index::compact_database(tmp / "none"), Catch::Contains("no index"));
    CHECK_FALSE(fs::exists(tmp / "none"));
}

TEST_CASE("stats describe the live index", "[indexer][stats]") {
    TempDir tmp;
    const std::string db = tmp / "db";
    index(db, {ctoc::test::corpus_dir()});
    const auto s = ctoc::index::database_stats(db);
    CHECK(s.documents == 5);
    CHECK(s.terms > 100);
    CHECK(s.disk_bytes > 0);
    CHECK(s.last_build.size() == 20); // 2024-01-31T12:00:00Z
    CHECK_THAT(s.sources, Catch::Contains("corpus/documents"));

    write_file(tmp / "more/extra.txt", french_text("ornithorynque"));
    index(db, {tmp / "more"});
    const auto more = ctoc::index::database_stats(db);
    CHECK(more.documents == 6);
    CHECK_THAT(more.sources, Catch::Contains("corpus/documents\n" + tmp / "more"));
}

TEST_CASE("a read-only database directory gives a clear error and keeps the index", "[indexer]") {
    // As root (CI), the second run is made as nobody, for whom permissions apply.
    TempDir tmp;
    ctoc::test::open_to_unprivileged(tmp.path());
    const std::string db = tmp / "db", more = tmp / "more";
    index(db, {ctoc::test::corpus_dir()});
    const auto before = doc_count(db);
    write_file(more + "/extra.txt", french_text("ornithorynque"));
    for (const auto& e : fs::recursive_directory_iterator(db))
        fs::permissions(e.path(),
                        fs::perms::owner_write | fs::perms::group_write | fs::perms::others_write,
                        fs::perm_options::remove);
    fs::permissions(db, fs::perms::owner_write | fs::perms::group_write | fs::perms::others_write,
                    fs::perm_options::remove);
    const bool refused = ctoc::test::check_unprivileged([&] {
        try {
            index(db, {more}, true);
        } catch (const std::exception& e) {
            return std::string(e.what()).find(db) != std::string::npos;
        }
        return false; // written, or refused without naming the database
    });
    CHECK(refused);
    CHECK(doc_count(db) == before);
}

TEST_CASE("the shared UN corpus indexes whole and re-runs unchanged", "[indexer][unv1]") {
    const std::string unv1 = ctoc::test::shared_unv1();
    if (unv1.empty()) {
        WARN("SKIPPED: the shared UN corpus (../shared/corpora/unv1-fr) is absent");
        return;
    }
    TempDir tmp;
    const std::string db = tmp / "db";
    auto r = index(db, {unv1});
    CHECK(r.summary.failed == 0);
    CHECK(r.summary.added > 1000);
    CHECK(r.summary.documents == r.summary.added);
    r = index(db, {unv1});
    CHECK(r.summary.unchanged == r.summary.documents);
    CHECK(r.summary.added + r.summary.updated + r.summary.removed == 0);
}

TEST_CASE("a rebuild written in segments makes the same index as one database a thread",
          "[indexer][rebuild]") {
    TempDir tmp;
    const std::string docs = tmp / "docs";
    const char* words[] = {"ornithorynque", "kangourou", "hippocampe", "extradition", "migrants"};
    for (int i = 0; i < 120; ++i)
        write_file(docs + "/n" + std::to_string(i) + ".txt",
                   french_text(words[i % 5]) + "Paragraphe " + std::to_string(i) + ".\n");
    const auto build = [&](const std::string& name, std::size_t segment, std::size_t shards) {
        ctoc::index::IndexerConfig config;
        config.database = tmp / name;
        config.inputs = {docs, ctoc::test::corpus_dir()};
        config.rebuild = true;
        config.threads = 2;
        config.segment_size = segment;
        config.shards = shards;
        const auto summary = ctoc::index::run_indexer(
            config, [](const ctoc::corpus::Diagnostic& d) { FAIL(d.to_string()); });
        CHECK(summary.added == 125);
        CHECK(leftovers(config.database).empty());
        return Xapian::Database(config.database);
    };
    // Every term with its frequencies, every metadata entry (accent variants, stored text).
    const auto contents = [](const Xapian::Database& db) {
        std::map<std::string, std::pair<Xapian::doccount, Xapian::termcount>> terms;
        for (auto t = db.allterms_begin(); t != db.allterms_end(); ++t)
            terms[*t] = {t.get_termfreq(), db.get_collection_freq(*t)};
        std::map<std::string, std::string> metadata;
        for (auto k = db.metadata_keys_begin(); k != db.metadata_keys_end(); ++k) {
            if (*k != ctoc::schema::meta_last_build) // the build's own time, to the second
                metadata[*k] = db.get_metadata(*k);
        }
        return std::make_pair(terms, metadata);
    };
    const Xapian::Database whole = build("whole", 0, 1);
    const Xapian::Database segmented = build("segmented", 7, 1);
    REQUIRE(whole.get_doccount() == 125);
    CHECK(segmented.get_doccount() == 125);
    // The first entries that differ, named, rather than two unprintable maps.
    const auto differences = [&](const Xapian::Database& a, const Xapian::Database& b) {
        const auto ca = contents(a), cb = contents(b);
        std::vector<std::string> out;
        const auto compare = [&](const std::string& what, const auto& x, const auto& y) {
            for (const auto& [key, value] : x) {
                const auto it = y.find(key);
                if (it == y.end() || it->second != value)
                    out.push_back(what + " " + key);
            }
            for (const auto& entry : y)
                if (!x.count(entry.first))
                    out.push_back(what + " " + entry.first + " (only in the second)");
        };
        compare("term", ca.first, cb.first);
        compare("metadata", ca.second, cb.second);
        if (out.size() > 10)
            out.resize(10);
        return out;
    };
    CHECK(differences(segmented, whole) == std::vector<std::string>{});
    // The same documents under the same numbers: the segments are merged in their order.
    for (Xapian::docid id = 1; id <= 125; ++id)
        CHECK(segmented.get_document(id).get_data() == whole.get_document(id).get_data());
    // Sharded, each shard's segments merged into that shard.
    const Xapian::Database sharded = build("sharded", 7, 2);
    CHECK(sharded.get_doccount() == 125);
    CHECK(contents(sharded).first == contents(whole).first);
}
