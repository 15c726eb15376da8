#include <ctoc/analysis/analyzer.h>
#include <ctoc/analysis/unicode.h>

#include "support.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace ctoc::analysis;

namespace {

/// "term@position" for each token, in order, an elided article before its word: the table
/// format of Xapian's api_termgen.
std::string terms_of(const std::string& raw) {
    Analyzer analyzer;
    std::string out;
    for (const auto& t : analyzer.tokens(prepare_text(raw))) {
        if (!out.empty())
            out += ' ';
        if (!t.article.empty())
            out += t.article + "@" + std::to_string(t.position - 1) + " ";
        out += t.term + "@" + std::to_string(t.position);
    }
    return out;
}

const Token& find(const std::vector<Token>& tokens, const std::string& term) {
    for (const auto& t : tokens) {
        if (t.term == term)
            return t;
    }
    FAIL("no token " << term);
    throw;
}

} // namespace

TEST_CASE("elisions are split off with any apostrophe and in any case", "[analyzers][analyzer]") {
    struct Case {
        const char* in;
        const char* terms;
    };
    // The word is found without its article; the article keeps its own position, so that a
    // quoted "l'organe" is not "qu'organe".
    const Case cases[] = {
        {"l'application", "l'@1 application@2"},
        {"L’Assemblée générale", "l'@1 assemblee@2 generale@3"},
        {"QU'IL", "qu'@1 il@2"},
        {"d'experts", "d'@1 experts@2"},
        {"jusqu'à lorsqu'il puisqu'elle quoiqu'on",
         "jusqu'@1 a@2 lorsqu'@3 il@4 puisqu'@5 elle@6 quoiqu'@7 on@8"},
        {"s'y rapportant", "s'@1 y@2 rapportant@3"},
        {"c'est n'a j'ai m'en t'a", "c'@1 est@2 n'@3 a@4 j'@5 ai@6 m'@7 en@8 t'@9 a@10"},
        {"lʼapplication dʼexperts", "l'@1 application@2 d'@3 experts@4"},
        {"l'avant-projet", "l'@1 avant@2 projet@3 avantprojet@2"},
        // Not an elision: stays one word.
        {"aujourd'hui", "aujourd'hui@1"},
        {"prud’hommes", "prud'hommes@1"},
    };
    for (const auto& c : cases) {
        INFO(c.in);
        CHECK(terms_of(c.in) == c.terms);
    }
}

TEST_CASE("UN symbols stay whole, lower-cased, without a sentence period",
          "[analyzers][analyzer]") {
    struct Case {
        const char* in;
        const char* terms;
    };
    const Case cases[] = {
        {"CTOC/COP/WG.7/2017/5", "ctoc/cop/wg.7/2017/5@1"},
        {"* CTOC/COP/2014/1.", "ctoc/cop/2014/1@1"},
        {"(A/RES/55/25)", "a/res/55/25@1"},
        {"E/CN.15/2015/11/Corr.1;", "e/cn.15/2015/11/corr.1@1"},
        {"A/69/291/Add.2", "a/69/291/add.2@1"},
        {"S/RES/2331 (2016)", "s/res/2331 (2016)@1"},
        {"CAC/COSP/IRG/I/3/1/Add.17", "cac/cosp/irg/i/3/1/add.17@1"},
        {"[CTOC/COP/WG.4/2019/2](#)", "ctoc/cop/wg.4/2019/2@1"},
        // Slashes that are not symbols.
        {"et/ou", "et@1 ou@2"},
    };
    for (const auto& c : cases) {
        INFO(c.in);
        CHECK(terms_of(c.in) == c.terms);
    }
    Analyzer analyzer;
    CHECK(analyzer.tokens("CTOC/COP/2014/1").front().kind == TokenKind::symbol);
    CHECK(canonical_symbol("ctoc/cop/wg.7/2017/5.") == "CTOC/COP/WG.7/2017/5");
    CHECK(canonical_symbol("ctoc/cop/wg7/2017/5") == "CTOC/COP/WG.7/2017/5");
    // Only a whole "WGn" part gains the dot.
    CHECK(canonical_symbol("A/WGX/1") == "A/WGX/1");
    CHECK(canonical_symbol("A/HRC/WG.6/20/1") == "A/HRC/WG.6/20/1");
    CHECK(family_of_symbol("A/69/291/ADD.2") == "A/69/291");
    CHECK(family_of_symbol("E/CN.15/2015/11/CORR.1") == "E/CN.15/2015/11");
    CHECK(family_of_symbol("CTOC/COP/2014/1") == "CTOC/COP/2014/1");
}

