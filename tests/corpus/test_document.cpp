#include <ctoc/analysis/analyzer.h>
#include <ctoc/corpus/document.h>

#include <catch2/catch.hpp>

#include <string>

using namespace ctoc;

namespace {

/// A JSON Lines record as the reader gives it (text and the given fields), analysed.
corpus::Document described(const std::string& raw, const std::string& symbol = {}) {
    corpus::Record record;
    record.text = raw;
    if (!symbol.empty())
        record.given.emplace_back("symbol", symbol);
    analysis::Analyzer analyzer;
    std::vector<analysis::Token> tokens;
    return corpus::analyze(record, analyzer, tokens);
}

std::string ids(const std::vector<corpus::Cited>& list) {
    std::string out;
    for (const auto& c : list)
        out += (out.empty() ? "" : " ") + c.id + "x" + std::to_string(c.count) +
               (c.body.empty() ? "" : ":" + c.body);
    return out;
}

} // namespace

TEST_CASE("a document's citations are counted, each once per mention",
          "[corpus][document][citations]") {
    // S/RES/2178 (2014)'s preamble: a dated list, then one of its items again.
    const auto doc = described(
        "Rappelant ses résolutions 1267 (1999) du 15 octobre 1999, 1373 (2001) du 28 septembre "
        "2001 et 2199 (2015) du 12 février 2015,\n\nRéaffirmant sa résolution 1373 (2001), "
        "dans laquelle il a décidé\n\nvoir A/70/6 (Sect. 16) et S/RES/2214 (2015).");
    CHECK(ids(doc.cites_resolutions) == "1267x1:CS 1373x2:CS 2199x1:CS 2214x1:CS");
    CHECK(ids(doc.cites_symbols) == "A/70/6 (SECT. 16)x1 S/RES/2214 (2015)x1");
    const auto json = doc.to_json();
    REQUIRE(json.count("cites_symbols"));
    CHECK(json.at("cites_symbols").front().get<std::string>() == "A/70/6 (Sect. 16)");
}

TEST_CASE("a resolution's own heading is not a citation of itself",
          "[corpus][document][citations]") {
    // unv1-fr: S/RES/2203._2015_ opens with its own heading and cites 1325 (2000).
    const auto doc = described("Résolution 2203 (2015)\n\nRappelant sa résolution 1325 (2000),",
                               "S/RES/2203._2015_");
    CHECK(doc.facts.symbol == "S/RES/2203 (2015)");
    CHECK(ids(doc.cites_resolutions) == "1325x1:CS");
    CHECK(doc.to_json().at("symbol").get<std::string>() == "S/RES/2203 (2015)");
}

TEST_CASE("a given symbol in the Parallel Corpus spelling is stored as the UN writes it",
          "[corpus][document]") {
    const auto doc = described("Chapitre premier", "A/69/308._PART_II_");
    CHECK(doc.facts.symbol == "A/69/308 (PART II)");
    CHECK(doc.to_json().at("symbol").get<std::string>() == "A/69/308 (Part II)");
}
