#include <ctoc/search/searcher.h>

#include <ctoc/analysis/analyzer.h>
#include <ctoc/analysis/stopwords.h>
#include <ctoc/analysis/unicode.h>
#include <ctoc/corpus/stored_text.h>
#include <ctoc/schema.h>

#include <algorithm>
#include <chrono>
#include <thread>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

namespace ctoc::search {

namespace {

constexpr int max_retries = 8;

/// A snippet looks at this many positions of each query term in a document: enough to find
/// the passage where the terms meet, bounded whatever the document's size.
constexpr std::size_t max_positions_per_term = 64;
/// Word positions within this distance make one passage.
constexpr std::uint32_t passage_span = 24;

/// A document's stored text (corpus::TextPieces), read piece by piece from the shard holding it.
class TextReader {
public:
    TextReader(const Xapian::Database& shard, std::string key) : m_shard(shard), m_key(std::move(key)) {}

    /// False when the document has no stored text.
    bool open() {
        if (m_key.empty())
            return false;
        const std::string table = m_shard.get_metadata(corpus::text_table_key(m_key));
        if (table.empty())
            return false;
        m_table = corpus::TextTable::parse(table);
        return true;
    }

    const corpus::TextTable& table() const { return m_table; }
    std::size_t pieces() const { return m_table.first_positions.size(); }