TEST_CASE("ordinals have one common form", "[analyzers][analyzer]") {
    struct Case {
        const char* folded;
        const char* common;
    };
    const Case cases[] = {
        {"neuvieme", "9e"},
        {"9eme", "9e"},
        {"9e", "9e"},
        {"premier", "1e"},
        {"premiere", "1e"},
        {"1er", "1e"},
        {"1re", "1e"},
        {"dixseptieme", "17e"},
        {"vingtetunieme", "21e"},
        {"vingtdeuxieme", "22e"},
        {"soixanteetonzieme", "71e"},
        {"quatrevingtdixieme", "90e"},
        {"centieme", "100e"},
        {"soixantedixseptieme", "77e"},
        {"quatrevingtdixneuvieme", "99e"},
        // Not ordinals: plain numbers, other suffixes, impossible compounds, other words.
        {"9", ""},
        {"2er", ""},
        {"15%", ""},
        {"dixunieme", ""},
        {"vingtonzieme", ""},
        {"vingtdixseptieme", ""},
        {"soixantedixunieme", ""},
        {"session", ""},
        {"unieme", ""},
        {"0e", ""},
    };
    for (const auto& c : cases) {
        INFO(c.folded);
        CHECK(ordinal_term(c.folded) == c.common);
    }
    // Indexed beside the word, at its position; parts of a compound get no alias of their own.
    Analyzer analyzer;
    const auto tokens = analyzer.tokens("la vingt-deuxième session");
    std::vector<std::string> aliases;
    for (const auto& t : tokens) {
        if (t.role == TokenRole::ordinal)
            aliases.push_back(t.term);
    }
    CHECK(aliases == std::vector<std::string>{"22e"});
}

TEST_CASE("numbers written in words are one word, not split at their hyphens",
          "[analyzers][analyzer]") {
    struct Case {
        const char* in;
        const char* terms;
    };
    // "neuvième session" must not match inside "soixante-neuvième session".
    const Case cases[] = {
        {"soixante-neuvième session", "soixanteneuvieme@1 69e@1 session@2"},
        {"la quarante-neuvième session", "la@1 quaranteneuvieme@2 49e@2 session@3"},
        {"vingt-deux ans", "vingtdeux@1 ans@2"},
        {"quatre-vingt-dix-neuf", "quatrevingtdixneuf@1"},
        // Other hyphenated words keep their parts.
        {"Trinité-et-Tobago", "trinite@1 et@2 tobago@3 triniteettobago@1"},
        {"Deux-Sèvres", "deux@1 sevres@2 deuxsevres@1"},
    };
    for (const auto& c : cases) {
        INFO(c.in);
        CHECK(terms_of(c.in) == c.terms);
    }
}

TEST_CASE("inflections share a key, accents kept", "[analyzers][analyzer]") {
    struct Case {
        const char* form;
        const char* key;
    };
    const Case cases[] = {
        {"traites", "traite"},
        {"traite", "traite"},
        {"traités", "traité"},
        {"traitées", "traité"},
        {"adoptée", "adopté"},
        {"nationaux", "national"},
        {"bureaux", "bureau"},
        {"états", "état"},
        // Invariable words: "cours" is not the plural of "cour", "fois" of "foi".
        {"cours", "cours"},
        {"fois", "fois"},
        {"pays", "pays"},
        {"progrès", "progrès"},
        // Too short to strip.
        {"ces", "ces"},
    };
    for (const auto& c : cases) {
        INFO(c.form);
        CHECK(inflection_key(c.form) == c.key);
    }
}

TEST_CASE("symbols are shown as the UN writes them", "[analyzers][analyzer]") {
    CHECK(display_symbol("A/69/291/ADD.2") == "A/69/291/Add.2");
    CHECK(display_symbol("e/cn.15/2015/11/corr.1") == "E/CN.15/2015/11/Corr.1");
    CHECK(display_symbol("CTOC/COP/WG.7/2017/5") == "CTOC/COP/WG.7/2017/5");
    CHECK(display_symbol("A/RES/60/1/REV.1/ADD.3") == "A/RES/60/1/Rev.1/Add.3");
    CHECK(display_symbol("CAC/COSP/IRG/I/3/1/ADD.17") == "CAC/COSP/IRG/I/3/1/Add.17");
    // Only whole suffix parts change: ADDIS or a series called REVIEW stay as they are.
    CHECK(display_symbol("ADDIS/REVIEW/1") == "ADDIS/REVIEW/1");
    CHECK(display_symbol("") == "");
}

