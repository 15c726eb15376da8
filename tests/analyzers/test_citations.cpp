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

TEST_CASE("resolutions and decisions are found with their lists and bodies", "[analyzers][citations]") {
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
        {"les résolutions 1325 (2000), 1820 (2008) et 1888 (2009)", "R:1325:CS R:1820:CS R:1888:CS"},
        {"la résolution 1325 du Conseil de sécurité", "R:1325:CS"},
        {"la résolution 2388 (2017) du Conseil de sécurité", "R:2388:CS"},
        {"les résolutions 5/3 et 2331 (2016)", "R:5/3: R:2331:CS"},
        // A bare number is not enough without the Council, nor a year for a decision.
        {"la résolution 2 de la Conférence", ""},
        {"la résolution 1325 des Nations Unies", ""},
        {"la décision 12 (2016)", ""},
        {"la résolution 1325 (mars 2000)", ""},
        // Numbers without a citing word are not citations.
        {"le ratio 5/3 et 7/1", ""},
        {"la décision prise par le bureau le 12 décembre", ""},
    };
    for (const auto& c : cases) {
        INFO(c.text);
        CHECK(citations_of(c.text) == c.citations);
    }
}
