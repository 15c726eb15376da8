#include <ctoc/corpus/date.h>

#include <cstdio>

namespace ctoc::corpus {

namespace {

using namespace std::chrono;

/// The number made of text[at, at + n) when those are all ASCII digits, else -1.
int digits(std::string_view text, std::size_t at, std::size_t n) {
    if (at + n > text.size())
        return -1;
    int v = 0;
    for (std::size_t k = at; k < at + n; ++k) {
        if (text[k] < '0' || text[k] > '9')
            return -1;
        v = v * 10 + (text[k] - '0');
    }
    return v;
}

/// A time of day after the date: "10:00", "10:00:00", "10:00:00.123", then "Z", "+02:00",
/// "-0500" or nothing.
bool valid_time(std::string_view t) {
    const int h = digits(t, 0, 2);
    const int m = t.size() >= 5 && t[2] == ':' ? digits(t, 3, 2) : -1;
    if (h < 0 || m < 0 || hours(h) >= days(1) || minutes(m) >= hours(1))
        return false;
    std::size_t at = 5;
    if (at < t.size() && t[at] == ':') {
        const int s = digits(t, at + 1, 2);
        // 60: a leap second.
        if (s < 0 || seconds(s) > minutes(1))
            return false;
        at += 3;
        if (at < t.size() && (t[at] == '.' || t[at] == ',')) {
            const std::size_t b = ++at;
            while (at < t.size() && t[at] >= '0' && t[at] <= '9')
                ++at;
            if (at == b)
                return false;
        }
    }
    const std::string_view zone = t.substr(at);
    if (zone.empty() || zone == "Z")
        return true;
    if (zone[0] != '+' && zone[0] != '-')
        return false;
    const int zh = digits(zone, 1, 2);
    int zm = -1;
    if (zone.size() == 6 && zone[3] == ':')
        zm = digits(zone, 4, 2);
    else if (zone.size() == 5)
        zm = digits(zone, 3, 2);
    else if (zone.size() == 3)
        zm = 0;
    return zh >= 0 && zm >= 0 && hours(zh) <= hours(14) && minutes(zm) < hours(1);
}

std::string yyyymmdd(const year_month_day& d) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d%02u%02u", static_cast<int>(d.year()),
                  static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
    return buf;
}

} // namespace

std::string Date::iso() const {
    char buf[16];
    const int y = static_cast<int>(ymd.year());
    const unsigned m = static_cast<unsigned>(ymd.month());
    const unsigned d = static_cast<unsigned>(ymd.day());
    switch (precision) {
    case Precision::year:
        std::snprintf(buf, sizeof buf, "%04d", y);
        break;
    case Precision::month:
        std::snprintf(buf, sizeof buf, "%04d-%02u", y, m);
        break;
    case Precision::day:
        std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", y, m, d);
        break;
    }
    return buf;
}

std::string Date::first_day() const {
    return yyyymmdd(ymd);
}

std::string Date::last_day() const {
    switch (precision) {
    case Precision::year:
        return yyyymmdd(ymd.year() / December / 31);
    case Precision::month: {
        const year_month_day_last last(ymd.year(), month_day_last(ymd.month()));
        return yyyymmdd(year_month_day(last));
    }
    case Precision::day:
        break;
    }
    return yyyymmdd(ymd);
}

std::optional<Date> make_date(int y, int m, int d) {
    if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31)
        return std::nullopt;
    const year_month_day ymd{year(y), month(static_cast<unsigned>(m)),
                             day(static_cast<unsigned>(d))};
    if (!ymd.ok())
        return std::nullopt;
    return Date{ymd, Date::Precision::day};
}

std::optional<Date> parse_date(std::string_view text) {
    const int y = digits(text, 0, 4);
    if (y < 1000)
        return std::nullopt;
    if (text.size() == 4)
        return Date{year(y) / January / 1, Date::Precision::year};
    const int m = text.size() >= 7 && text[4] == '-' ? digits(text, 5, 2) : -1;
    if (m < 1 || m > 12)
        return std::nullopt;
    if (text.size() == 7)
        return Date{year(y) / month(static_cast<unsigned>(m)) / 1, Date::Precision::month};
    const int d = text.size() >= 10 && text[7] == '-' ? digits(text, 8, 2) : -1;
    auto date = make_date(y, m, d);
    if (!date || text.size() == 10)
        return date;
    if ((text[10] != 'T' && text[10] != ' ') || !valid_time(text.substr(11)))
        return std::nullopt;
    return date;
}

std::string bad_date_message(std::string_view text) {
    return "bad date '" + std::string(text) +
           "' (use YYYY-MM-DD, YYYY-MM, YYYY or an ISO date-time such as 2018-10-15T10:00:00Z)";
}

} // namespace ctoc::corpus
