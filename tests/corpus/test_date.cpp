#include <ctoc/corpus/date.h>

#include <catch2/catch.hpp>

using namespace ctoc::corpus;

TEST_CASE("the date rule: ISO dates and date-times of days that exist, nothing else",
          "[corpus][date]") {
    struct Case {
        const char* text;
        const char* iso; ///< "" when the text breaks the rule
    };
    const Case cases[] = {
        {"2018-07-20", "2018-07-20"},
        {"2018-07", "2018-07"},
        {"2018", "2018"},
        {"2016-02-29", "2016-02-29"},
        {"2018-10-15T10:00:00Z", "2018-10-15"},
        {"2018-10-15T10:00", "2018-10-15"},
        {"2018-10-15T23:59:60.250+14:00", "2018-10-15"},
        {"2018-10-15 10:00:00-0500", "2018-10-15"},
        {"2018-13-45", ""},
        {"2019-02-29", ""},
        {"2018-04-31", ""},
        {"2018-00", ""},
        {"15/10/2018", ""},
        {"20181015", ""},
        {"2018-10-15T", ""},
        {"2018-10-15T24:00:00Z", ""},
        {"2018-10-15T10:61", ""},
        {"2018-10-15T10:00:00+15:00", ""},
        {"2018-10-15T10:00:00 CET", ""},
        {"2018-7-20", ""},
        {"0999", ""},
        {"", ""},
        {" 2018", ""},
        {"deux mille dix-huit", ""},
    };
    for (const auto& c : cases) {
        INFO(c.text);
        const auto date = parse_date(c.text);
        CHECK((date ? date->iso() : std::string()) == c.iso);
    }
    CHECK(parse_date("2018-02")->last_day() == "20180228");
    CHECK(parse_date("2016-02")->last_day() == "20160229");
    CHECK(parse_date("2018")->last_day() == "20181231");
    CHECK(parse_date("2018-07-20")->first_day() == "20180720");
    CHECK(bad_date_message("15/10/2018") == "bad date '15/10/2018' (use YYYY-MM-DD, YYYY-MM, YYYY "
                                            "or an ISO date-time such as 2018-10-15T10:00:00Z)");
}
