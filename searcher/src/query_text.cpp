// Free text: runs of words read whole, so that "résolution 5/3" is a citation, "ONUDC" also its
// other names, a UN symbol the document carrying it and those citing it, the rest words.
#include "query_parser_detail.h"

#include <ctoc/search/query_parser.h>

#include <ctoc/analysis/aliases.h>
#include <ctoc/analysis/citations.h>
#include <ctoc/analysis/unicode.h>
#include <ctoc/schema.h>

#include <algorithm>
#include <set>

namespace ctoc::search {

using namespace detail;

Xapian::Query QueryParser::symbol_query(const std::string& symbol, bool own_only, bool cited_only,
                                        bool shortened) {
    std::string canon = analysis::canonical_symbol(symbol);
    bool family = false;
    while (!canon.empty() && (canon.back() == '*')) {
        canon.pop_back();
        family = true;
    }
    if (!symbol.empty() && symbol.back() == '/')
        family = true;
    if (family && !canon.empty() && canon.back() != '/')
        canon += '/';
    const auto held = [&](const std::string& s) {
        return m_db.get_termfreq(with_prefix(schema::symbol, s)) != 0 ||
               m_db.get_termfreq(with_prefix(schema::cites, s)) != 0;
    };
    if (!family && !canon.empty() && !held(canon) && !held(analysis::undated_symbol(canon))) {
        // "ctoc/cop/wg.4": no document carries or cites that exact symbol, but symbols of the
        // index begin with it: it names their family.
        const auto starts_symbols = [&](std::string_view prefix) {
            const std::string p = with_prefix(prefix, canon + "/");
            return m_db.allterms_begin(p) != m_db.allterms_end(p);
        };
        // "WG.7/2017/5", "cop/2014/1", "res/55/25": a symbol typed without its first parts, as
        // the documents' own text often shortens them: the symbols of the index that end with
        // it, part for part ("7/2017/5" is not the end of "WG.17/2017/5"). No index of symbols
        // read backwards exists: every symbol term is read, and only when no symbol is or
        // begins with what was typed, a query that would otherwise find nothing (about a term a
        // document: 11 ms at 100,000 generated documents, 0.1 s at a million).
        const auto ending_with = [&](std::string_view prefix, std::set<std::string>& out) {
            const std::string tail = "/" + canon;
            const std::string p(prefix);
            for (auto t = m_db.allterms_begin(p); t != m_db.allterms_end(p); ++t) {
                const std::string term = *t;
                if (term.size() > p.size() + tail.size() &&
                    term.compare(term.size() - tail.size(), tail.size(), tail) == 0)
                    out.insert(term.substr(p.size()));
            }
        };
        if ((!cited_only && starts_symbols(schema::symbol)) ||
            (!own_only && starts_symbols(schema::cites))) {
            canon += '/';
            family = true;
        } else {
            std::set<std::string> whole;
            if (shortened && !cited_only)
                ending_with(schema::symbol, whole);
            if (shortened && !own_only)
                ending_with(schema::cites, whole);
            if (!whole.empty()) {
                std::vector<Xapian::Query> each;
                for (const std::string& s : whole)
                    each.push_back(symbol_query(s, own_only, cited_only, false));
                return combine(Xapian::Query::OP_OR, each);
            }
            if (const std::string base = analysis::family_of_symbol(canon); base != canon) {
                // "E/CN.15/2015/11/Corr.1" is in no document, but its base document is: suggest
                // it.
                const auto known = [&](std::string_view prefix) {
                    return m_db.get_termfreq(with_prefix(prefix, base)) != 0;
                };
                if ((!cited_only && known(schema::symbol)) || (!own_only && known(schema::cites)))
                    m_result.symbol_suggestions.emplace_back(symbol,
                                                             analysis::display_symbol(base));
            }
        }
    }
    std::vector<Xapian::Query> parts;
    // A Security Council resolution with or without its year: "S/RES/2214" is "S/RES/2214 (2015)".
    const std::string undated = family ? canon : analysis::undated_symbol(canon);
    // A field's symbol (symbol:, cites:) filters: boolean_term.
    const auto leaf = [&](const std::string& term) {
        return own_only || cited_only ? boolean_term(term) : Xapian::Query(term);
    };
    const auto add = [&](std::string_view prefix, double boost) {
        const std::string term = with_prefix(prefix, canon);
        // A family's members as separate terms (OR, not SYNONYM): a document citing more of
        // them ranks higher, and the weights are exact on a sharded index too.
        Xapian::Query q = family ? expand_prefix(term, Xapian::Query::OP_OR) : leaf(term);
        if (!family && canon.rfind("S/RES/", 0) == 0) {
            std::vector<Xapian::Query> spellings{q};
            if (undated != canon)
                spellings.emplace_back(with_prefix(prefix, undated));
            else if (const Xapian::Query dated = expand_prefix(term + " (", Xapian::Query::OP_OR);
                     !dated.empty() && dated.get_type() != Xapian::Query::LEAF_MATCH_NOTHING)
                spellings.push_back(dated);
            q = Xapian::Query(Xapian::Query::OP_SYNONYM, spellings.begin(), spellings.end());
        }
        parts.push_back(boost == 1.0 ? q : Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q, boost));
    };
    if (!cited_only)
        add(schema::symbol, own_only ? 1.0 : own_symbol_boost);
    if (!own_only)
        add(schema::cites, 1.0);
    // A resolution's symbol also finds the texts that cite it by number ("résolution 55/25").
    for (const std::string_view res : {"A/RES/", "E/RES/", "S/RES/"}) {
        if (!own_only && !family && undated.rfind(res, 0) == 0 && undated.size() > res.size())
            parts.push_back(leaf(with_prefix(schema::resolution, undated.substr(res.size()))));
    }
    std::string lower = canon;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (family)
        m_result.highlight.prefixes.push_back(lower);
    else
        m_result.highlight.terms.insert(lower);
    return combine(Xapian::Query::OP_OR, parts);
}

