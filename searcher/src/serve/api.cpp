// The JSON API of ctoc-serve. Each result, document and citation is the very object that
// ctoc-search --format json prints (output.h), inside an envelope saying counts and pages.
#include "site_internal.h"

#include <ctoc/search/output.h>

namespace ctoc::serve {

using namespace detail;

namespace {

std::string number(std::size_t n) {
    return std::to_string(n);
}

std::string boolean(bool b) {
    return b ? "true" : "false";
}

/// {"total":..,"exact":..,"offset":..,"limit":..,"hits":[...]} plus the facets when counted.
std::string result_json(const search::SearchResult& result, const search::SearchRequest& request,
                        const std::string& extra_fields) {
    std::string out = "{" + extra_fields;
    out += search::count_fields(result); // the shape of ctoc-search --count --format json
    out += ",\"offset\":" + number(request.offset);
    out += ",\"limit\":" + number(request.limit);
    out += ",\"relaxed\":" + boolean(result.relaxed);
    out += ",\"suggestion\":" + json_string(result.suggestion);
    out += ",\"hits\":[";
    for (std::size_t i = 0; i < result.hits.size(); ++i)
        out += (i ? "," : "") + search::hit_json(result.hits[i]);
    out += "]";
    if (request.facets)
        out += search::facet_sample_fields(result) + ",\"facets\":" + search::facets_json(result);
    return out + "}\n";
}

} // namespace

Response Site::api_search(const Request& request) {
    const SearchForm form = read_search_form(request, m_options, true);
    if (form.empty())
        throw BadRequest("recherche vide : donnez q (une requête) ou un filtre (wg, year, type, "
                         "session, from, to)");
    search::SearchRequest req = form.request();
    req.facets = form.facets;
    if (form.exact_facets)
        req.facets_exact_up_to = 0;
    req.time_limit = m_options.time_limit;
    search::SearchResult result;
    {
        auto searcher = m_pool.acquire();
        result = searcher->search(req);
    }
    return json(200, result_json(result, req, "\"query\":" + json_string(form.q) + ","));
}

Response Site::api_document(const Request& request, const std::string& id) {
    check_params(request, {});
    auto searcher = m_pool.acquire();
    Xapian::docid docid = 0;
    const corpus::json::Object meta = searcher->show(id, &docid);
    if (meta.empty())
        throw NotFound("aucun document « " + id + " » dans l'index");
    const std::string ref = document_ref(meta, docid);
    std::string out = "{\"document\":" + search::document_json(meta, docid) + ",\"cites\":[";
    const auto cites = searcher->citations_of(ref);
    for (std::size_t i = 0; i < cites.size(); ++i)
        out += (i ? "," : "") + search::citation_json(cites[i]);
    out += "],\"family\":[";
    const auto family = searcher->family(ref);
    for (std::size_t i = 0; i < family.size(); ++i)
        out += (i ? "," : "") + search::document_json(family[i].second, family[i].first);
    return json(200, out + "]}\n");
}

Response Site::api_cited_by(const Request& request) {
    const CitedByForm form = read_cited_by_form(request, m_options);
    search::SearchResult result;
    {
        auto searcher = m_pool.acquire();
        result = cited_by(*searcher, form.target, form.request);
    }
    return json(200,
                result_json(result, form.request, "\"target\":" + json_string(form.target) + ","));
}

Response Site::api_like(const Request& request, const std::string& id) {
    check_params(request, {"n"});
    const std::string n = param(request, "n");
    search::SearchRequest req;
    req.limit = n.empty() ? m_options.page_size : read_count("n", n, m_options.max_page_size);
    req.time_limit = m_options.time_limit;
    search::SearchResult result;
    {
        auto searcher = m_pool.acquire();
        if (searcher->show(id).empty())
            throw NotFound("aucun document « " + id + " » dans l'index");
        result = searcher->like(id, req);
    }
    return json(200, result_json(result, req, "\"like\":" + json_string(id) + ","));
}

} // namespace ctoc::serve
