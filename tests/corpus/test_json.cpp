#include <ctoc/corpus/json.h>

#include <catch2/catch.hpp>

using namespace ctoc::corpus::json;

TEST_CASE("JSON Lines records parse with escapes and unicode", "[corpus][json]") {
    const Value v = parse(R"({"symbol": "A/68/908", "year": 2015, "text": "L\u2019Assembl\u00e9e \"g\u00e9n\u00e9rale\"\n", "tags": [1, true, null]})");
    REQUIRE(v.is_object());
    CHECK(v.find("symbol")->as_string() == "A/68/908");
    CHECK(v.find("year")->to_text() == "2015");
    CHECK(v.find("text")->as_string() == "L’Assemblée \"générale\"\n");
    CHECK(v.find("tags")->as_array().size() == 3);
    CHECK(v.find("missing") == nullptr);
    // Surrogate pairs.
    CHECK(parse(R"("\ud83d\ude00")").as_string() == "\xF0\x9F\x98\x80");
}

TEST_CASE("malformed JSON says where it stopped", "[corpus][json]") {
    const char* bad[] = {"{", "{\"text\": }", "{\"text\": \"unterminated}", "[1, 2", "{\"a\" 1}", "nul", "{} extra",
                         "\"\\x\""};
    for (const char* b : bad) {
        INFO(b);
        CHECK_THROWS_AS(parse(b), ParseError);
    }
    try {
        parse("{\"text\": tru}");
        FAIL("no error");
    } catch (const ParseError& e) {
        CHECK(e.offset() == 9);
    }
    // Deep nesting is refused, not a stack overflow.
    CHECK_THROWS_AS(parse(std::string(100000, '[')), ParseError);
}

TEST_CASE("JSON output escapes and round-trips", "[corpus][json]") {
    Object o;
    o.emplace("title", Value(std::string("Rapport \"annuel\"\tsur\nla traite\x01")));
    o.emplace("score", Value(1.5));
    o.emplace("n", Value(3.0));
    std::string out;
    append_value(out, Value(o));
    CHECK(out == R"({"n":3,"score":1.5,"title":"Rapport \"annuel\"\tsur\nla traite\u0001"})");
    CHECK(parse(out).find("title")->as_string() == "Rapport \"annuel\"\tsur\nla traite\x01");
}
