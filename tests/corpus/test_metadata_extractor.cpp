#include <ctoc/corpus/metadata.h>

#include <catch2/catch.hpp>

#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

using ctoc::corpus::extract_header_facts;
using ctoc::corpus::HeaderFacts;
using ctoc::corpus::parse_french_date;
using ctoc::corpus::resolve_working_group;
using ctoc::corpus::working_group_name;
using ctoc::corpus::working_group_of_symbol;

namespace {

std::string read_seed(const std::string& name) {
    const std::string path = std::string(CTOC_SOURCE_DIR) + "/corpus/documents/" + name;
    std::ifstream in(path, std::ios::binary);
    REQUIRE(in.good());
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
    std::size_t pos = 0;
    while ((pos = s.find(from, pos)) != std::string::npos) {
        s.replace(pos, from.size(), to);
        pos += to.size();
    }
    return s;
}

struct SeedCase {
    const char* file;
    HeaderFacts expected;
};

HeaderFacts facts(const char* date, const char* original, const char* wg, const char* body,
                  std::optional<int> session, const char* kind, const char* dates,
                  const char* start, const char* end, const char* type, const char* item,
                  const char* title) {
    HeaderFacts f;
    f.date = date;
    f.distribution = "générale";
    f.original_language = original;
    f.working_group = wg;
    f.body = body;
    f.session = session;
    f.session_kind = kind;
    f.place = "Vienne";
    f.meeting_dates = dates;
    f.meeting_start = start;
    f.meeting_end = end;
    f.type = type;
    f.agenda_item = item;
    f.title = title;
    return f;
}

// Values checked by reading each seed document.
const std::vector<SeedCase>& seed_cases() {
    static const std::vector<SeedCase> cases = {
        {"000_b4397e204b15be52.txt",
         facts("2018-07-20", "anglais", "WG.7", "COP", 9, "session", "15-19 octobre 2018",
               "2018-10-15", "2018-10-19", "note-du-secretariat", "2 c)",
               "Rapports sur les travaux des réunions du Groupe de travail sur le trafic illicite "
               "de migrants, tenues à Vienne du 11 au 13 septembre 2017 et les 4 et 5 juillet "
               "2018")},
        {"001_a4e48ed0b737bc3c.txt",
         facts("2014-06-12", "anglais", "WG.7", "COP", 7, "session", "6-10 octobre 2014",
               "2014-10-06", "2014-10-10", "note-du-secretariat", "2 c)",
               "Rapport de la réunion du Groupe de travail sur le trafic illicite de migrants "
               "tenue à Vienne du 11 au 13 novembre 2013")},
        {"002_e63e11b3f39d6be4.txt",
         facts("2016-07-01", "anglais", "WG.4", "COP", 8, "session", "17-21 octobre 2016",
               "2016-10-17", "2016-10-21", "note-du-secretariat", "2 b)",
               "Rapport sur la réunion du Groupe de travail sur la traite des personnes tenue à "
               "Vienne du 16 au 18 novembre 2015")},
        {"003_13687f6d581ac513.txt",
         facts("2019-06-18", "anglais", "WG.4", "WG.4", 9, "réunion", "9-11 septembre 2019",
               "2019-09-09", "2019-09-11", "ordre-du-jour-provisoire-annote", "",
               "Ordre du jour provisoire annoté")},
        {"004_7385962f34adf977.txt",
         facts("2021-08-12", "anglais", "WG.7", "WG.7", 8, "réunion", "14 et 15 octobre 2021",
               "2021-10-14", "2021-10-15", "ordre-du-jour-provisoire-annote", "",
               "Ordre du jour provisoire annoté")},
    };
    return cases;
}

void check_facts(const HeaderFacts& actual, const HeaderFacts& expected) {
    CHECK(actual.date == expected.date);
    CHECK(actual.distribution == expected.distribution);
    CHECK(actual.original_language == expected.original_language);
    CHECK(actual.working_group == expected.working_group);
    CHECK(actual.body == expected.body);
    CHECK(actual.session == expected.session);
    CHECK(actual.session_kind == expected.session_kind);
    CHECK(actual.place == expected.place);
    CHECK(actual.meeting_dates == expected.meeting_dates);
    CHECK(actual.meeting_start == expected.meeting_start);
    CHECK(actual.meeting_end == expected.meeting_end);
    CHECK(actual.type == expected.type);
    CHECK(actual.agenda_item == expected.agenda_item);
    CHECK(actual.title == expected.title);
    CHECK(actual.symbol == expected.symbol);
}

bool all_empty(const HeaderFacts& f) {
    return f.date.empty() && f.distribution.empty() && f.original_language.empty() &&
           f.working_group.empty() && f.body.empty() && !f.session && f.session_kind.empty() &&
           f.place.empty() && f.meeting_dates.empty() && f.meeting_start.empty() &&
           f.meeting_end.empty() && f.type.empty() && f.agenda_item.empty() && f.title.empty() &&
           f.symbol.empty();
}

// What the markup clean-up upstream produces from a raw seed (the subset that matters here).
std::string clean_like_upstream(std::string text) {
    text = replace_all(text, "\\*", "");
    text = replace_all(text, "**", "");
    text = replace_all(text, "^{er}", "er");
    text = replace_all(text, "](#)", "");
    text = replace_all(text, "[", "");
    std::string out;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        std::size_t k = 0;
        while (k < line.size() && (line[k] == '#' || line[k] == ' ')) {
            ++k;
        }
        out += line.substr(k) + "\n";
    }
    return out;
}

} // namespace