TEST_CASE("resolution numbers and French numbers are single terms", "[analyzers][analyzer]") {
    struct Case {
        const char* in;
        const char* terms;
    };
    const Case cases[] = {
        {"résolution 5/3", "resolution@1 5/3@2"},
        {"2004/34", "2004/34@1"},
        {"10 000 personnes", "10000@1 personnes@2"},
        {"1\u00a0250\u00a0000 euros", "1250000@1 euros@2"},
        {"10\u202f000", "10000@1"},
        {"3,5 millions", "3,5@1 millions@2"},
        {"15 % des cas", "15%@1 des@2 cas@3"},
        {"15% des cas", "15%@1 des@2 cas@3"},
        // An ordinal also gets its common form at the same position (1er, premier: 1e).
        {"1^{er} juillet", "1er@1 1e@1 juillet@2"},
        {"2e réunion, XXIe siècle", "2e@1 2e@1 reunion@2 xxie@3 siecle@4"},
        // Not thousands: the year stays apart from what follows.
        {"en 2013 156 pays", "en@1 2013@2 156@3 pays@4"},
        {"décisions 3/3, 3/4 et 3/5", "decisions@1 3/3@2 3/4@3 et@4 3/5@5"},
    };
    for (const auto& c : cases) {
        INFO(c.in);
        CHECK(terms_of(c.in) == c.terms);
    }
}

TEST_CASE("hyphenated words are found by their parts and as a whole", "[analyzers][analyzer]") {
    struct Case {
        const char* in;
        const char* terms;
    };
    const Case cases[] = {
        {"le non-recours", "le@1 non@2 recours@3 nonrecours@2"},
        {"centres pluri-institutions", "centres@1 pluri@2 institutions@3 pluriinstitutions@2"},
        {"socio-économiques", "socio@1 economiques@2 socioeconomiques@1"},
        {"COVID-19", "covid@1 19@2 covid19@1"},
    };
    for (const auto& c : cases) {
        INFO(c.in);
        CHECK(terms_of(c.in) == c.terms);
    }
    // The joined form shares its stem with the unhyphenated spelling.
    Analyzer analyzer;
    const auto hyphen = analyzer.tokens("socio-économiques");
    const auto plain = analyzer.tokens("socioéconomiques");
    CHECK(hyphen.back().stem == plain.front().stem);
    CHECK(hyphen.back().role == TokenRole::joined);
    CHECK(hyphen.front().role == TokenRole::part);
}

TEST_CASE("accents: folded term, exact form kept, stem first then fold", "[analyzers][analyzer]") {
    Analyzer analyzer;
    const auto tokens = analyzer.tokens(
        prepare_text("Les États, la criminalité et la mise en œuvre des résolutions"));
    const Token& etats = find(tokens, "etats");
    CHECK(etats.exact == "états");
    CHECK(etats.stem == "etat");
    const Token& crim = find(tokens, "criminalite");
    CHECK(crim.exact == "criminalité");
    // Snowball stems "criminalité" to "criminal" (the accent-free "criminalite" would give
    // "criminalit"): stemming comes first, folding after.
    CHECK(crim.stem == "criminal");
    CHECK(crim.form() == "criminalité");
    CHECK(find(tokens, "oeuvre").exact == "œuvre");
    CHECK(find(tokens, "resolutions").stem == "resolu");
    // A word without accents has no exact form: its term is exact already.
    CHECK(find(tokens, "mise").exact.empty());
}

TEST_CASE("stop words are marked and not stemmed", "[analyzers][analyzer]") {
    Analyzer analyzer;
    const auto tokens = analyzer.tokens("la traite des personnes à Vienne");
    REQUIRE(tokens.size() == 6);
    CHECK(tokens[0].stopword);
    CHECK(tokens[0].stem.empty());
    CHECK_FALSE(tokens[1].stopword);
    CHECK(tokens[1].stem == "trait");
    CHECK(tokens[2].stopword);
    CHECK(tokens[4].stopword); // "à"
    CHECK(tokens[5].stem == "vien");
}

