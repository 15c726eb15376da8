#include <ctoc/analysis/analyzer.h>
#include <ctoc/analysis/symbol.h>

#include <catch2/catch.hpp>

#include <string>

using namespace ctoc::analysis;

namespace {

/// "term@position" for each token, in order.
std::string terms_of(const std::string& raw) {
    Analyzer analyzer;
    std::string out;
    for (const auto& t : analyzer.tokens(prepare_text(raw))) {
        if (t.role != TokenRole::plain)
            continue;
        if (!out.empty())
            out += ' ';
        out += t.term + "@" + std::to_string(t.position);
    }
    return out;
}

} // namespace

TEST_CASE("every spelling of a UN symbol has one canonical form and prints as the UN writes it",
          "[analyzers][symbol]") {
    struct Case {
        const char* typed;
        const char* canonical;
        const char* display;
    };
    // The UN Parallel Corpus spellings are those of the unv1-fr "symbol" field.
    const Case cases[] = {
        // Every body prefix, as printed.
        {"A/69/291/Add.2", "A/69/291/ADD.2", "A/69/291/Add.2"},
        {"S/2014/648", "S/2014/648", "S/2014/648"},
        {"E/CN.15/2015/11/Corr.1", "E/CN.15/2015/11/CORR.1", "E/CN.15/2015/11/Corr.1"},
        {"ST/SGB/2015/1", "ST/SGB/2015/1", "ST/SGB/2015/1"},
        {"CTOC/COP/WG.7/2017/5", "CTOC/COP/WG.7/2017/5", "CTOC/COP/WG.7/2017/5"},
        {"CAC/COSP/2015/1", "CAC/COSP/2015/1", "CAC/COSP/2015/1"},
        {"IDB.43/1", "IDB.43/1", "IDB.43/1"},
        {"PBC.31/1", "PBC.31/1", "PBC.31/1"},
        {"TD/B/61/1", "TD/B/61/1", "TD/B/61/1"},
        {"E/CN.4/Sub.2/2005/1", "E/CN.4/SUB.2/2005/1", "E/CN.4/Sub.2/2005/1"},
        {"A/RES/60/1/Amend.1", "A/RES/60/1/AMEND.1", "A/RES/60/1/Amend.1"},
        {"a/69/291/add.2", "A/69/291/ADD.2", "A/69/291/Add.2"},
        {"A/69/291/REV.1", "A/69/291/REV.1", "A/69/291/Rev.1"},
        {"ctoc/cop/wg7/2017/5", "CTOC/COP/WG.7/2017/5", "CTOC/COP/WG.7/2017/5"},
        {"CTOC/COP/2014/1.", "CTOC/COP/2014/1", "CTOC/COP/2014/1"},
        // Parts in parentheses, spaced or not, and their Parallel Corpus spelling.
        {"A/70/6 (Sect. 16)", "A/70/6 (SECT. 16)", "A/70/6 (Sect. 16)"},
        {"a/70/6(sect.16)", "A/70/6 (SECT. 16)", "A/70/6 (Sect. 16)"},
        {"A/70/6._SECT__16_", "A/70/6 (SECT. 16)", "A/70/6 (Sect. 16)"},
        {"A/70/6.SECT__34_", "A/70/6 (SECT. 34)", "A/70/6 (Sect. 34)"},
        {"A/70/6._SECT__29A_", "A/70/6 (SECT. 29A)", "A/70/6 (Sect. 29A)"},
        {"A/70/6._INCOME_SECT__1_", "A/70/6 (INCOME SECT. 1)", "A/70/6 (Income sect. 1)"},
        {"A/70/6._INTRODUCTION_", "A/70/6 (INTRODUCTION)", "A/70/6 (Introduction)"},
        {"A/70/6._SECT__8_/Corr.1", "A/70/6 (SECT. 8)/CORR.1", "A/70/6 (Sect. 8)/Corr.1"},
        {"A/69/308 (Part II)", "A/69/308 (PART II)", "A/69/308 (Part II)"},
        {"A/69/308._PART_II_", "A/69/308 (PART II)", "A/69/308 (Part II)"},
        {"DP/FPA/2015/5._PART_I_", "DP/FPA/2015/5 (PART I)", "DP/FPA/2015/5 (Part I)"},
        {"S/RES/2214 (2015)", "S/RES/2214 (2015)", "S/RES/2214 (2015)"},
        {"S/RES/2214._2015_", "S/RES/2214 (2015)", "S/RES/2214 (2015)"},
        {"s/res/2214(2015)", "S/RES/2214 (2015)", "S/RES/2214 (2015)"},
        {"A/RES/1514 (XV)", "A/RES/1514 (XV)", "A/RES/1514 (XV)"},
        {"A/CONF.224/PC(III)/1", "A/CONF.224/PC(III)/1", "A/CONF.224/PC(III)/1"},
        {"A/CONF.224/PC.III_/L.1", "A/CONF.224/PC(III)/L.1", "A/CONF.224/PC(III)/L.1"},
        {"ICCD/CRIC.13_/4", "ICCD/CRIC(13)/4", "ICCD/CRIC(13)/4"},
        {"UNEP.DTIE_/HG/INC.6/24", "UNEP(DTIE)/HG/INC.6/24", "UNEP(DTIE)/HG/INC.6/24"},
        {"UNEP/OZL.PRO_WG_1/35/INF/3", "UNEP/OZL.PRO.WG.1/35/INF/3", "UNEP/OzL.Pro.WG.1/35/INF/3"},
        {"UNEP/OzL.Pro.WG.1/35/INF/3", "UNEP/OZL.PRO.WG.1/35/INF/3", "UNEP/OzL.Pro.WG.1/35/INF/3"},
    };
    for (const auto& c : cases) {
        INFO(c.typed);
        CHECK(looks_like_symbol(c.typed));
        CHECK(canonical_symbol(c.typed) == c.canonical);
        CHECK(display_symbol(c.typed) == c.display);
        CHECK(canonical_symbol(display_symbol(c.typed)) == c.canonical);
    }
}

