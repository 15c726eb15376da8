// The page around every HTML page's main part, and the lists the pages share: results with
// their count and pager, documents.
#include "page_parts.h"

#include <ctoc/corpus/defaults.h>

#include <algorithm>

namespace ctoc::serve::detail {

namespace {

std::string hit_item(const search::Hit& hit, const std::string& q) {
    std::string out = "<li class=\"hit\" value=\"" + std::to_string(hit.rank) +
                      "\">\n<h3><a href=\"" + escape_html(doc_href(hit.meta, hit.docid, q)) +
                      "\">" + doc_name_html(hit.meta) + "</a></h3>\n";
    if (const std::string facts = facts_line(hit.meta); !facts.empty())
        out += "<p class=\"facts\">" + facts + "</p>\n";
    if (!hit.snippet.empty())
        out += "<p class=\"snippet\">" + marked_html(hit.snippet) + "</p>\n";
    return out + "</li>\n";
}

} // namespace

std::string hidden(const Params& params) {
    std::string out;
    for (const auto& [name, value] : params) {
        if (!value.empty())
            out += "<input type=\"hidden\" name=\"" + escape_html(name) + "\" value=\"" +
                   escape_html(value) + "\">";
    }
    return out;
}

/// The whole page around main: head, the search box (with the filters kept as hidden fields).
std::string page(const std::string& title, const std::string& q, const Params& kept,
                 const std::string& main, bool home) {
    std::string out;
    out.reserve(main.size() + 2048);
    out += "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>";
    out += escape_html(title);
    out += " — ctocsearch</title>\n<link rel=\"stylesheet\" href=\"/static/style.css\">\n"
           "<link rel=\"icon\" href=\"data:,\">\n</head>\n<body";
    out += home ? " class=\"home\">\n" : ">\n";
    out += "<header class=\"top\">\n<a class=\"brand\" href=\"/\">ctoc<b>search</b></a>\n"
           "<form class=\"searchbox\" action=\"/search\" method=\"get\" role=\"search\">\n"
           "<input type=\"search\" name=\"q\" id=\"q\" value=\"";
    out += escape_html(q);
    out += "\" aria-label=\"Recherche\" placeholder=\"traite des personnes, CTOC/COP/2014/1, "
           "résolution 5/3…\" "
           "maxlength=\"1000\"";
    out += home ? " autofocus>" : ">";
    out += hidden(kept);
    out += "<button type=\"submit\">Rechercher</button>\n</form>\n</header>\n";
    out += main;
    out += "<footer>ctocsearch ";
    out += escape_html(corpus::version());
    out += " · documents de la Conférence des Parties à la Convention contre la criminalité "
           "transnationale "
           "organisée · <a href=\"/#aide\">syntaxe des requêtes</a></footer>\n</body>\n</html>\n";
    return out;
}

const char* const syntax_help = R"(<section id="aide" class="help">
<h2>Syntaxe des requêtes</h2>
<p>Accents et élisions facultatifs : <i>resolution</i> trouve « résolution », <i>application</i> trouve « l'application » ;
un mot tapé avec ses accents ne trouve que cette graphie.</p>
<table>
<tr><td><code>traite personnes</code></td><td>tous les mots (ET)</td></tr>
<tr><td><code>"traite des personnes"</code></td><td>l'expression exacte</td></tr>
<tr><td><code>migrants -armes</code></td><td>sans le mot « armes » ; aussi <code>AND OR NOT ( ) NEAR NEAR/5</code></td></tr>
<tr><td><code>migra*</code></td><td>les mots qui commencent par « migra »</td></tr>
<tr><td><code>CTOC/COP/2014/1</code></td><td>une cote : le document qui la porte, puis ceux qui la citent</td></tr>
<tr><td><code>résolution 5/3</code>, <code>décision 4/4</code></td><td>les documents qui citent cette résolution ou décision</td></tr>
<tr><td><code>symbol:CTOC/COP/WG.7/*</code></td><td>une cote exacte ou toute une famille ; <code>cites:A/RES/55/25</code> les documents qui la citent</td></tr>
<tr><td><code>wg:7</code>, <code>wg:migrants</code></td><td>un groupe de travail</td></tr>
<tr><td><code>type:rapport</code>, <code>session:9</code>, <code>original:anglais</code></td><td>type, session, langue originale</td></tr>
<tr><td><code>date:2015-01-01..2019-12-31</code>, <code>date:..2016</code>, <code>year:2019</code></td><td>une période</td></tr>
<tr><td><code>année:2019</code>, <code>groupe:7</code>, <code>cote:</code>, <code>cite:</code>, <code>langue:</code></td><td>les mêmes champs, en français (accents facultatifs)</td></tr>
</table>
</section>
)";

std::string error_page(int status, const std::string& message, const std::string& q) {
    const char* title = status == 400   ? "Requête invalide"
                        : status == 404 ? "Introuvable"
                        : status == 405 ? "Méthode refusée"
                        : status == 503 ? "Index indisponible"
                                        : "Erreur";
    return page(title, q, {},
                "<main class=\"single\">\n<h1>" + std::string(title) +
                    "</h1>\n<p class=\"error\" role=\"alert\">" + escape_html(message) +
                    "</p>\n<p><a href=\"/\">Accueil</a> · <a href=\"/#aide\">syntaxe des "
                    "requêtes</a></p>\n</main>\n");
}

std::string count_line(const search::SearchResult& result, std::size_t first, std::size_t last) {
    std::string out = "<p class=\"count\">";
    if (result.lower == result.upper)
        out += plural(result.estimated, "document trouvé", "documents trouvés");
    else
        out += "Environ " + plural(result.estimated, "document", "documents") + " (entre " +
               std::to_string(result.lower) + " et " + std::to_string(result.upper) + ")";
    if (!result.hits.empty())
        out += " ; résultats " + std::to_string(first) + " à " + std::to_string(last);
    return out + ".</p>\n";
}

std::string hit_list(const search::SearchResult& result, const std::string& q) {
    std::string out = "<ol class=\"hits\">\n";
    for (const auto& hit : result.hits)
        out += hit_item(hit, q);
    return out + "</ol>\n";
}

/// « Précédente · Page 2 sur 5 · Suivante » with links that keep every other parameter.
std::string pager(const std::string& path, Params params, std::size_t page, std::size_t per_page,
                  std::size_t total, std::size_t max_page) {
    const std::size_t pages = std::min<std::size_t>(max_page, (total + per_page - 1) / per_page);
    if (pages <= 1)
        return {};
    const auto link = [&](std::size_t to) {
        Params p = params;
        p.emplace_back("page", to > 1 ? std::to_string(to) : std::string());
        return escape_html(path + query_string(p));
    };
    std::string out = "<nav class=\"pager\" aria-label=\"Pages\">";
    if (page > 1)
        out += "<a rel=\"prev\" href=\"" + link(page - 1) + "\">« Précédente</a>";
    out += "<span>Page " + std::to_string(page) + " sur " + std::to_string(pages) + "</span>";
    if (page < pages)
        out += "<a rel=\"next\" href=\"" + link(page + 1) + "\">Suivante »</a>";
    return out + "</nav>\n";
}

std::string doc_list(const std::vector<std::pair<Xapian::docid, corpus::json::Object>>& docs) {
    std::string out = "<ul class=\"docs\">\n";
    for (const auto& [docid, meta] : docs) {
        out += "<li><a href=\"" + escape_html(doc_href(meta, docid, "")) + "\">" +
               doc_name_html(meta) + "</a>";
        if (const std::string facts = facts_line(meta); !facts.empty())
            out += "<br><span class=\"facts\">" + facts + "</span>";
        out += "</li>\n";
    }
    return out + "</ul>\n";
}

} // namespace ctoc::serve::detail
