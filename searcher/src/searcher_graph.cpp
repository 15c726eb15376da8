// The citation graph (--cited-by, --cites, --missing), documents like another (--like) and a
// document's family (Add., Corr., Rev.).
#include "searcher_detail.h"

#include <ctoc/analysis/stopwords.h>

#include <algorithm>
#include <filesystem>

namespace fs = std::filesystem;

namespace ctoc::search {

using namespace detail;

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
                            item.held =
                                corpus::json::parse_object(m_db.get_document(*held).get_data());
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
            for (auto p = m_db.postlist_begin(*t);
                 p != m_db.postlist_end(*t) && item.cited_by.size() < max_citers; ++p) {
                try {
                    const auto data = corpus::json::parse(m_db.get_document(*p).get_data());
                    const auto* sym = corpus::json::find(data, schema::key::symbol);
                    const auto* path = corpus::json::find(data, schema::key::path);
                    std::string name =
                        sym    ? corpus::json::to_text(*sym)
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
        std::stable_sort(out.begin(), out.end(), [](const MissingItem& a, const MissingItem& b) {
            return a.citing > b.citing;
        });
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
        if (request.query.find_first_not_of(" \t") != std::string::npos ||
            !request.filters.empty() || !request.fields.empty()) {
            const ParsedQuery parsed = parse(request);
            query = Xapian::Query(Xapian::Query::OP_FILTER, query, parsed.query);
            if (parsed.has_text)
                highlight = parsed.highlight;
        }
        return execute(query, highlight, request);
    });
}

std::vector<std::pair<Xapian::docid, corpus::json::Object>>
Searcher::family(const std::string& id) {
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
                    auto meta = corpus::json::parse_object(m_db.get_document(*p).get_data());
                    if (!meta.empty())
                        out.emplace_back(*p, std::move(meta));
                } catch (const corpus::json::ParseError&) {
                }
            }
        }
        return out;
    });
}

} // namespace ctoc::search