Xapian::Query QueryParser::text_query(const std::string& text, std::size_t column) {
    // A trailing wildcard: migra*, l'appli*, ctoc/cop/wg.7/*.
    if (!text.empty() && text.back() == '*') {
        std::string base = text;
        while (!base.empty() && base.back() == '*')
            base.pop_back();
        if (base.find('/') != std::string::npos && analysis::looks_like_symbol(base + "0"))
            return symbol_query(base + "*", false, false);
        const auto tokens = m_analyzer.tokens(analysis::to_nfc(base));
        if (tokens.empty())
            throw QueryError("wildcard at column " + std::to_string(column) +
                                 " needs a few letters before '*'",
                             column);
        m_result.has_text = true;
        const auto& t = tokens.back();
        m_result.highlight.prefixes.push_back(t.term);
        if (!t.exact.empty()) // typed with accents: accent-sensitive, as a word is
            return expand_prefix(t.exact, Xapian::Query::OP_SYNONYM);
        const auto forms = m_forms.forms_with_prefix(t.term, max_expansion);
        if (forms.empty())
            return Xapian::Query::MatchNothing;
        return Xapian::Query(Xapian::Query::OP_SYNONYM, forms.begin(), forms.end());
    }
    const std::string nfc = analysis::to_nfc(text);
    auto tokens = m_analyzer.tokens(nfc);
    join_numbered_names(tokens);
    std::vector<bool> consumed(tokens.size(), false);
    std::vector<Xapian::Query> parts;
    add_citations(tokens, nfc, consumed, parts);
    add_bare_resolutions(tokens, consumed, parts);
    // Citations take their words out of the proximity boost below; named things do not.
    const bool cited = std::any_of(consumed.begin(), consumed.end(), [](bool c) { return c; });
    const bool named = add_other_names(tokens, consumed, parts);
    std::vector<Xapian::Query> stop_parts;
    std::vector<Xapian::Query> weight_only; // forms whose documents their words' stems hold
    std::vector<Xapian::Query> near;        // each content word's positional forms
    std::vector<Xapian::Query> near_any;    // the same with their other accents
    bool ambiguous = false;                 // a word and, with accents, another word
    for (std::size_t k = 0; k < tokens.size(); ++k) {
        const auto& t = tokens[k];
        if (consumed[k] || t.role == analysis::TokenRole::part ||
            t.role == analysis::TokenRole::alias || t.role == analysis::TokenRole::ordinal)
            continue;
        if (t.stopword) {
            // With its elided article, as typed: "quelqu'un" is not every document saying "un".
            Xapian::Query word = position_query(t);
            if (!t.article.empty()) {
                m_result.highlight.forms.insert(t.article);
                word = Xapian::Query(Xapian::Query::OP_PHRASE, Xapian::Query(t.article), word);
            }
            stop_parts.push_back(word);
            continue;
        }
        m_result.words.push_back(t.term);
        std::vector<std::string> positional;
        std::vector<std::string> accents;
        // "neuvième", "9ème": the ordinal's common form "9e" after it, at its position.
        std::vector<const analysis::Token*> ordinals;
        for (std::size_t a = k + 1; a < tokens.size() && tokens[a].position == t.position; ++a) {
            if (tokens[a].role == analysis::TokenRole::ordinal)
                ordinals.push_back(&tokens[a]);
        }
        // A word that must match by itself (not OR'ed with its parts or its ordinal) splits.
        const bool alone =
            !m_options.any && t.role == analysis::TokenRole::plain && ordinals.empty();
        Xapian::Query weight;
        Xapian::Query q = word_query(t, t.kind == analysis::TokenKind::word ? &positional : nullptr,
                                     alone ? &weight : nullptr, &accents);
        if (!weight.empty())
            weight_only.push_back(weight);
        if (t.role == analysis::TokenRole::joined) {
            // "Etats-parties" also finds "États parties": the parts side by side.
            std::vector<Xapian::Query> side_by_side;
            for (std::size_t p = k; p-- > 0 && tokens[p].role == analysis::TokenRole::part;) {
                side_by_side.insert(side_by_side.begin(), position_query(tokens[p]));
            }
            if (side_by_side.size() >= 2)
                q = Xapian::Query(
                    Xapian::Query::OP_OR, q,
                    Xapian::Query(Xapian::Query::OP_PHRASE, side_by_side.begin(),
                                  side_by_side.end(),
                                  static_cast<Xapian::termcount>(side_by_side.size())));
        }
        // Also the ordinal's common form, indexed for every spelling.
        for (const analysis::Token* o : ordinals) {
            m_result.highlight.terms.insert(o->term);
            const std::string common = with_prefix(schema::ordinal, o->term);
            q = Xapian::Query(Xapian::Query::OP_OR, q, Xapian::Query(common));
            if (!positional.empty())
                positional.push_back(common);
        }
        if (!positional.empty() && t.role == analysis::TokenRole::plain) {
            near.emplace_back(Xapian::Query::OP_OR, positional.begin(), positional.end());
            ambiguous = ambiguous || !accents.empty();
            positional.insert(positional.end(), accents.begin(), accents.end());
            near_any.emplace_back(Xapian::Query::OP_OR, positional.begin(), positional.end());
        }
        parts.push_back(q);
    }
    if (parts.empty() && !stop_parts.empty()) {
        // Only stop words: search them after all, as Xapian does.
        parts = stop_parts;
    }
    if (!parts.empty())
        m_result.has_text = true;
    Xapian::Query q =
        m_options.any ? combine(Xapian::Query::OP_OR, parts) : all_of(parts, weight_only);
    // Words typed together rank higher where they stand together ("traite des personnes"),
    // unless citations took some of them.
    if ((parts.size() >= 2 || named) && !cited && !m_excluding && tokens.size() <= 12) {
        const Highlight before = m_result.highlight;
        Xapian::Query phrase = sequence_query(tokens, false);
        m_result.highlight = before; // the boost finds nothing the words do not
        if (phrase.get_type() == Xapian::Query::OP_PHRASE)
            m_result.boosts.push_back(phrase);
        // ... and where they stand in the order typed within a few sentences' span: the sentence a
        // researcher remembers ranks its document first.
        if (near.size() >= 2)
            m_result.boosts.emplace_back(Xapian::Query::OP_PHRASE, near.begin(), near.end(),
                                         proximity_window);
        // Three words or more in a sentence's span decide what an accent-free word meant
        // ("lorsque forme humanite": "formé"), where two often do not ("traite personnes").
        if (ambiguous && near_any.size() >= 3 && !m_options.any)
            m_result.context = Xapian::Query(Xapian::Query::OP_PHRASE, near_any.begin(),
                                             near_any.end(), proximity_window);
    }
    return q;
}

