// Shared by the query and relevance benchmarks: query files, percentiles, and the peer
// search the way omega's `quest` does it (Xapian::QueryParser on omindex's database).
#pragma once

#include <xapian.h>

#include <string>
#include <vector>

namespace ctoc::bench {

/// One line of a query file: kind<TAB>query[<TAB>omega query[<TAB>more...]].
struct QueryLine {
    std::string kind;
    std::string query;      ///< as typed to ctoc-search
    std::string peer_query; ///< the closest query omega can run; the same text when not given
    std::vector<std::string> extra; ///< further columns (relevance rules, judged documents)
};

/// Reads a query file; '#' lines and blank lines are skipped. Throws with path:line on bad lines.
std::vector<QueryLine> read_query_file(const std::string& path);

/// The p-th percentile (0..100) of samples, nearest rank.
double percentile(std::vector<double> samples, double p);

/// Searches omindex's database as `quest -s french -o and` does, in-process.
class PeerSearcher {
public:
    /// Opens the omindex database.
    explicit PeerSearcher(const std::string& database);

    /// Runs a query and returns the URLs of the first limit hits (their stored data is read,
    /// as a results page would); facets counts a value slot over all matches, as our facets do.
    /// With snippets, each hit's stored sample (omindex keeps the first few hundred characters
    /// of a text, not the whole) is highlighted by Xapian's MSet::snippet, as omega's pages do.
    std::vector<std::string> search(const std::string& query, unsigned limit, bool facets = false,
                                    bool snippets = false);

    const Xapian::Database& database() const { return m_db; }

private:
    Xapian::Database m_db;
    Xapian::Stem m_stemmer{"french"};
    Xapian::QueryParser m_parser;
};

} // namespace ctoc::bench
