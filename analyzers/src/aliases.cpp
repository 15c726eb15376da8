#include <ctoc/analysis/aliases.h>

#include <ctoc/analysis/unicode.h>

#include "packed_word.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string_view>

namespace ctoc::analysis {

namespace {

/// Each line one group of names, its id first; only names a researcher of the CTOC collection
/// would take for one another. Ambiguous acronyms ("COP", "AG") are left out on purpose.
/// Changing a name or an id changes the index (schema::format_version).
constexpr std::array<std::array<std::string_view, 5>, 9> groups{{
    {"onudc", "ONUDC", "UNODC", "Office des Nations Unies contre la drogue et le crime", ""},
    {"untoc", "Convention de Palerme", "Convention contre la criminalité organisée",
     "Convention des Nations Unies contre la criminalité transnationale organisée", "UNTOC"},
    {"uncac", "Convention contre la corruption",
     "Convention des Nations Unies contre la corruption", "CNUCC", "UNCAC"},
    {"protocole-traite", "Protocole relatif à la traite des personnes",
     "Protocole visant à prévenir, réprimer et punir la traite des personnes", "", ""},
    {"protocole-migrants", "Protocole relatif au trafic illicite de migrants",
     "Protocole contre le trafic illicite de migrants par terre, air et mer", "", ""},
    {"protocole-armes", "Protocole relatif aux armes à feu",
     "Protocole contre la fabrication et le trafic illicites d'armes à feu", "", ""},
    {"ecosoc", "ECOSOC", "Conseil économique et social", "", ""},
    {"ccpcj", "CCPCJ", "Commission pour la prévention du crime et la justice pénale", "", ""},
    {"traite", "traite des êtres humains", "traite des personnes", "", ""},
}};

bool is_word(const Token& t) {
    return t.role == TokenRole::plain || t.role == TokenRole::part;
}

/// Group g as the analyzer reads it, analysed on first use: a query names one thing or two, and
/// analysing the whole table (23 names, a Snowball stem each) cost a short query process a sixth
/// of its instructions.
const AliasGroup& analysed(std::size_t g) {
    static std::array<std::once_flag, groups.size()> once;
    static std::array<AliasGroup, groups.size()> out;
    std::call_once(once[g], [g] {
        Analyzer analyzer;
        AliasGroup& a = out[g];
        a.id = std::string(groups[g][0]);
        for (std::size_t n = 1; n < groups[g].size(); ++n) {
            if (groups[g][n].empty())
                continue;
            std::vector<Token> words;
            for (auto& t : analyzer.tokens(prepare_text(groups[g][n]))) {
                if (is_word(t))
                    words.push_back(std::move(t));
            }
            if (!words.empty())
                a.names.push_back(std::move(words));
        }
    });
    return out[g];
}

} // namespace

AliasMatch alias_at(const std::vector<Token>& tokens, std::size_t i,
                    const std::vector<bool>* skip) {
    // The groups each word begins a name of, folded without analysing the names: most words
    // begin none, and a query that names nothing should not pay for analysing the table.
    static const std::map<std::string, std::vector<std::size_t>, std::less<>> first_words = [] {
        std::map<std::string, std::vector<std::size_t>, std::less<>> out;
        for (std::size_t g = 0; g < groups.size(); ++g) {
            for (std::size_t n = 1; n < groups[g].size(); ++n) {
                const std::string_view name = groups[g][n];
                if (name.empty())
                    continue;
                auto& in = out[fold(name.substr(0, std::min(name.find(' '), name.size())))];
                if (in.empty() || in.back() != g)
                    in.push_back(g);
            }
        }
        return out;
    }();
    // Their first 8 bytes as numbers, sorted: most words are turned away by a search over
    // integers, where the map's string comparisons were 1% of a build's instructions.
    static const std::vector<std::uint64_t> heads = [] {
        std::vector<std::uint64_t> out;
        for (const auto& [word, in] : first_words)
            out.push_back(detail::packed_word(word));
        std::sort(out.begin(), out.end());
        return out;
    }();
    AliasMatch best;
    if (i >= tokens.size() || !is_word(tokens[i]) ||
        !std::binary_search(heads.begin(), heads.end(), detail::packed_word(tokens[i].term)))
        return best;
    const auto candidates = first_words.find(tokens[i].term);
    if (candidates == first_words.end())
        return best;
    std::size_t best_length = 0;
    for (const std::size_t index : candidates->second) {
        const AliasGroup& g = analysed(index);
        for (std::size_t n = 0; n < g.names.size(); ++n) {
            const auto& name = g.names[n];
            if (name.size() <= best_length || name.front().term != tokens[i].term)
                continue;
            // Walk the name over the word tokens from i.
            std::size_t k = i, j = 0, last = i;
            for (; j < name.size() && k < tokens.size(); ++k) {
                if (!is_word(tokens[k]))
                    continue;
                if ((skip && (*skip)[k]) || tokens[k].term != name[j].term)
                    break;
                last = k;
                ++j;
            }
            if (j == name.size()) {
                best = {&g, n, i, last};
                best_length = name.size();
            }
        }
    }
    return best;
}

} // namespace ctoc::analysis