    std::string stored_piece(std::size_t n) const { return m_shard.get_metadata(corpus::text_piece_key(m_key, n)); }
    corpus::TextPiece piece(std::size_t n) const { return corpus::unpack_piece(stored_piece(n)); }

private:
    const Xapian::Database& m_shard;
    std::string m_key;
    corpus::TextTable m_table;
};

std::string key_of(const corpus::json::Object& meta) {
    const auto it = meta.find(schema::key::id);
    return it == meta.end() ? std::string() : corpus::json::to_text(it->second);
}

std::string with_prefix(std::string_view prefix, std::string_view value) {
    std::string t(prefix);
    t += value;
    return t;
}

/// Edit distance, giving up (returning limit + 1) once it must exceed limit.
std::size_t edit_distance(const std::string& a, const std::string& b, std::size_t limit) {
    if (a.size() > b.size() + limit || b.size() > a.size() + limit)
        return limit + 1;
    std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j)
        prev[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        std::size_t row_min = cur[0];
        for (std::size_t j = 1; j <= b.size(); ++j) {
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
            row_min = std::min(row_min, cur[j]);
        }
        if (row_min > limit)
            return limit + 1;
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

/// How a token matches: 2 as a form the query names, 1 by its stem or a wildcard, 0 not at all.
int match_strength(const analysis::Token& t, const Highlight& h) {
    if (t.kind == analysis::TokenKind::word ? h.forms.count(t.form()) != 0 : h.terms.count(t.term) != 0)
        return 2;
    if (!t.stem.empty() && h.stems.count(t.stem) != 0)
        return 1;
    return std::any_of(h.prefixes.begin(), h.prefixes.end(),
                       [&](const std::string& p) { return t.term.rfind(p, 0) == 0; })
               ? 1
               : 0;
}

/// The tokens of text a reader sees (no joined forms or aliases), each with how it matches;
/// a word matches through its alias too ("neuvième" when the query holds "9e").
std::vector<std::pair<analysis::Token, int>> marked_tokens(const std::string& text, const Highlight& h) {
    // One analyzer per thread, whose stem cache stays warm from one snippet to the next.
    thread_local analysis::Analyzer analyzer;
    std::vector<analysis::Token> tokens;
    analyzer.analyze(text, tokens);
    std::vector<std::pair<analysis::Token, int>> out;
    out.reserve(tokens.size());
    for (auto& t : tokens) {
        const int match = match_strength(t, h);
        if (t.role == analysis::TokenRole::alias || t.role == analysis::TokenRole::joined ||
            t.role == analysis::TokenRole::ordinal) {
            if (match > 0 && !out.empty() && out.back().first.position == t.position)
                out.back().second = std::max(out.back().second, match);
            continue;
        }
        out.emplace_back(std::move(t), match);
    }
    return out;
}

/// Appends s with each run of white space made one space. Control characters count as white
/// space: a snippet holds "\x01" and "\x02" only as the match markers it adds, never from the
/// document, so no document can fake a highlight or send a terminal its escapes.
void append_collapsed(std::string& out, std::string_view s) {
    for (const char c : s) {
        if (static_cast<unsigned char>(c) <= ' ' || c == '\x7f') {
            if (!out.empty() && out.back() != ' ')
                out.push_back(' ');
            continue;
        }
        out.push_back(c);
    }
}

} // namespace

std::string make_citing_sentence(const std::string& text, const Highlight& highlight, std::size_t max_chars) {
    const auto marked = marked_tokens(text, highlight);
    std::vector<analysis::Token> tokens;
    tokens.reserve(marked.size());
    for (const auto& [t, match] : marked)
        tokens.push_back(t);
    std::size_t first = tokens.size();
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const auto& t = tokens[i];
        if ((t.kind == analysis::TokenKind::symbol || t.kind == analysis::TokenKind::citation) && marked[i].second > 0) {
            first = i;
            break;
        }
    }
    if (first == tokens.size())
        return {};
    // The sentence: back to the previous full stop or blank line, on to the next one.
    const auto is_end = [&](std::size_t pos) {
        if (text[pos] == '\n')
            return pos + 1 < text.size() && text[pos + 1] == '\n';
        return (text[pos] == '.' || text[pos] == ';') && pos + 1 < text.size() &&
               (text[pos + 1] == ' ' || text[pos + 1] == '\n');
    };
    std::size_t begin = tokens[first].begin;
    while (begin > 0 && !is_end(begin - 1) && tokens[first].begin - begin < max_chars / 2)
        --begin;
    std::size_t end = tokens[first].end;
    while (end < text.size() && !is_end(end) && end - begin < max_chars)
        ++end;
    if (end < text.size() && text[end] != '\n')
        ++end;
    std::string out;
    if (begin > 0 && !is_end(begin - 1))
        out += "… ";
    std::size_t cursor = begin;
    for (const auto& [t, strength] : marked) {
        if (t.begin < begin || t.end > end)
            continue;
        const bool mark = strength > 0;
        append_collapsed(out, std::string_view(text).substr(cursor, t.begin - cursor));
        const std::string_view word = std::string_view(text).substr(t.begin, t.end - t.begin);
        if (mark)
            out += '\x01';
        append_collapsed(out, word);
        if (mark)
            out += '\x02';
        cursor = t.end;
    }
    append_collapsed(out, std::string_view(text).substr(cursor, end - cursor));
    while (!out.empty() && out.back() == ' ')
        out.pop_back();
    const std::size_t lead = out.find_first_not_of(' ');
    return lead == std::string::npos ? std::string() : out.substr(lead);
}

std::string mark_matches(const std::string& text, const Highlight& highlight) {
    std::string out;
    out.reserve(text.size() + text.size() / 16);
    // White space as it is, other control characters as spaces: the marks are ours alone.
    const auto append = [&](std::size_t from, std::size_t count) {
        for (const char c : std::string_view(text).substr(from, count))
            out += (static_cast<unsigned char>(c) < ' ' && c != '\n' && c != '\t' && c != '\r') || c == '\x7f' ? ' ' : c;
    };
    std::size_t cursor = 0;
    for (const auto& [t, strength] : marked_tokens(text, highlight)) {
        if (strength <= 0 || t.begin < cursor)
            continue;
        append(cursor, t.begin - cursor);
        out += '\x01';
        append(t.begin, t.end - t.begin);
        out += '\x02';
        cursor = t.end;
    }
    append(cursor, text.size() - cursor);
    return out;
}

std::string make_snippet(const std::string& text, const Highlight& highlight, std::size_t max_chars) {
    const auto marked = marked_tokens(text, highlight);
    if (marked.empty())
        return {};
    std::vector<analysis::Token> tokens;
    std::vector<int> match;
    tokens.reserve(marked.size());
    for (const auto& [t, m] : marked) {
        tokens.push_back(t);
        match.push_back(m);
    }

    // The window of at most max_chars bytes with the most distinct matched words, the forms
    // the query names counting twice a word matched only by its stem.
    std::size_t best_begin = 0, best_end = 0;
    std::size_t best_score = 0;
    std::map<std::string, std::size_t> counts; // matched form, with its strength first
    const auto key = [&](std::size_t i) { return std::to_string(match[i]) + tokens[i].form(); };
    std::size_t end = 0;
    for (std::size_t begin = 0; begin < tokens.size(); ++begin) {
        while (end < tokens.size() && tokens[end].end - tokens[begin].begin <= max_chars) {
            if (match[end])
                ++counts[key(end)];
            ++end;
        }
        std::size_t score = 0;
        for (const auto& [k, n] : counts)
            score += (k[0] == '2' ? 2000 : 1000) + n;
        if (score > best_score) {
            best_score = score;
            best_begin = begin;
            best_end = end;
        }
        if (match[begin]) {
            auto it = counts.find(key(begin));
            if (it != counts.end() && --it->second == 0)
                counts.erase(it);
        }
    }
    if (best_score == 0) {
        best_begin = 0;
        best_end = 0;
        while (best_end < tokens.size() && tokens[best_end].end - tokens[0].begin <= max_chars)
            ++best_end;
    } else if (best_begin > 0) {
        // Start a little before the first match, when the window has room.
        std::size_t first_match = best_begin;
        while (first_match < best_end && !match[first_match])
            ++first_match;
        best_begin = first_match;
        while (best_begin > 0 && best_end > 0 &&
               tokens[best_end - 1].end - tokens[best_begin - 1].begin <= max_chars && first_match - best_begin < 6)
            --best_begin;
    }
    if (best_end == 0)
        best_end = 1;
    std::string out;
    if (best_begin > 0)
        out += "… ";
    std::size_t cursor = tokens[best_begin].begin;
    for (std::size_t i = best_begin; i < best_end; ++i) {
        if (i > best_begin)
            append_collapsed(out, std::string_view(text).substr(cursor, tokens[i].begin - cursor));
        const std::string_view word = std::string_view(text).substr(tokens[i].begin, tokens[i].end - tokens[i].begin);
        if (match[i]) {
            out += '\x01';
            append_collapsed(out, word);
            out += '\x02';
        } else {
            append_collapsed(out, word);
        }
        cursor = tokens[i].end;
    }
    // Keep the punctuation that closes the last word (".", ")").
    std::size_t tail = cursor;
    while (tail < text.size() && tail - cursor < 2 && std::string_view(".,;:)»").find(text[tail]) != std::string_view::npos)
        ++tail;
    out += text.substr(cursor, tail - cursor);
    if (best_end < tokens.size())
        out += " …";
    return out;
}

Searcher::Searcher(const std::string& database) : Searcher(std::vector<std::string>{database}, OpenOptions{}) {}

Searcher::Searcher(std::vector<std::string> locations, OpenOptions options)
    : m_shards(std::move(locations), options), m_db(m_shards.database()) {}

ParsedQuery Searcher::parse(const SearchRequest& request) {
    QueryParserOptions options;
    options.any = request.any;
    VariantSource variants;
    variants.lines = [this](const std::string& key) { return m_shards.metadata_lines(key); };
    variants.keys = [this](const std::string& prefix, std::size_t limit) { return m_shards.metadata_keys(prefix, limit); };
    QueryParser parser(m_db, options, variants);
    ParsedQuery parsed = parser.parse(request.query, request.fields, request.filters);
    if (parsed.has_text) {
        // The same query with the words' own forms only, which a search ranks first.
        options.forms_only = true;
        Xapian::Query first = QueryParser(m_db, options, variants).parse(request.query, request.fields, request.filters).query;
        if (first.get_description() != parsed.query.get_description())
            parsed.first = std::move(first);
    }
    return parsed;
}

std::string Searcher::explain(const SearchRequest& request) {
    const ParsedQuery parsed = parse(request);
    std::string out;
    for (const auto& note : parsed.notes)
        out += note + "\n";
    return out + parsed.ranked().get_description();
}

Highlight Searcher::highlight(const SearchRequest& request) {
    return retrying([&] { return parse(request).highlight; });
}

bool Searcher::refresh() {
    if (m_shards.stale()) {
        m_shards.reopen();
        m_db = m_shards.database();
        return true;
    }
    return m_db.reopen();
}

std::string Searcher::suggest(const ParsedQuery& parsed, const std::string& query) {
    std::map<std::string, std::string> replacements;
    analysis::Analyzer analyzer;
    // A word is known when the index holds it as typed, written with accents, or by its stem.
    const auto known = [&](const std::string& word) {
        if (m_db.get_termfreq(word) != 0 ||
            !m_shards.metadata_lines(std::string(schema::meta_accent_variants) + word).empty())
            return true;
        const std::string& stem = analyzer.stem_of(word);
        return !stem.empty() && m_db.get_termfreq(with_prefix(schema::stem, stem)) != 0;
    };
    // Index forms beginning with the word's first letter, written with or without an accent.
    static const std::map<char, std::vector<std::string>> accented_initials{
        {'a', {"\xC3\xA0", "\xC3\xA2"}}, {'c', {"\xC3\xA7"}},
        {'e', {"\xC3\xA9", "\xC3\xA8", "\xC3\xAA"}}, {'i', {"\xC3\xAE"}},
        {'o', {"\xC3\xB4", "\xC5\x93"}}, {'u', {"\xC3\xBB"}}};
    for (const auto& word : parsed.words) {
        if (word.size() < 3 || word.find_first_of("0123456789/") != std::string::npos || known(word))
            continue;
        const std::size_t limit = word.size() <= 4 ? 1 : 2;
        std::string best;
        Xapian::doccount best_freq = 0;
        std::size_t best_distance = limit + 1;
        std::vector<std::string> prefixes{word.substr(0, 1)};
        if (const auto it = accented_initials.find(word[0]); it != accented_initials.end())
            prefixes.insert(prefixes.end(), it->second.begin(), it->second.end());
        for (const auto& prefix : prefixes) {
            for (auto t = m_db.allterms_begin(prefix); t != m_db.allterms_end(prefix); ++t) {
                const std::string candidate = analysis::fold(*t);
                const std::size_t d = edit_distance(word, candidate, limit);
                if (d > limit)
                    continue;
                const Xapian::doccount freq = t.get_termfreq();
                if (d < best_distance || (d == best_distance && freq > best_freq)) {
                    best = candidate;
                    best_freq = freq;
                    best_distance = d;
                }
            }
        }
        if (!best.empty())
            replacements[word] = best;
    }
    if (replacements.empty())
        return {};
    std::string out;
    std::istringstream words(query);
    std::string chunk;
    while (words >> chunk) {
        if (!out.empty())
            out += ' ';
        const auto it = replacements.find(analysis::fold(chunk));
        out += it == replacements.end() ? chunk : it->second;
    }
    return out;
}

SearchResult Searcher::run(const SearchRequest& request) {
    const ParsedQuery parsed = parse(request);
    SearchResult result = execute(parsed.query, parsed.highlight, request, parsed.boosts, parsed.first);
    std::string suggestion;
    if (parsed.has_text)
        suggestion = suggest(parsed, request.query);
    if (result.estimated == 0 && request.relax && !request.any && parsed.words.size() >= 2) {
        // No document has every word: rank those having some, and say so.
        SearchRequest any = request;
        any.any = true;
        const ParsedQuery relaxed = parse(any);
        SearchResult some = execute(relaxed.query, relaxed.highlight, any, relaxed.boosts, relaxed.first);
        if (some.estimated > 0) {
            some.relaxed = true;
            result = std::move(some);
        }
    }
    if (result.estimated == 0 && suggestion.empty() && !parsed.symbol_suggestions.empty()) {
        // Symbols are found whatever their case: look for them in an ASCII-lower-cased copy.
        const auto lower = [](std::string s) {
            std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) {
                return static_cast<char>(c < 0x80 ? std::tolower(c) : c);
            });
            return s;
        };
        suggestion = request.query;
        for (const auto& [typed, base] : parsed.symbol_suggestions) {
            if (const auto at = lower(suggestion).find(lower(typed)); at != std::string::npos)
                suggestion.replace(at, typed.size(), base);
        }
        if (suggestion == request.query)
            suggestion.clear();
    }
    result.suggestion = std::move(suggestion);
    return result;
}

