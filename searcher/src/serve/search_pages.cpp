// The search pages: home, results with their facets and pager, documents citing a target.
#include "page_parts.h"

#include <algorithm>
#include <array>

namespace ctoc::serve {

using namespace detail;

namespace {

Params without_page(const SearchForm& form) {
    SearchForm f = form;
    f.page = 1;
    return f.params();
}

/// One facet: the values with their counts, each a link narrowing the search; the chosen
/// value with a link removing it.
std::string facet_block(const char* title, const char* name, std::string SearchForm::*field,
                        const SearchForm& form, const search::SearchResult& result,
                        const char* facet, std::string (*label)(const std::string&)) {
    std::string out = "<section class=\"facet\" data-facet=\"" + std::string(name) + "\">\n<h2>" +
                      title + "</h2>\n<ul>\n";
    const std::string& chosen = form.*field;
    if (!chosen.empty()) {
        SearchForm without = form;
        without.*field = "";
        without.page = 1;
        out += "<li class=\"chosen\"><a href=\"" +
               escape_html("/search" + query_string(without.params())) +
               "\" title=\"Retirer ce filtre\">" + escape_html(label(chosen)) +
               " <span aria-hidden=\"true\">✕</span></a></li>\n";
        return out + "</ul>\n</section>\n";
    }
    const auto it = result.facets.find(facet);
    std::vector<std::pair<std::string, Xapian::doccount>> values;
    if (it != result.facets.end())
        values = it->second;
    if (std::string_view(name) == "year")
        std::sort(values.begin(), values.end(),
                  [](const auto& a, const auto& b) { return a.first > b.first; });
    if (std::string_view(name) == "session")
        std::sort(values.begin(), values.end(), [](const auto& a, const auto& b) {
            return std::stoul(a.first) > std::stoul(b.first);
        });
    if (values.empty())
        out += "<li class=\"none\">—</li>\n";
    for (const auto& [value, count] : values) {
        SearchForm narrowed = form;
        narrowed.*field = value;
        narrowed.page = 1;
        out += "<li><a href=\"" + escape_html("/search" + query_string(narrowed.params())) + "\">" +
               escape_html(label(value)) + "</a> <span class=\"n\">" +
               (result.facet_stride == 0 ? "" : "≈") + std::to_string(count) + "</span></li>\n";
    }
    return out + "</ul>\n</section>\n";
}

std::string same(const std::string& s) {
    return s;
}
std::string session_label(const std::string& s) {
    return "session " + s;
}

/// The side panel: date range and sort (a form keeping the rest), then the facets.
std::string refine_panel(const SearchForm& form, const search::SearchResult& result) {
    std::string out =
        "<aside class=\"refine\">\n<form class=\"range\" action=\"/search\" method=\"get\">\n";
    out += hidden({{"q", form.q},
                   {"wg", form.wg_param()},
                   {"year", form.year},
                   {"type", form.type},
                   {"session", form.session}});
    if (form.n_given)
        out += hidden({{"n", std::to_string(form.n)}});
    out += "<h2>Période</h2>\n<div class=\"dates\"><label>du <input name=\"from\" id=\"from\" "
           "value=\"" +
           escape_html(form.from) +
           "\" placeholder=\"AAAA-MM-JJ\" size=\"10\" maxlength=\"10\"></label>"
           "<label>au <input name=\"to\" id=\"to\" value=\"" +
           escape_html(form.to) +
           "\" placeholder=\"AAAA-MM-JJ\" size=\"10\" maxlength=\"10\"></label></div>\n"
           "<h2>Tri</h2>\n<select name=\"sort\" id=\"sort\" aria-label=\"Tri\">";
    for (const auto& [value, label] : std::array<std::pair<const char*, const char*>, 3>{
             {{"relevance", "par pertinence"},
              {"-date", "du plus récent au plus ancien"},
              {"date", "du plus ancien au plus récent"}}}) {
        out += std::string("<option value=\"") + value + "\"" +
               (form.sort == value ? " selected" : "") + ">" + label + "</option>";
    }
    out += "</select>\n<button type=\"submit\">Appliquer</button>\n</form>\n";
    if (result.facet_stride != 0)
        out += "<p class=\"estimated\">Comptes estimés sur 1 document sur " +
               std::to_string(result.facet_stride) + " (au moins " + std::to_string(result.lower) +
               " documents trouvés).</p>\n";
    out += facet_block("Groupe de travail", "wg", &SearchForm::wg, form, result, "working_group",
                       wg_label);
    out += facet_block("Année", "year", &SearchForm::year, form, result, "year", same);
    out += facet_block("Type", "type", &SearchForm::type, form, result, "type", type_label);
    out += facet_block("Session", "session", &SearchForm::session, form, result, "session",
                       session_label);
    return out + "</aside>\n";
}

} // namespace

Response Site::home(const Request& request) {
    check_params(request, {});
    std::size_t documents = 0;
    {
        auto searcher = m_pool.acquire();
        documents = searcher->database().get_doccount();
    }
    std::string main =
        "<main class=\"single\">\n<h1>Documents de la CTOC/COP</h1>\n<p class=\"lead\">" +
        plural(documents, "document indexé", "documents indexés") +
        " : rapports, ordres du jour, notes de la Conférence des Parties et de ses groupes de "
        "travail. "
        "Cherchez par mots, par cote, par résolution ou décision citée.</p>\n"
        "<p class=\"examples\">Exemples : ";
    const std::array<const char*, 5> examples = {
        "traite des personnes", "trafic illicite de migrants wg:7", "résolution 5/3",
        "CTOC/COP/WG.7/*", "coopération internationale date:2018.."};
    for (std::size_t i = 0; i < examples.size(); ++i) {
        main += (i ? " · " : "") + std::string("<a href=\"") +
                escape_html("/search" + query_string({{"q", examples[i]}})) + "\">" +
                escape_html(examples[i]) + "</a>";
    }
    main += "</p>\n";
    main += syntax_help;
    main += "</main>\n";
    return html(200, page("Recherche", "", {}, main, true));
}

Response Site::search_page(const Request& request) {
    const SearchForm form = read_search_form(request, m_options, false);
    if (form.empty())
        return html(200, page("Recherche", "", {},
                              "<main class=\"single\">\n<p>Tapez une recherche.</p>\n" +
                                  std::string(syntax_help) + "</main>\n"));
    search::SearchRequest req = form.request();
    req.facets = true;
    req.time_limit = m_options.time_limit;
    search::SearchResult result;
    {
        auto searcher = m_pool.acquire();
        result = searcher->search(req);
    }
    std::string main = "<main class=\"results-layout\">\n<section class=\"results\">\n";
    if (!form.q.empty())
        main +=
            "<h1 class=\"visually-hidden\">Résultats pour « " + escape_html(form.q) + " »</h1>\n";
    else
        main += "<h1 class=\"visually-hidden\">Résultats</h1>\n";
    if (result.relaxed)
        main += "<p class=\"notice\">Aucun document ne contient tous les mots ; voici ceux qui en "
                "contiennent une "
                "partie.</p>\n";
    if (!result.suggestion.empty()) {
        SearchForm suggested = form;
        suggested.q = result.suggestion;
        suggested.page = 1;
        main += "<p class=\"suggestion\">Vouliez-vous dire : <a href=\"" +
                escape_html("/search" + query_string(suggested.params())) + "\">" +
                escape_html(result.suggestion) + "</a> ?</p>\n";
    }
    if (result.hits.empty()) {
        main += result.estimated == 0 ? "<p class=\"count\">Aucun document ne correspond.</p>\n"
                                      : "<p class=\"count\">Pas de résultats sur cette page.</p>\n";
    } else {
        main += count_line(result, result.hits.front().rank, result.hits.back().rank);
        main += hit_list(result, form.q);
    }
    main += pager("/search", without_page(form), form.page, form.n, result.estimated,
                  m_options.max_page);
    main += "</section>\n";
    main += refine_panel(form, result);
    main += "</main>\n";
    const std::string title = form.q.empty() ? std::string("Recherche") : form.q;
    return html(200, page(title, form.q,
                          {{"wg", form.wg_param()},
                           {"year", form.year},
                           {"type", form.type},
                           {"session", form.session},
                           {"from", form.from},
                           {"to", form.to},
                           {"sort", form.sort == "relevance" ? "" : form.sort}},
                          main));
}

Response Site::cited_by_page(const Request& request) {
    const CitedByForm form = read_cited_by_form(request, m_options);
    const std::string& target = form.target;
    search::SearchResult result;
    {
        auto searcher = m_pool.acquire();
        result = cited_by(*searcher, target, form.request);
    }
    std::string main =
        "<main class=\"single\">\n<h1>Documents qui citent « " + escape_html(target) + " »</h1>\n";
    if (result.hits.empty()) {
        main += "<p class=\"count\">Aucun document de l'index ne le cite.</p>\n";
    } else {
        main += count_line(result, result.hits.front().rank, result.hits.back().rank);
        main += hit_list(result, "");
    }
    main += pager("/cited-by", {{"target", target}, {"sort", form.sort}, {"n", form.n}}, form.page,
                  form.request.limit, result.estimated, m_options.max_page);
    main += "</main>\n";
    return html(200, page("Citent " + target, "", {}, main));
}

} // namespace ctoc::serve
