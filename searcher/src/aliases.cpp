#include <ctoc/search/aliases.h>

#include <array>
#include <string_view>

namespace ctoc::search {

namespace {

/// Each line one group of names; only names a researcher of the CTOC collection would take
/// for one another. Ambiguous acronyms ("COP", "AG") are left out on purpose.
constexpr std::array<std::array<std::string_view, 4>, 9> groups{{
    {"ONUDC", "UNODC", "Office des Nations Unies contre la drogue et le crime", ""},
    {"Convention de Palerme", "Convention contre la criminalité organisée",
     "Convention des Nations Unies contre la criminalité transnationale organisée", "UNTOC"},
    {"Convention contre la corruption", "Convention des Nations Unies contre la corruption", "CNUCC", "UNCAC"},
    {"Protocole relatif à la traite des personnes",
     "Protocole visant à prévenir, réprimer et punir la traite des personnes", "", ""},
    {"Protocole relatif au trafic illicite de migrants",
     "Protocole contre le trafic illicite de migrants par terre, air et mer", "", ""},
    {"Protocole relatif aux armes à feu", "Protocole contre la fabrication et le trafic illicites d'armes à feu", "",
     ""},
    {"ECOSOC", "Conseil économique et social", "", ""},
    {"CCPCJ", "Commission pour la prévention du crime et la justice pénale", "", ""},
    {"traite des êtres humains", "traite des personnes", "", ""},
}};

} // namespace

std::vector<AliasGroup> domain_aliases(analysis::Analyzer& analyzer) {
    std::vector<AliasGroup> out;
    for (const auto& group : groups) {
        AliasGroup g;
        for (const std::string_view name : group) {
            if (name.empty())
                continue;
            std::vector<analysis::Token> words;
            for (auto& t : analyzer.tokens(analysis::prepare_text(name))) {
                if (t.role == analysis::TokenRole::plain || t.role == analysis::TokenRole::part)
                    words.push_back(std::move(t));
            }
            if (!words.empty())
                g.names.push_back(std::move(words));
        }
        out.push_back(std::move(g));
    }
    return out;
}

} // namespace ctoc::search
