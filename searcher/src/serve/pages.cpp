// The HTML pages of ctoc-serve: server-rendered, plain links and GET forms (so that every
// state is a shareable URL and the back button works), no script at all, every piece of
// text from the index or the request escaped on its way out.
#include "site_internal.h"

#include <ctoc/analysis/analyzer.h>
#include <ctoc/corpus/defaults.h>
#include <ctoc/corpus/metadata.h>
#include <ctoc/schema.h>

#include <algorithm>
#include <array>
#include <filesystem>

namespace ctoc::serve {

using namespace detail;

namespace {

constexpr std::size_t citing_shown = 50; ///< documents listed under "Cité par" on a document page
constexpr std::size_t similar_shown = 5;

std::string plural(std::size_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

/// A French label for a type slug; unknown slugs as words.
std::string type_label(const std::string& slug) {
    static const std::array<std::pair<std::string_view, std::string_view>, 19> labels = {{
        {"rapport", "Rapport"},
        {"ordre-du-jour-provisoire-annote", "Ordre du jour provisoire annoté"},
        {"ordre-du-jour-provisoire", "Ordre du jour provisoire"},
        {"note-du-secretariat", "Note du Secrétariat"},
        {"note-du-secretaire-general", "Note du Secrétaire général"},
        {"note-de-la-presidence", "Note de la présidence"},
        {"note-information", "Note d'information"},
        {"document-information", "Document d'information"},
        {"document-travail", "Document de travail"},
        {"document-seance", "Document de séance"},
        {"projet-resolution", "Projet de résolution"},
        {"projet-decision", "Projet de décision"},
        {"projet-rapport", "Projet de rapport"},
        {"resolution", "Résolution"},
        {"decision", "Décision"},
        {"liste-participants", "Liste des participants"},
        {"rapport-activite", "Rapport d'activité"},
        {"lettre", "Lettre"},
        {"communication", "Communication"},
    }};
    for (const auto& [key, label] : labels) {
        if (key == slug)
            return std::string(label);
    }
    std::string out = slug;
    std::replace(out.begin(), out.end(), '-', ' ');
    if (!out.empty() && out[0] >= 'a' && out[0] <= 'z')
        out[0] = static_cast<char>(out[0] - 'a' + 'A');
    return out;
}

/// "GT 7" for "WG.7".
std::string wg_short(const std::string& wg) {
    return wg.rfind("WG.", 0) == 0 ? "GT " + wg.substr(3) : wg;
}

/// "GT 7 : trafic illicite de migrants".
std::string wg_label(const std::string& wg) {
    std::string name = corpus::working_group_name(wg);
    for (const std::string_view lead :
         {"Groupe de travail sur les ", "Groupe de travail sur la ", "Groupe de travail sur le ",
          "Groupe de travail sur l'", "Groupe de travail sur "}) {
        if (name.rfind(lead, 0) == 0) {
            name = name.substr(lead.size());
            break;
        }
    }
    return name.empty() ? wg_short(wg) : wg_short(wg) + " : " + name;
}

std::string doc_href(const corpus::json::Object& meta, Xapian::docid docid, const std::string& q) {
    return "/doc/" + url_encode(document_ref(meta, docid)) + query_string({{"q", q}});
}

/// The name of a document: its title, else its file name (and line).
std::string title_of(const corpus::json::Object& meta) {
    std::string title = text_of(meta, schema::key::title);
    if (title.empty()) {
        title = std::filesystem::path(text_of(meta, schema::key::path)).filename().string();
        if (const std::string line = text_of(meta, schema::key::line); !line.empty())
            title += ":" + line;
    }
    return title.empty() ? std::string("(sans titre)") : title;
}

/// Symbol and title as the link text of a document (a document with a symbol but no title
/// is named by its symbol alone).
std::string doc_name_html(const corpus::json::Object& meta) {
    const std::string symbol = text_of(meta, schema::key::symbol);
    const std::string sym = "<span class=\"sym\">" + escape_html(symbol) + "</span>";
    if (!symbol.empty() && text_of(meta, schema::key::title).empty())
        return sym;
    return (symbol.empty() ? std::string() : sym + " ") + "<span class=\"ttl\">" +
           escape_html(title_of(meta)) + "</span>";
}

/// Date, working group, type and session, in one line.
std::string facts_line(const corpus::json::Object& meta) {
    std::vector<std::string> parts;
    if (const std::string date = text_of(meta, schema::key::date); !date.empty())
        parts.push_back("<time datetime=\"" + escape_html(date) + "\">" +
                        escape_html(french_date(date)) + "</time>");
    else if (const std::string year = text_of(meta, schema::key::year); !year.empty())
        parts.push_back(escape_html(year));
    if (const std::string wg = text_of(meta, schema::key::working_group); !wg.empty())
        parts.push_back("<span class=\"wg\">" + escape_html(wg_label(wg)) + "</span>");
    if (const std::string type = text_of(meta, schema::key::type); !type.empty())
        parts.push_back(escape_html(type_label(type)));
    if (const std::string session = text_of(meta, schema::key::session); !session.empty())
        parts.push_back("session " + escape_html(session));
    std::string out;
    for (const auto& p : parts)
        out += (out.empty() ? "" : " · ") + p;
    return out;
}

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
                 const std::string& main, bool home = false) {
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
</table>
</section>
)";

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
               escape_html(label(value)) + "</a> <span class=\"n\">" + std::to_string(count) +
               "</span></li>\n";
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
    out += facet_block("Groupe de travail", "wg", &SearchForm::wg, form, result, "working_group",
                       wg_label);
    out += facet_block("Année", "year", &SearchForm::year, form, result, "year", same);
    out += facet_block("Type", "type", &SearchForm::type, form, result, "type", type_label);
    out += facet_block("Session", "session", &SearchForm::session, form, result, "session",
                       session_label);
    return out + "</aside>\n";
}

/// Every stored fact, labelled in French (unknown fields by their name).
std::string facts_table(const corpus::json::Object& meta, Xapian::docid docid) {
    static const std::array<std::pair<std::string_view, std::string_view>, 25> labels = {{
        {schema::key::symbol, "Cote"},
        {schema::key::title, "Titre"},
        {schema::key::date, "Date"},
        {schema::key::year, "Année"},
        {schema::key::working_group, "Groupe de travail"},
        {schema::key::type, "Type"},
        {schema::key::session, "Session"},
        {schema::key::session_kind, "Nature de la réunion"},
        {schema::key::agenda_item, "Point de l'ordre du jour"},
        {schema::key::body, "Organe"},
        {schema::key::place, "Lieu"},
        {schema::key::meeting_dates, "Dates de la réunion"},
        {schema::key::meeting_start, "Début de la réunion"},
        {schema::key::meeting_end, "Fin de la réunion"},
        {schema::key::distribution, "Distribution"},
        {schema::key::original_language, "Langue originale"},
        {"language", "Langue"},
        {schema::key::cites_symbols, "Cotes citées"},
        {schema::key::cites_resolutions, "Résolutions citées"},
        {schema::key::cites_resolutions_body, "Organe des résolutions citées"},
        {schema::key::cites_decisions, "Décisions citées"},
        {"source", "Source"},
        {schema::key::path, "Fichier source"},
        {schema::key::id, "Clé"},
        {schema::key::given, "Champs fournis"},
    }};
    const auto value_text = [](const corpus::json::Value& value) {
        std::string text;
        if (value.is_array()) {
            for (const auto& e : value)
                text += (text.empty() ? "" : ", ") + corpus::json::to_text(e);
        } else if (value.is_object()) {
            for (const auto& [k, v] : value.items())
                text += (text.empty() ? "" : ", ") + k + " : " + corpus::json::to_text(v);
        } else {
            text = corpus::json::to_text(value);
        }
        return text;
    };
    std::string out = "<dl class=\"facts-table\">\n";
    const auto row = [&](const std::string& label, const std::string& value_html) {
        out += "<dt>" + escape_html(label) + "</dt><dd>" + value_html + "</dd>\n";
    };
    // Known facts in a reading order, then the others as stored.
    for (const auto& [key, label] : labels) {
        const auto it = meta.find(key);
        // The key of a file is its path, already shown.
        if (it == meta.end() || (key == schema::key::id && text_of(meta, schema::key::id) ==
                                                               text_of(meta, schema::key::path)))
            continue;
        std::string text = value_text(it->second);
        if (key == schema::key::date || key == schema::key::meeting_start ||
            key == schema::key::meeting_end)
            text = french_date(text);
        else if (key == schema::key::working_group)
            text = wg_label(text);
        else if (key == schema::key::type)
            text = type_label(text);
        row(std::string(label), escape_html(text));
    }
    for (const auto& field : meta) {
        // (A named pair, not a structured binding: clang 14 cannot capture those.)
        if (std::none_of(labels.begin(), labels.end(),
                         [&](const auto& l) { return l.first == field.first; }))
            row(field.first, escape_html(value_text(field.second)));
    }
    row("Identifiant", escape_html(document_ref(meta, docid)));
    return out + "</dl>\n";
}

/// What the document cites: symbols linked to the document holding them, or marked missing;
/// resolutions and decisions linked to the documents citing them.
std::string cites_list(const std::vector<search::CitedItem>& items) {
    if (items.empty())
        return "<p class=\"none\">Aucune cote, résolution ou décision citée n'a été "
               "reconnue.</p>\n";
    std::string out = "<ul class=\"cites\">\n";
    for (const auto& item : items) {
        out += "<li>";
        const std::string times =
            item.count > 1 ? " <span class=\"n\">" + std::to_string(item.count) + " fois</span>"
                           : "";
        if (item.kind == "symbol") {
            const std::string name = analysis::display_symbol(item.id);
            if (item.present) {
                out += "<a class=\"present\" href=\"" +
                       escape_html(doc_href(item.held, item.docid, "")) + "\">" +
                       escape_html(name) + "</a>" + times + " — " +
                       escape_html(title_of(item.held));
                if (const std::string date = text_of(item.held, schema::key::date); !date.empty())
                    out += ", " + escape_html(french_date(date));
            } else {
                out += "<span class=\"missing-sym\">" + escape_html(name) + "</span>" + times +
                       " <span class=\"missing\">absent de l'index</span> · <a href=\"" +
                       escape_html("/cited-by" + query_string({{"target", name}})) +
                       "\">qui d'autre le cite</a>";
            }
        } else {
            const std::string name =
                (item.kind == "decision" ? "décision " : "résolution ") + item.id;
            out += "<a class=\"citation\" href=\"" +
                   escape_html("/cited-by" + query_string({{"target", name}})) + "\">" +
                   escape_html(name) + "</a>" + times;
        }
        out += "</li>\n";
    }
    return out + "</ul>\n";
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

} // namespace

namespace detail {

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

} // namespace detail

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

Response Site::document_page(const Request& request, const std::string& id) {
    check_params(request, {"q"});
    const std::string q = param(request, "q");
    check_text("q", q, m_options.max_query_bytes);
    auto searcher = m_pool.acquire();
    Xapian::docid docid = 0;
    const corpus::json::Object meta = searcher->show(id, &docid);
    if (meta.empty())
        throw NotFound("aucun document « " + id +
                       " » dans l'index (un identifiant de résultat, une cote ou un chemin)");
    const std::string ref = document_ref(meta, docid);
    const auto cites = searcher->citations_of(ref);
    const auto family = searcher->family(ref);
    search::SearchRequest like_request;
    like_request.limit = similar_shown;
    like_request.snippets = false;
    like_request.time_limit = m_options.time_limit;
    const search::SearchResult similar = searcher->like(ref, like_request);
    search::SearchResult citing;
    const std::string symbol = text_of(meta, schema::key::symbol);
    if (!symbol.empty()) {
        search::SearchRequest by;
        by.limit = citing_shown;
        by.sort = search::Sort::date;
        by.time_limit = m_options.time_limit;
        try {
            citing = searcher->cited_by(symbol, by);
        } catch (const search::QueryError&) {
            // A stored symbol the citation search does not take: nobody can be found citing it.
        }
    }
    // The text as indexed: the page is right when the source has changed or gone.
    std::string text = searcher->stored_text(docid);
    // The page starts at the first line with text, and ends at the last.
    const std::size_t first = text.find_first_not_of(" \t\r\n");
    text.erase(0, first == std::string::npos ? text.size() : first);
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ' || text.back() == '\r' ||
                             text.back() == '\t'))
        text.pop_back();
    bool truncated = false;
    if (text.size() > m_options.max_text_bytes) {
        text = std::string(utf8_prefix(text, m_options.max_text_bytes));
        truncated = true;
    }
    std::size_t marks = 0;
    if (!q.empty() && !text.empty()) {
        search::SearchRequest hl;
        hl.query = q;
        text = search::mark_matches(text, searcher->highlight(hl));
        marks = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\x01'));
    }

    std::string main = "<main class=\"doc\">\n<article>\n<header class=\"doc-head\">\n";
    if (!q.empty())
        main += "<p class=\"back\"><a href=\"" + escape_html("/search" + query_string({{"q", q}})) +
                "\">← Résultats pour « " + escape_html(q) + " »</a></p>\n";
    main += "<h1>" + doc_name_html(meta) + "</h1>\n";
    if (const std::string facts = facts_line(meta); !facts.empty())
        main += "<p class=\"facts\">" + facts + "</p>\n";
    main +=
        "<nav class=\"toc\"><a href=\"#faits\">Informations</a> · <a href=\"#cite\">Cite</a> · <a "
        "href=\"#cite-par\">Cité par</a> · <a href=\"#famille\">Famille</a> · <a "
        "href=\"#semblables\">Semblables</a> · "
        "<a href=\"#texte\">Texte</a></nav>\n</header>\n";
    main += "<div class=\"doc-body\">\n<aside class=\"doc-facts\">\n<section "
            "id=\"faits\">\n<h2>Informations "
            "extraites</h2>\n" +
            facts_table(meta, docid) + "</section>\n</aside>\n<div class=\"doc-main\">\n";
    main +=
        "<section id=\"cite\">\n<h2>Ce document cite</h2>\n" + cites_list(cites) + "</section>\n";
    main += "<section id=\"cite-par\">\n<h2>Cité par</h2>\n";
    if (symbol.empty()) {
        main += "<p class=\"none\">Ce document n'a pas de cote connue : on ne peut pas chercher "
                "qui le cite.</p>\n";
    } else if (citing.hits.empty()) {
        main += "<p class=\"none\">Aucun document de l'index ne cite " + escape_html(symbol) +
                ".</p>\n";
    } else {
        main += "<p class=\"count\">" +
                plural(citing.estimated, "document cite", "documents citent") + " " +
                escape_html(symbol) +
                (citing.estimated > citing.hits.size()
                     ? " (les " + std::to_string(citing.hits.size()) +
                           " premiers par date ; <a href=\"" +
                           escape_html("/cited-by" + query_string({{"target", symbol}})) +
                           "\">tous</a>)"
                     : std::string()) +
                ".</p>\n" + hit_list(citing, "");
    }
    main += "</section>\n<section id=\"famille\">\n<h2>Même famille (additifs, rectificatifs, "
            "révisions)</h2>\n";
    main += family.empty()
                ? "<p class=\"none\">Aucun autre document de la même famille dans l'index.</p>\n"
                : doc_list(family);
    main += "</section>\n<section id=\"semblables\">\n<h2>Documents semblables</h2>\n";
    if (similar.hits.empty()) {
        main += "<p class=\"none\">Aucun document semblable.</p>\n";
    } else {
        std::vector<std::pair<Xapian::docid, corpus::json::Object>> docs;
        for (const auto& hit : similar.hits)
            docs.emplace_back(hit.docid, hit.meta);
        main += doc_list(docs);
    }
    main += "</section>\n<section id=\"texte\">\n<h2>Texte</h2>\n";
    if (text.empty()) {
        main += "<p class=\"none\">Le texte de ce document n'est pas disponible (sa source a "
                "disparu).</p>\n";
    } else {
        if (!q.empty())
            main += "<p class=\"count\">" +
                    plural(marks, "passage correspond", "passages correspondent") + " à « " +
                    escape_html(q) + " ».</p>\n";
        main += "<div class=\"text\">" + marked_html(text) + "</div>\n";
        if (truncated)
            main += "<p class=\"notice\">Texte tronqué aux " +
                    std::to_string(m_options.max_text_bytes / 1000) +
                    " premiers kilo-octets.</p>\n";
    }
    main += "</section>\n</div>\n</div>\n</article>\n</main>\n";
    return html(200,
                page(symbol.empty() ? title_of(meta) : symbol + " " + title_of(meta), q, {}, main));
}