namespace {

/// How many of the best matches the second pass ranks again (at least those asked for): on the
/// relevance bench, asking for 10 results, 20 ranks known items and homographs as well as 40 or
/// 200, and each costs the positional checks of the boosts.
constexpr Xapian::doccount rerank_depth = 20;

/// Up to this many matches a count is exact (the matcher reads them all); beyond, Xapian's
/// estimate with its bounds, said as such. A researcher reading "7 documents match" must be
/// able to trust it; a few hundred is where an exact number stops mattering and reading every
/// match would cost more than the search.
constexpr Xapian::doccount exact_count_threshold = 200;

/// BM25 as Lucene and SQLite FTS5 set it (k1 1.2, b 0.75) rather than Xapian's defaults (1, 0.5):
/// with a low floor on document length (0.01 of the average, not 0.5), a short record holding
/// the words is not drowned by a long report mentioning them in passing. Chosen on the peer
/// relevance bench (bench/relevance): known-item MRR@10 0.950 -> 0.962 at 1,468 documents, 0.969
/// -> 0.975 at 10,000 (where generated reports make the average length 60 times a short record).
Xapian::BM25Weight ranking_weight() { return Xapian::BM25Weight(1.2, 0, 1, 0.75, 0.01); }

/// The unique-id (Q) term of each document of an MSet, from its value slot (a termlist would
/// cost a whole compressed list a document), fetched in one exchange per remote shard.
std::vector<std::string> unique_terms(const Xapian::MSet& mset) {
    std::vector<std::string> out;
    out.reserve(mset.size());
    mset.fetch(mset.begin(), mset.end());
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        std::string unique = it.get_document().get_value(schema::unique_slot);
        if (!unique.empty())
            out.push_back(std::move(unique));
    }
    return out;
}

} // namespace

