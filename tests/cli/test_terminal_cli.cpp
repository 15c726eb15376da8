// The programs on a terminal: wrapped to its width with a hanging indent, colour when wanted
// (--color, NO_COLOR, TERM=dumb), help within 80 columns.
#include "support.h"

#include <ctoc/search/terminal.h>

#include <catch2/catch.hpp>

#include <regex>

using ctoc::test::lines;
using ctoc::test::run;
using ctoc::test::run_on_terminal;
using ctoc::test::TempDir;

namespace {

struct Bundled {
    TempDir dir;
    std::string db = dir / "ctoc.db";
    Bundled() { REQUIRE(run({CTOC_INDEX_BIN, "--db", db}).status == 0); }
};

/// The text without its SGR sequences.
std::string plain(const std::string& text) {
    return std::regex_replace(text, std::regex("\033\\[[0-9;]*m"), "");
}

bool has_colour(const std::string& text) {
    return text.find("\033[1m") != std::string::npos;
}

} // namespace

TEST_CASE("on a terminal, results are wrapped to its width with a hanging indent",
          "[cli][terminal]") {
    Bundled b;
    for (unsigned columns : {40u, 60u, 100u}) {
        INFO(columns << " columns");
        const auto r =
            run_on_terminal({CTOC_SEARCH_BIN, "--db", b.db, "traite des personnes"}, columns);
        REQUIRE(r.status == 0);
        const auto out = lines(plain(r.out));
        REQUIRE(out.size() > 10);
        bool in_result = false;
        std::size_t continued = 0;
        for (const auto& line : out) {
            INFO(line);
            // Every line fits, but a path, which is never broken so that it can be copied.
            if (line.find("/corpus/documents/") == std::string::npos)
                CHECK(ctoc::search::text_columns(line) <= columns);
            if (std::regex_match(line, std::regex("[0-9]+\\. .*"))) {
                in_result = true;
                continue;
            }
            if (line.empty()) {
                in_result = false;
                continue;
            }
            // Under a result's title, every line starts under the title's first letter.
            if (in_result) {
                CHECK(line.rfind("   ", 0) == 0);
                CHECK(line[3] != ' ');
                ++continued;
            }
        }
        CHECK(continued > 0);
        // Nothing is lost: the words are those of the unwrapped output.
        const auto piped = run({CTOC_SEARCH_BIN, "--db", b.db, "traite des personnes"});
        const auto words = [](const std::string& text) {
            std::string joined;
            for (const auto& line : lines(text))
                joined += std::regex_replace(line, std::regex("^ +| +$"), "") + " ";
            return std::regex_replace(std::regex_replace(joined, std::regex("\u00A0"), " "),
                                      std::regex(" +"), " ");
        };
        CHECK(words(plain(r.out)) == words(piped.out));
    }
    // $COLUMNS, when set, is the width.
    const auto narrow = run_on_terminal({CTOC_SEARCH_BIN, "--db", b.db, "traite des personnes"},
                                        120, {"COLUMNS=50"});
    for (const auto& line : lines(plain(narrow.out)))
        if (line.find("/corpus/documents/") == std::string::npos)
            CHECK(ctoc::search::text_columns(line) <= 50);
    // Piped, lines are not broken: a script reads one line per field.
    const auto piped =
        run({CTOC_SEARCH_BIN, "--db", b.db, "traite des personnes"}, {}, {"COLUMNS=50"});
    std::size_t longest = 0;
    for (const auto& line : lines(piped.out))
        longest = std::max(longest, ctoc::search::text_columns(line));
    CHECK(longest > 100);
}

TEST_CASE("colour: --color=auto|always|never, NO_COLOR only when not empty, TERM=dumb plain",
          "[cli][terminal]") {
    Bundled b;
    const std::vector<std::string> query{CTOC_SEARCH_BIN, "--db", b.db, "migrants"};
    const auto with = [&](std::vector<std::string> extra) {
        auto argv = query;
        argv.insert(argv.end(), extra.begin(), extra.end());
        return argv;
    };
    // On a terminal: colour by default.
    CHECK(has_colour(run_on_terminal(query, 80).out));
    CHECK(has_colour(run_on_terminal(with({"--color=auto"}), 80).out));
    CHECK_FALSE(has_colour(run_on_terminal(with({"--color=never"}), 80).out));
    // NO_COLOR set and not empty: plain; set but empty: as if unset (no-color.org).
    CHECK_FALSE(has_colour(run_on_terminal(query, 80, {"NO_COLOR=1"}).out));
    CHECK(has_colour(run_on_terminal(query, 80, {"NO_COLOR="}).out));
    // A dumb terminal: plain.
    const auto dumb = run_on_terminal(query, 80, {"TERM=dumb"});
    CHECK(dumb.out.find('\033') == std::string::npos);
    // --color=always wins over both, and colours piped output too.
    CHECK(has_colour(run_on_terminal(with({"--color=always"}), 80, {"NO_COLOR=1"}).out));
    CHECK(has_colour(run_on_terminal(with({"--color=always"}), 80, {"TERM=dumb"}).out));
    CHECK(has_colour(run(with({"--color", "always"})).out));
    // Piped: plain.
    CHECK(run(query).out.find('\033') == std::string::npos);
    // --text marks the words the same way.
    const std::string note = ctoc::test::corpus_dir() + "/001_a4e48ed0b737bc3c.txt";
    CHECK(has_colour(
        run_on_terminal({CTOC_SEARCH_BIN, "--db", b.db, "--text", note, "migrants"}, 80).out));
    CHECK_FALSE(
        has_colour(run_on_terminal({CTOC_SEARCH_BIN, "--db", b.db, "--text", note, "migrants"}, 80,
                                   {"NO_COLOR=yes"})
                       .out));
}

TEST_CASE("ctoc-index draws its progress bar on a terminal, plain lines on a dumb one",
          "[cli][terminal]") {
    TempDir dir;
    const auto bar = run_on_terminal({CTOC_INDEX_BIN, "--db", dir / "a"}, 80, {}, true);
    REQUIRE(bar.status == 0);
    CHECK(bar.out.find("\r\033[K") != std::string::npos);
    const auto dumb = run_on_terminal({CTOC_INDEX_BIN, "--db", dir / "b"}, 80, {"TERM=dumb"}, true);
    REQUIRE(dumb.status == 0);
    CHECK(dumb.out.find('\033') == std::string::npos);
    CHECK(dumb.out.find('\r') == std::string::npos);
    CHECK_THAT(dumb.out, Catch::Contains("5 added"));
}

TEST_CASE("the --help of each program fits 80 columns", "[cli][terminal]") {
    for (const char* program : {CTOC_INDEX_BIN, CTOC_SEARCH_BIN, CTOC_SERVE_BIN}) {
        INFO(program);
        const auto r = run({program, "--help"});
        REQUIRE(r.status == 0);
        REQUIRE(lines(r.out).size() > 20);
        for (const auto& line : lines(r.out)) {
            INFO(line);
            CHECK(ctoc::search::text_columns(line) <= 80);
            CHECK((line.empty() || line.back() != ' '));
            CHECK(line.find('\t') == std::string::npos);
        }
        // The sections of the manual page, which help2man makes of it.
        CHECK_THAT(r.out, Catch::StartsWith("Usage: ") && Catch::Contains("\nOptions:\n") &&
                              Catch::Contains("\nExit status:\n") &&
                              Catch::Contains("\nEnvironment:\n") &&
                              Catch::Contains("\nExamples:\n"));
    }
}
