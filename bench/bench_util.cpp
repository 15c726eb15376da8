#include "bench_util.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace ctoc::bench {

std::vector<QueryLine> read_query_file(const std::string& path) {
    std::ifstream in(path);
    if (!in)
        throw std::runtime_error(path + ": cannot read");
    std::vector<QueryLine> out;
    std::string line;
    std::size_t number = 0;
    while (std::getline(in, line)) {
        ++number;
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        if (line.empty() || line[0] == '#')
            continue;
        std::vector<std::string> cols;
        std::stringstream s(line);
        std::string col;
        while (std::getline(s, col, '\t'))
            cols.push_back(col);
        if (cols.size() < 2 || cols[0].empty() || cols[1].empty())
            throw std::runtime_error(path + ":" + std::to_string(number) +
                                     ": expected kind<TAB>query");
        QueryLine q{cols[0], cols[1], cols.size() > 2 && !cols[2].empty() ? cols[2] : cols[1], {}};
        for (std::size_t i = 3; i < cols.size(); ++i)
            q.extra.push_back(cols[i]);
        out.push_back(std::move(q));
    }
    return out;
}

double percentile(std::vector<double> samples, double p) {
    if (samples.empty())
        return 0;
    std::sort(samples.begin(), samples.end());
    const auto rank =
        static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(samples.size())));
    return samples[std::clamp<std::size_t>(rank, 1, samples.size()) - 1];
}

PeerSearcher::PeerSearcher(const std::string& database) : m_db(database) {
    m_parser.set_database(m_db);
    m_parser.set_stemmer(m_stemmer);
    m_parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    m_parser.set_default_op(Xapian::Query::OP_AND);
}

std::vector<std::string> PeerSearcher::search(const std::string& query, unsigned limit, bool facets,
                                              bool snippets) {
    Xapian::Enquire enquire(m_db);
    enquire.set_query(m_parser.parse_query(query, Xapian::QueryParser::FLAG_DEFAULT));
    // omindex's value slot 2 is the file size: a facet as cheap as ours, counted over all matches.
    Xapian::ValueCountMatchSpy spy(2);
    if (facets)
        enquire.add_matchspy(&spy);
    const Xapian::MSet mset = enquire.get_mset(0, limit, facets ? m_db.get_doccount() : limit + 1);
    std::vector<std::string> urls;
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        const std::string data = it.get_document().get_data();
        const std::size_t at = data.find("url=");
        std::string url = at == std::string::npos ? std::string() : data.substr(at + 4);
        url = url.substr(0, url.find('\n'));
        if (snippets) {
            const std::size_t sample = data.find("sample=");
            if (sample != std::string::npos) {
                const std::string text =
                    data.substr(sample + 7, data.find('\n', sample) - sample - 7);
                url += '\t' + mset.snippet(text, 200, m_stemmer);
            }
        }
        urls.push_back(std::move(url));
    }
    return urls;
}

} // namespace ctoc::bench