SearchResult Searcher::execute(const Xapian::Query& query, const Highlight& highlight, const SearchRequest& request,
                               const std::vector<Xapian::Query>& boosts, const Xapian::Query& first) {
    const auto enquire_for = [&](const Xapian::Query& q) {
        Xapian::Enquire enquire(m_db);
        enquire.set_query(q);
        enquire.set_weighting_scheme(ranking_weight());
        switch (request.sort) {
        case Sort::relevance: break;
        case Sort::date: enquire.set_sort_by_value_then_relevance(schema::sort_date_slot, false); break;
        case Sort::date_descending: enquire.set_sort_by_value_then_relevance(schema::sort_date_slot, true); break;
        }
        if (request.collapse_family)
            enquire.set_collapse_key(schema::family_slot);
        if (request.time_limit > 0)
            enquire.set_time_limit(request.time_limit);
        return enquire;
    };
    SearchResult result;
    result.explanation = query.get_description();
    const auto count = [&](const Xapian::MSet& m) {
        result.estimated = m.get_matches_estimated();
        result.lower = m.get_matches_lower_bound();
        result.upper = m.get_matches_upper_bound();
    };
    // The count, exact up to exact_count_threshold matches: without ranking (BoolWeight reads
    // no document lengths), so that reading them costs their posting lists alone.
    const auto count_unranked = [&](const Xapian::Query& q) {
        Xapian::Enquire counter = enquire_for(q);
        counter.set_weighting_scheme(Xapian::BoolWeight());
        count(counter.get_mset(0, 0, exact_count_threshold));
    };
    Xapian::ValueCountMatchSpy wg_spy(schema::wg_slot), year_spy(schema::year_slot), type_spy(schema::type_slot),
        session_spy(schema::session_slot);
    bool counted = false;
    if (request.facets) {
        // Facets count every match: without ranking (BoolWeight reads no document lengths).
        Xapian::Enquire all = enquire_for(query);
        all.set_weighting_scheme(Xapian::BoolWeight());
        for (auto* spy : {&wg_spy, &year_spy, &type_spy, &session_spy})
            all.add_matchspy(spy);
        count(all.get_mset(0, 0, m_db.get_doccount()));
        counted = true;
    }
    const auto wanted = static_cast<Xapian::doccount>(request.offset + request.limit);
    const auto check = static_cast<Xapian::doccount>(wanted + 1);
    Xapian::MSet mset;
    if (request.sort != Sort::relevance || (boosts.empty() && first.empty())) {
        mset = enquire_for(query).get_mset(static_cast<Xapian::doccount>(request.offset),
                                           static_cast<Xapian::doccount>(request.limit), check);
    } else {
        // Two passes. The first finds the best few dozen matches cheaply: without the boosts'
        // positional checks, and when enough documents hold the words in their own forms,
        // among those only (a document reached through a stem alone ranks below them).
        const Xapian::doccount depth = std::max<Xapian::doccount>(wanted, rerank_depth);
        Xapian::MSet candidates;
        if (!first.empty()) {
            candidates = enquire_for(first).get_mset(0, depth, check);
            if (candidates.get_matches_lower_bound() < wanted)
                candidates = Xapian::MSet();
            else if (!counted)
                count_unranked(query);
        }
        if (candidates.empty()) {
            candidates = enquire_for(query).get_mset(0, depth, check);
            if (!counted && candidates.get_matches_lower_bound() == candidates.get_matches_upper_bound())
                count(candidates);
            else if (!counted)
                count_unranked(query);
        }
        // The second ranks them again with every form and the boosts.
        mset = candidates;
        if (!candidates.empty()) {
            const std::vector<std::string> best = unique_terms(candidates);
            Xapian::Query ranked = query;
            if (!boosts.empty())
                ranked = Xapian::Query(Xapian::Query::OP_AND_MAYBE, query,
                                       boosts.size() == 1 ? boosts.front()
                                                          : Xapian::Query(Xapian::Query::OP_OR, boosts.begin(), boosts.end()));
            mset = enquire_for(Xapian::Query(Xapian::Query::OP_FILTER, ranked,
                                             Xapian::Query(Xapian::Query::OP_OR, best.begin(), best.end())))
                       .get_mset(static_cast<Xapian::doccount>(request.offset), static_cast<Xapian::doccount>(request.limit));
        }
        counted = true;
    }
    if (!counted) {
        if (mset.get_matches_lower_bound() == mset.get_matches_upper_bound())
            count(mset);
        else
            count_unranked(query);
    }
    std::size_t rank = request.offset;
    // Ask for every hit's document at once: one exchange per remote shard, not one per hit.
    // (The iterator form: Xapian 1.4.22's argument-less fetch() crashes past the first page.)
    mset.fetch(mset.begin(), mset.end());
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        Hit hit;
        hit.rank = ++rank;
        hit.docid = *it;
        hit.score = it.get_weight();
        hit.percent = it.get_percent();
        try {
            const auto data = corpus::json::parse(it.get_document().get_data());
            if (data.is_object())
                hit.meta = data.get<corpus::json::Object>();
        } catch (const corpus::json::ParseError&) {
        }
        if (request.snippets)
            hit.snippet = snippet_of(hit.docid, hit.meta, highlight, request.citing_sentence);
        result.hits.push_back(std::move(hit));
    }
    if (request.facets) {
        const auto collect = [&](const char* name, Xapian::ValueCountMatchSpy& spy, bool number = false) {
            auto& out = result.facets[name];
            for (auto v = spy.values_begin(); v != spy.values_end(); ++v) {
                // Session numbers are stored sortable (Xapian::sortable_serialise).
                const std::string value = number ? std::to_string(static_cast<long long>(Xapian::sortable_unserialise(*v)))
                                                 : std::string(*v);
                out.emplace_back(value, v.get_termfreq());
            }
            std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
        };
        collect("working_group", wg_spy);
        collect("year", year_spy);
        collect("type", type_spy);
        collect("session", session_spy, true);
    }
    return result;
}

