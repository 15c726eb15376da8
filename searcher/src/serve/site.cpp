#include "site_internal.h"

#include <ctoc/analysis/unicode.h>
#include <ctoc/corpus/metadata.h>
#include <ctoc/corpus/record.h>
#include <ctoc/schema.h>
#include <ctoc/search/query_parser.h>

#include <xapian.h>

#include <algorithm>

namespace ctoc::serve {

using namespace detail;

namespace {

constexpr std::size_t max_id_bytes = 300;

bool all_digits(std::string_view s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

/// Untrusted input quoted in a message: valid UTF-8, at most about 60 bytes.
std::string shown(std::string_view text) {
    const std::string_view head = utf8_prefix(text, 60);
    return analysis::repair_utf8(head) + (head.size() < text.size() ? "…" : "");
}

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items)
        out += (out.empty() ? "" : ", ") + item;
    return out;
}

} // namespace

namespace detail {

bool SearchForm::empty() const {
    return q.find_first_not_of(" \t") == std::string::npos && wg.empty() && year.empty() &&
           type.empty() && session.empty() && from.empty() && to.empty();
}

search::SearchRequest SearchForm::request() const {
    search::SearchRequest r;
    r.query = q;
    if (!wg.empty())
        r.fields.push_back({"wg", wg, "wg=" + wg});
    if (!year.empty())
        r.fields.push_back({"year", year, "year=" + year});
    if (!type.empty())
        r.fields.push_back({"type", type, "type=" + type});
    if (!session.empty())
        r.fields.push_back({"session", session, "session=" + session});
    if (!from.empty() || !to.empty())
        r.fields.push_back({"date", from + ".." + to, "from=" + from + " to=" + to});
    r.sort = read_sort(sort);
    r.limit = n;
    r.offset = (page - 1) * n;
    return r;
}

std::string SearchForm::wg_param() const {
    return wg.rfind("WG.", 0) == 0 ? wg.substr(3) : wg;
}

Params SearchForm::params() const {
    Params p{{"q", q},
             {"wg", wg_param()},
             {"year", year},
             {"type", type},
             {"session", session},
             {"from", from},
             {"to", to},
             {"sort", sort == "relevance" ? std::string() : sort}};
    if (n_given)
        p.emplace_back("n", std::to_string(n));
    if (page > 1)
        p.emplace_back("page", std::to_string(page));
    return p;
}

void check_params(const Request& request, std::initializer_list<std::string_view> allowed) {
    for (std::size_t i = 0; i < request.params.size(); ++i) {
        const std::string& name = request.params[i].first;
        if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
            std::string names;
            for (const auto a : allowed)
                names += (names.empty() ? "" : ", ") + std::string(a);
            if (names.empty())
                throw BadRequest("paramètre inconnu « " + shown(name) +
                                 " » : cette page n'en prend aucun");
            throw BadRequest("paramètre inconnu « " + shown(name) + " » (acceptés : " + names +
                             ")");
        }
        for (std::size_t j = 0; j < i; ++j) {
            if (request.params[j].first == name)
                throw BadRequest("paramètre « " + name +
                                 " » donné deux fois : donnez-le une seule fois");
        }
    }
}

std::string param(const Request& request, std::string_view name) {
    for (const auto& [n, v] : request.params) {
        if (n == name)
            return v;
    }
    return {};
}

void check_text(const std::string& name, const std::string& value, std::size_t max_bytes) {
    if (value.size() > max_bytes)
        throw BadRequest("paramètre « " + name + " » trop long (" + std::to_string(value.size()) +
                         " octets ; au plus " + std::to_string(max_bytes) + ")");
    if (analysis::count_invalid_utf8(value) != 0)
        throw BadRequest("paramètre « " + name + " » : texte qui n'est pas en UTF-8");
    if (std::any_of(value.begin(), value.end(),
                    [](char c) { return static_cast<unsigned char>(c) < 0x20 && c != '\t'; }))
        throw BadRequest("paramètre « " + name + " » : caractère de contrôle refusé");
}

std::size_t read_count(const std::string& name, const std::string& value, std::size_t max) {
    if (!all_digits(value) || value.size() > 7 || std::stoul(value) < 1 || std::stoul(value) > max)
        throw BadRequest("paramètre « " + name + " » invalide : « " + shown(value) +
                         " » (un nombre de 1 à " + std::to_string(max) + ")");
    return std::stoul(value);
}

