#include <ctoc/search/query_parser.h>

#include <catch2/catch.hpp>

#include <xapian.h>

using namespace ctoc::search;

namespace {

std::string describe(const std::string& q, bool any = false) {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    QueryParserOptions options;
    options.any = any;
    QueryParser parser(db, options);
    return parser.parse(q).ranked().get_description();
}

std::string error_of(const std::string& q) {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    QueryParser parser(db);
    try {
        parser.parse(q);
    } catch (const QueryError& e) {
        return e.what();
    }
    return "no error";
}

} // namespace

TEST_CASE("malformed queries are refused with what and where", "[searcher][query]") {
    struct Case {
        const char* query;
        const char* error_start;
    };
    const Case cases[] = {
        {"\"traite des personnes", "unbalanced quote: the \" at column 1 is never closed"},
        {"trait\xe9 des personnes",
         "the query is not valid UTF-8 (1 invalid byte sequence); type it in UTF-8 "
         "(check the terminal's or the script's encoding)"},
        {"(migrants OR traite", "unbalanced parenthesis: '(' at column 1 is never closed"},
        {"migrants)", "unbalanced parenthesis: ')' at column 9 has no matching '('"},
        {"auteur:dupont", "unknown field 'auteur:' at column 1"},
        {"date:2018-13", "bad date in 'date:2018-13' at column 1"},
        {"date:hier", "bad date in 'date:hier'"},
        {"date:2018-13-45", "bad date in 'date:2018-13-45'"},
        {"date:15/10/2018", "bad date in 'date:15/10/2018'"},
        {"date:20181015", "bad date in 'date:20181015'"},
        {"date:2018-10-15T25:00:00Z", "bad date in 'date:2018-10-15T25:00:00Z'"},
        {"date:2019..2014", "empty date range"},
        {"wg:99", "unknown working group in 'wg:99'"},
        {"type:roman", "unknown document type in 'type:roman'"},
        {"res:cinq", "not a resolution or decision number in 'res:cinq'"},
        {"session:neuf", "bad session number"},
        {"-migrants", "the query only excludes"},
        {"migrants OR", "OR at column 10 has nothing after it"},
        {"AND migrants", "AND at column 1 has nothing before it"},
        {"NEAR traite", "NEAR at column 1 must stand between two words"},
        {"traite NEAR/0 personnes", "bad NEAR window"},
        {"   ", "empty query"},
        {"symbol:", "field 'symbol:' at column 1 has no value"},
    };
    for (const auto& c : cases) {
        INFO(c.query);
        CHECK(error_of(c.query).rfind(c.error_start, 0) == 0);
    }
    // Deep nesting is refused, not a stack overflow.
    CHECK(error_of(std::string(1000, '(') + "x" + std::string(1000, ')'))
              .rfind("query nested too deeply", 0) == 0);
}