std::uint32_t Searcher::best_position(Xapian::docid docid, const Highlight& highlight, std::uint32_t last_position) {
    // The query's positional terms: word forms, and symbols, numbers and citations. Stop words
    // ("des", "l'") are everywhere: they would only make the passage harder to find.
    std::vector<std::string> terms;
    for (const auto& form : highlight.forms) {
        if (!analysis::is_stopword(analysis::fold(form)))
            terms.push_back(form);
    }
    terms.insert(terms.end(), highlight.terms.begin(), highlight.terms.end());
    std::vector<std::pair<std::uint32_t, std::size_t>> hits; // position, term
    for (std::size_t k = 0; k < terms.size(); ++k) {
        try {
            std::size_t n = 0;
            for (auto p = m_db.positionlist_begin(docid, terms[k]);
                 p != m_db.positionlist_end(docid, terms[k]) && n < max_positions_per_term; ++p, ++n) {
                // Positions past the body are the title's.
                if (*p <= last_position)
                    hits.emplace_back(*p, k);
            }
        } catch (const Xapian::RangeError&) {
            // The term is not in this document.
        }
    }
    if (hits.empty())
        return 0;
    std::sort(hits.begin(), hits.end());
    // The passage of passage_span positions where the most distinct terms meet; the first such.
    std::vector<std::size_t> count(terms.size(), 0);
    std::size_t distinct = 0, best = 0;
    std::uint32_t best_position = hits.front().first;
    std::size_t begin = 0;
    for (std::size_t end = 0; end < hits.size(); ++end) {
        if (count[hits[end].second]++ == 0)
            ++distinct;
        while (hits[end].first - hits[begin].first >= passage_span) {
            if (--count[hits[begin].second] == 0)
                --distinct;
            ++begin;
        }
        if (distinct > best) {
            best = distinct;
            best_position = hits[begin].first;
        }
    }
    return best_position;
}

