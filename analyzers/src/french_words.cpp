// French word rules outside the token chain: ordinals written in figures or in words
// ("9ème", "soixante-neuvième"), number words, and the key a word's inflections share.
#include <ctoc/analysis/analyzer.h>

#include <ctoc/analysis/unicode.h>

#include <algorithm>
#include <array>

namespace ctoc::analysis {

namespace {

/// Ordinal words standing alone, folded.
int simple_ordinal(std::string_view w) {
    static constexpr std::array<std::pair<std::string_view, int>, 24> words{{
        {"premier", 1},       {"premiere", 1},     {"deuxieme", 2},         {"troisieme", 3},
        {"quatrieme", 4},     {"cinquieme", 5},    {"sixieme", 6},          {"septieme", 7},
        {"huitieme", 8},      {"neuvieme", 9},     {"dixieme", 10},         {"onzieme", 11},
        {"douzieme", 12},     {"treizieme", 13},   {"quatorzieme", 14},     {"quinzieme", 15},
        {"seizieme", 16},     {"vingtieme", 20},   {"trentieme", 30},       {"quarantieme", 40},
        {"cinquantieme", 50}, {"soixantieme", 60}, {"quatrevingtieme", 80}, {"centieme", 100},
    }};
    for (const auto& [word, value] : words) {
        if (w == word)
            return value;
    }
    return 0;
}

/// "dixseptieme" 17, "vingtetunieme" 21, "soixantedixieme" 70, "quatrevingtonzieme" 91.
int compound_ordinal(std::string_view w) {
    static constexpr std::array<std::pair<std::string_view, int>, 7> tens{{
        {"quatrevingt", 80},
        {"soixante", 60},
        {"cinquante", 50},
        {"quarante", 40},
        {"trente", 30},
        {"vingt", 20},
        {"dix", 10},
    }};
    for (const auto& [prefix, value] : tens) {
        if (w.size() <= prefix.size() || w.substr(0, prefix.size()) != prefix)
            continue;
        std::string_view rest = w.substr(prefix.size());
        if (rest.substr(0, 2) == "et")
            rest.remove_prefix(2);
        int unit = rest == "unieme" ? 1 : simple_ordinal(rest);
        // "soixante-dix-septième", "quatre-vingt-dix-neuvième": dix and a unit of 7 to 9.
        if (unit == 0 && rest.substr(0, 3) == "dix") {
            const int teen = simple_ordinal(rest.substr(3));
            unit = teen >= 7 && teen <= 9 ? 10 + teen : 0;
        }
        // Units 7 to 9 after dix; 1 to 9 after the other tens; 10 to 19 only after
        // soixante and quatre-vingt ("soixante et onzième", "quatre-vingt-dix-neuvième").
        bool valid = false;
        if (value == 10)
            valid = unit >= 7 && unit <= 9;
        else if (unit >= 1 && unit <= 9)
            valid = true;
        else if (unit >= 10 && unit <= 19)
            valid = value == 60 || value == 80;
        return valid ? value + unit : 0;
    }
    return 0;
}

} // namespace

std::string ordinal_term(std::string_view w) {
    std::size_t digits = 0;
    while (digits < w.size() && w[digits] >= '0' && w[digits] <= '9')
        ++digits;
    if (digits > 0) {
        if (digits > 3 || w[0] == '0')
            return {};
        const std::string_view suffix = w.substr(digits);
        const std::string_view number = w.substr(0, digits);
        const bool first = number == "1";
        if (suffix == "e" || suffix == "eme" ||
            (first && (suffix == "er" || suffix == "re" || suffix == "ere")))
            return std::string(number) + "e";
        return {};
    }
    // Every ordinal word ends in "ième", but for "premier" and "première": most words stop here.
    const auto ends_with = [&](std::string_view end) {
        return w.size() >= end.size() && w.substr(w.size() - end.size()) == end;
    };
    if (!ends_with("ieme") && w != "premier" && w != "premiere")
        return {};
    int value = simple_ordinal(w);
    if (value == 0)
        value = compound_ordinal(w);
    return value == 0 ? std::string() : std::to_string(value) + "e";
}

bool is_number_word(std::string_view w) {
    static constexpr std::array<std::string_view, 33> cardinals{
        "zero",     "un",        "une",      "deux",     "trois",    "quatre",  "cinq",
        "six",      "sept",      "huit",     "neuf",     "dix",      "onze",    "douze",
        "treize",   "quatorze",  "quinze",   "seize",    "vingt",    "vingts",  "trente",
        "quarante", "cinquante", "soixante", "septante", "huitante", "octante", "nonante",
        "cent",     "cents",     "mille",    "et",       "unieme"};
    if (std::find(cardinals.begin(), cardinals.end(), w) != cardinals.end())
        return true;
    return !ordinal_term(w).empty() && !(!w.empty() && w[0] >= '0' && w[0] <= '9');
}

std::string inflection_key(std::string_view form) {
    // Words whose singular ends in s, x or z: stripping would make another word ("cours" is
    // not the plural of "cour", "fois" not of "foi").
    static constexpr std::array<std::string_view, 40> invariable{
        "cours", "recours", "discours", "concours",  "secours", "parcours",  "fois",
        "fils",  "mois",    "vers",     "pays",      "temps",   "corps",     "prix",
        "voix",  "paix",    "taux",     "choix",     "bras",    "poids",     "repas",
        "acces", "succes",  "progres",  "proces",    "exces",   "processus", "consensus",
        "sens",  "tiers",   "avis",     "dos",       "bois",    "gaz",       "nez",
        "jus",   "virus",   "campus",   "plusieurs", "ailleurs"};
    std::string key(form);
    if (std::find(invariable.begin(), invariable.end(), fold(key)) != invariable.end())
        return key;
    const auto ends_with = [&](std::string_view end) {
        return key.size() >= end.size() &&
               key.compare(key.size() - end.size(), end.size(), end) == 0;
    };
    if (key.size() > 4 && ends_with("aux") && !ends_with("eaux"))
        key.replace(key.size() - 3, 3, "al"); // "nationaux" is the plural of "national"
    else if (key.size() > 3 && (ends_with("s") || ends_with("x")))
        key.pop_back();
    if (ends_with("\xC3\xA9"
                  "e")) // "adoptée": the participle "adopté"
        key.pop_back();
    return key;
}

} // namespace ctoc::analysis