void QueryParser::add_citations(const std::vector<analysis::Token>& tokens, const std::string& text,
                                std::vector<bool>& consumed, std::vector<Xapian::Query>& parts) {
    const auto citations = analysis::find_citations(tokens, text);
    for (std::size_t first = 0; first < citations.size();) {
        std::size_t end = first + 1;
        while (end < citations.size() && citations[end].list == citations[first].list)
            ++end;
        if (tokens[citations[first].token].kind == analysis::TokenKind::symbol) {
            first = end; // A/RES/55/25 typed as a symbol is searched as the symbol
            continue;
        }
        // The citing word ("résolutions"), the numbers and what joins them belong to the list.
        const std::size_t list = citations[first].list;
        std::size_t last = list;
        std::vector<Xapian::Query> items;
        std::vector<std::string> numbers;
        for (std::size_t k = first; k < end; ++k) {
            const auto& c = citations[k];
            last = std::max(last, c.last);
            const auto prefix = c.kind == analysis::CitationKind::resolution ? schema::resolution
                                                                             : schema::decision;
            Xapian::Query item(with_prefix(prefix, c.number));
            if (c.bare && end - first == 1 && c.kind == analysis::CitationKind::resolution) {
                // "résolution 1325" typed alone: the citation, or the words side by side (in a
                // title).
                static constexpr std::array<const char*, 4> forms{"résolution", "résolutions",
                                                                  "resolution", "resolutions"};
                const std::vector<Xapian::Query> words{
                    Xapian::Query(Xapian::Query::OP_OR, forms.begin(), forms.end()),
                    Xapian::Query(c.number)};
                const std::vector<Xapian::Query> either{
                    item, Xapian::Query(Xapian::Query::OP_PHRASE, words.begin(), words.end(), 2)};
                item = Xapian::Query(Xapian::Query::OP_OR, either.begin(), either.end());
            }
            items.push_back(item);
            numbers.push_back(c.number);
            m_result.highlight.terms.insert(tokens[c.token].term);
        }
        for (std::size_t k = list; k <= last && k < tokens.size(); ++k)
            consumed[k] = true;
        m_result.highlight.stems.insert(tokens[list].stem);
        if (items.size() == 1) {
            parts.push_back(items.front());
        } else {
            // A list names what a researcher wants any of: each item cited weighs 1, so that the
            // documents citing more of them come first; the items' own BM25 weights, scaled to
            // stay below 1 in all (each is under (k1 + 1) log N: 36 for ten million documents
            // with the searcher's k1 of 1.2), break ties by how often they are cited.
            std::vector<Xapian::Query> counted;
            for (const auto& item : items) {
                // release(): the query owns the source from here on.
                const Xapian::Query one((new Xapian::FixedWeightPostingSource(1.0))->release());
                counted.emplace_back(Xapian::Query::OP_FILTER, one, item);
            }
            const Xapian::Query often(Xapian::Query::OP_OR, items.begin(), items.end());
            counted.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, often,
                                 1.0 / (50.0 * static_cast<double>(items.size())));
            parts.emplace_back(Xapian::Query::OP_OR, counted.begin(), counted.end());
            std::string listed;
            for (const auto& n : numbers)
                listed += (listed.empty() ? "" : ", ") + n;
            const bool resolution = citations[first].kind == analysis::CitationKind::resolution;
            m_result.notes.push_back(
                text.substr(tokens[list].begin, tokens[last].end - tokens[list].begin) +
                ": documents citing any of " + (resolution ? "resolutions " : "decisions ") +
                listed + ", those citing more of them first");
        }
        first = end;
    }
}

