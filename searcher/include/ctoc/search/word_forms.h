#pragma once

#include <ctoc/analysis/analyzer.h>

#include <xapian.h>

#include <functional>
#include <set>
#include <string>
#include <vector>

namespace ctoc::search {

/// Where the accent variants of an index are read (schema::meta_accent_variants): a sharded
/// index answers with the union of its shards' (ShardSet), a single database with its own.
struct VariantSource {
    /// The lines of one metadata value.
    std::function<std::set<std::string>(const std::string& key)> lines;
    /// Metadata keys starting with a prefix, at most limit of them.
    std::function<std::vector<std::string>(const std::string& prefix, std::size_t limit)> keys;

    /// Reads one database's own metadata.
    static VariantSource of(const Xapian::Database& db);
};

/// The forms of the index that a typed word reaches, closest first. Forms are positional terms
/// (lower case, accents as written); stems are Z terms.
struct WordForms {
    std::vector<std::string> typed;     ///< the word as typed ("traite")
    std::vector<std::string> inflected; ///< its other inflections ("traites")
    std::vector<std::string> accents;   ///< the same written with accents ("traité", "traités")
    std::vector<std::string>
        related; ///< other words of its stem: Z terms, or forms when typed with accents
    std::vector<std::string> stems; ///< the folded stems behind related Z terms, for highlighting
};

/// Finds the forms a typed word reaches in an index. A word typed without accents reaches its
/// own accent-free forms first, then the forms written with accents that fold to them, then the
/// other words of its Snowball stem; a word typed with accents is accent-sensitive (Recoll's
/// rule) and reaches its inflections, then the words of its stem written with the same accents.
/// When an accent-free form is rare beside its accented variants (a heading in capitals without
/// accents, an English word), a researcher typing it means the accented word: both count as typed.
class FormFinder {
public:
    FormFinder(const Xapian::Database& db, VariantSource variants);

    /// The forms of a word token (TokenKind::word).
    WordForms find(const analysis::Token& word);

    /// What one position of a quoted phrase matches: the word as typed and, typed without accents,
    /// its accent variants; no inflections, no stems.
    std::vector<std::string> phrase_forms(const analysis::Token& word);

    /// Forms of the index starting with a prefix typed without accents, written with or without
    /// accents ("resolu" -> "resolution", "résolution", "résolu"), most frequent first.
    std::vector<std::string> forms_with_prefix(const std::string& folded_prefix, std::size_t limit);

    /// The forms written with accents that fold to an accent-free form.
    std::set<std::string> variants_of(const std::string& folded);

private:
    /// Accent-free or accented spellings of the inflections sharing key, with the word's stem.
    std::vector<std::string> inflections(const std::string& form, const std::string& stem);

    const Xapian::Database& m_db;
    VariantSource m_variants;
    analysis::Analyzer m_analyzer;
    Xapian::Stem m_stemmer{"french"};
};

} // namespace ctoc::search
