#pragma once

#include <ctoc/corpus/json.h>
#include <ctoc/search/query_parser.h>

#include <xapian.h>

#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace ctoc::search {

/// No database where one was expected.
class MissingDatabase : public std::runtime_error {
    using std::runtime_error::runtime_error;
};

/// Result order.
enum class Sort { relevance, date, date_descending };

/// One search, as the CLI or a script asks for it.
struct SearchRequest {
    std::string query;                 ///< in the query language (may be empty with filters)
    std::vector<std::string> filters;  ///< extra "field:value" clauses, ANDed (CLI options)
    bool any = false;                  ///< OR between words
    Sort sort = Sort::relevance;
    std::size_t offset = 0;
    std::size_t limit = 10;
    bool facets = false;               ///< count working groups, years and types of all matches
    bool collapse_family = false;      ///< one result per document family
    bool snippets = true;
};

/// One result.
struct Hit {
    std::size_t rank = 0;    ///< 1-based, over the whole result list
    Xapian::docid docid = 0;
    double score = 0;
    int percent = 0;
    corpus::json::Object meta; ///< stored facts of the document
    std::string snippet;       ///< passage with matches between "\x01" and "\x02"
};

/// The answer to a search.
struct SearchResult {
    std::vector<Hit> hits;
    Xapian::doccount estimated = 0;
    Xapian::doccount lower = 0;
    Xapian::doccount upper = 0;
    std::map<std::string, std::vector<std::pair<std::string, Xapian::doccount>>> facets;
    std::string suggestion; ///< "did you mean" query, "" when nothing better is known
    std::string explanation; ///< the parsed query (Xapian's description)
};

/// Searches a ctocsearch database.
class Searcher {
public:
    /// Opens the database; throws MissingDatabase with advice when there is none.
    explicit Searcher(const std::string& database);

    /// Runs a search; throws QueryError for a malformed query.
    SearchResult search(const SearchRequest& request);

    /// Parses a query without running it (for --explain).
    std::string explain(const SearchRequest& request);

    /// Stored facts of one document, by docid, unique id, path or own symbol; empty if none.
    corpus::json::Object show(const std::string& id, Xapian::docid* docid = nullptr);

    const Xapian::Database& database() const { return m_db; }

private:
    ParsedQuery parse(const SearchRequest& request);
    SearchResult run(const SearchRequest& request);
    std::string suggest(const ParsedQuery& parsed, const std::string& query);

    std::string m_path;
    Xapian::Database m_db;
};

/// Reads back the prepared text of a stored document from its source (file or JSON line);
/// "" when the source is gone.
std::string load_text(const corpus::json::Object& meta);

/// The best passage of text for a query, matches marked with "\x01" ... "\x02".
std::string make_snippet(const std::string& text, const Highlight& highlight, std::size_t max_chars = 240);

} // namespace ctoc::search
