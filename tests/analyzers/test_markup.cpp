#include <ctoc/analysis/markup.h>

#include <catch2/catch.hpp>

using ctoc::analysis::clean_markup;

TEST_CASE("markup clean-up keeps the text and drops the markup", "[analyzers][markup]") {
    struct Case {
        const char* raw;
        const char* clean;
    };
    const Case cases[] = {
        // Headings of every level, after the '#' marks.
        {"# Conférence des Parties", "Conférence des Parties"},
        {"###### a) Ouverture de la réunion", "a) Ouverture de la réunion"},
        {"## **2. Analyse de l'influence**", "2. Analyse de l'influence"},
        // Emphasis and escaped stars (footnote markers).
        {"**Examen de l'application**", "Examen de l'application"},
        {"#### *Changements possibles*", "Changements possibles"},
        {"Point 2 c) de l'ordre du jour provisoire\\*", "Point 2 c) de l'ordre du jour provisoire"},
        {"\\* [CTOC/COP/2018/1](#).", " CTOC/COP/2018/1."},
        // Links keep their text, lose their target.
        {"rapports ([CTOC/COP/WG.7/2017/5](#) et [CTOC/COP/WG.7/2018/3](#))",
         "rapports (CTOC/COP/WG.7/2017/5 et CTOC/COP/WG.7/2018/3)"},
        {"<sup>1</sup> [www.unodc.org/a.html](http://www.unodc.org/a.html).",
         " www.unodc.org/a.html."},
        // HTML tags; superscript footnote numbers go, ordinal suffixes stay.
        {"<i>Date et heure</i>\t<i>Point de l'ordre du jour</i>",
         "Date et heure\tPoint de l'ordre du jour"},
        {"la page Web de la réunion<sup>1</sup>.", "la page Web de la réunion."},
        {"le 1<sup>er</sup> juin", "le 1er juin"},
        {"<b>Judi 14 octobre</b>", "Judi 14 octobre"},
        // ^{er} ordinals, as in "1^{er} juillet 2016".
        {"1^{er} juillet 2016", "1er juillet 2016"},
        {"du 30 mai au 1^{er} juin 2012", "du 30 mai au 1er juin 2012"},
        // Markdown hard breaks (two trailing spaces) and CRLF line ends.
        {"Distr. générale  \r\n20 juillet 2018  \r\n", "Distr. générale\n20 juillet 2018\n"},
        // Entities.
        {"Nations Unies &amp; partenaires", "Nations Unies & partenaires"},
        // Text that only looks like markup is left alone.
        {"3 < 5 et 7 > 2", "3 < 5 et 7 > 2"},
        // The UN Parallel Corpus writes guillemets as << >>: text, not a tag to drop.
        {"ces armes n'étant jamais <<implantées dans l'espace>>.",
         "ces armes n'étant jamais <<implantées dans l'espace>>."},
        {"une <clause de sauvegarde> citée", "une <clause de sauvegarde> citée"},
        {"<span class=\"x\">texte</span>", "texte"},
        {"un # au milieu", "un # au milieu"},
    };
    for (const auto& c : cases) {
        INFO(c.raw);
        CHECK(clean_markup(c.raw) == c.clean);
    }
}

TEST_CASE("markup clean-up keeps lines, blank lines and table cells", "[analyzers][markup]") {
    const std::string clean =
        clean_markup("Ordre du jour\n\n10 heures-13 heures\t1 a)\tOuverture de la réunion\n");
    CHECK(clean == "Ordre du jour\n\n10 heures-13 heures\t1 a)\tOuverture de la réunion\n");
}

TEST_CASE("markup clean-up is bounded on hostile input", "[analyzers][markup]") {
    // Unclosed constructs must neither hang nor swallow the rest of the text.
    const std::string raw = std::string(100000, '[') + "](" + std::string(100000, '<') + " fin";
    const std::string clean = clean_markup(raw);
    CHECK(clean.find("fin") != std::string::npos);
    CHECK(clean_markup("^{er sans fin") == "^{er sans fin");
    CHECK(clean_markup("<sup>1 sans fin") == "1 sans fin");
}
