#pragma once

#include <ctoc/serve/html.h>
#include <ctoc/serve/searcher_pool.h>

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace ctoc::serve {

/// One HTTP request, as the site sees it (the server has decoded the path and the query).
struct Request {
    std::string method = "GET";
    std::string path; ///< "/search", "/doc/12"
    Params params;    ///< the query's name=value pairs, in order
};

/// The site's answer.
struct Response {
    int status = 200;
    std::string content_type;
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
};

/// Limits of what one request may ask.
struct SiteOptions {
    std::size_t page_size = 10;      ///< results per page unless n= says otherwise
    std::size_t max_page_size = 100; ///< largest n=
    std::size_t max_page = 1000;     ///< deepest page=
    std::size_t max_query_bytes = 1000;
    std::size_t max_text_bytes = 300'000; ///< of a document's text on its page
    double time_limit = 5;                ///< seconds the matcher may spend on one search
};

/// The web page and JSON API of ctoc-serve, as a function from request to response: the
/// HTTP server (http_server.h) only carries bytes. Read-only: no route writes anything,
/// and no path of a URL ever names a file (the one stylesheet is compiled in).
///   GET /                 home: the search box and the query language
///   GET /search           results, facets, date range, sort, pages (q wg year type session
///                         from to sort page n)
///   GET /doc/ID           a document: its facts, citations both ways, family, similar
///                         documents, its text with the matches of q marked
///   GET /cited-by         documents citing target= (a symbol, family, resolution or decision)
///   GET /api/search, /api/doc/ID, /api/cited-by, /api/like/ID   the same as JSON
class Site {
public:
    explicit Site(SearcherPool& pool, SiteOptions options = {});

    /// Answers one request; never throws (bad input is a 400 naming the parameter).
    Response handle(const Request& request);

private:
    Response route(const Request& request);
    Response home(const Request& request);
    Response search_page(const Request& request);
    Response document_page(const Request& request, const std::string& id);
    Response cited_by_page(const Request& request);
    Response api_search(const Request& request);
    Response api_document(const Request& request, const std::string& id);
    Response api_cited_by(const Request& request);
    Response api_like(const Request& request, const std::string& id);

    SearcherPool& m_pool;
    SiteOptions m_options;
};

/// The id of a document in its page's URL: the id ctoc-search shows (corpus::short_id of its
/// key, the same after any rebuild), which --show accepts; the docid is not used.
std::string document_ref(const corpus::json::Object& meta, Xapian::docid docid);

} // namespace ctoc::serve