TEST_CASE("Header facts of the seed documents", "[corpus][metadata]") {
    for (const auto& seed : seed_cases()) {
        SECTION(seed.file) {
            const std::string raw = read_seed(seed.file);
            SECTION("raw markdown-ish text") {
                check_facts(extract_header_facts(raw), seed.expected);
            }
            SECTION("text after upstream markup clean-up") {
                check_facts(extract_header_facts(clean_like_upstream(raw)), seed.expected);
            }
            SECTION("CRLF line ends and trailing double spaces") {
                std::string crlf = replace_all(raw, "\n", "  \r\n");
                check_facts(extract_header_facts(crlf), seed.expected);
            }
        }
    }
}

TEST_CASE("A header that starts with its own symbol", "[corpus][metadata]") {
    const std::string text = "CTOC/COP/WG.7/2017/5\n"
                             "\n"
                             "Conférence des Parties à la Convention des Nations Unies\n"
                             "contre la criminalité transnationale organisée\n"
                             "\n"
                             "Distr. générale\n"
                             "1er octobre 2017\n"
                             "Français\n"
                             "Original : espagnol\n"
                             "\n"
                             "Groupe de travail sur le trafic illicite de migrants\n"
                             "\n"
                             "Vienne, 11-13 septembre 2017\n"
                             "\n"
                             "Rapport sur la réunion du Groupe de travail sur le trafic illicite\n"
                             "de migrants tenue à Vienne du 11 au 13 septembre 2017\n"
                             "\n"
                             "I. Recommandations\n"
                             "1. Le Groupe de travail a adopté les recommandations suivantes.\n";
    const HeaderFacts f = extract_header_facts(text);
    CHECK(f.symbol == "CTOC/COP/WG.7/2017/5");
    CHECK(f.body == "WG.7");
    CHECK(f.working_group == "WG.7");
    CHECK(f.date == "2017-10-01");
    CHECK(f.original_language == "espagnol");
    CHECK(f.meeting_start == "2017-09-11");
    CHECK(f.meeting_end == "2017-09-13");
    CHECK(f.type == "rapport");
    CHECK(f.title == "Rapport sur la réunion du Groupe de travail sur le trafic illicite de "
                     "migrants tenue à Vienne du 11 au 13 septembre 2017");
    CHECK_FALSE(f.session.has_value());
}

TEST_CASE("A header symbol of any UN body, with its part in parentheses", "[corpus][metadata]") {
    // The first lines of unv1-fr documents and the UN's own symbol forms.
    struct Case {
        const char* first_line;
        const char* symbol;
    };
    const Case cases[] = {
        {"IDB.43/1", "IDB.43/1"},
        {"PBC.31/1", "PBC.31/1"},
        {"A/70/6 (Sect. 16)", "A/70/6 (Sect. 16)"},
        {"A/CONF.224/PC(III)/1", "A/CONF.224/PC(III)/1"},
        {"S/RES/2214 (2015)", "S/RES/2214 (2015)"},
        {"UNEP/OzL.Pro.WG.1/35/1", "UNEP/OzL.Pro.WG.1/35/1"},
        {"CTOC/COP/2014/1*", "CTOC/COP/2014/1"},
    };
    for (const auto& c : cases) {
        INFO(c.first_line);
        const std::string text =
            std::string(c.first_line) + "\n\nDistr. générale\n1er octobre 2017\n";
        CHECK(extract_header_facts(text).symbol == c.symbol);
    }
    // A sentence that starts with a symbol is not a header symbol.
    CHECK(extract_header_facts("A/70/6 (Sect. 16) présente le budget.\n").symbol.empty());
    CHECK(extract_header_facts("VIH/sida\n").symbol.empty());
}

