#include <ctoc/analysis/unicode.h>

#include <catch2/catch.hpp>

#include <string>
#include <thread>
#include <vector>

using namespace ctoc::analysis;

TEST_CASE("folding removes case and accents, ligatures included", "[analyzers][unicode]") {
    struct Case {
        const char* in;
        const char* folded;
        const char* case_folded;
    };
    const Case cases[] = {
        {"États", "etats", "états"},
        {"Œuvre", "oeuvre", "œuvre"},
        {"résolution", "resolution", "résolution"},
        {"CRIMINALITÉ", "criminalite", "criminalité"},
        {"Ægypte", "aegypte", "ægypte"},
        {"naïveté", "naivete", "naïveté"},
        {"ça", "ca", "ça"},
        {"Straße", "strasse", "straße"},
    };
    for (const auto& c : cases) {
        INFO(c.in);
        CHECK(fold(c.in) == c.folded);
        CHECK(case_fold(c.in) == c.case_folded);
    }
}

TEST_CASE("folding is the same from every thread, whatever the script or the form's length",
          "[analyzers][unicode]") {
    // Forms of one to several bytes from the shared folding tables (code points below U+2000),
    // and from beyond them; eight threads meet the characters for the first time together.
    const std::string text = "ẞ ΐ Ệ ǅ Ω ÆØÅ Ĳ Ŀ Ё Ǆ ﬁ ＡＢ ꝺ";
    const std::string expected = "ss ι e ǆ ω aeoa ĳ ŀ е ǆ ﬁ ａｂ ꝺ";
    CHECK(fold("ẞ") == "ss");
    CHECK(fold("Ệ") == "e");
    CHECK(fold("Ё") == "е"); // Cyrillic, not Latin "e"
    std::vector<std::string> seen(8);
    std::vector<std::thread> threads;
    for (std::size_t k = 0; k < seen.size(); ++k)
        threads.emplace_back([&, k] { seen[k] = fold(text); });
    for (auto& t : threads)
        t.join();
    for (const auto& s : seen)
        CHECK(s == fold(text));
    CHECK(fold(text) == expected);
}

TEST_CASE("text for a terminal shows its controls and bad bytes, and passes the rest as it is",
          "[analyzers][unicode]") {
    CHECK(terminal_text("Résolution 7/1 (2019)") == "Résolution 7/1 (2019)");
    CHECK(terminal_text("a\tb\nc\rd") == "a b c d");
    CHECK(terminal_text("rouge\x1b[31m!") == "rouge\\x1B[31m!");
    CHECK(terminal_text("x\x7fy") == "x\\x7Fy");
    CHECK(terminal_text("C1 \xC2\x9B control") == "C1 \\u009B control");
    CHECK(terminal_text("bidi \xE2\x80\xAE"
                        "evil") == "bidi \\u202Eevil");
    CHECK(terminal_text("Latin-1 \xE9t\xE9") == "Latin-1 \\xE9t\\xE9");
    CHECK(terminal_text("cut \xC3") == "cut \\xC3");
    CHECK(terminal_text("\xC3 then é") == "\\xC3 then é");
    CHECK(terminal_text("") == "");
}

TEST_CASE("NFC joins decomposed accents", "[analyzers][unicode]") {
    // "e" + COMBINING ACUTE ACCENT, as some PDF converters write it.
    CHECK(to_nfc("re\xCC\x81solution") == "résolution");
    CHECK(to_nfc("déjà") == "déjà");
}

TEST_CASE("invalid UTF-8 is counted and repaired, never passed on", "[analyzers][unicode]") {
    CHECK(count_invalid_utf8("résolution") == 0);
    CHECK(count_invalid_utf8("r\xE9solution") == 1); // Latin-1 é
    CHECK(count_invalid_utf8("\xC3") == 1);          // truncated sequence
    CHECK(count_invalid_utf8("\xED\xA0\x80") >= 1);  // UTF-16 surrogate
    CHECK(repair_utf8("r\xE9solution") == "r\xEF\xBF\xBDsolution");
    CHECK(count_invalid_utf8(repair_utf8("\xFF\xFE a \xC0\x80 b")) == 0);
    // Wherever a character falls among runs of ASCII, read eight bytes at a time.
    for (std::size_t at = 0; at <= 17; ++at) {
        const std::string ascii(at, 'a');
        const Utf8Stats accented = utf8_stats(ascii + "Conf\xC3\xA9rence des Parties, " + ascii);
        CHECK(accented.multibyte == 1);
        CHECK(accented.invalid == 0);
        const Utf8Stats latin1 = utf8_stats(ascii + "Conf\xE9rence " + ascii + "\xE0 Vienne");
        CHECK(latin1.invalid == 2);
        CHECK(latin1.multibyte == 0);
        CHECK(utf8_stats(ascii + "\xC3").invalid == 1); // cut at the end
    }
}
