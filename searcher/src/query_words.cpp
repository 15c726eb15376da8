// Words: the forms a word typed reaches (word_forms.h) weighed by closeness, phrases and NEAR
// position by position, =exact forms, trailing wildcards.
#include "query_parser_detail.h"

#include <ctoc/search/query_parser.h>

#include <ctoc/analysis/stopwords.h>
#include <ctoc/analysis/unicode.h>
#include <ctoc/corpus/metadata.h>
#include <ctoc/schema.h>

#include <algorithm>

namespace ctoc::search {

using namespace detail;

Xapian::Query QueryParser::expand_prefix(const std::string& prefix, Xapian::Query::op op) {
    // Expanded here rather than with OP_WILDCARD, which Xapian 1.4 expands in each shard on
    // its own: here the vocabulary of all shards is merged and the most frequent terms kept,
    // so that every shard runs the same query.
    std::vector<std::pair<Xapian::doccount, std::string>> terms;
    for (auto t = m_db.allterms_begin(prefix); t != m_db.allterms_end(prefix); ++t)
        terms.emplace_back(t.get_termfreq(), *t);
    if (terms.empty())
        return Xapian::Query::MatchNothing;
    if (terms.size() > max_expansion) {
        std::stable_sort(terms.begin(), terms.end(),
                         [](const auto& a, const auto& b) { return a.first > b.first; });
        terms.resize(max_expansion);
    }
    std::vector<Xapian::Query> parts;
    parts.reserve(terms.size());
    for (auto& [freq, term] : terms)
        parts.emplace_back(std::move(term));
    return Xapian::Query(op, parts.begin(), parts.end());
}

Xapian::Query QueryParser::all_of(const std::vector<Xapian::Query>& must,
                                  const std::vector<Xapian::Query>& weight_only) {
    const Xapian::Query matched = combine(Xapian::Query::OP_AND, must);
    if (weight_only.empty() || matched.empty())
        return matched;
    return Xapian::Query(Xapian::Query::OP_AND_MAYBE, matched,
                         combine(Xapian::Query::OP_OR, weight_only));
}

Xapian::Query QueryParser::word_query(const analysis::Token& token,
                                      std::vector<std::string>* positional,
                                      Xapian::Query* weight_only,
                                      std::vector<std::string>* accents) {
    switch (token.kind) {
    case analysis::TokenKind::symbol:
        return symbol_query(token.term, false, false);
    case analysis::TokenKind::number:
    case analysis::TokenKind::citation: {
        m_result.highlight.terms.insert(token.term);
        // "WG.7" typed in free text: the words "WG.7" or the documents of that working group.
        // "wg7", typed without the dot, is the same.
        if (token.term.rfind("wg", 0) == 0 && token.term.size() > 2) {
            if (const std::string wg = corpus::resolve_working_group(token.term); !wg.empty()) {
                std::string dotted = wg;
                std::transform(dotted.begin(), dotted.end(), dotted.begin(),
                               [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
                m_result.highlight.terms.insert(dotted);
                std::vector<Xapian::Query> either{
                    Xapian::Query(dotted), Xapian::Query(with_prefix(schema::working_group, wg))};
                if (dotted != token.term)
                    either.emplace_back(token.term);
                return Xapian::Query(Xapian::Query::OP_OR, either.begin(), either.end());
            }
        }
        // "COP8", "cop-8", "cop 8": the documents of that session of the Conference, or the
        // words.
        if (const long session = numbered_name(token.term, "cop"); session > 0) {
            const Xapian::Query of_session(
                Xapian::Query::OP_AND, Xapian::Query(with_prefix(schema::body, "COP")),
                Xapian::Query(with_prefix(schema::session, std::to_string(session))));
            return Xapian::Query(Xapian::Query::OP_OR, Xapian::Query(token.term), of_session);
        }
        return Xapian::Query(token.term);
    }
    case analysis::TokenKind::word:
        break;
    }
    const WordForms forms = m_forms.find(token);
    if (accents)
        accents->insert(accents->end(), forms.accents.begin(), forms.accents.end());
    if (positional) {
        // Not the accent variants: a proximity boost weighs its words in full.
        for (const auto* f : {&forms.typed, &forms.inflected})
            positional->insert(positional->end(), f->begin(), f->end());
    }
    auto& h = m_result.highlight;
    h.forms.insert(forms.typed.begin(), forms.typed.end());
    h.forms.insert(forms.inflected.begin(), forms.inflected.end());
    h.forms.insert(forms.accents.begin(), forms.accents.end());
    if (forms.stems.empty())
        h.forms.insert(forms.related.begin(), forms.related.end());
    else
        h.stems.insert(forms.stems.begin(), forms.stems.end());
    const auto any_of = [](const std::vector<std::string>& terms) {
        return terms.size() == 1
                   ? Xapian::Query(terms.front())
                   : Xapian::Query(Xapian::Query::OP_SYNONYM, terms.begin(), terms.end());
    };
    if (m_excluding) {
        std::vector<std::string> named = forms.typed;
        named.insert(named.end(), forms.inflected.begin(), forms.inflected.end());
        return named.size() == 1 ? boolean_term(named.front()) : any_of(named);
    }
    // The word as typed outranks its inflections, which outrank its accent variants, which
    // outrank the rest of its stem.
    const auto& w = m_options.weights;
    std::vector<Xapian::Query> tiers{w.typed == 1.0 ? any_of(forms.typed)
                                                    : Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                                                                    any_of(forms.typed), w.typed)};
    if (!forms.inflected.empty() || !forms.accents.empty() || !forms.related.empty()) {
        m_result.reaches_forms = true;
        // A form as typed that every document holds excludes none: the documents of its other
        // forms hold it too, and it narrows nothing.
        if (std::none_of(forms.typed.begin(), forms.typed.end(),
                         [&](const std::string& t) { return in_every_document(t); }))
            m_result.typed_narrows = true;
    }
    if (m_options.typed_only)
        return tiers.front();
    if (!forms.inflected.empty())
        tiers.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, any_of(forms.inflected), w.inflected);
    if (!forms.accents.empty())
        tiers.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, any_of(forms.accents), w.accents);
    if (forms.related.empty() || m_options.forms_only)
        return combine(Xapian::Query::OP_OR, tiers);
    m_result.reaches_stems = true;
    tiers.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, any_of(forms.related), w.related);
    // The indexer gives every occurrence of a word that takes a stem its stem's Z term. When
    // each form the word reaches takes one of its stems, the stems are in every document of its
    // forms: they alone decide the match and the forms only add their weight (a sum either way).
    const auto stemmed_as_indexed = [&](const std::string& form) {
        const std::string folded = analysis::fold(form);
        if (!analysis::takes_stem(folded, analysis::is_stopword(folded)))
            return false;
        const std::string& stem = m_analyzer.stem_of(form);
        return std::find(forms.stems.begin(), forms.stems.end(), stem) != forms.stems.end();
    };
    const auto covered = [&](const std::vector<std::string>& fs) {
        return std::all_of(fs.begin(), fs.end(), stemmed_as_indexed);
    };
    if (weight_only == nullptr || forms.stems.empty() || !covered(forms.typed) ||
        !covered(forms.inflected) || !covered(forms.accents))
        return combine(Xapian::Query::OP_OR, tiers);
    Xapian::Query stems = std::move(tiers.back());
    tiers.pop_back();
    *weight_only = combine(Xapian::Query::OP_OR, tiers);
    return stems;
}