TEST_CASE("queries become the index's terms", "[searcher][query]") {
    // A word: its stem decides the match (every form of the word is indexed with it) and weighs
    // a fifth; the form typed adds its full weight where it is, its inflections half; the elided
    // article is dropped.
    CHECK(
        describe("l'application") ==
        "Query((0.2000000000000000111 * Zappliqu AND_MAYBE (application OR 0.5 * applications)))");
    // Citations are terms of their own; "résolution" is part of the citation.
    CHECK(describe("résolution 5/3") == "Query(XRES5/3)");
    // A list is what a researcher wants any of (ranked by how many: test_search.cpp).
    const std::string list = describe("decisions 3/3 et 3/4");
    CHECK(list.find("FILTER XDEC3/3) OR") != std::string::npos);
    CHECK(list.find("FILTER XDEC3/4) OR") != std::string::npos);
    CHECK(list.find("AND") == std::string::npos);
    // Security Council resolutions: with their year, the citation; bare, the citation or
    // the two words side by side.
    CHECK(describe("résolution 2331 (2016)") == "Query(XRES2331)");
    CHECK(describe("resolution 1325") == "Query((XRES1325 OR ((résolution OR résolutions OR "
                                         "resolution OR resolutions) PHRASE 2 1325)))");
    // A year in parentheses anywhere else is still a group.
    CHECK(
        describe("migrants (2016)") ==
        "Query(((0.2000000000000000111 * Zmigr AND_MAYBE (migrants OR 0.5 * migrant)) AND 2016))");
    // A bare symbol: the document carrying it (boosted) or those citing it.
    CHECK(describe("ctoc/cop/2014/1") ==
          "Query((10 * XSYMCTOC/COP/2014/1 OR XCITECTOC/COP/2014/1))");
    CHECK(describe("a/res/55/25") ==
          "Query((10 * XSYMA/RES/55/25 OR XCITEA/RES/55/25 OR XRES55/25))");
    // Filters weigh nothing.
    CHECK(describe("wg:7") == "Query(0 * XWGWG.7)");
    CHECK(describe("migrants wg:migrants") ==
          "Query(((0.2000000000000000111 * Zmigr AND_MAYBE (migrants OR 0.5 * migrant)) FILTER "
          "XWGWG.7))");
    // Stop words are dropped from free text, kept in the phrase that ranks the words typed
    // together first; then the words in the order typed within 50 positions.
    CHECK(describe("trafic des armes") ==
          "Query((((0.2000000000000000111 * Ztrafic AND 0.2000000000000000111 * Zarme) AND_MAYBE "
          "((trafic OR 0.5 * trafics) OR (armes OR 0.5 * arme))) AND_MAYBE ((trafic PHRASE 3 des "
          "PHRASE 3 armes) OR ((trafic OR trafics) PHRASE 50 (armes OR arme)))))");
    // A thing named by any of its names (analysis/aliases.h: "traite des êtres humains" too) is
    // the term the indexer gives it, weighing half a word.
    CHECK(describe("traite des personnes") ==
          "Query(((((0.2000000000000000111 * Ztrait AND 0.2000000000000000111 * Zperson) "
          "AND_MAYBE ((traite OR 0.5 * traites) OR (personnes OR 0.5 * personne))) OR 0.5 * "
          "XNtraite) AND_MAYBE (traite PHRASE 3 des PHRASE 3 personnes)))");
    CHECK(describe("traite personnes", true) ==
          "Query((((traite OR 0.5 * traites OR 0.2000000000000000111 * Ztrait) OR (personnes OR "
          "0.5 * personne OR "
          "0.2000000000000000111 * Zperson)) AND_MAYBE ((traite PHRASE 2 personnes) OR ((traite OR "
          "traites) PHRASE 50 "
          "(personnes OR personne)))))");
    CHECK(describe("migra*") == "Query()"); // no word of the (empty) index starts so
}

TEST_CASE("fields go by their French names too, accents optional", "[searcher][query]") {
    // The same query as the English name gives, whatever the case and accents typed.
    CHECK(describe("année:2018") == describe("year:2018"));
    CHECK(describe("Annee:2014..2016 migrants") == describe("year:2014..2016 migrants"));
    CHECK(describe("groupe:7") == describe("wg:7"));
    CHECK(describe("groupe:migrants") == describe("wg:migrants"));
    CHECK(describe("cote:CTOC/COP/2014/1") == describe("symbol:CTOC/COP/2014/1"));
    CHECK(describe("symbole:CTOC/COP/WG.7/*") == describe("symbol:CTOC/COP/WG.7/*"));
    CHECK(describe("cite:A/RES/55/25") == describe("cites:A/RES/55/25"));
    CHECK(describe("Décision:4/4") == describe("decision:4/4"));
    CHECK(describe("résolution:5/3") == describe("resolution:5/3"));
    CHECK(describe("langue:anglais") == describe("lang:anglais"));
    CHECK(describe("année:2018") != describe("année 2018"));
    // A message names the field as it was typed.
    CHECK(error_of("année:20177").find("in 'année:20177'") != std::string::npos);
    // An unknown name is refused with the French names listed; one with accents that names
    // no field stays text, as before.
    CHECK(error_of("auteur:dupont").find("in French also année:") != std::string::npos);
    CHECK(error_of("résumé:traite") == "no error");
    CHECK(describe("résumé:traite") == describe("résumé traite"));
}

