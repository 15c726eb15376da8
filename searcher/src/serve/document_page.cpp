// A document's page: its name and facts, every stored fact, what it cites, who cites it, its
// family, similar documents, and its text as indexed with the query's words marked.
#include "page_parts.h"

#include <ctoc/analysis/analyzer.h>
#include <ctoc/schema.h>

#include <algorithm>
#include <array>

namespace ctoc::serve {

using namespace detail;

namespace {

constexpr std::size_t citing_shown = 50; ///< documents listed under "Cité par" on a document page
constexpr std::size_t similar_shown = 5;

/// The stored facts in a reading order, with their French labels.
const std::array<std::pair<std::string_view, std::string_view>, 25>& fact_labels() {
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
    return labels;
}

/// Every stored fact, labelled in French (unknown fields by their name).
std::string facts_table(const corpus::json::Object& meta, Xapian::docid docid) {
    const auto& labels = fact_labels();
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
        std::string text = corpus::json::to_line(it->second, " : ");
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
            row(field.first, escape_html(corpus::json::to_line(field.second, " : ")));
    }
    row("Identifiant", escape_html(document_ref(meta, docid)));
    return out + "</dl>\n";
}

/// One cited symbol: linked to the document holding it, or marked missing.
std::string cited_symbol(const search::CitedItem& item, const std::string& times) {
    const std::string name = analysis::display_symbol(item.id);
    if (!item.present)
        return "<span class=\"missing-sym\">" + escape_html(name) + "</span>" + times +
               " <span class=\"missing\">absent de l'index</span> · <a href=\"" +
               escape_html("/cited-by" + query_string({{"target", name}})) +
               "\">qui d'autre le cite</a>";
    std::string out = "<a class=\"present\" href=\"" +
                      escape_html(doc_href(item.held, item.docid, "")) + "\">" + escape_html(name) +
                      "</a>" + times + " — " + escape_html(title_of(item.held));
    if (const std::string date = text_of(item.held, schema::key::date); !date.empty())
        out += ", " + escape_html(french_date(date));
    return out;
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
            out += cited_symbol(item, times);
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

/// The documents citing a symbol, by date; none when the citation search does not take it.
search::SearchResult citing_documents(search::Searcher& searcher, const std::string& symbol,
                                      const SiteOptions& options) {
    search::SearchResult citing;
    if (symbol.empty())
        return citing;
    search::SearchRequest by;
    by.limit = citing_shown;
    by.sort = search::Sort::date;
    by.time_limit = options.time_limit;
    try {
        citing = searcher.cited_by(symbol, by);
    } catch (const search::QueryError&) {
        // A stored symbol the citation search does not take: nobody can be found citing it.
    }
    return citing;
}

/// A document's text as shown: the text as indexed (right when the source has changed or
/// gone), from its first line with text to its last, cut at the site's limit, q's matches
/// marked.
struct ShownText {
    std::string text;
    bool truncated = false;
    std::size_t marks = 0; ///< passages matching q
};

ShownText shown_text(search::Searcher& searcher, Xapian::docid docid, const std::string& q,
                     const SiteOptions& options) {
    ShownText shown;
    std::string& text = shown.text;
    text = searcher.stored_text(docid);
    const std::size_t first = text.find_first_not_of(" \t\r\n");
    text.erase(0, first == std::string::npos ? text.size() : first);
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ' || text.back() == '\r' ||
                             text.back() == '\t'))
        text.pop_back();
    if (text.size() > options.max_text_bytes) {
        text = std::string(utf8_prefix(text, options.max_text_bytes));
        shown.truncated = true;
    }
    if (!q.empty() && !text.empty()) {
        search::SearchRequest hl;
        hl.query = q;
        text = search::mark_matches(text, searcher.highlight(hl));
        shown.marks = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\x01'));
    }
    return shown;
}

/// The head of a document's page: back to the results, its name and facts, its contents.
std::string doc_head(const corpus::json::Object& meta, const std::string& q) {
    std::string out = "<header class=\"doc-head\">\n";
    if (!q.empty())
        out += "<p class=\"back\"><a href=\"" + escape_html("/search" + query_string({{"q", q}})) +
               "\">← Résultats pour « " + escape_html(q) + " »</a></p>\n";
    out += "<h1>" + doc_name_html(meta) + "</h1>\n";
    if (const std::string facts = facts_line(meta); !facts.empty())
        out += "<p class=\"facts\">" + facts + "</p>\n";
    out += "<nav class=\"toc\"><a href=\"#faits\">Informations</a> · <a href=\"#cite\">Cite</a> · "
           "<a href=\"#cite-par\">Cité par</a> · <a href=\"#famille\">Famille</a> · <a "
           "href=\"#semblables\">Semblables</a> · "
           "<a href=\"#texte\">Texte</a></nav>\n</header>\n";
    return out;
}