Xapian::Query QueryParser::position_query(const analysis::Token& token) {
    const std::vector<std::string> forms = m_forms.phrase_forms(token);
    if (token.kind == analysis::TokenKind::word)
        m_result.highlight.forms.insert(forms.begin(), forms.end());
    else
        m_result.highlight.terms.insert(token.term);
    if (forms.size() == 1)
        return Xapian::Query(forms.front());
    return Xapian::Query(Xapian::Query::OP_OR, forms.begin(), forms.end());
}

Xapian::Query QueryParser::sequence_query(const std::vector<analysis::Token>& tokens,
                                          bool as_typed) {
    std::vector<Xapian::Query> positions;
    std::uint32_t first = 0, last = 0;
    for (std::size_t k = 0; k < tokens.size(); ++k) {
        const auto& t = tokens[k];
        if (t.role == analysis::TokenRole::joined || t.role == analysis::TokenRole::alias ||
            t.role == analysis::TokenRole::ordinal)
            continue;
        // An ordinal's common form stands at its position for every spelling ("neuvième", "9e"),
        // unless the words must match as typed.
        const analysis::Token* at = &t;
        for (std::size_t a = k + 1;
             !as_typed && a < tokens.size() && tokens[a].position == t.position; ++a) {
            if (tokens[a].role == analysis::TokenRole::ordinal)
                at = &tokens[a];
        }
        const std::uint32_t begin = t.article.empty() ? t.position : t.position - 1;
        if (positions.empty())
            first = begin;
        if (!t.article.empty()) {
            positions.emplace_back(t.article);
            m_result.highlight.forms.insert(t.article);
        }
        positions.push_back(position_query(*at));
        last = t.position;
    }
    if (positions.size() < 2)
        return positions.empty() ? Xapian::Query() : positions.front();
    return Xapian::Query(Xapian::Query::OP_PHRASE, positions.begin(), positions.end(),
                         last - first + 1);
}

Xapian::Query QueryParser::exact_query(const std::string& text, std::size_t column) {
    std::vector<analysis::Token> tokens;
    for (auto& t : m_analyzer.tokens(analysis::to_nfc(text))) {
        if (t.role == analysis::TokenRole::plain || t.role == analysis::TokenRole::part)
            tokens.push_back(std::move(t));
    }
    if (tokens.empty())
        throw QueryError(
            "'=' at column " + std::to_string(column) + " needs a word after it (=traite)", column);
    m_result.has_text = true;
    std::vector<Xapian::Query> positions;
    for (const auto& t : tokens) {
        m_result.words.push_back(t.term);
        if (t.kind == analysis::TokenKind::word)
            m_result.highlight.forms.insert(t.form());
        else
            m_result.highlight.terms.insert(t.term);
        positions.emplace_back(t.form());
    }
    if (positions.size() == 1)
        return positions.front();
    return Xapian::Query(Xapian::Query::OP_PHRASE, positions.begin(), positions.end(),
                         tokens.back().position - tokens.front().position + 1);
}

Xapian::Query QueryParser::phrase_query(const std::string& text, std::size_t column) {
    // Quoted means as typed: each word at its position, an elided article included, accents
    // checked where typed, no inflection and no stem.
    const auto tokens = m_analyzer.tokens(analysis::to_nfc(text));
    Xapian::Query q = sequence_query(tokens, true);
    if (q.empty())
        throw QueryError("empty phrase at column " + std::to_string(column), column);
    m_result.has_text = true;
    return q;
}

} // namespace ctoc::search
