// The on-disk layout pinned: which shard a document goes to, the stub and generation names and
// the format version. Changing any of them silently would make the next incremental run of an
// existing index put documents twice (another shard) or misread it; these tests fail first.
#include "support.h"

#include <ctoc/corpus/record.h>
#include <ctoc/schema.h>

#include <catch2/catch.hpp>
#include <xapian.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>

using namespace ctoc;
using ctoc::test::TempDir;

namespace {

const std::string index_bin = CTOC_INDEX_BIN;

std::string read_all(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

/// JSON Lines records with fixed ids and the text of the bundled corpus's documents.
std::string records(const std::vector<std::string>& ids) {
    std::vector<std::string> texts;
    for (const auto& e : std::filesystem::directory_iterator(test::corpus_dir()))
        texts.push_back(read_all(e.path()).substr(0, 3000));
    std::sort(texts.begin(), texts.end());
    REQUIRE(!texts.empty());
    std::string out;
    for (std::size_t k = 0; k < ids.size(); ++k) {
        corpus::json::Object o{{"id", corpus::json::Value(ids[k])},
                               {"text", corpus::json::Value(texts[k % texts.size()])}};
        out += corpus::json::dump(corpus::json::Value(o)) + "\n";
    }
    return out;
}

/// The stub's lines.
std::vector<std::string> stub_lines(const std::string& db) {
    std::vector<std::string> lines;
    std::istringstream in(read_all(std::filesystem::path(db) / std::string(schema::stub_file)));
    for (std::string line; std::getline(in, line);)
        lines.push_back(line);
    return lines;
}

} // namespace

TEST_CASE("the hash that routes a document to its shard is pinned", "[indexer][layout]") {
    // corpus::hash64 with its own offset basis (not FNV's): these values are the index's.
    CHECK(corpus::hash64("") == 1469598103934665603ULL);
    CHECK(corpus::hash64("a") == 0x44bd8ad473cd9906ULL);
    CHECK(corpus::hash64("QCTOC/COP/2020/1") == 0x3b927972c48565ebULL);
    CHECK(corpus::hash64("QS/RES/2331 (2016)") == 0xca30696cad15efbcULL);
}

TEST_CASE("ctoc-index puts each document in the shard its key has always gone to",
          "[indexer][layout][cli]") {
    // Shard of hash64("Q" + key) % 3, as every index built so far has it.
    const std::map<std::string, std::size_t> expected = {
        {"CTOC/COP/2020/1", 1},      {"CTOC/COP/WG.7/2017/5", 0},
        {"CTOC/COP/WG.4/2019/2", 1}, {"A/RES/55/25", 0},
        {"S/RES/2331 (2016)", 1},    {"unv1-fr:12", 1},
        {"rapport-2018", 2},         {"note-7", 1},
    };
    std::vector<std::string> ids;
    for (const auto& [id, shard] : expected)
        ids.push_back(id);
    TempDir tmp;
    test::write_file(tmp / "docs.jsonl", records(ids));
    const auto r =
        test::run({index_bin, "--quiet", "--shards", "3", "--db", tmp / "db", tmp / "docs.jsonl"});
    INFO(r.err);
    REQUIRE(r.status == 0);

    // The stub: one line per shard, "auto gen-NNNNNN/shard-K" in shard order.
    const auto lines = stub_lines(tmp / "db");
    REQUIRE(lines.size() == 3);
    const std::regex line_form("auto (gen-[0-9]{6})/shard-([0-9])");
    std::map<std::string, std::size_t> found;
    for (std::size_t k = 0; k < lines.size(); ++k) {
        std::smatch m;
        INFO(lines[k]);
        REQUIRE(std::regex_match(lines[k], m, line_form));
        CHECK(m[2] == std::to_string(k));
        Xapian::Database shard((tmp.path() / "db" / lines[k].substr(5)).string());
        const std::string q(schema::unique_id);
        for (auto t = shard.allterms_begin(q); t != shard.allterms_end(q); ++t)
            found.emplace((*t).substr(q.size()), k);
    }
    CHECK(found == expected);
}

TEST_CASE("an index's directory and format are those of format 10", "[indexer][layout][cli]") {
    CHECK(schema::format_version == "11");
    CHECK(schema::stub_file == "XAPIANDB");
    CHECK(schema::generation_prefix == "gen-");
    CHECK(schema::shard_name(2) == "shard-2");
    CHECK(schema::lease_file == ".lease");
    CHECK(schema::whole_stamp_file == ".whole");

    TempDir tmp;
    const auto r = test::run({index_bin, "--quiet", "--db", tmp / "db", test::corpus_dir()});
    INFO(r.err);
    REQUIRE(r.status == 0);
    const auto lines = stub_lines(tmp / "db");
    REQUIRE(lines.size() == 1);
    std::smatch m;
    REQUIRE(std::regex_match(lines[0], m, std::regex("auto (gen-[0-9]{6})")));
    const auto generation = tmp.path() / "db" / m[1].str();
    CHECK(std::filesystem::is_regular_file(generation / ".lease"));
    CHECK(std::filesystem::is_regular_file(generation / ".whole"));
    const Xapian::Database db((tmp.path() / "db").string());
    CHECK(db.get_metadata(std::string(schema::meta_format)) == "11");
    CHECK(db.get_doccount() == 5);
}
