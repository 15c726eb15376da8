// The symbols, resolutions and decisions a document cites, counted from the analyzer's tokens
// (analysis::find_citations): a document's citations are the facts of its body.
#include <ctoc/corpus/document.h>

#include <ctoc/analysis/citations.h>

#include <unordered_map>

namespace ctoc::corpus {

namespace {

/// Counts citations into a list kept in the order first met; the index keeps a document citing
/// 100,000 symbols linear.
class CitationCounter {
public:
    explicit CitationCounter(std::vector<Cited>& list) : m_list(list) { m_list.clear(); }

    void add(const std::string& id, const std::string& body) {
        const auto [it, added] = m_index.try_emplace(id, m_list.size());
        if (added) {
            m_list.push_back({id, body, 1});
            return;
        }
        Cited& c = m_list[it->second];
        ++c.count;
        if (c.body.empty())
            c.body = body;
    }

private:
    std::vector<Cited>& m_list;
    std::unordered_map<std::string, std::size_t> m_index;
};

} // namespace

void count_citations(Document& doc, const std::vector<analysis::Token>& tokens) {
    CitationCounter symbols(doc.cites_symbols), resolutions(doc.cites_resolutions),
        decisions(doc.cites_decisions);
    for (const auto& t : tokens) {
        if (t.kind != analysis::TokenKind::symbol)
            continue;
        std::string symbol = analysis::canonical_symbol(t.term);
        if (symbol != doc.facts.symbol)
            symbols.add(symbol, {});
    }
    // A resolution's own number, in its heading ("Résolution 2203 (2015)"), is not a citation.
    const std::string own_resolution = analysis::own_resolution_number(doc.facts.symbol);
    for (const auto& c : analysis::find_citations(tokens, doc.text)) {
        if (c.kind == analysis::CitationKind::resolution && !own_resolution.empty() &&
            c.number == own_resolution)
            continue;
        (c.kind == analysis::CitationKind::resolution ? resolutions : decisions)
            .add(c.number, c.body);
    }
}

} // namespace ctoc::corpus
