// How counts are printed: exact, or an estimate that says so with its bounds, in every format.
#include <ctoc/search/output.h>

#include <catch2/catch.hpp>

#include <sstream>

using ctoc::search::Format;
using ctoc::search::SearchResult;

namespace {

SearchResult counted(Xapian::doccount estimated, Xapian::doccount lower, Xapian::doccount upper) {
    SearchResult r;
    r.estimated = estimated;
    r.lower = lower;
    r.upper = upper;
    return r;
}

std::string count_as(const SearchResult& r, Format format) {
    std::ostringstream out;
    ctoc::search::print_count(out, r, format);
    return out.str();
}

} // namespace

TEST_CASE("an exact count is a number, an estimate says so, with its bounds", "[output]") {
    const auto exact = counted(425, 425, 425);
    const auto estimate = counted(425, 400, 450);
    CHECK(ctoc::search::matches_phrase(exact) == "425 documents match");
    CHECK(ctoc::search::matches_phrase(counted(1, 1, 1)) == "1 document matches");
    CHECK(ctoc::search::matches_phrase(estimate) ==
          "About 425 documents match (between 400 and 450)");

    CHECK(count_as(exact, Format::text) == "425\n");
    CHECK(count_as(estimate, Format::text) == "about 425 (between 400 and 450)\n");
    CHECK(count_as(exact, Format::json) ==
          "{\"total\":425,\"exact\":true,\"total_lower\":425,\"total_upper\":425}\n");
    CHECK(count_as(estimate, Format::json) ==
          "{\"total\":425,\"exact\":false,\"total_lower\":400,\"total_upper\":450}\n");
    CHECK(count_as(estimate, Format::csv) ==
          "total,exact,total_lower,total_upper\n425,false,400,450\n");

    // The facets are headed by the same count.
    auto with_facets = estimate;
    with_facets.facets["year"] = {{"2019", 300}, {"2018", 125}};
    std::ostringstream text, json;
    ctoc::search::print_facets(text, with_facets, Format::text);
    ctoc::search::print_facets(json, with_facets, Format::json);
    CHECK(text.str() == "\nFacets over about 425 matches (between 400 and 450):\n  year:  2019 "
                        "(300)  2018 (125)\n");
    CHECK(json.str() == "{\"total\":425,\"exact\":false,\"total_lower\":400,\"total_upper\":450,"
                        "\"facets_exact\":true,\"facets\":{\"year\":{\"2018\":125,"
                        "\"2019\":300}}}\n");

    // Facets estimated on a sample say so in every format.
    auto sampled = with_facets;
    sampled.facet_stride = 8;
    std::ostringstream sampled_text, sampled_json, sampled_csv;
    ctoc::search::print_facets(sampled_text, sampled, Format::text);
    ctoc::search::print_facets(sampled_json, sampled, Format::json);
    ctoc::search::print_facets(sampled_csv, sampled, Format::csv);
    CHECK(sampled_text.str() ==
          "\nFacets over about 425 matches (between 400 and 450), estimated on 1 document in 8 "
          "(--exact-facets counts them all):\n  year:  2019 (~300)  2018 (~125)\n");
    CHECK(sampled_json.str() ==
          "{\"total\":425,\"exact\":false,\"total_lower\":400,\"total_upper\":450,"
          "\"facets_exact\":false,\"facets_sample\":8,\"facets\":{\"year\":{\"2018\":125,"
          "\"2019\":300}}}\n");
    CHECK(sampled_csv.str() ==
          "facet,value,count,exact\nyear,2019,300,false\nyear,2018,125,false\n");
}