TEST_CASE("A Conference session spanning two months", "[corpus][metadata]") {
    const std::string text =
        "Conférence des Parties à la Convention des Nations Unies contre la criminalité "
        "transnationale organisée\n\n"
        "Distr. limitée\n1 er septembre 2020\nFrançais\nOriginal: anglais et français\n\n"
        "Dixième session\n\n"
        "Vienne, 30 novembre-4 décembre 2020\n\n"
        "Point 3 de l’ordre du jour\n\n"
        "Projet de résolution\n\n"
        "1. Texte.\n";
    const HeaderFacts f = extract_header_facts(text);
    CHECK(f.distribution == "limitée");
    CHECK(f.date == "2020-09-01");
    CHECK(f.original_language == "anglais et français");
    CHECK(f.body == "COP");
    CHECK(f.working_group.empty());
    CHECK(f.session == 10);
    CHECK(f.session_kind == "session");
    CHECK(f.meeting_dates == "30 novembre-4 décembre 2020");
    CHECK(f.meeting_start == "2020-11-30");
    CHECK(f.meeting_end == "2020-12-04");
    CHECK(f.agenda_item == "3");
    CHECK(f.type == "projet-resolution");
    CHECK(f.title.empty());
}

TEST_CASE("Composed ordinals and numeric session headings", "[corpus][metadata]") {
    const auto session_of = [](const std::string& heading) {
        return extract_header_facts("Distr. générale\n20 juillet 2018\n\n" + heading + "\n")
            .session;
    };
    CHECK(session_of("Vingt et unième session") == 21);
    CHECK(session_of("Vingt-cinquième session") == 25);
    CHECK(session_of("Soixante et onzième session") == 71);
    CHECK(session_of("Quatre-vingt-dix-neuvième session") == 99);
    CHECK(session_of("Première réunion") == 1);
    CHECK(session_of("9e session") == 9);
    CHECK(session_of("9^{e} session") == 9);
    CHECK(session_of("1re réunion") == 1);
    CHECK_FALSE(session_of("Session extraordinaire").has_value());
    CHECK_FALSE(session_of("La session sera ouverte").has_value());
}

TEST_CASE("Body mentions of other meetings are not the session", "[corpus][metadata]") {
    // Like seed 000 without its heading: the numbered paragraphs name other meetings.
    const std::string text = "Distr. générale\n20 juillet 2018\n\n"
                             "Note du Secrétariat\n\n"
                             "1. Le Groupe de travail a tenu sa quatrième réunion du 11 au 13 "
                             "septembre 2017.\n"
                             "2. La cinquième réunion du Groupe de travail s'ouvrira en 2019.\n";
    const HeaderFacts f = extract_header_facts(text);
    CHECK_FALSE(f.session.has_value());
    CHECK(f.session_kind.empty());
    CHECK(f.place.empty());
    CHECK(f.type == "note-du-secretariat");
}

TEST_CASE("Missing facts stay empty", "[corpus][metadata]") {
    SECTION("empty text") {
        CHECK(all_empty(extract_header_facts("")));
    }
    SECTION("text with no header") {
        CHECK(all_empty(extract_header_facts(
            "Le Comité spécial souligne que les opérations de maintien de la paix doivent être "
            "complétées par des activités qui visent à améliorer concrètement les conditions "
            "d'existence des populations touchées.\n\nIl engage le Secrétariat à coopérer.\n")));
    }
    SECTION("a letter date is not a meeting") {
        const HeaderFacts f = extract_header_facts("New York, le 3 janvier 2015\n\nMonsieur,\n");
        CHECK(f.place.empty());
        CHECK(f.meeting_start.empty());
    }
    SECTION("a heading that is not a place") {
        const HeaderFacts f =
            extract_header_facts("Texte\n\nProjet d'organisation des travaux, 13-17 avril 2015\n");
        CHECK(f.place.empty());
    }
    SECTION("an unknown distribution or language") {
        const HeaderFacts f = extract_header_facts("Distr. spéciale\n\nOriginal : voir plus bas\n");
        CHECK(f.distribution.empty());
        CHECK(f.original_language.empty());
        CHECK(f.date.empty());
    }
}

