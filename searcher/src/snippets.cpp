// Snippets (the passage where the query's words meet, from the stored text's pieces), the
// citing sentence of --cited-by, matches marked for --text, and a document's stored text.
#include "searcher_detail.h"

#include <ctoc/analysis/analyzer.h>
#include <ctoc/analysis/stopwords.h>
#include <ctoc/analysis/unicode.h>

#include <algorithm>
#include <set>
#include <string_view>

namespace ctoc::search {

using namespace detail;

namespace {

/// A snippet looks at this many positions of each query term in a document: enough to find
/// the passage where the terms meet, bounded whatever the document's size.
constexpr std::size_t max_positions_per_term = 64;
/// Word positions within this distance make one passage.
constexpr std::uint32_t passage_span = 24;

/// How a token matches: 2 as a form the query names, 1 by its stem or a wildcard, 0 not at all.
int match_strength(const analysis::Token& t, const Highlight& h) {
    if (t.kind == analysis::TokenKind::word ? h.forms.count(t.form()) != 0
                                            : h.terms.count(t.term) != 0)
        return 2;
    if (!t.stem.empty() && h.stems.count(t.stem) != 0)
        return 1;
    return std::any_of(h.prefixes.begin(), h.prefixes.end(),
                       [&](const std::string& p) { return t.term.rfind(p, 0) == 0; })
               ? 1
               : 0;
}

/// The tokens of text a reader sees (no joined forms or aliases), each with how it matches
/// (strength[i] for tokens[i]).
struct Marked {
    std::vector<analysis::Token> tokens;
    std::vector<int> strength;
};

/// Text's Marked tokens; a word matches through its alias too ("neuvième" when the query holds
/// "9e").
Marked marked_tokens(const std::string& text, const Highlight& h) {
    // One analyzer per thread, without stems: a word is stemmed below only when it could have
    // a stem the query names. A French stem begins like its word (the first two bytes: so for
    // every word of 10,000 documents but "es" -> "e"), so most words of a passage never reach
    // Snowball (a fifth of a snippet's cost when every word was stemmed).
    thread_local analysis::Analyzer analyzer(analysis::AnalyzerOptions{.stem = false});
    thread_local analysis::Analyzer stemmer; // its stem cache stays warm between snippets
    std::vector<analysis::Token> tokens;
    tokens.reserve(text.size() / 5); // a French word and its space: 6 bytes on average
    analyzer.analyze(text, tokens);
    if (!h.stems.empty()) {
        std::set<std::string_view> heads;
        for (const auto& s : h.stems)
            heads.insert(std::string_view(s).substr(0, 2));
        for (auto& t : tokens) {
            if (t.kind == analysis::TokenKind::word && analysis::takes_stem(t.term, t.stopword) &&
                std::any_of(heads.begin(), heads.end(),
                            [&](std::string_view head) { return t.term.starts_with(head); }))
                t.stem = stemmer.stem_of(t.form());
        }
    }
    // Kept in place: a snippet's tokens are neither copied nor moved to another vector.
    Marked out;
    out.strength.reserve(tokens.size());
    std::size_t kept = 0;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const analysis::Token& t = tokens[i];
        const int match = match_strength(t, h);
        if (t.role == analysis::TokenRole::alias || t.role == analysis::TokenRole::joined ||
            t.role == analysis::TokenRole::ordinal) {
            if (match > 0 && kept > 0 && tokens[kept - 1].position == t.position)
                out.strength.back() = std::max(out.strength.back(), match);
            continue;
        }
        if (kept != i)
            tokens[kept] = std::move(tokens[i]);
        ++kept;
        out.strength.push_back(match);
    }
    tokens.resize(kept);
    out.tokens = std::move(tokens);
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

std::string make_citing_sentence(const std::string& text, const Highlight& highlight,
                                 std::size_t max_chars) {
    const Marked marked = marked_tokens(text, highlight);
    const auto& tokens = marked.tokens;
    const auto& match = marked.strength;
    std::size_t first = tokens.size();
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const auto& t = tokens[i];
        if ((t.kind == analysis::TokenKind::symbol || t.kind == analysis::TokenKind::citation) &&
            match[i] > 0) {
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
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const auto& t = tokens[i];
        if (t.begin < begin || t.end > end)
            continue;
        const bool mark = match[i] > 0;
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
            out += (static_cast<unsigned char>(c) < ' ' && c != '\n' && c != '\t' && c != '\r') ||
                           c == '\x7f'
                       ? ' '
                       : c;
    };
    std::size_t cursor = 0;
    const Marked marked = marked_tokens(text, highlight);
    const auto& tokens = marked.tokens;
    const auto& match = marked.strength;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const auto& t = tokens[i];
        if (match[i] <= 0 || t.begin < cursor)
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

std::string make_snippet(const std::string& text, const Highlight& highlight,
                         std::size_t max_chars) {
    const Marked marked = marked_tokens(text, highlight);
    const auto& tokens = marked.tokens;
    const auto& match = marked.strength;
    if (tokens.empty())
        return {};

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
               tokens[best_end - 1].end - tokens[best_begin - 1].begin <= max_chars &&
               first_match - best_begin < 6)
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
        const std::string_view word =
            std::string_view(text).substr(tokens[i].begin, tokens[i].end - tokens[i].begin);
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
    while (tail < text.size() && tail - cursor < 2 &&
           std::string_view(".,;:)»").find(text[tail]) != std::string_view::npos)
        ++tail;
    out += text.substr(cursor, tail - cursor);
    if (best_end < tokens.size())
        out += " …";
    return out;
}

std::uint32_t Searcher::best_position(Xapian::docid docid, const Highlight& highlight,
                                      std::uint32_t last_position) {
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
                 p != m_db.positionlist_end(docid, terms[k]) && n < max_positions_per_term;
                 ++p, ++n) {
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

std::string Searcher::snippet_of(Xapian::docid docid, const corpus::json::Object& meta,
                                 const Highlight& highlight, bool citing_sentence) {
    TextReader reader(m_shards.shard_of(docid), key_of(meta));
    if (!reader.open() || reader.pieces() == 0)
        return {};
    // Only the piece where the query's terms meet is read and inflated, and
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
        TextReader reader(m_shards.shard_of(docid),
                          key_of(corpus::json::parse_object(m_db.get_document(docid).get_data())));
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
        out.meta = corpus::json::parse_object(m_db.get_document(out.docid).get_data());
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

} // namespace ctoc::search
