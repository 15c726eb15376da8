// What the site's page and API code share: validated parameters, responses, errors.
#pragma once

#include <ctoc/corpus/json.h>
#include <ctoc/search/searcher.h>
#include <ctoc/serve/site.h>

#include <initializer_list>
#include <stdexcept>
#include <string>
#include <string_view>

namespace ctoc::serve::detail {

/// Bad input: a 400 with this one message (in French, for the page's readers).
class BadRequest : public std::runtime_error {
    using std::runtime_error::runtime_error;
};

/// No such document or page: a 404 with this message.
class NotFound : public std::runtime_error {
    using std::runtime_error::runtime_error;
};

/// The validated parameters of a search (/search and /api/search).
struct SearchForm {
    std::string q;        ///< in the query language
    std::string wg;       ///< "WG.7"
    std::string year;     ///< "2018"
    std::string type;     ///< a type slug
    std::string session;  ///< "9"
    std::string from, to; ///< date bounds as typed: YYYY, YYYY-MM or YYYY-MM-DD
    std::string sort = "relevance";
    std::size_t page = 1;
    std::size_t n = 10;
    bool n_given = false;
    bool facets = false;       ///< API only: count facets
    bool exact_facets = false; ///< API only: count them over every match, however many

    /// Nothing asked: the home page.
    bool empty() const;
    /// The request for the Searcher (facets and time limit set by the caller).
    search::SearchRequest request() const;
    /// The working group as URLs give it: "7" (shorter than "WG.7", and what one types).
    std::string wg_param() const;
    /// Back to URL parameters (only those set, page last), for links that change one.
    Params params() const;
};

/// The validated parameters of the documents citing a target (/cited-by and /api/cited-by).
struct CitedByForm {
    std::string target;            ///< a symbol, family, resolution or decision
    std::string sort;              ///< as given ("": by date)
    std::string n;                 ///< as given ("": the site's page size)
    std::size_t page = 1;          ///< from 1
    search::SearchRequest request; ///< sort, limit, offset and time limit set
};

/// Refuses parameters other than the allowed ones, and any given twice.
void check_params(const Request& request, std::initializer_list<std::string_view> allowed);

/// The value of a parameter, "" when absent.
std::string param(const Request& request, std::string_view name);

/// Reads and validates a search's parameters; throws BadRequest naming the first bad one.
SearchForm read_search_form(const Request& request, const SiteOptions& options, bool api);

/// Reads and validates a cited-by request's parameters; throws BadRequest naming the first
/// bad one.
CitedByForm read_cited_by_form(const Request& request, const SiteOptions& options);

/// A 1-based page number or count in [1, max]; throws BadRequest.
std::size_t read_count(const std::string& name, const std::string& value, std::size_t max);

/// A sort order: relevance, date or -date; throws BadRequest.
search::Sort read_sort(const std::string& value);

/// Checks a free-text parameter: valid UTF-8, at most max_bytes, no control characters.
void check_text(const std::string& name, const std::string& value, std::size_t max_bytes);

/// The documents citing target; throws BadRequest, in the site's words, when target is
/// neither a symbol nor a resolution or decision.
search::SearchResult cited_by(search::Searcher& searcher, const std::string& target,
                              const search::SearchRequest& request);

/// A stored fact as text, "" when absent.
std::string text_of(const corpus::json::Object& meta, std::string_view key);

Response html(int status, std::string body);
Response json(int status, std::string body);

/// A JSON string literal.
std::string json_string(std::string_view s);

} // namespace ctoc::serve::detail

namespace ctoc::serve::detail {

/// The HTML page of an error, with the search box (holding q) to try again.
std::string error_page(int status, const std::string& message, const std::string& q);

/// The stylesheet, compiled in.
extern const char* const stylesheet;

} // namespace ctoc::serve::detail