std::string Searcher::snippet_of(Xapian::docid docid, const corpus::json::Object& meta, const Highlight& highlight,
                                 bool citing_sentence) {
    TextReader reader(m_shards.shard_of(docid), key_of(meta));
    if (!reader.open() || reader.pieces() == 0)
        return {};
    // Only the piece where the query's terms meet is read, inflated up to the passage, and
    // only the bytes around the passage analysed (with the neighbouring piece's edge when the
    // passage is at an edge): a snippet costs the same in any document.
    const auto& table = reader.table();
    const std::uint32_t position = best_position(docid, highlight, table.last_position);
    const std::size_t n = position == 0 ? 0 : table.piece_of(position);
    const std::string stored = reader.stored_piece(n);
    const auto [from, to] = corpus::unpack_piece(stored, 0).window(position, citing_sentence);
    const corpus::TextPiece piece = corpus::unpack_piece(stored, to);
    constexpr std::size_t edge = 2 * corpus::text_anchor_bytes;
    std::string text;
    bool before = n > 0 || from > 0;
    bool after = n + 1 < reader.pieces() || to < piece.size;
    if (n > 0 && from == 0) {
        // The last bytes of the previous piece, from a word's start.
        const corpus::TextPiece previous = reader.piece(n - 1);
        std::size_t start = 0;
        for (const auto& a : previous.anchors) {
            if (a.offset + edge >= previous.size) {
                start = a.offset;
                break;
            }
        }
        text = previous.text.substr(start);
        before = n > 1 || start > 0;
    }
    text.append(piece.text, from, to - from);
    if (n + 1 < reader.pieces() && to == piece.size) {
        // The first bytes of the next piece, up to a word's start.
        const std::string next_stored = reader.stored_piece(n + 1);
        const corpus::TextPiece head = corpus::unpack_piece(next_stored, 0);
        std::size_t stop = head.size;
        for (const auto& a : head.anchors) {
            if (a.offset >= edge) {
                stop = a.offset;
                break;
            }
        }
        text += corpus::unpack_piece(next_stored, stop).text;
        after = n + 2 < reader.pieces() || stop < head.size;
    }
    // A citing sentence says itself where it starts and ends.
    if (citing_sentence) {
        if (std::string sentence = make_citing_sentence(text, highlight); !sentence.empty())
            return sentence;
    }
    std::string snippet = make_snippet(text, highlight);
    if (snippet.empty())
        return snippet;
    if (before && snippet.rfind("… ", 0) != 0)
        snippet.insert(0, "… ");
    if (after && (snippet.size() < 4 || snippet.compare(snippet.size() - 4, 4, " …") != 0))
        snippet += " …";
    return snippet;
}

std::string Searcher::stored_text(Xapian::docid docid) {
    return retrying([&] {
        const auto data = corpus::json::parse(m_db.get_document(docid).get_data());
        TextReader reader(m_shards.shard_of(docid), data.is_object() ? key_of(data.get<corpus::json::Object>()) : "");
        std::string text;
        if (reader.open()) {
            text.reserve(reader.table().bytes);
            for (std::size_t k = 0; k < reader.pieces(); ++k)
                text += reader.piece(k).text;
        }
        return text;
    });
}

DocumentText Searcher::text(const std::string& id, const std::string& query) {
    return retrying([&] {
        DocumentText out;
        out.docid = resolve(id);
        if (out.docid == 0)
            return out;
        Highlight highlight;
        if (query.find_first_not_of(" \t") != std::string::npos) {
            SearchRequest request;
            request.query = query;
            highlight = parse(request).highlight;
        }
        const auto data = corpus::json::parse(m_db.get_document(out.docid).get_data());
        if (data.is_object())
            out.meta = data.get<corpus::json::Object>();
        TextReader reader(m_shards.shard_of(out.docid), key_of(out.meta));
        if (!reader.open())
            return out;
        out.text.reserve(reader.table().bytes + reader.table().bytes / 32);
        // Piece by piece: the analysis of a 19 MB text whole would hold every token at once.
        for (std::size_t k = 0; k < reader.pieces(); ++k)
            out.text += mark_matches(reader.piece(k).text, highlight);
        return out;
    });
}