Response Site::cited_by_page(const Request& request) {
    check_params(request, {"target", "sort", "page", "n"});
    for (const auto& [name, value] : request.params)
        check_text(name, value, 200);
    const std::string target = param(request, "target");
    if (target.find_first_not_of(" \t") == std::string::npos)
        throw BadRequest("paramètre « target » manquant : une cote (CTOC/COP/2014/1), une famille "
                         "(CTOC/COP/WG.7/*), "
                         "une résolution (7/1) ou une décision (décision 4/4)");
    search::SearchRequest req;
    const std::string sort = param(request, "sort");
    req.sort = sort.empty() ? search::Sort::date : read_sort(sort);
    const std::string n = param(request, "n");
    req.limit = n.empty() ? m_options.page_size : read_count("n", n, m_options.max_page_size);
    const std::string page_text = param(request, "page");
    const std::size_t page_number =
        page_text.empty() ? 1 : read_count("page", page_text, m_options.max_page);
    req.offset = (page_number - 1) * req.limit;
    req.time_limit = m_options.time_limit;
    search::SearchResult result;
    {
        auto searcher = m_pool.acquire();
        result = cited_by(*searcher, target, req);
    }
    std::string main =
        "<main class=\"single\">\n<h1>Documents qui citent « " + escape_html(target) + " »</h1>\n";
    if (result.hits.empty()) {
        main += "<p class=\"count\">Aucun document de l'index ne le cite.</p>\n";
    } else {
        main += count_line(result, result.hits.front().rank, result.hits.back().rank);
        main += hit_list(result, "");
    }
    main += pager("/cited-by", {{"target", target}, {"sort", sort}, {"n", n}}, page_number,
                  req.limit, result.estimated, m_options.max_page);
    main += "</main>\n";
    return html(200, page("Citent " + target, "", {}, main));
}

} // namespace ctoc::serve