TEST_CASE("Hostile input never throws", "[corpus][metadata]") {
    std::string junk;
    for (int i = 0; i < 20000; ++i) {
        junk += static_cast<char>((i * 7919) % 256);
    }
    CHECK_NOTHROW(extract_header_facts(junk));
    const std::string one_line(1 << 20, 'a');
    CHECK(all_empty(extract_header_facts(one_line)));
    std::string brackets(1 << 20, '[');
    CHECK_NOTHROW(extract_header_facts(brackets));
    std::string truncated_utf8 = "Distr. g\xC3";
    CHECK_NOTHROW(extract_header_facts(truncated_utf8));
    std::string many_lines;
    for (int i = 0; i < 100000; ++i) {
        many_lines += "Point\n";
    }
    CHECK_NOTHROW(extract_header_facts(many_lines));
}

TEST_CASE("French dates", "[corpus][metadata]") {
    CHECK(parse_french_date("20 juillet 2018") == "2018-07-20");
    CHECK(parse_french_date("1er juillet 2016") == "2016-07-01");
    CHECK(parse_french_date("1 er juillet 2016") == "2016-07-01");
    CHECK(parse_french_date("1^{er} juillet 2016") == "2016-07-01");
    CHECK(parse_french_date("1<sup>er</sup> juillet 2016") == "2016-07-01");
    CHECK(parse_french_date("  12 AOÛT 2021  ") == "2021-08-12");
    CHECK(parse_french_date("3 fevrier 2015") == "2015-02-03");
    CHECK(parse_french_date("3 février 2015") == "2015-02-03");
    CHECK(parse_french_date("29 février 2016") == "2016-02-29");
    CHECK(parse_french_date("29 février 2015").empty());
    CHECK(parse_french_date("32 mars 2015").empty());
    CHECK(parse_french_date("2er juillet 2016").empty());
    CHECK(parse_french_date("juillet 2018").empty());
    CHECK(parse_french_date("20 juillet").empty());
    CHECK(parse_french_date("le 20 juillet 2018 à Vienne").empty());
    CHECK(parse_french_date("").empty());
}

TEST_CASE("Working group lookup", "[corpus][metadata]") {
    CHECK(resolve_working_group("7") == "WG.7");
    CHECK(resolve_working_group("WG.7") == "WG.7");
    CHECK(resolve_working_group("wg.7") == "WG.7");
    CHECK(resolve_working_group("WG 4") == "WG.4");
    CHECK(resolve_working_group("migrants") == "WG.7");
    CHECK(resolve_working_group("trafic illicite de migrants") == "WG.7");
    CHECK(resolve_working_group("traite des personnes") == "WG.4");
    CHECK(resolve_working_group("Groupe de travail sur la traite des personnes") == "WG.4");
    CHECK(resolve_working_group("armes à feu") == "WG.6");
    CHECK(resolve_working_group("armes a feu") == "WG.6");
    CHECK(resolve_working_group("assistance technique") == "WG.2");
    CHECK(resolve_working_group("coopération internationale") == "WG.3");
    CHECK(resolve_working_group("CTOC/COP/WG.6/2015/1") == "WG.6");
    CHECK(resolve_working_group("corruption").empty());
    CHECK(resolve_working_group("Groupe de travail").empty());
    CHECK(resolve_working_group("traite et migrants").empty()); // ambiguous
    CHECK(resolve_working_group("99").empty());
    CHECK(resolve_working_group("WG.1").empty()); // number not confirmed
    CHECK(resolve_working_group("").empty());

    CHECK(working_group_name("WG.7") == "Groupe de travail sur le trafic illicite de migrants");
    CHECK(working_group_name("WG.4") == "Groupe de travail sur la traite des personnes");
    CHECK(working_group_name("WG.6") == "Groupe de travail sur les armes à feu");
    CHECK(working_group_name("WG.9").empty());

    CHECK(working_group_of_symbol("CTOC/COP/WG.7/2017/5") == "WG.7");
    CHECK(working_group_of_symbol("CTOC/COP/WG.4/2015/6") == "WG.4");
    CHECK(working_group_of_symbol("CTOC/COP/2018/1").empty());
    CHECK(working_group_of_symbol("A/HRC/WG.6/20/1").empty());
    CHECK(working_group_of_symbol("").empty());
}