void QueryParser::add_bare_resolutions(const std::vector<analysis::Token>& tokens,
                                       std::vector<bool>& consumed,
                                       std::vector<Xapian::Query>& parts) {
    // "résolution 1325" typed without year or body: the Security Council resolution as
    // extracted (S/RES/1325, "résolution 1325 (2000)") or the words side by side.
    for (std::size_t k = 0; k + 1 < tokens.size(); ++k) {
        const auto& word = tokens[k];
        const auto& number = tokens[k + 1];
        if (consumed[k] || consumed[k + 1] ||
            (word.term != "resolution" && word.term != "resolutions") ||
            number.kind != analysis::TokenKind::number || number.term.size() > 4 ||
            number.term[0] == '0' || !is_digits(number.term))
            continue;
        consumed[k] = consumed[k + 1] = true;
        m_result.highlight.stems.insert(word.stem);
        m_result.highlight.terms.insert(number.term);
        std::vector<Xapian::Query> either{
            Xapian::Query(with_prefix(schema::resolution, number.term))};
        static constexpr std::array<const char*, 4> forms{"résolution", "résolutions", "resolution",
                                                          "resolutions"};
        const std::vector<Xapian::Query> words{
            Xapian::Query(Xapian::Query::OP_OR, forms.begin(), forms.end()),
            Xapian::Query(number.term)};
        either.emplace_back(Xapian::Query::OP_PHRASE, words.begin(), words.end(), 2);
        parts.emplace_back(Xapian::Query::OP_OR, either.begin(), either.end());
    }
}

