#pragma once

#include <ctoc/analysis/analyzer.h>

#include <string>
#include <vector>

namespace ctoc::analysis {

/// Names of the same thing in the collection's own domain: an acronym and its expansion
/// ("ONUDC", "Office des Nations Unies contre la drogue et le crime"), a short name and the
/// official title ("Convention de Palerme"), two usual wordings ("traite des êtres humains",
/// "traite des personnes"). The indexer marks a document naming one with the group's term
/// (schema::named), so that a query naming one also finds the texts that use another.
struct AliasGroup {
    std::string id; ///< short and stable: the group's term is schema::named + id ("onudc")
    /// Each name as the analyzer reads it: "convention", "de", "palerme"; matched against text
    /// by term (plain words and parts of hyphenated ones).
    std::vector<std::vector<Token>> names;
};

/// A name of a group found in a token stream.
struct AliasMatch {
    const AliasGroup* group = nullptr;
    std::size_t name = 0;  ///< index in group->names
    std::size_t first = 0; ///< index of the name's first token
    std::size_t last = 0;  ///< index of its last word token
};

/// The longest name of any group that starts at token index i (only plain words and parts of
/// hyphenated words count; joined forms and aliases are skipped); group == nullptr if none.
/// skip, when given, marks tokens that may not be part of a name.
AliasMatch alias_at(const std::vector<Token>& tokens, std::size_t i,
                    const std::vector<bool>* skip = nullptr);

} // namespace ctoc::analysis
