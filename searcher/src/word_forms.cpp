#include <ctoc/search/word_forms.h>

#include <ctoc/analysis/unicode.h>
#include <ctoc/schema.h>

#include <algorithm>

namespace ctoc::search {

namespace {

/// Forms of a stem expansion at most: enough for any French stem family.
constexpr std::size_t max_related = 200;
/// An accent-free form in fewer documents than this, or in fewer than 1/20 as many as its
/// accented variants, is a spelling of them (a heading in capitals, an English word).
constexpr Xapian::doccount min_own_documents = 3;
constexpr Xapian::doccount own_ratio = 20;

bool ends_with(std::string_view s, std::string_view end) {
    return s.size() >= end.size() && s.substr(s.size() - end.size()) == end;
}

/// Longest common prefix of two UTF-8 strings, cut at a character boundary.
std::string common_prefix(const std::string& a, const std::string& b) {
    std::size_t n = 0;
    while (n < a.size() && n < b.size() && a[n] == b[n])
        ++n;
    while (n > 0 && n < a.size() && (static_cast<unsigned char>(a[n]) & 0xC0) == 0x80)
        --n;
    return a.substr(0, n);
}

/// The word up to and including its last character that is not ASCII ("traité" whole,
/// "réunion" -> "ré").
std::string up_to_last_accent(const std::string& form) {
    std::size_t end = 0;
    for (std::size_t i = 0; i < form.size(); ++i) {
        if (static_cast<unsigned char>(form[i]) >= 0x80)
            end = i + 1;
    }
    return form.substr(0, end);
}

void add_unique(std::vector<std::string>& out, const std::string& form) {
    if (std::find(out.begin(), out.end(), form) == out.end())
        out.push_back(form);
}

} // namespace

VariantSource VariantSource::of(const Xapian::Database& db) {
    VariantSource source;
    source.lines = [&db](const std::string& key) {
        return schema::split_lines(db.get_metadata(key));
    };
    source.keys = [&db](const std::string& prefix, std::size_t limit) {
        std::vector<std::string> found;
        for (auto k = db.metadata_keys_begin(prefix);
             k != db.metadata_keys_end(prefix) && found.size() < limit; ++k)
            found.push_back(*k);
        return found;
    };
    return source;
}

FormFinder::FormFinder(const Xapian::Database& db, VariantSource variants)
    : m_db(db), m_variants(std::move(variants)) {
    if (!m_variants.lines)
        m_variants = VariantSource::of(db);
}

std::set<std::string> FormFinder::variants_of(const std::string& folded) {
    return m_variants.lines(std::string(schema::meta_accent_variants) + folded);
}

std::vector<std::string> FormFinder::inflections(const std::string& form, const std::string& stem) {
    const std::string key = analysis::inflection_key(form);
    std::vector<std::string> candidates{form, key, key + "s"};
    if (ends_with(key, "au") || ends_with(key, "eu") || ends_with(key, "ou"))
        candidates.push_back(key + "x");
    if (ends_with(key, "al"))
        candidates.push_back(key.substr(0, key.size() - 2) + "aux");
    if (ends_with(key, "\xC3\xA9")) { // "adopté": "adoptée", "adoptées"
        candidates.push_back(key + "e");
        candidates.push_back(key + "es");
    }
    std::vector<std::string> out;
    for (const auto& c : candidates) {
        // The same word, not another one that happens to share the key: same stem.
        if (c == form || stem.empty() || m_analyzer.stem_of(c) == stem)
            add_unique(out, c);
    }
    return out;
}

WordForms FormFinder::find(const analysis::Token& word) {
    WordForms out;
    const std::string& form = word.form();
    out.typed = {form};
    for (auto& f : inflections(form, word.stem)) {
        if (f != form)
            out.inflected.push_back(std::move(f));
    }
    if (!word.exact.empty()) {
        // Typed with accents: accent-sensitive. The other words of the stem that begin like the
        // word up to its last accent ("traité" -> "traitées", never "traite" or "traitement").
        if (word.stem.empty())
            return out;
        std::string prefix = up_to_last_accent(form);
        if (const std::string shared = common_prefix(form, m_stemmer(form));
            shared.size() > prefix.size())
            prefix = shared;
        std::size_t seen = 0;
        for (auto t = m_db.allterms_begin(prefix);
             t != m_db.allterms_end(prefix) && seen < max_related; ++t, ++seen) {
            const std::string candidate = *t;
            if (candidate != form &&
                std::find(out.inflected.begin(), out.inflected.end(), candidate) ==
                    out.inflected.end() &&
                m_analyzer.stem_of(candidate) == word.stem)
                out.related.push_back(candidate);
        }
        return out;
    }
    // Typed without accents: the forms written with accents that fold to the word or to one of
    // its inflections.
    std::vector<std::string> own_accented, inflected_accented;
    for (const auto& v : variants_of(form))
        add_unique(own_accented, v);
    for (const auto& c : out.inflected) {
        for (const auto& v : variants_of(c))
            add_unique(inflected_accented, v);
    }
    std::vector<std::string> stems;
    if (!word.stem.empty())
        stems.push_back(word.stem);
    for (const auto* forms : {&own_accented, &inflected_accented}) {
        for (const auto& v : *forms) {
            if (const std::string& s = m_analyzer.stem_of(v); !s.empty())
                add_unique(stems, s);
        }
    }
    if (!own_accented.empty() || !inflected_accented.empty()) {
        // Rare in all: the spelling and its inflections together. Rare beside its accented
        // variants: the spelling typed against the same letters with accents ("concernes": 0
        // documents, "concernés": 33; its inflection "concerne" is another word), or, when it
        // has no accented twin, its inflections with it against theirs.
        const auto documents = [this](const std::vector<std::string>& forms) {
            Xapian::doccount n = 0;
            for (const auto& f : forms)
                n += m_db.get_termfreq(f);
            return n;
        };
        const Xapian::doccount spelling = m_db.get_termfreq(form);
        const Xapian::doccount all = spelling + documents(out.inflected);
        const bool twin = !own_accented.empty();
        const Xapian::doccount own = twin ? spelling : all;
        const Xapian::doccount other =
            twin ? documents(own_accented) : documents(inflected_accented);
        if (all < min_own_documents || own * own_ratio < other) {
            // The accent-free spelling is rare: the accented word is what was meant.
            out.typed.insert(out.typed.end(), own_accented.begin(), own_accented.end());
            out.inflected.insert(out.inflected.end(), inflected_accented.begin(),
                                 inflected_accented.end());
        } else {
            out.accents = std::move(own_accented);
            out.accents.insert(out.accents.end(), inflected_accented.begin(),
                               inflected_accented.end());
        }
    }
    if (!word.stem.empty()) {
        for (const auto& s : stems) {
            out.related.push_back(std::string(schema::stem) + s);
            out.stems.push_back(s);
        }
    }
    return out;
}

std::vector<std::string> FormFinder::phrase_forms(const analysis::Token& word) {
    if (word.role == analysis::TokenRole::ordinal)
        return {std::string(schema::ordinal) + word.term};
    if (word.kind != analysis::TokenKind::word)
        return {word.term};
    if (!word.exact.empty())
        return {word.exact};
    std::vector<std::string> out{word.term};
    for (const auto& v : variants_of(word.term))
        add_unique(out, v);
    return out;
}

std::vector<std::string> FormFinder::forms_with_prefix(const std::string& folded_prefix,
                                                       std::size_t limit) {
    std::vector<std::pair<Xapian::doccount, std::string>> found;
    for (auto t = m_db.allterms_begin(folded_prefix); t != m_db.allterms_end(folded_prefix); ++t)
        found.emplace_back(t.get_termfreq(), *t);
    const std::string meta = std::string(schema::meta_accent_variants) + folded_prefix;
    for (const auto& key : m_variants.keys(meta, limit)) {
        for (const auto& v : m_variants.lines(key))
            found.emplace_back(m_db.get_termfreq(v), v);
    }
    std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
        return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    std::vector<std::string> out;
    for (auto& [freq, form] : found) {
        if (out.size() >= limit)
            break;
        if (freq > 0)
            add_unique(out, form);
    }
    return out;
}

} // namespace ctoc::search
