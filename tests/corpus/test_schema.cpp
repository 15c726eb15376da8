// The schema: the stored document in and out of JSON, and the names an index of format 10 holds.
#include "support.h"

#include <ctoc/analysis/analyzer.h>
#include <ctoc/corpus/document.h>
#include <ctoc/schema.h>

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace ctoc;

namespace {

corpus::Document bundled(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    corpus::Record record;
    record.id = path.string();
    record.path = path.string();
    record.text = text.str();
    record.given = {{"source", "bundled"}};
    analysis::Analyzer analyzer;
    std::vector<analysis::Token> tokens;
    return corpus::analyze(record, analyzer, tokens);
}

} // namespace

TEST_CASE("a stored document reads back as it was written", "[corpus][schema]") {
    std::size_t documents = 0;
    for (const auto& e : std::filesystem::directory_iterator(test::corpus_dir())) {
        const corpus::Document doc = bundled(e.path());
        const corpus::json::Object data = doc.to_json();
        const schema::StoredDocument back = schema::StoredDocument::from_json(data);
        INFO(e.path());
        CHECK(back.to_json() == data);
        CHECK(back.symbol == analysis::display_symbol(doc.facts.symbol));
        CHECK(back.title == doc.facts.title);
        CHECK(back.session == doc.facts.session);
        CHECK(back.cites_resolutions.size() == doc.cites_resolutions.size());
        CHECK(back.given.at("source") == "bundled");
        ++documents;
    }
    CHECK(documents == 5);
}

TEST_CASE("a stored document of the bundled corpus holds its facts under the schema's keys",
          "[corpus][schema]") {
    // 000_...: the Conference's ninth session, Vienna, "Distr. générale 20 juillet 2018".
    const auto path = std::filesystem::path(test::corpus_dir()) / "000_b4397e204b15be52.txt";
    const corpus::json::Object data = bundled(path).to_json();
    const auto text = [&](std::string_view key) {
        const auto it = data.find(key);
        return it == data.end() ? std::string() : corpus::json::to_text(it->second);
    };
    CHECK(text(schema::key::date) == "2018-07-20");
    CHECK(text(schema::key::session) == "9");
    CHECK(text(schema::key::place) == "Vienne");
    CHECK(text(schema::key::meeting_start) == "2018-10-15");
    CHECK(text(schema::key::agenda_item) == "2 c)");
    CHECK(data.count(schema::key::cites_resolutions) == 1);
    // Absent facts are not written, and line/offset only for a JSON Lines record.
    CHECK(data.count(schema::key::line) == 0);
    CHECK(data.count(schema::key::offset) == 0);
}

TEST_CASE("term prefixes and value slots are those of format 11", "[corpus][schema]") {
    // A change here changes what existing indexes mean: bump schema::format_version with it.
    CHECK(schema::format_version == "11");
    const std::pair<std::string_view, std::string_view> prefixes[] = {
        {schema::unique_id, "Q"},
        {schema::short_id, "XID"},
        {schema::word, ""},
        {schema::stem, "Z"},
        {schema::ordinal, "XO"},
        {schema::named, "XN"},
        {schema::symbol, "XSYM"},
        {schema::cites, "XCITE"},
        {schema::resolution, "XRES"},
        {schema::decision, "XDEC"},
        {schema::working_group, "XWG"},
        {schema::body, "XBODY"},
        {schema::type, "XTYPE"},
        {schema::session, "XSESS"},
        {schema::original_language, "XLANG"},
        {schema::distribution, "XDIST"},
        {schema::year, "XYEAR"},
        {schema::source, "XSRC"},
    };
    for (const auto& [prefix, expected] : prefixes)
        CHECK(prefix == expected);
    CHECK(schema::date_slot == 0);
    CHECK(schema::year_slot == 1);
    CHECK(schema::wg_slot == 2);
    CHECK(schema::type_slot == 3);
    CHECK(schema::session_slot == 4);
    CHECK(schema::symbol_slot == 5);
    CHECK(schema::family_slot == 6);
    CHECK(schema::hash_slot == 7);
    CHECK(schema::sort_date_slot == 8);
    CHECK(schema::unique_slot == 9);
    CHECK(schema::facets_slot == 10);
    CHECK(schema::meta_format == "ctoc:format");
    CHECK(schema::meta_text == "ctoc:text:");
    CHECK(schema::meta_accent_variants == "ctoc:acc:");
}

TEST_CASE("the four facets of a document are packed in one value and read back",
          "[corpus][schema]") {
    const std::string packed = schema::pack_facets({"WG.7", "2017", "rapport", ""});
    CHECK(packed == std::string("\x04WG.7\x04"
                                "2017\x07rapport\x00",
                                19));
    const auto back = schema::unpack_facets(packed);
    CHECK(back[schema::facet_wg] == "WG.7");
    CHECK(back[schema::facet_year] == "2017");
    CHECK(back[schema::facet_type] == "rapport");
    CHECK(back[schema::facet_session].empty());
    // A truncated value loses only what is past the cut.
    const std::string truncated = packed.substr(0, 9);
    const auto cut = schema::unpack_facets(truncated);
    CHECK(cut[schema::facet_wg] == "WG.7");
    CHECK(cut[schema::facet_year] == "201");
    CHECK(cut[schema::facet_type].empty());
}