TEST_CASE("quoted words, exclusions and =forms match what was typed", "[searcher][query]") {
    // Each word at its position, no inflection, no stem.
    CHECK(describe("\"traite des personnes\"") ==
          "Query((traite PHRASE 3 des PHRASE 3 personnes))");
    // The elided article too: "qu'organe subsidiaire" is not "l'organe subsidiaire".
    CHECK(describe("\"l'organe subsidiaire\"") ==
          "Query((l' PHRASE 3 organe PHRASE 3 subsidiaire))");
    // An ordinal as typed; it never stands inside a compound ("soixante-neuvième" is indexed
    // whole). Unquoted, any spelling is its common form ("9e").
    CHECK(describe("\"neuvième session\"") == "Query((neuvième PHRASE 2 session))");
    CHECK(describe("\"9ème session\"") == "Query((9eme PHRASE 2 session))");
    CHECK(describe("neuvième session") ==
          "Query((((((neuvième OR 0.5 * neuvièmes) OR XO9e) AND 0.2000000000000000111 * Zsession) "
          "AND_MAYBE (session OR 0.5 * sessions)) AND_MAYBE ((XO9e PHRASE 2 session) OR "
          "((neuvième OR neuvièmes OR XO9e) PHRASE 50 (session OR sessions)))))");
    // -traité excludes what it names: traité and its inflections, not the stem's other words.
    CHECK(describe("traite -traité") ==
          "Query(((0.2000000000000000111 * Ztrait AND_MAYBE (traite OR 0.5 * traites)) AND_NOT "
          "(traité SYNONYM traités SYNONYM traitée SYNONYM traitées)))");
    // =traite: that form only.
    CHECK(describe("=traite personnes") ==
          "Query((traite AND (0.2000000000000000111 * Zperson AND_MAYBE (personnes OR 0.5 * "
          "personne))))");
}

TEST_CASE("wildcards and symbol families expand to the words of the index, most frequent first",
          "[searcher][query]") {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    const auto add = [&](std::initializer_list<const char*> terms) {
        Xapian::Document d;
        for (const char* t : terms)
            d.add_term(t);
        db.add_document(d);
    };
    add({"migrants", "migration", "XCITECTOC/COP/WG.7/2017/5"});
    add({"migrants", "XSYMCTOC/COP/WG.7/2017/5", "XCITECTOC/COP/WG.4/2015/2"});
    add({"migratoire"});
    QueryParser parser(db);
    // Words as synonyms: one weight for all the forms, as Xapian's own wildcards.
    CHECK(parser.parse("migra*").query.get_description() ==
          "Query((migrants SYNONYM migration SYNONYM migratoire))");
    CHECK(parser.parse("migrat*").query.get_description() ==
          "Query((migration SYNONYM migratoire))");
    // A family: each member its own term, so citing more of them ranks higher.
    CHECK(parser.parse("ctoc/cop/wg.7/*").query.get_description() ==
          "Query((10 * XSYMCTOC/COP/WG.7/2017/5 OR XCITECTOC/COP/WG.7/2017/5))");
    CHECK(parser.parse("cites:ctoc/cop/*").query.get_description() ==
          "Query((XCITECTOC/COP/WG.4/2015/2 OR XCITECTOC/COP/WG.7/2017/5))");
}

TEST_CASE("symbols with parts in parentheses and old resolution numbers are one thing in a query",
          "[searcher][query][citations]") {
    // Either spelling, any case: the canonical term.
    CHECK(describe("A/70/6 (Sect. 16)") ==
          "Query((10 * XSYMA/70/6 (SECT. 16) OR XCITEA/70/6 (SECT. 16)))");
    CHECK(describe("a/70/6._sect__16_") ==
          "Query((10 * XSYMA/70/6 (SECT. 16) OR XCITEA/70/6 (SECT. 16)))");
    CHECK(describe("cites:A/69/308 (Part II)") == "Query(XCITEA/69/308 (PART II))");
    CHECK(describe("A/CONF.224/PC(III)/1") ==
          "Query((10 * XSYMA/CONF.224/PC(III)/1 OR XCITEA/CONF.224/PC(III)/1))");
    // A Security Council resolution with its year is also the one without, and its number.
    CHECK(describe("S/RES/2214 (2015)") == "Query((10 * (XSYMS/RES/2214 (2015) SYNONYM "
                                           "XSYMS/RES/2214) OR (XCITES/RES/2214 (2015) SYNONYM "
                                           "XCITES/RES/2214) OR XRES2214))");
    // The session of an old resolution is part of its number; a year never is.
    CHECK(describe("résolution 1514 (XV)") == "Query(XRES1514 (XV))");
    CHECK(describe("res:\"2178 (2014)\"") == "Query(XRES2178)");
    CHECK(describe("res:\"1514 (XV)\"") == "Query(XRES1514 (XV))");
    CHECK(describe("res:2") == "Query(XRES2)");
    CHECK(error_of("res:99999").rfind("not a resolution or decision number in 'res:99999'", 0) ==
          0);
}

