#include <ctoc/analysis/citations.h>

#include <catch2/catch.hpp>

using namespace ctoc::analysis;

namespace {

/// "R:5/3:COP D:4/4:" for each citation.
std::string citations_of(const std::string& raw) {
    Analyzer analyzer;
    std::string out;
    const std::string text = prepare_text(raw);
    for (const auto& c : find_citations(analyzer.tokens(text), text)) {
        if (!out.empty())
            out += ' ';
        out += (c.kind == CitationKind::resolution ? "R:" : "D:") + c.number + ":" + c.body;
    }
    return out;
}

} // namespace

TEST_CASE("resolutions and decisions are found with their lists and bodies",
          "[analyzers][citations]") {
    struct Case {
        const char* text;
        const char* citations;
    };
    const Case cases[] = {
        {"En application de la résolution 5/3 de la Conférence des Parties", "R:5/3:COP"},
        {"Dans sa résolution 7/1 sur le renforcement", "R:7/1:"},
        {"Dans sa décision 4/4, la Conférence", "D:4/4:"},
        {"les résolutions 5/3 et 6/1", "R:5/3: R:6/1:"},
        {"ses décisions 3/3, 3/4 et 3/5", "D:3/3: D:3/4: D:3/5:"},
        {"la résolution 55/25 de l'Assemblée générale", "R:55/25:AG"},
        {"la résolution 2004/34 du Conseil économique et social", "R:2004/34:ECOSOC"},
        {"RESOLUTION 7/1", "R:7/1:"},
        {"resolution 7/1", "R:7/1:"},
        {"voir A/RES/55/25 et S/RES/2331 (2016)", "R:55/25:AG R:2331:CS"},
        // The Security Council numbers its resolutions without a slash.
        {"dans sa résolution 2331 (2016), le Conseil", "R:2331:CS"},
        {"les résolutions 1325 (2000), 1820 (2008) et 1888 (2009)",
         "R:1325:CS R:1820:CS R:1888:CS"},
        {"la résolution 1325 du Conseil de sécurité", "R:1325:CS"},
        {"la résolution 2388 (2017) du Conseil de sécurité", "R:2388:CS"},
        {"les résolutions 5/3 et 2331 (2016)", "R:5/3: R:2331:CS"},
        // A bare number: three or four digits are a resolution; one or two need a body or a date.
        {"la résolution 2 de la Conférence", "R:2:COP"},
        {"Résolution 3", ""},
        {"la résolution 1325 des Nations Unies", "R:1325:"},
        {"la résolution 1325 (mars 2000)", "R:1325:"},
        // A year is the Security Council's numbering; a decision with a year needs its body.
        {"la décision 12 (2016)", ""},
        // Numbers without a citing word are not citations.
        {"le ratio 5/3 et 7/1", ""},
        {"la décision prise par le bureau le 12 décembre", ""},
    };
    for (const auto& c : cases) {
        INFO(c.text);
        CHECK(citations_of(c.text) == c.citations);
    }
}