template <typename F> auto Searcher::retrying(F&& f) -> decltype(f()) {
    for (int attempt = 0;; ++attempt) {
        // A writer that commits in place (another tool, or an index served remotely) can make
        // a read fail several times in a row: wait a little longer each time.
        if (attempt > 0)
            std::this_thread::sleep_for(std::chrono::milliseconds(std::min(1 << attempt, 50)));
        try {
            return f();
        } catch (const Xapian::DatabaseModifiedError&) {
            // A writer committed twice while we read: reopen at the newest revision and retry.
            if (attempt >= max_retries)
                throw;
            reopen_all();
        } catch (const Xapian::DatabaseOpeningError&) {
            // A generation or shard went away under us: open what the stubs name now.
            if (attempt >= max_retries)
                throw;
            reopen_all();
        } catch (const Xapian::DatabaseError& e) {
            // Xapian reports a block a writer has just reused as corrupt ("Expected block N to
            // be level 1, not 0"): only an error that outlives reopening is damage, as are the
            // plain DatabaseErrors of a table cut short ("EOF reading block").
            const std::string_view type = e.get_type();
            if (type != "DatabaseCorruptError" && type != "DatabaseError")
                throw;
            if (attempt >= max_retries)
                throw DamagedIndex("the index at " + m_shards.describe() + " is damaged (" + e.get_msg() +
                                   "); rebuild it with: ctoc-index --rebuild");
            reopen_all();
        } catch (const Xapian::NetworkError& e) {
            // A remote shard stopped answering during the search: without --allow-partial
            // that is the answer; with it, search again the shards that still answer.
            if (!m_shards.allow_partial() || attempt >= max_retries)
                throw ShardUnavailable("a shard of " + m_shards.describe() + " stopped answering (" +
                                       e.get_msg() + ")" +
                                       (m_shards.allow_partial() ? std::string()
                                                                 : "; pass --allow-partial to search the other shards"));
            m_shards.reopen();
            m_db = m_shards.database();
        }
    }
}

void Searcher::reopen_all() {
    if (m_shards.stale()) {
        m_shards.reopen();
        m_db = m_shards.database();
        return;
    }
    try {
        m_db.reopen();
    } catch (const Xapian::Error&) {
        m_shards.reopen();
        m_db = m_shards.database();
    }
}

SearchResult Searcher::search(const SearchRequest& request) {
    return retrying([&] { return run(request); });
}

Xapian::docid Searcher::resolve(const std::string& id) {
    // The key itself first (a record's own id may well be a number), then the short id shown
    // with results, then the own symbol, then a path as typed.
    std::vector<std::string> candidates{with_prefix(schema::unique_id, id)};
    const bool numeric = !id.empty() && id.size() <= 10 && std::all_of(id.begin(), id.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (numeric) {
        const std::string term = with_prefix(schema::short_id, std::to_string(std::stoull(id)));
        if (m_db.get_termfreq(term) > 1) {
            std::string keys;
            for (auto p = m_db.postlist_begin(term); p != m_db.postlist_end(term); ++p) {
                const auto data = corpus::json::parse(m_db.get_document(*p).get_data());
                if (const auto* key = corpus::json::find(data, schema::key::id))
                    keys += (keys.empty() ? "" : ", ") + corpus::json::to_text(*key);
            }
            throw QueryError("id " + id + " is shared by several documents (" + keys + "); give one of their keys", 0);
        }
        candidates.push_back(term);
    }
    candidates.push_back(with_prefix(schema::symbol, analysis::canonical_symbol(id)));
    std::error_code ec;
    const fs::path abs = fs::absolute(id, ec);
    if (!ec)
        candidates.push_back(with_prefix(schema::unique_id, abs.lexically_normal().string()));
    for (const auto& term : candidates) {
        const auto p = m_db.postlist_begin(term);
        if (p != m_db.postlist_end(term))
            return *p;
    }
    return 0;
}

corpus::json::Object Searcher::show(const std::string& id, Xapian::docid* docid_out) {
    return retrying([&]() -> corpus::json::Object {
        const Xapian::docid docid = resolve(id);
        if (docid == 0)
            return {};
        if (docid_out)
            *docid_out = docid;
        try {
            const auto data = corpus::json::parse(m_db.get_document(docid).get_data());
            return data.is_object() ? data.get<corpus::json::Object>() : corpus::json::Object{};
        } catch (const corpus::json::ParseError&) {
            return {};
        }
    });
}

SearchResult Searcher::cited_by(const std::string& target, SearchRequest request) {
    return retrying([&] {
        // A clause of the query language read alone, ANDed with the query and the filters
        // (--from, --wg...).
        request.filters.push_back(read_citation_target(target).query);
        const ParsedQuery parsed = parse(request);
        request.citing_sentence = true;
        return execute(parsed.query, parsed.highlight, request, parsed.boosts);
    });
}

std::vector<CitedItem> Searcher::citations_of(const std::string& id) {
    return retrying([&] {
        std::vector<CitedItem> out;
        const Xapian::docid docid = resolve(id);
        if (docid == 0)
            return out;
        const Xapian::Document doc = m_db.get_document(docid);
        const auto add = [&](std::string_view prefix, const char* kind) {
            const std::string p(prefix);
            for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
                t.skip_to(p);
                if (t == doc.termlist_end() || (*t).rfind(p, 0) != 0)
                    break;
                CitedItem item;
                item.kind = kind;
                item.id = (*t).substr(p.size());
                item.count = t.get_wdf();
                if (prefix == schema::cites) {
                    const std::string own = with_prefix(schema::symbol, item.id);
                    const auto held = m_db.postlist_begin(own);
                    if (held != m_db.postlist_end(own)) {
                        item.present = true;
                        item.docid = *held;
                        try {
                            const auto data = corpus::json::parse(m_db.get_document(*held).get_data());
                            if (data.is_object())
                                item.held = data.get<corpus::json::Object>();
                        } catch (const corpus::json::ParseError&) {
                        }
                    }
                }
                out.push_back(std::move(item));
            }
        };
        add(schema::cites, "symbol");
        add(schema::resolution, "resolution");
        add(schema::decision, "decision");
        return out;
    });
}

