#pragma once

#include <ctoc/analysis/analyzer.h>

#include <string>
#include <vector>

namespace ctoc::search {

/// Names of the same thing in the collection's own domain: an acronym and its expansion
/// ("ONUDC", "Office des Nations Unies contre la drogue et le crime"), a short name and the
/// official title ("Convention de Palerme"), two usual wordings ("traite des êtres humains",
/// "traite des personnes"). A query naming one also finds the texts that use another.
struct AliasGroup {
    /// Each name as the analyzer reads it: "convention", "de", "palerme"; matched against what was
    /// typed by term, searched as a phrase of forms (elided articles included).
    std::vector<std::vector<analysis::Token>> names;
};

/// The alias groups, analyzed with the given analyzer (the query parser's own).
std::vector<AliasGroup> domain_aliases(analysis::Analyzer& analyzer);

} // namespace ctoc::search
