// The one date rule of ctocsearch, for dates read from texts, given in JSON Lines and typed
// in queries alike.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace ctoc::corpus {

/// A calendar date known to the year, the month or the day.
struct Date {
    enum class Precision { year, month, day };

    std::chrono::year_month_day ymd; ///< unknown month and day are 1
    Precision precision = Precision::day;

    /// As ISO 8601 to its precision: "2018", "2018-07" or "2018-07-20".
    std::string iso() const;
    /// "YYYYMMDD" of the first day it covers ("2018-07" -> "20180701").
    std::string first_day() const;
    /// "YYYYMMDD" of the last day it covers ("2018-02" -> "20180228").
    std::string last_day() const;
};

/// Reads an ISO 8601 date, "2018", "2018-07" or "2018-07-20", or date-time,
/// "2018-10-15T10:00", "2018-10-15T10:00:00.5Z", "2018-10-15 10:00:00+02:00" (the day as
/// written, whatever the offset). The day must exist in the calendar (std::chrono), the year
/// be between 1000 and 9999. nullopt for anything else: "2018-13-45", "15/10/2018", "20181015".
std::optional<Date> parse_date(std::string_view text);

/// A day by its parts, when it exists in the calendar (2019-02-29 does not) and the year is
/// between 1000 and 9999.
std::optional<Date> make_date(int year, int month, int day);

/// "bad date '15/10/2018' (use YYYY-MM-DD, YYYY-MM, YYYY or an ISO date-time such as
/// 2018-10-15T10:00:00Z)": the one message for a date that breaks the rule.
std::string bad_date_message(std::string_view text);

} // namespace ctoc::corpus
