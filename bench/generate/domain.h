// The bodies a generated CTOC/COP document comes from (the Conference and its working groups:
// names, topics, titles, own sentences) and the dates and sessions of its header.
#pragma once

#include <array>
#include <map>
#include <string>
#include <vector>

namespace ctoc::bench {

/// A body issuing documents.
struct WorkingGroup {
    std::string id;   ///< "WG.7", or "COP"
    std::string name; ///< line of the header
    int first_year;
    double share;
    std::vector<std::string> keywords; ///< sentences with these are on topic
    std::vector<std::string> titles;
    std::vector<std::string> own_sentences;
};

/// The Conference and its working groups, with their shares of the documents.
std::vector<WorkingGroup> working_groups();

/// French month names, January first.
extern const std::array<const char*, 12> months;
/// "Première" to "Douzième" (index 1 to 12) as session headings write them.
extern const std::array<const char*, 13> ordinals;
/// COP sessions by year.
extern const std::map<int, int> cop_sessions;

/// Days in a month of a year that is not a leap year.
int days_in(int month);

/// "1er janvier 2018" ("1^{er}" in markdown), "15 octobre 2018".
std::string french_date(int day, int month, int year, bool markdown);

} // namespace ctoc::bench
