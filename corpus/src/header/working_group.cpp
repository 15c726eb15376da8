// The Conference's working groups: their ids, names and the words researchers type for them,
// read from a header ("Groupe de travail sur le trafic illicite de migrants"), a symbol
// ("CTOC/COP/WG.7/2017/5") or a query ("migrants", "wg 7").
#include "header_reader.h"

#include <algorithm>
#include <array>

namespace ctoc::corpus::header {

struct WorkingGroup {
    std::string_view id;
    std::string_view name;
    std::string_view name_tail;           ///< folded words after "Groupe de travail sur "
    std::array<std::string_view, 6> keys; ///< folded whole-word phrases recognised in queries
};

namespace {

// Only groups whose CTOC/COP/WG.n number was confirmed (see the report of the
// "Document model" issue): WG.1, WG.5 and WG.8 are deliberately absent.
constexpr std::array<WorkingGroup, 5> working_groups = {{
    {"WG.2",
     "Groupe de travail sur l'assistance technique",
     "l'assistance technique",
     {"assistance technique", "assistance", "technical assistance", "", "", ""}},
    {"WG.3",
     "Groupe de travail sur la coopération internationale",
     "la cooperation internationale",
     {"cooperation internationale", "cooperation", "international cooperation", "", "", ""}},
    {"WG.4",
     "Groupe de travail sur la traite des personnes",
     "la traite des personnes",
     {"traite des personnes", "traite", "traite des etres humains", "trafficking in persons",
      "human trafficking", ""}},
    {"WG.6",
     "Groupe de travail sur les armes à feu",
     "les armes a feu",
     {"armes a feu", "armes", "firearms", "", "", ""}},
    {"WG.7",
     "Groupe de travail sur le trafic illicite de migrants",
     "le trafic illicite de migrants",
     {"trafic illicite de migrants", "migrants", "migrant", "smuggling of migrants",
      "migrant smuggling", ""}},
}};

const WorkingGroup* find_working_group(std::string_view id) {
    for (const auto& wg : working_groups) {
        if (wg.id == id)
            return &wg;
    }
    return nullptr;
}

bool contains_phrase(std::string_view folded, std::string_view phrase) {
    if (phrase.empty())
        return false;
    for (std::size_t pos = folded.find(phrase); pos != std::string_view::npos;
         pos = folded.find(phrase, pos + 1)) {
        if (word_boundary_before(folded, pos) && word_boundary_after(folded, pos + phrase.size()))
            return true;
    }
    return false;
}

/// Past the qualifiers of "groupe de travail" at p ("d'experts gouvernementaux", ...).
std::size_t skip_qualifiers(std::string_view folded, std::size_t p) {
    static constexpr std::array<std::string_view, 8> qualifiers = {" d'experts gouvernementaux",
                                                                   " intergouvernemental",
                                                                   " provisoire",
                                                                   " a composition non limitee",
                                                                   " permanent",
                                                                   " special",
                                                                   ",",
                                                                   " de la conference"};
    for (int rounds = 0; rounds < 8; ++rounds) {
        const auto q =
            std::find_if(qualifiers.begin(), qualifiers.end(), [&](std::string_view word) {
                return folded.compare(p, word.size(), word) == 0 &&
                       word_boundary_after(folded, p + word.size());
            });
        if (q == qualifiers.end())
            break;
        p += q->size();
    }
    return p;
}

/// The known group of a number ("7" -> "WG.7"); "" otherwise.
std::string group_of_number(std::string_view digits) {
    if (digits.size() > 3)
        return {};
    const std::string id = "WG." + std::to_string(to_int(digits));
    return find_working_group(id) != nullptr ? id : std::string();
}

/// The one group whose name words the query holds; "" when none or several.
std::string group_of_words(std::string_view folded) {
    const WorkingGroup* match = nullptr;
    for (const auto& wg : working_groups) {
        const bool hit = std::any_of(wg.keys.begin(), wg.keys.end(), [&](std::string_view key) {
            return contains_phrase(folded, key);
        });
        if (!hit)
            continue;
        if (match != nullptr)
            return {};
        match = &wg;
    }
    return match != nullptr ? std::string(match->id) : std::string();
}

} // namespace

std::string_view id_of(const WorkingGroup& wg) {
    return wg.id;
}

const WorkingGroup* match_working_group_name(std::string_view folded, std::size_t pos,
                                             std::size_t& end) {
    constexpr std::string_view head = "groupe de travail";
    if (folded.compare(pos, head.size(), head) != 0)
        return nullptr;
    std::size_t p = skip_qualifiers(folded, pos + head.size());
    constexpr std::string_view sur = " sur ";
    if (folded.compare(p, sur.size(), sur) != 0)
        return nullptr;
    p += sur.size();
    for (const auto& wg : working_groups) {
        if (folded.compare(p, wg.name_tail.size(), wg.name_tail) == 0 &&
            word_boundary_after(folded, p + wg.name_tail.size())) {
            end = p + wg.name_tail.size();
            return &wg;
        }
    }
    return nullptr;
}

const WorkingGroup* first_working_group_mention(std::string_view folded) {
    for (std::size_t pos = folded.find("groupe de travail"); pos != std::string_view::npos;
         pos = folded.find("groupe de travail", pos + 1)) {
        std::size_t end = 0;
        if (word_boundary_before(folded, pos)) {
            if (const WorkingGroup* wg = match_working_group_name(folded, pos, end))
                return wg;
        }
    }
    return nullptr;
}

} // namespace ctoc::corpus::header

namespace ctoc::corpus {

std::string working_group_of_symbol(std::string_view symbol) {
    const std::string folded = header::fold_line(header::trim(symbol));
    if (!folded.starts_with("ctoc/cop/"))
        return {};
    const std::size_t pos = folded.find("/wg.");
    if (pos == std::string::npos)
        return {};
    const std::size_t start = pos + 4;
    std::size_t k = start;
    while (k < folded.size() && header::is_ascii_digit(folded[k]) && k - start < 3)
        ++k;
    if (k == start || (k < folded.size() && folded[k] != '/'))
        return {};
    return "WG." +
           std::to_string(header::to_int(std::string_view(folded).substr(start, k - start)));
}

std::string working_group_name(std::string_view wg) {
    const header::WorkingGroup* found = header::find_working_group(resolve_working_group(wg));
    return found != nullptr ? std::string(found->name) : std::string();
}

std::vector<std::string> known_working_groups() {
    std::vector<std::string> out;
    for (const auto& wg : header::working_groups)
        out.emplace_back(wg.id);
    return out;
}

std::string resolve_working_group(std::string_view query) {
    if (query.size() > 300)
        return {};
    const std::string folded_string = header::fold_line(header::clean_line(query));
    const std::string_view folded = header::trim(folded_string);
    if (folded.empty())
        return {};
    // A whole symbol.
    if (folded.find('/') != std::string_view::npos) {
        const std::string id = working_group_of_symbol(folded);
        return header::find_working_group(id) != nullptr ? id : std::string();
    }
    // "7", "WG.7", "wg 7", "wg7".
    std::string_view number = folded;
    if (number.starts_with("wg")) {
        number.remove_prefix(2);
        while (!number.empty() && (number.front() == '.' || number.front() == ' '))
            number.remove_prefix(1);
    }
    if (header::all_digits(number))
        return header::group_of_number(number);
    return header::group_of_words(folded);
}

} // namespace ctoc::corpus
