#include <ctoc/corpus/json.h>

#include <catch2/catch.hpp>

#include <cstdint>
#include <string>

using namespace ctoc::corpus::json;

TEST_CASE("JSON Lines records parse with escapes and unicode", "[corpus][json]") {
    const Value v = parse(
        R"({"symbol": "A/68/908", "year": 2015, "text": "L\u2019Assembl\u00e9e \"g\u00e9n\u00e9rale\"\n", "tags": [1, true, null]})");
    REQUIRE(v.is_object());
    CHECK(find(v, "symbol")->get<std::string>() == "A/68/908");
    CHECK(to_text(*find(v, "year")) == "2015");
    CHECK(find(v, "text")->get<std::string>() == "L’Assemblée \"générale\"\n");
    CHECK(find(v, "tags")->size() == 3);
    CHECK(find(v, "missing") == nullptr);
    // Surrogate pairs.
    CHECK(parse(R"("\ud83d\ude00")").get<std::string>() == "\xF0\x9F\x98\x80");
}

TEST_CASE("malformed JSON says where it stopped", "[corpus][json]") {
    const char* bad[] = {"{",
                         "{\"text\": }",
                         "{\"text\": \"unterminated}",
                         "[1, 2",
                         "{\"a\" 1}",
                         "nul",
                         "{} extra",
                         "\"\\x\"",
                         "{\"text\": \"caf\xE9\"}",
                         "{\"title\": \"\xC3\"}"};
    for (const char* b : bad) {
        INFO(b);
        CHECK_THROWS_AS(parse(b), ParseError);
    }
    try {
        parse("{\"text\": tru}");
        FAIL("no error");
    } catch (const ParseError& e) {
        CHECK(e.offset() >= 9);
        CHECK(e.offset() <= 12);
    }
    // Deep nesting is refused, not a stack overflow.
    CHECK_THROWS_AS(parse(std::string(100000, '[')), ParseError);
    CHECK_NOTHROW(parse(std::string(max_depth, '[') + std::string(max_depth, ']')));
    // A number beyond a double is a clear error, not an abort (found by fuzz_jsonl).
    try {
        parse("{\"year\": 222.22e22201111010}");
        FAIL("no error");
    } catch (const ParseError& e) {
        CHECK(std::string(e.what()).find("number overflow") != std::string::npos);
    }
}

TEST_CASE("numbers keep every digit: 17-digit ids stay apart", "[corpus][json]") {
    const Value a = parse(
        R"({"id": 12345678901234567, "big": 18446744073709551615, "neg": -9007199254740993})");
    const Value b = parse(R"({"id": 12345678901234568})");
    CHECK(to_text(*find(a, "id")) == "12345678901234567");
    CHECK(to_text(*find(b, "id")) == "12345678901234568");
    CHECK(to_text(*find(a, "big")) == "18446744073709551615");
    CHECK(to_text(*find(a, "neg")) == "-9007199254740993");
    CHECK(dump(a) ==
          R"({"big":18446744073709551615,"id":12345678901234567,"neg":-9007199254740993})");
    // Fractions print back as the same double; a whole float is the whole number it means.
    CHECK(dump(parse("[0.1, 2.5e-8, 1e300]")) == "[0.1,2.5e-08,1e+300]");
    CHECK(to_text(parse("2015.0")) == "2015");
    CHECK(parse(dump(parse("3.141592653589793"))).get<double>() == 3.141592653589793);
}

TEST_CASE("JSON output escapes, round-trips and is valid whatever the bytes", "[corpus][json]") {
    Object o;
    o.emplace("title", Value(std::string("Rapport \"annuel\"\tsur\nla traite\x01")));
    o.emplace("score", Value(1.5));
    o.emplace("n", Value(3));
    const std::string out = dump(Value(o));
    CHECK(out == R"({"n":3,"score":1.5,"title":"Rapport \"annuel\"\tsur\nla traite\u0001"})");
    CHECK(find(parse(out), "title")->get<std::string>() ==
          "Rapport \"annuel\"\tsur\nla traite\x01");
    // A stray byte that is not UTF-8 prints as the text \xFF: the line stays JSON a parser
    // accepts, and still tells the byte (a file name on Linux is bytes).
    Object bad;
    bad.emplace("symbol", Value(std::string("CTOC/COP/\xFF/1")));
    const std::string printed = dump(Value(bad));
    CHECK(printed == R"({"symbol":"CTOC/COP/\\xFF/1"})");
    CHECK(parse(printed).at("symbol").get<std::string>() == "CTOC/COP/\\xFF/1");
    std::string literal;
    append_string(literal, "caf\xE9");
    CHECK(literal == R"("caf\\xE9")");
}

TEST_CASE("a record reads the same by the fast reader and by nlohmann's rules", "[corpus][json]") {
    // A byte-order mark (a file saved by Notepad) is skipped, as nlohmann does.
    CHECK(find(parse("\xEF\xBB\xBF{\"symbol\": \"A/68/908\"}"), "symbol")->get<std::string>() ==
          "A/68/908");
    // A key given twice keeps its last value.
    CHECK(to_text(*find(parse(R"({"year": 2014, "year": 2015})"), "year")) == "2015");
    // Integers past 64 bits are doubles, not errors; those within keep every digit.
    CHECK(parse("18446744073709551616").is_number_float());
    CHECK(parse("-9223372036854775809").is_number_float());
    CHECK(parse("18446744073709551615").get<std::uint64_t>() == 18446744073709551615ull);
    CHECK(parse("-9223372036854775808").get<std::int64_t>() == INT64_MIN);
    CHECK(parse("7").is_number_unsigned());
    CHECK(parse("-7").is_number_integer());
    CHECK(parse("7.0").is_number_float());
    // Nested values, escapes and a long record (past the parser kept between calls).
    const std::string text(3u << 20, 'x');
    const Value v = parse(R"({"a": [{"b": null}, false, "\u00e9"], "text": ")" + text + "\"}");
    CHECK(v.at("a").at(0).at("b").is_null());
    CHECK(v.at("a").at(1) == false);
    CHECK(v.at("a").at(2) == "\xC3\xA9");
    CHECK(v.at("text").get_ref<const std::string&>().size() == text.size());
    // A short record after the long one still reads.
    CHECK(to_text(*find(parse(R"({"year": 2019})"), "year")) == "2019");
}