bool QueryParser::add_other_names(const std::vector<analysis::Token>& tokens,
                                  std::vector<bool>& consumed, std::vector<Xapian::Query>& parts) {
    // Names of one thing (analysis/aliases.h): the words as typed, or the thing named by any of
    // its names, which the indexer marks with one term (schema::named).
    bool named = false;
    for (std::size_t i = 0; i < tokens.size();) {
        const analysis::AliasMatch m = analysis::alias_at(tokens, i, &consumed);
        if (m.group == nullptr) {
            ++i;
            continue;
        }
        std::vector<Xapian::Query> typed, weight_only;
        for (std::size_t k = m.first; k <= m.last; ++k) {
            const auto& t = tokens[k];
            if ((t.role == analysis::TokenRole::plain || t.role == analysis::TokenRole::part) &&
                !t.stopword) {
                m_result.words.push_back(t.term);
                Xapian::Query weight;
                typed.push_back(word_query(t, nullptr, &weight));
                if (!weight.empty())
                    weight_only.push_back(weight);
            }
        }
        // Any name weighs as half a word: the wording typed stays first.
        const Xapian::Query any_name(with_prefix(schema::named, m.group->id));
        const std::vector<Xapian::Query> either{
            all_of(typed, weight_only),
            Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, any_name, 0.5)};
        // Highlight the other one-word names ("UNODC" for "ONUDC"), not every "de" of a long one.
        for (std::size_t n = 0; n < m.group->names.size(); ++n) {
            if (n != m.name && m.group->names[n].size() == 1)
                position_query(m.group->names[n].front());
        }
        // The name's words, and the joined forms and aliases at its last word's position.
        std::size_t k = m.first;
        for (; k < tokens.size() && (k <= m.last || tokens[k].position == tokens[m.last].position);
             ++k)
            consumed[k] = true;
        parts.emplace_back(Xapian::Query::OP_OR, either.begin(), either.end());
        named = true;
        i = k;
    }
    return named;
}

} // namespace ctoc::search