TEST_CASE("strings with slashes that are not UN symbols", "[analyzers][symbol]") {
    for (const char* s :
         {"VIH/sida", "et/ou", "2015/1", "5/3", "COVID-19/2020", "www.unodc.org/2021", "A/", "/A/1",
          "A/69/308 (par. 12)", "A/69/913-S/2015/378", "A/1 (Sect. 2) en plus"}) {
        INFO(s);
        CHECK_FALSE(looks_like_symbol(s));
    }
}

TEST_CASE("a symbol in running text ends where the UN's rules say", "[analyzers][symbol]") {
    struct Case {
        const char* text;
        std::size_t length;
    };
    const Case cases[] = {
        {"CTOC/COP/2014/1.", 15},
        {"CTOC/COP/WG.7/2017/5](#) et", 20},
        {"S/2014/648).", 10},
        {"A/70/6 (Sect. 16), par. 3", 17},
        {"A/70/6 (Sect. 8)/Corr.1 et", 23},
        {"S/RES/2214 (2015) du Conseil", 17},
        {"S/2014/648 (2014)", 10},  // a year belongs only to resolutions and meeting records
        {"A/69/308 (par. 12)", 8},  // a paragraph is not a part of the symbol
        {"A/69/913-S/2015/378", 8}, // a joint symbol: two documents
        {"résolution", 0},
        {"VIH/sida", 0},
    };
    for (const auto& c : cases) {
        INFO(c.text);
        CHECK(symbol_length(c.text) == c.length);
    }
}

TEST_CASE("symbols stay whole with their parts in parentheses, in text and in queries",
          "[analyzers][symbol]") {
    struct Case {
        const char* in;
        const char* terms;
    };
    // Sentences of the bundled corpus and unv1-fr.
    const Case cases[] = {
        {"(CTOC/COP/WG.4/2015/6) sera mis", "ctoc/cop/wg.4/2015/6@1 sera@2 mis@3"},
        {"(voir S/2014/648).", "voir@1 s/2014/648@2"},
        {"le projet de budget (A/70/6 (Sect. 16)) et",
         "le@1 projet@2 de@3 budget@4 a/70/6 (sect. 16)@5 et@6"},
        {"A/69/308 (Part II) et", "a/69/308 (part ii)@1 et@2"},
        {"la résolution S/RES/2214 (2015) du", "la@1 resolution@2 s/res/2214 (2015)@3 du@4"},
        {"A/70/6._SECT__16_", "a/70/6 (sect. 16)@1"},
        {"IDB.43/1 et PBC.31/1", "idb.43/1@1 et@2 pbc.31/1@3"},
        {"le document A/69/308 (par. 12)", "le@1 document@2 a/69/308@3 par@4 12@5"},
        {"A/69/913-S/2015/378", "a/69/913@1 s/2015/378@2"},
        {"la lutte contre le VIH/sida", "la@1 lutte@2 contre@3 le@4 vih@5 sida@6"},
    };
    for (const auto& c : cases) {
        INFO(c.in);
        CHECK(terms_of(c.in) == c.terms);
    }
}

TEST_CASE("families and Security Council resolutions with or without their year",
          "[analyzers][symbol]") {
    CHECK(family_of_symbol("A/69/291/ADD.2") == "A/69/291");
    CHECK(family_of_symbol("A/70/6 (SECT. 8)/CORR.1") == "A/70/6 (SECT. 8)");
    CHECK(family_of_symbol("A/RES/60/1/AMEND.1") == "A/RES/60/1");
    CHECK(undated_symbol("S/RES/2214 (2015)") == "S/RES/2214");
    CHECK(undated_symbol("S/RES/2214") == "S/RES/2214");
    CHECK(undated_symbol("A/70/6 (SECT. 16)") == "A/70/6 (SECT. 16)");
    CHECK(undated_symbol("A/RES/1514 (XV)") == "A/RES/1514 (XV)");
}
