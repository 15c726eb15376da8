#include <ctoc/corpus/reader.h>

#include "support.h"

#include <catch2/catch.hpp>

#include <sstream>

using namespace ctoc::corpus;
using ctoc::test::TempDir;
using ctoc::test::write_file;

namespace {

struct Collected {
    std::vector<Document> docs;
    std::vector<Diagnostic> warnings;
    DiagnosticSink sink() {
        return [this](const Diagnostic& d) { warnings.push_back(d); };
    }
    std::function<void(Document&&)> emit() {
        return [this](Document&& d) { docs.push_back(std::move(d)); };
    }
};

} // namespace

TEST_CASE("scanning finds the bundled corpus recursively, sorted", "[corpus][reader]") {
    Collected c;
    const auto sources = scan_sources({ctoc::test::corpus_dir()}, ScanOptions{}, c.sink());
    REQUIRE(sources.size() == 5);
    CHECK(c.warnings.empty());
    CHECK(sources.front().path.find("000_b4397e204b15be52.txt") != std::string::npos);
    CHECK_FALSE(sources.front().json_lines);
}

TEST_CASE("include and exclude globs choose the files", "[corpus][reader]") {
    TempDir dir;
    write_file(dir.path() / "a" / "rapport.txt", "La traite des personnes.");
    write_file(dir.path() / "a" / "b" / "note.md", "Le trafic illicite de migrants.");
    write_file(dir.path() / "a" / "image.png", "\x89PNG");
    write_file(dir.path() / "lot.jsonl", "{\"text\": \"armes à feu\"}\n");
    Collected c;
    auto all = scan_sources({dir.path().string()}, ScanOptions{}, c.sink());
    CHECK(all.size() == 3); // the PNG is not a text extension
    ScanOptions only_md;
    only_md.include = {"*.md"};
    CHECK(scan_sources({dir.path().string()}, only_md, c.sink()).size() == 1);
    ScanOptions no_b;
    no_b.exclude = {"*/b/*"};
    CHECK(scan_sources({dir.path().string()}, no_b, c.sink()).size() == 2);
    // A missing path is a warning, not an end.
    const auto some = scan_sources({dir / "nowhere", dir.path().string()}, ScanOptions{}, c.sink());
    CHECK(some.size() == 3);
    REQUIRE(c.warnings.size() == 1);
    CHECK(c.warnings[0].to_string() == dir / "nowhere" + ": warning: no such file or directory");
    // A directory none of whose files is taken says so, rather than indexing nothing quietly.
    Collected none;
    ScanOptions pdf;
    pdf.include = {"*.pdf"};
    CHECK(scan_sources({dir.path().string()}, pdf, none.sink()).empty());
    REQUIRE(none.warnings.size() == 1);
    CHECK(none.warnings[0].to_string() ==
          dir.path().string() + ": warning: none of its 4 files matches --include (*.pdf); name the files to "
                                "index with --include");
}

TEST_CASE("JSON Lines records become documents, and bad lines are reported with their number", "[corpus][reader]") {
    std::istringstream in("{\"symbol\": \"CTOC/COP/WG.7/2017/5\", \"date\": \"2017-09-13\", \"text\": \"Rapport sur la "
                          "réunion\"}\n"
                          "\n"
                          "{\"text\": \"sans fin\"\n"
                          "{\"title\": \"pas de texte\"}\n"
                          "{\"text\": \"   \"}\n"
                          "{\"text\": \"Deuxième document\", \"year\": 2015, \"tags\": [\"a\", \"b\"]}\n");
    Collected c;
    const std::size_t skipped = read_json_lines(in, "lot.jsonl", ScanOptions{}, c.sink(), c.emit());
    CHECK(skipped == 3);
    REQUIRE(c.docs.size() == 2);
    CHECK(c.docs[0].line == 1);
    CHECK(c.docs[0].id == "lot.jsonl:1");
    CHECK(c.docs[1].line == 6);
    CHECK(c.docs[1].offset > 0);
    REQUIRE(c.warnings.size() == 3);
    CHECK(c.warnings[0].to_string().rfind("lot.jsonl:3: warning: malformed JSON", 0) == 0);
    CHECK(c.warnings[1].to_string() == "lot.jsonl:4: warning: JSON line has no \"text\" string field, skipped");
    CHECK(c.warnings[2].to_string() == "lot.jsonl:5: warning: empty document (no text to index), skipped");
    bool has_tags = false;
    for (const auto& [k, v] : c.docs[1].given)
        has_tags = has_tags || (k == "tags" && v == "a; b");
    CHECK(has_tags);
}

TEST_CASE("text checks: empty, binary, Latin-1 and damaged UTF-8", "[corpus][reader]") {
    bool repaired = false;
    std::size_t invalid = 0;
    CHECK(check_text("", repaired, invalid).rfind("empty", 0) == 0);
    CHECK(check_text(" \n\t ", repaired, invalid).rfind("empty", 0) == 0);
    CHECK(check_text(std::string("PK\x03\x04\0\0", 6), repaired, invalid).rfind("binary", 0) == 0);
    // A Latin-1 text is mostly invalid UTF-8: another encoding, which we refuse to guess.
    CHECK(check_text("r\xE9solution \xE9t\xE9 adopt\xE9" "e par l'Assembl\xE9" "e g\xE9n\xE9rale", repaired, invalid)
              .rfind("not UTF-8", 0) == 0);
    // One bad byte in a long text is damage to repair.
    const std::string damaged = "La Conférence des Parties a décidé \xFF de créer un groupe de travail sur la traite.";
    CHECK(check_text(damaged, repaired, invalid).empty());
    CHECK(repaired);
    CHECK(invalid == 1);
}