TEST_CASE("every list shape of UN French prose, on sentences of unv1-fr",
          "[analyzers][citations]") {
    struct Case {
        const char* text;
        const char* citations;
    };
    const Case cases[] = {
        // Each item dated (S/RES/2178's preamble): every item, not only the first.
        {"Rappelant ses résolutions 1267 (1999) du 15 octobre 1999, 1373 (2001) du 28 septembre "
         "2001, "
         "1483 (2003) du 22 mai 2003, 2161 (2014) du 17 juin 2014 et 2199 (2015) du 12 février "
         "2015,",
         "R:1267:CS R:1373:CS R:1483:CS R:2161:CS R:2199:CS"},
        // Commas, "et", the body once for the whole list.
        {"l'application des résolutions 822 (1993), 853 (1993), 874 (1993) et 884 (1993) du "
         "Conseil de sécurité.",
         "R:822:CS R:853:CS R:874:CS R:884:CS"},
        {"dans le droit fil des résolutions 1373 (2001), 1540 (2004) et 1887 (2009) du Conseil de "
         "sécurité :",
         "R:1373:CS R:1540:CS R:1887:CS"},
        {"les résolutions 1325 (2000) ainsi que 1820 (2008)", "R:1325:CS R:1820:CS"},
        // A date after a comma, "en date du", the body before or after the date.
        {"Rappelant la résolution 2043 (2012), du 21 avril 2012, par laquelle", "R:2043:CS"},
        {"la résolution 1631 (2005) du Conseil de sécurité, en date du 17 octobre 2005, dans "
         "laquelle",
         "R:1631:CS"},
        {"créée par la résolution 2100 (2013) du Conseil de sécurité en date du 25 avril 2013 et "
         "récemment "
         "prorogée par la résolution 2164 (2014) du 25 juin 2014.",
         "R:2100:CS R:2164:CS"},
        {"la résolution 263, en date du 5 novembre 2013, de la Commission africaine des droits de "
         "l'homme",
         "R:263:"},
        // Old numbering: the session in roman numerals belongs to the number.
        {"conformément aux dispositions de sa résolution 973 (X) du 15 décembre 1955,",
         "R:973 (X):"},
        {"en application de la résolution 1696 (XVI) de l'Assemblée générale, les offres faites au "
         "titre de la "
         "résolution 845 (IX) sont communiquées",
         "R:1696 (XVI):AG R:845 (IX):"},
        {"la résolution 1894 (LVII) du Conseil économique et social.", "R:1894 (LVII):ECOSOC"},
        // Bare numbers.
        {"Le Comité créé par la résolution 1540 et son groupe d'experts", "R:1540:"},
        {"pour mettre en œuvre la résolution 1540.", "R:1540:"},
        {"la résolution 2153 du 17 novembre 1966 qui a préconisé", "R:2153:"},
        {"la résolution no 984. Le statut", "R:984:"},
        {"la résolution 1325 du Conseil de sécurité des Nations Unies, qui porte", "R:1325:CS"},
        // Per-item bodies.
        {"la résolution 55/25 de l'Assemblée générale et 7/1 de la Conférence",
         "R:55/25:AG R:7/1:COP"},
        // A decision with a year and a body.
        {"conformément à la décision 267 (2009) du Conseil d'administration.", "D:267:"},
        // Where a list ends.
        {"les résolutions 1970 (2011) et 1973 (2011) modifiées par la résolution 2009 (2011), à se "
         "consulter",
         "R:1970:CS R:1973:CS R:2009:CS"},
        {"par la résolution 2140 (2014) et a l'honneur de lui présenter", "R:2140:CS"},
        {"dans sa résolution 1540 (2004), 20 États ont", "R:1540:CS"},
        {"de sa résolution 5/3.\n\n2. La Conférence", "R:5/3:"},
        {"sa résolution 1251 (1999) du 29 juin 1999 et ses résolutions ultérieures;", "R:1251:CS"},
        // A year in parentheses is never the number.
        {"la résolution 2178 (2014)", "R:2178:CS"},
        // Ranges: every number between two ends that can be counted; otherwise the ends.
        {"les résolutions 2170 à 2178",
         "R:2170: R:2171: R:2172: R:2173: R:2174: R:2175: R:2176: R:2177: R:2178:"},
        {"les décisions 5/1 à 5/4 de la Conférence", "D:5/1:COP D:5/2:COP D:5/3:COP D:5/4:COP"},
        {"les résolutions 1267 (1999) à 2253 (2015)", "R:1267:CS R:2253:CS"},
        {"les résolutions 5/8 à 6/2", "R:5/8: R:6/2:"},
    };
    for (const auto& c : cases) {
        INFO(c.text);
        CHECK(citations_of(c.text) == c.citations);
    }
}

TEST_CASE("numbers after a citing word that are not citations say why", "[analyzers][citations]") {
    Analyzer analyzer;
    const auto rejected_in = [&](const std::string& raw) {
        const std::string text = prepare_text(raw);
        std::vector<RejectedNumber> rejected;
        const auto citations = find_citations(analyzer.tokens(text), text, &rejected);
        CHECK(citations.empty());
        REQUIRE(rejected.size() == 1);
        return rejected.front().number + ": " + rejected.front().reason;
    };
    // A heading of A/CONF.224/6.
    CHECK(rejected_in(
              "réduction des risques de catastrophe.\n\nRésolution 3\n\n58. Les participants") ==
          "3: one or two digits with neither body nor date (a heading or an item)");
    CHECK(rejected_in("la décision 12 (2016)") == "12: a decision with a year but no body");
    CHECK(rejected_in("la résolution 05") == "05: not a number of the form 5/3 or 2178");
}

TEST_CASE("the citations of one list share its citing word, and ranges and bare numbers are marked",
          "[analyzers][citations]") {
    Analyzer analyzer;
    const std::string text =
        prepare_text("les résolutions 2170 (2014) à 2172 (2014) et la résolution 1540");
    const auto tokens = analyzer.tokens(text);
    const auto c = find_citations(tokens, text);
    REQUIRE(c.size() == 4);
    CHECK(tokens[c[0].list].term == "resolutions");
    CHECK(c[0].list == c[1].list);
    CHECK(c[1].list == c[2].list);
    CHECK(c[3].list != c[0].list);
    CHECK_FALSE(c[0].in_range);
    CHECK(c[1].in_range);
    CHECK_FALSE(c[2].in_range);
    CHECK_FALSE(c[0].bare);
    CHECK(c[3].bare);
}

TEST_CASE("a resolution's own number is the one its symbol carries", "[analyzers][citations]") {
    CHECK(own_resolution_number("S/RES/2203 (2015)") == "2203");
    CHECK(own_resolution_number("A/RES/70/1") == "70/1");
    CHECK(own_resolution_number("E/RES/2015/1") == "2015/1");
    CHECK(own_resolution_number("A/70/6 (SECT. 16)").empty());
}
