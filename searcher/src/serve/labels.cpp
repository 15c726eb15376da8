// French labels of the pages: types, working groups, a document's name and its facts line.
#include "page_parts.h"

#include <ctoc/corpus/metadata.h>
#include <ctoc/schema.h>

#include <algorithm>
#include <array>
#include <filesystem>

namespace ctoc::serve::detail {

namespace {

/// "GT 7" for "WG.7".
std::string wg_short(const std::string& wg) {
    return wg.rfind("WG.", 0) == 0 ? "GT " + wg.substr(3) : wg;
}

} // namespace

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

} // namespace ctoc::serve::detail