search::Sort read_sort(const std::string& value) {
    if (value == "relevance")
        return search::Sort::relevance;
    if (value == "date")
        return search::Sort::date;
    if (value == "-date")
        return search::Sort::date_descending;
    throw BadRequest("paramètre « sort » invalide : « " + shown(value) +
                     " » (relevance, date ou -date)");
}

SearchForm read_search_form(const Request& request, const SiteOptions& options, bool api) {
    if (api)
        check_params(request, {"q", "wg", "year", "type", "session", "from", "to", "sort", "page",
                               "n", "facets"});
    else
        check_params(request,
                     {"q", "wg", "year", "type", "session", "from", "to", "sort", "page", "n"});
    for (const auto& [name, value] : request.params)
        check_text(name, value, name == "q" ? options.max_query_bytes : 100);
    SearchForm form;
    form.q = param(request, "q");
    form.n = options.page_size;
    if (const std::string wg = param(request, "wg"); !wg.empty()) {
        form.wg = corpus::resolve_working_group(wg);
        if (form.wg.empty())
            throw BadRequest("groupe de travail inconnu « " + wg +
                             " » (connus : " + join(corpus::known_working_groups()) + ")");
    }
    if (const std::string year = param(request, "year"); !year.empty()) {
        if (year.size() != 4 || !all_digits(year))
            throw BadRequest("année invalide « " + year + " » (quatre chiffres, par exemple 2018)");
        form.year = year;
    }
    if (const std::string type = param(request, "type"); !type.empty()) {
        const auto types = corpus::document_type_slugs();
        if (std::find(types.begin(), types.end(), type) == types.end())
            throw BadRequest("type de document inconnu « " + type + " » (connus : " + join(types) +
                             ")");
        form.type = type;
    }
    if (const std::string session = param(request, "session"); !session.empty()) {
        if (!all_digits(session) || session.size() > 3 || std::stoul(session) == 0)
            throw BadRequest("session invalide « " + session + " » (un numéro, par exemple 9)");
        form.session = std::to_string(std::stoul(session));
    }
    for (const char* bound : {"from", "to"}) {
        const std::string value = param(request, bound);
        if (value.empty())
            continue;
        if (search::date_bound(value, false).empty())
            throw BadRequest(std::string("date ") + (bound[0] == 'f' ? "de début" : "de fin") +
                             " invalide : « " + value +
                             " » (AAAA, AAAA-MM ou AAAA-MM-JJ, par exemple 2018-07-20)");
        (bound[0] == 'f' ? form.from : form.to) = value;
    }
    if (!form.from.empty() && !form.to.empty() &&
        search::date_bound(form.from, false) > search::date_bound(form.to, true))
        throw BadRequest("dates inversées : le début (" + form.from + ") est après la fin (" +
                         form.to + ")");
    if (const std::string sort = param(request, "sort"); !sort.empty()) {
        read_sort(sort);
        form.sort = sort;
    }
    if (const std::string n = param(request, "n"); !n.empty()) {
        form.n = read_count("n", n, options.max_page_size);
        form.n_given = true;
    }
    if (const std::string page = param(request, "page"); !page.empty())
        form.page = read_count("page", page, options.max_page);
    if (const std::string facets = param(request, "facets"); !facets.empty()) {
        if (facets != "0" && facets != "1" && facets != "true" && facets != "false" &&
            facets != "exact")
            throw BadRequest("paramètre « facets » invalide : « " + facets + " » (1, 0 ou exact)");
        form.facets = facets == "1" || facets == "true" || facets == "exact";
        form.exact_facets = facets == "exact";
    }
    return form;
}

CitedByForm read_cited_by_form(const Request& request, const SiteOptions& options) {
    check_params(request, {"target", "sort", "page", "n"});
    for (const auto& [name, value] : request.params)
        check_text(name, value, 200);
    CitedByForm form;
    form.target = param(request, "target");
    if (form.target.find_first_not_of(" \t") == std::string::npos)
        throw BadRequest("paramètre « target » manquant : une cote (CTOC/COP/2014/1), une famille "
                         "(CTOC/COP/WG.7/*), une résolution (7/1) ou une décision (décision 4/4)");
    form.sort = param(request, "sort");
    form.request.sort = form.sort.empty() ? search::Sort::date : read_sort(form.sort);
    form.n = param(request, "n");
    form.request.limit =
        form.n.empty() ? options.page_size : read_count("n", form.n, options.max_page_size);
    const std::string page = param(request, "page");
    form.page = page.empty() ? 1 : read_count("page", page, options.max_page);
    form.request.offset = (form.page - 1) * form.request.limit;
    form.request.time_limit = options.time_limit;
    return form;
}

