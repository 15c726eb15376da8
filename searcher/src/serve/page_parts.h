// What the HTML pages share (labels.cpp, page_layout.cpp, search_pages.cpp, document_page.cpp):
// French labels, a document's name and facts, the page around a main part, lists of documents.
// The pages are server-rendered, plain links and GET forms (so that every state is a shareable
// URL and the back button works), no script at all, every piece of text from the index or the
// request escaped on its way out.
#pragma once

#include "site_internal.h"

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace ctoc::serve::detail {

/// "1 document", "3 documents".
std::string plural(std::size_t n, const char* one, const char* many);

/// A French label for a type slug; unknown slugs as words.
std::string type_label(const std::string& slug);

/// "GT 7 : trafic illicite de migrants" for "WG.7".
std::string wg_label(const std::string& wg);

/// The link to a document's page, carrying the query q to mark in its text.
std::string doc_href(const corpus::json::Object& meta, Xapian::docid docid, const std::string& q);

/// The name of a document: its title, else its file name (and line).
std::string title_of(const corpus::json::Object& meta);

/// Symbol and title as the link text of a document (a document with a symbol but no title
/// is named by its symbol alone).
std::string doc_name_html(const corpus::json::Object& meta);

/// Date, working group, type and session, in one line.
std::string facts_line(const corpus::json::Object& meta);

/// The parameters as hidden fields of a form (those set).
std::string hidden(const Params& params);

/// The whole page around main: head, the search box (with the filters kept as hidden fields).
std::string page(const std::string& title, const std::string& q, const Params& kept,
                 const std::string& main, bool home = false);

/// The help on the query language shown on the home page.
extern const char* const syntax_help;

/// "12 documents trouvés ; résultats 1 à 10."
std::string count_line(const search::SearchResult& result, std::size_t first, std::size_t last);

/// The hits as a numbered list: name, facts and snippet of each.
std::string hit_list(const search::SearchResult& result, const std::string& q);

/// « Précédente · Page 2 sur 5 · Suivante » with links that keep every other parameter.
std::string pager(const std::string& path, Params params, std::size_t page, std::size_t per_page,
                  std::size_t total, std::size_t max_page);

/// Documents as a list of links with their facts.
std::string doc_list(const std::vector<std::pair<Xapian::docid, corpus::json::Object>>& docs);

} // namespace ctoc::serve::detail
