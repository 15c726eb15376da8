// Wrapping for the terminal: a table of texts and how they are laid out.
#include <ctoc/search/terminal.h>

#include <catch2/catch.hpp>

using ctoc::search::text_columns;
using ctoc::search::wrap;

TEST_CASE("text_columns counts what a terminal shows", "[terminal]") {
    CHECK(text_columns("") == 0);
    CHECK(text_columns("traite") == 6);
    CHECK(text_columns("réunion à Vienne") == 16);        // é, à: one column each
    CHECK(text_columns("e\xCC\x81tats") == 5);            // e + combining acute: one column
    CHECK(text_columns("\033[1mtraite\033[0m") == 6);     // SGR sequences take none
    CHECK(text_columns("\xE5\x9B\xBD\xE9\x99\x85") == 4); // 国际: two wide characters
    CHECK(text_columns("id\xC2\xA0"
                       "42") == 5); // a no-break space is one
}

TEST_CASE("wrap breaks at spaces with a hanging indent", "[terminal]") {
    struct Case {
        std::string text;
        std::size_t width;
        std::string first;
        std::size_t indent;
        std::string expected;
    };
    const Case cases[] = {
        // No width: as it is.
        {"la traite des personnes", 0, "1. ", 3, "1. la traite des personnes"},
        // Fits.
        {"la traite des personnes", 30, "1. ", 3, "1. la traite des personnes"},
        // Broken at spaces, continuation lines under the first letter.
        {"la traite des personnes", 15, "1. ", 3, "1. la traite\n   des\n   personnes"},
        {"Groupe de travail sur le trafic illicite de migrants", 24, "", 4,
         "Groupe de travail sur le\n    trafic illicite de\n    migrants"},
        // Accented letters count as one column.
        {"réunion à Vienne été", 10, "", 0, "réunion à\nVienne été"},
        // Colour takes no room and is never cut.
        {"\033[1mtraite\033[0m des personnes", 10, "", 0, "\033[1mtraite\033[0m des\npersonnes"},
        // A word longer than a line is cut where the line ends.
        {"/un/chemin/très/long", 8, "", 2, "/un/chem\n  in/trè\n  s/long"},
        // Several spaces inside a line are kept; at a break they go.
        {"A/69/291  Rapport annuel", 30, "", 0, "A/69/291  Rapport annuel"},
        {"A/69/291  Rapport annuel", 12, "", 0, "A/69/291\nRapport\nannuel"},
        // A no-break space holds its words together.
        {"score 0.748 | id\xC2\xA0"
         "4713894366",
         18, "", 0,
         "score 0.748 |\nid\xC2\xA0"
         "4713894366"},
        // Trailing spaces are dropped.
        {"traite   ", 20, "", 0, "traite"},
    };
    for (const auto& c : cases) {
        INFO(c.text << " at " << c.width);
        CHECK(wrap(c.text, c.width, c.first, c.indent) == c.expected);
    }
}

TEST_CASE("parse_color_mode reads auto, always and never", "[terminal]") {
    CHECK(ctoc::search::parse_color_mode("auto") == ctoc::search::ColorMode::automatic);
    CHECK(ctoc::search::parse_color_mode("always") == ctoc::search::ColorMode::always);
    CHECK(ctoc::search::parse_color_mode("never") == ctoc::search::ColorMode::never);
    CHECK_THROWS_WITH(ctoc::search::parse_color_mode("yes"),
                      "invalid --color 'yes' (choose auto, always or never)");
}