TEST_CASE("a list of citations is what a researcher wants any of, and the parser says so",
          "[searcher][query][citations]") {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    QueryParser parser(db);
    const auto parsed = parser.parse("résolutions 5/3 et 6/1");
    const std::string q = parsed.query.get_description();
    CHECK(q.find("FILTER XRES5/3) OR") != std::string::npos);
    CHECK(q.find("FILTER XRES6/1) OR") != std::string::npos);
    REQUIRE(parsed.notes.size() == 1);
    CHECK(parsed.notes.front() == "résolutions 5/3 et 6/1: documents citing any of resolutions "
                                  "5/3, 6/1, those citing more of them first");
    // One citation needs no note.
    CHECK(parser.parse("résolution 5/3").notes.empty());
}

TEST_CASE("the targets of --cited-by and --cites are read every way a researcher writes them",
          "[searcher][query][citations]") {
    struct Case {
        const char* typed;
        const char* query;
        const char* description;
    };
    const Case cases[] = {
        {"S/RES/2178 (2014)", "cites:\"S/RES/2178 (2014)\"",
         "documents citing S/RES/2178 (2014) or resolution 2178 by number"},
        {"s/res/2178._2014_", "cites:\"S/RES/2178 (2014)\"",
         "documents citing S/RES/2178 (2014) or resolution 2178 by number"},
        {"résolution 2178 (2014)", "res:2178",
         "documents citing resolution 2178 (Security Council)"},
        {"2178", "res:2178", "documents citing resolution 2178"},
        {"7/1", "res:7/1", "documents citing resolution 7/1"},
        {"décision 4/4", "dec:4/4", "documents citing decision 4/4"},
        {"résolution 55/25 de l'Assemblée générale", "res:55/25",
         "documents citing resolution 55/25 (General Assembly)"},
        {"1514 (XV)", "res:\"1514 (XV)\"", "documents citing resolution 1514 (XV)"},
        {"résolutions 5/3 et 6/1", "(res:5/3 OR res:6/1)",
         "documents citing any of resolutions 5/3, 6/1"},
        {"A/70/6._SECT__16_", "cites:\"A/70/6 (SECT. 16)\"", "documents citing A/70/6 (Sect. 16)"},
        {"CTOC/COP/WG.7/*", "cites:CTOC/COP/WG.7/*",
         "documents citing a symbol of the family CTOC/COP/WG.7/"},
    };
    for (const auto& c : cases) {
        INFO(c.typed);
        const CitationTarget t = read_citation_target(c.typed);
        CHECK(t.query == c.query);
        CHECK(t.description == c.description);
    }
    for (const char* bad : {"migrants", "99999", "résolution"}) {
        INFO(bad);
        CHECK_THROWS_AS(read_citation_target(bad), QueryError);
    }
}

TEST_CASE("dates in queries follow the same rule as dates in documents",
          "[searcher][query][date]") {
    // A date-time is its day; a month or a year covers every day of it, February's last being
    // the calendar's.
    // Within a year: that year's term, its documents' dates checked.
    CHECK(describe("date:2018-10-15T10:00:00Z") ==
          "Query(0 * (XYEAR2018 FILTER VALUE_RANGE 0 20181015 20181015))");
    CHECK(describe("date:2016-02") ==
          "Query(0 * (XYEAR2016 FILTER VALUE_RANGE 0 20160201 20160229))");
    CHECK(date_bound("2019-02", true) == "20190228");
    CHECK(date_bound("2018", false) == "20180101");
    CHECK(date_bound("2019-02-29", false).empty());
}