TEST_CASE("every stop word of a sentence is one, of any length, and its neighbours are not",
          "[analyzers][analyzer]") {
    Analyzer analyzer;
    const auto tokens = analyzer.tokens(prepare_text(
        "Les États parties qui n'avaient pas encore soumis leurs réponses au questionnaire ont "
        "été invités à le faire; nous aurions souhaité qu'elles fussent plus nombreuses, et "
        "que ceux qui eussions voulu répondre y soient aidés."));
    std::string stop, kept;
    for (const auto& t : tokens)
        (t.stopword ? stop : kept) += t.term + " ";
    CHECK(stop == "les qui avaient pas leurs au ont ete a le nous aurions fussent et que qui "
                  "eussions y soient ");
    CHECK(kept == "etats parties encore soumis reponses questionnaire invites faire souhaite "
                  "elles plus nombreuses ceux voulu repondre aides ");
}

TEST_CASE("table cells and markup keep phrase positions meaningful", "[analyzers][analyzer]") {
    Analyzer analyzer;
    // A tab separates table cells: a phrase must not run from one cell into the next.
    const auto cells = analyzer.tokens(prepare_text("Ouverture\t<i>réunion</i>"));
    REQUIRE(cells.size() == 2);
    CHECK(cells[1].position - cells[0].position > 1);
    // Markup between words leaves them adjacent.
    const auto marked = analyzer.tokens(prepare_text("**traite** des <i>personnes</i>"));
    REQUIRE(marked.size() == 3);
    CHECK(marked[2].position == marked[0].position + 2);
}

TEST_CASE("byte offsets point at the tokens in the prepared text", "[analyzers][analyzer]") {
    const std::string text = prepare_text("Dans sa résolution 7/1, la Conférence");
    Analyzer analyzer;
    for (const auto& t : analyzer.tokens(text)) {
        INFO(t.term);
        const std::string slice = text.substr(t.begin, t.end - t.begin);
        CHECK(ctoc::analysis::Analyzer().tokens(slice).front().term == t.term);
    }
}

TEST_CASE("the analyzer survives hostile input", "[analyzers][analyzer]") {
    Analyzer analyzer;
    std::string junk;
    for (int i = 0; i < 256; ++i)
        junk.push_back(static_cast<char>(i));
    CHECK_NOTHROW(analyzer.tokens(prepare_text(junk)));
    const std::string long_word(100000, 'a');
    CHECK(analyzer.tokens(long_word).empty()); // too long to be a term, as omindex does
    const std::string many_slashes = "A/" + std::string(5000, '1') + "/2";
    CHECK_NOTHROW(analyzer.tokens(many_slashes));
}

TEST_CASE("a word's stem does not depend on which words came before it", "[analyzers][analyzer]") {
    // The stems' memo keeps a few words and forgets others: every word of the bundled reports,
    // through a memo of four slots (words evicting each other all the time) and through one
    // large enough to keep them, must get Snowball's own stem, folded.
    AnalyzerOptions tiny_options;
    tiny_options.stem_cache_size = 4;
    Analyzer tiny(tiny_options);
    Analyzer large;
    Xapian::Stem snowball("french");
    std::size_t words = 0;
    for (const auto& paragraph : ctoc::test::corpus_paragraphs(3)) {
        for (const auto& t : large.tokens(prepare_text(paragraph))) {
            if (t.stem.empty())
                continue;
            ++words;
            const std::string expected = fold(snowball(t.form()));
            INFO(t.form());
            REQUIRE(t.stem == expected);
            REQUIRE(tiny.stem_of(t.form()) == expected);
            REQUIRE(large.stem_of(t.form()) == expected);
        }
    }
    CHECK(words > 1000);
    // Words of more than a slot's 31 bytes are stemmed every time, and the same.
    CHECK(tiny.stem_of("internationalisationnellementissimes") ==
          fold(snowball("internationalisationnellementissimes")));
    // A copied analyzer starts with an empty memo and stems alike; a moved one keeps its memo.
    Analyzer copy = tiny;
    CHECK(copy.stem_of("résolutions") == "resolu");
    CHECK(copy.stem_of("résolutions") == "resolu");
    Analyzer moved = std::move(copy);
    CHECK(moved.stem_of("résolutions") == "resolu");
    CHECK(moved.stem_of("traités") == "trait");
}