std::vector<MissingItem> Searcher::missing(std::size_t max_citers) {
    return retrying([&] {
        std::vector<MissingItem> out;
        const std::string prefix(schema::cites);
        for (auto t = m_db.allterms_begin(prefix); t != m_db.allterms_end(prefix); ++t) {
            const std::string symbol = (*t).substr(prefix.size());
            if (m_db.get_termfreq(with_prefix(schema::symbol, symbol)) != 0)
                continue;
            MissingItem item;
            item.symbol = symbol;
            item.citing = t.get_termfreq();
            for (auto p = m_db.postlist_begin(*t); p != m_db.postlist_end(*t) && item.cited_by.size() < max_citers; ++p) {
                try {
                    const auto data = corpus::json::parse(m_db.get_document(*p).get_data());
                    const auto* sym = corpus::json::find(data, schema::key::symbol);
                    const auto* path = corpus::json::find(data, schema::key::path);
                    std::string name = sym    ? corpus::json::to_text(*sym)
                                       : path ? fs::path(corpus::json::to_text(*path)).filename().string()
                                              : "";
                    if (const auto* line = corpus::json::find(data, schema::key::line))
                        name += ":" + corpus::json::to_text(*line);
                    item.cited_by.push_back(name);
                } catch (const corpus::json::ParseError&) {
                }
            }
            out.push_back(std::move(item));
        }
        std::stable_sort(out.begin(), out.end(), [](const MissingItem& a, const MissingItem& b) { return a.citing > b.citing; });
        return out;
    });
}

namespace {

/// Terms worth expanding on for --like: words and stems, not ids, filters or stop words.
class ContentTerms : public Xapian::ExpandDecider {
public:
    bool operator()(const std::string& term) const override {
        if (term.empty())
            return false;
        if (term.starts_with(schema::stem))
            return term.size() > schema::stem.size() + 2;
        if (term.starts_with(schema::cites) || term.starts_with(schema::resolution))
            return true;
        return false;
    }
};

} // namespace

SearchResult Searcher::like(const std::string& id, SearchRequest request) {
    return retrying([&] {
        const Xapian::docid docid = resolve(id);
        if (docid == 0)
            throw NoSuchDocument(id);
        // Relevance feedback: the terms that best tell this document apart.
        Xapian::RSet rset;
        rset.add_document(docid);
        Xapian::Enquire enquire(m_db);
        const ContentTerms decider;
        const Xapian::ESet eset = enquire.get_eset(40, rset, &decider);
        std::vector<Xapian::Query> terms;
        Highlight highlight;
        for (auto e = eset.begin(); e != eset.end(); ++e) {
            terms.emplace_back(*e);
            if ((*e).starts_with(schema::stem))
                highlight.stems.insert((*e).substr(schema::stem.size()));
        }
        const Xapian::Document doc = m_db.get_document(docid);
        auto own = doc.termlist_begin();
        own.skip_to(std::string(schema::unique_id));
        const Xapian::Query similar(Xapian::Query::OP_OR, terms.begin(), terms.end());
        Xapian::Query query(Xapian::Query::OP_AND_NOT, similar, Xapian::Query(*own));
        // Query words and filters (--from, --wg...) choose among the similar documents; the
        // ranking stays the likeness, and the snippets show the words typed.
        if (request.query.find_first_not_of(" \t") != std::string::npos || !request.filters.empty() ||
            !request.fields.empty()) {
            const ParsedQuery parsed = parse(request);
            query = Xapian::Query(Xapian::Query::OP_FILTER, query, parsed.query);
            if (parsed.has_text)
                highlight = parsed.highlight;
        }
        return execute(query, highlight, request);
    });
}

std::vector<std::pair<Xapian::docid, corpus::json::Object>> Searcher::family(const std::string& id) {
    return retrying([&] {
        std::vector<std::pair<Xapian::docid, corpus::json::Object>> out;
        const Xapian::docid docid = resolve(id);
        if (docid == 0)
            return out;
        const std::string symbol = m_db.get_document(docid).get_value(schema::symbol_slot);
        if (symbol.empty())
            return out;
        const std::string base = analysis::family_of_symbol(symbol);
        std::vector<std::string> terms{with_prefix(schema::symbol, base)};
        const std::string wild = with_prefix(schema::symbol, base + "/");
        for (auto t = m_db.allterms_begin(wild); t != m_db.allterms_end(wild); ++t) {
            if (analysis::family_of_symbol((*t).substr(schema::symbol.size())) == base)
                terms.push_back(*t);
        }
        for (const auto& term : terms) {
            for (auto p = m_db.postlist_begin(term); p != m_db.postlist_end(term); ++p) {
                if (*p == docid)
                    continue;
                try {
                    const auto data = corpus::json::parse(m_db.get_document(*p).get_data());
                    if (data.is_object())
                        out.emplace_back(*p, data.get<corpus::json::Object>());
                } catch (const corpus::json::ParseError&) {
                }
            }
        }
        return out;
    });
}

} // namespace ctoc::search