/// "Cité par": the documents citing the document's symbol.
std::string cited_by_section(const std::string& symbol, const search::SearchResult& citing) {
    const std::string head = "<section id=\"cite-par\">\n<h2>Cité par</h2>\n";
    if (symbol.empty())
        return head +
               "<p class=\"none\">Ce document n'a pas de cote connue : on ne peut pas chercher "
               "qui le cite.</p>\n</section>\n";
    if (citing.hits.empty())
        return head + "<p class=\"none\">Aucun document de l'index ne cite " + escape_html(symbol) +
               ".</p>\n</section>\n";
    const std::string all =
        citing.estimated > citing.hits.size()
            ? " (les " + std::to_string(citing.hits.size()) + " premiers par date ; <a href=\"" +
                  escape_html("/cited-by" + query_string({{"target", symbol}})) + "\">tous</a>)"
            : std::string();
    return head + "<p class=\"count\">" +
           plural(citing.estimated, "document cite", "documents citent") + " " +
           escape_html(symbol) + all + ".</p>\n" + hit_list(citing, "") + "</section>\n";
}

/// The family (addenda, corrigenda, revisions) and the similar documents.
std::string
related_sections(const std::vector<std::pair<Xapian::docid, corpus::json::Object>>& family,
                 const search::SearchResult& similar) {
    std::string out = "<section id=\"famille\">\n<h2>Même famille (additifs, rectificatifs, "
                      "révisions)</h2>\n";
    out += family.empty()
               ? "<p class=\"none\">Aucun autre document de la même famille dans l'index.</p>\n"
               : doc_list(family);
    out += "</section>\n<section id=\"semblables\">\n<h2>Documents semblables</h2>\n";
    if (similar.hits.empty()) {
        out += "<p class=\"none\">Aucun document semblable.</p>\n";
    } else {
        std::vector<std::pair<Xapian::docid, corpus::json::Object>> docs;
        for (const auto& hit : similar.hits)
            docs.emplace_back(hit.docid, hit.meta);
        out += doc_list(docs);
    }
    return out + "</section>\n";
}

/// "Texte": the text with q's matches marked, or why there is none.
std::string text_section(const ShownText& shown, const std::string& q, std::size_t max_bytes) {
    std::string out = "<section id=\"texte\">\n<h2>Texte</h2>\n";
    if (shown.text.empty())
        return out + "<p class=\"none\">Le texte de ce document n'est pas disponible (sa source a "
                     "disparu).</p>\n</section>\n";
    if (!q.empty())
        out += "<p class=\"count\">" +
               plural(shown.marks, "passage correspond", "passages correspondent") + " à « " +
               escape_html(q) + " ».</p>\n";
    out += "<div class=\"text\">" + marked_html(shown.text) + "</div>\n";
    if (shown.truncated)
        out += "<p class=\"notice\">Texte tronqué aux " + std::to_string(max_bytes / 1000) +
               " premiers kilo-octets.</p>\n";
    return out + "</section>\n";
}

} // namespace

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
    const std::string symbol = text_of(meta, schema::key::symbol);
    const search::SearchResult citing = citing_documents(*searcher, symbol, m_options);
    const ShownText shown = shown_text(*searcher, docid, q, m_options);

    std::string main = "<main class=\"doc\">\n<article>\n" + doc_head(meta, q);
    main += "<div class=\"doc-body\">\n<aside class=\"doc-facts\">\n<section "
            "id=\"faits\">\n<h2>Informations "
            "extraites</h2>\n" +
            facts_table(meta, docid) + "</section>\n</aside>\n<div class=\"doc-main\">\n";
    main +=
        "<section id=\"cite\">\n<h2>Ce document cite</h2>\n" + cites_list(cites) + "</section>\n";
    main += cited_by_section(symbol, citing);
    main += related_sections(family, similar);
    main += text_section(shown, q, m_options.max_text_bytes);
    main += "</div>\n</div>\n</article>\n</main>\n";
    return html(200,
                page(symbol.empty() ? title_of(meta) : symbol + " " + title_of(meta), q, {}, main));
}

} // namespace ctoc::serve