search::SearchResult cited_by(search::Searcher& searcher, const std::string& target,
                              const search::SearchRequest& request) {
    try {
        return searcher.cited_by(target, request);
    } catch (const search::QueryError&) {
        throw BadRequest(
            "cible invalide « " + target +
            " » : donnez une cote (CTOC/COP/2014/1), une famille (CTOC/COP/WG.7/*), une "
            "résolution (7/1, résolution 7/1) ou une décision (décision 4/4)");
    }
}

std::string text_of(const corpus::json::Object& meta, std::string_view key) {
    const auto it = meta.find(key);
    return it == meta.end() ? std::string() : corpus::json::to_text(it->second);
}

Response html(int status, std::string body) {
    return Response{status, "text/html; charset=utf-8", std::move(body), {}};
}

Response json(int status, std::string body) {
    return Response{status, "application/json; charset=utf-8", std::move(body), {}};
}

std::string json_string(std::string_view s) {
    std::string out;
    corpus::json::append_string(out, s);
    return out;
}

} // namespace detail

std::string document_ref(const corpus::json::Object& meta, Xapian::docid) {
    const auto key = meta.find(schema::key::id);
    return std::to_string(
        corpus::short_id(key == meta.end() ? std::string() : corpus::json::to_text(key->second)));
}

Site::Site(SearcherPool& pool, SiteOptions options) : m_pool(pool), m_options(options) {}

Response Site::handle(const Request& request) {
    const bool api = request.path.rfind("/api/", 0) == 0;
    const auto fail = [&](int status, const std::string& message) {
        if (api)
            return json(status, "{\"error\":" + json_string(message) +
                                    ",\"status\":" + std::to_string(status) + "}");
        std::string q;
        for (const auto& [name, value] : request.params) {
            if (name == "q" && value.size() <= m_options.max_query_bytes &&
                analysis::count_invalid_utf8(value) == 0)
                q = value;
        }
        return html(status, error_page(status, message, q));
    };
    try {
        if (request.method != "GET" && request.method != "HEAD") {
            Response r =
                fail(405, "méthode " + shown(request.method) +
                              " refusée : ce serveur est en lecture seule (GET et HEAD seulement)");
            r.headers.emplace_back("Allow", "GET, HEAD");
            return r;
        }
        return route(request);
    } catch (const BadRequest& e) {
        return fail(400, e.what());
    } catch (const search::QueryError& e) {
        return fail(400, std::string("requête invalide : ") + e.what());
    } catch (const NotFound& e) {
        return fail(404, e.what());
    } catch (const search::MissingDatabase& e) {
        return fail(503, std::string("index indisponible : ") + e.what());
    } catch (const Xapian::Error& e) {
        return fail(500, "erreur de l'index : " + e.get_description());
    } catch (const std::exception& e) {
        return fail(500, std::string("erreur interne : ") + e.what());
    }
}

Response Site::route(const Request& request) {
    const std::string& path = request.path;
    const auto id_after = [&](std::string_view prefix) {
        std::string id = path.substr(prefix.size());
        if (id.empty())
            throw NotFound("donnez l'identifiant d'un document : " + std::string(prefix) + "ID");
        check_text("ID", id, max_id_bytes);
        return id;
    };
    if (path == "/")
        return home(request);
    if (path == "/search")
        return search_page(request);
    if (path.rfind("/doc/", 0) == 0)
        return document_page(request, id_after("/doc/"));
    if (path == "/cited-by")
        return cited_by_page(request);
    if (path == "/api/search")
        return api_search(request);
    if (path.rfind("/api/doc/", 0) == 0)
        return api_document(request, id_after("/api/doc/"));
    if (path == "/api/cited-by")
        return api_cited_by(request);
    if (path.rfind("/api/like/", 0) == 0)
        return api_like(request, id_after("/api/like/"));
    if (path == "/static/style.css") {
        check_params(request, {});
        Response r{200, "text/css; charset=utf-8", stylesheet, {}};
        r.headers.emplace_back("Cache-Control", "max-age=3600");
        return r;
    }
    throw NotFound("aucune page à cette adresse (les pages : /, /search, /doc/ID, /cited-by ; "
                   "l'API : /api/...)");
}

} // namespace ctoc::serve
