#pragma once

#include <ctoc/search/searcher.h>

#include <ostream>
#include <string>

namespace ctoc::search {

/// How results are printed.
enum class Format { text, json, csv };

/// Text output options.
struct TextStyle {
    bool color = false;    ///< bold highlights and dim labels (terminal.h: use_color)
    std::size_t width = 0; ///< columns to wrap lines to, with a hanging indent; 0: no wrapping
};

/// Text made safe inside HTML: & < > escaped, and with quotes, " and ' too (attribute values).
/// The one HTML escaper of the project (ctoc-serve's pages, the JSON snippets, the tests' files).
std::string escape_html(std::string_view text, bool quotes);

/// How many documents match, for a reader: "3 documents match" when the count is exact, else
/// "About 425 documents match (between 400 and 450)", the estimate and its bounds.
std::string matches_phrase(const SearchResult& result);

/// The count as the fields of a JSON object, ctoc-serve's envelope's own:
/// "total":N,"exact":BOOL,"total_lower":L,"total_upper":U (exact: lower == upper == total).
std::string count_fields(const SearchResult& result);

/// Prints the number of matching documents (--count): as text, the number alone when it is
/// exact, else "about N (between L and U)"; as JSON, {count_fields}; as CSV, a header row
/// "total,exact,total_lower,total_upper" and one row.
void print_count(std::ostream& out, const SearchResult& result, Format format);

/// Prints results as text for a terminal: the count (matches_phrase), then rank, symbol or
/// title, date, working group, type, snippet and path of each result.
void print_text(std::ostream& out, const SearchRequest& request, const SearchResult& result,
                const TextStyle& style);

/// Prints one JSON object per result (JSON Lines) with every stored fact, the score and
/// the snippet: "snippet", an HTML fragment (the text's &, < and > escaped, matches between
/// "<b>" and "</b>"); "snippet_text", the same text plain; "snippet_matches", the matches as
/// [start, end) offsets in Unicode code points of snippet_text.
void print_json(std::ostream& out, const SearchResult& result);

/// One result as a JSON object (one line of print_json); the web API's results are these.
std::string hit_json(const Hit& hit);

/// Facet counts as a JSON object: {"working_group":{"WG.7":3,...},"year":{...},...}.
std::string facets_json(const SearchResult& result);

/// ,"facets_exact":true, or ,"facets_exact":false,"facets_sample":N when the facets are
/// estimated on 1 document in N (SearchResult::facet_stride): to follow count_fields.
std::string facet_sample_fields(const SearchResult& result);

/// Every stored fact of one document as a JSON object (print_document's JSON), with its id
/// (corpus::short_id of its key) and its key; the docid is not used (it changes with rebuilds).
std::string document_json(const corpus::json::Object& meta, Xapian::docid docid);

/// One cited item as a JSON object (one line of print_citations' JSON).
std::string citation_json(const CitedItem& item);

/// Prints CSV with a header row (RFC 4180 quoting).
void print_csv(std::ostream& out, const SearchResult& result);

/// Prints facet counts (working group, year, type, session). As text, a block to follow the
/// results, headed by the count; as JSON, one object
/// {count_fields,facet_sample_fields,"facets":facets_json}; as CSV, a table
/// "facet,value,count,exact". The JSON and CSV forms are a shape of their own: a
/// program prints them instead of the results, never after them.
void print_facets(std::ostream& out, const SearchResult& result, Format format,
                  const TextStyle& style = {});

/// Prints every stored fact of one document, its id (corpus::short_id of its key) and key.
/// The docid is not printed: it changes with every rebuild.
void print_document(std::ostream& out, const corpus::json::Object& meta, Xapian::docid docid,
                    Format format, const TextStyle& style = {});

/// Prints one document's whole stored text (ctoc-search --text): as text, its title line then
/// the text, matches in bold when style.color; as JSON, one object with its id, key, title and
/// text (matches between "<b>" and "</b>"). CSV is not a format for a text: callers refuse it.
void print_document_text(std::ostream& out, const DocumentText& doc, Format format,
                         const TextStyle& style);

/// Prints what a document cites, each item present (with its title and date) or missing.
void print_citations(std::ostream& out, const std::string& id, const std::vector<CitedItem>& items,
                     Format format, const TextStyle& style = {});

/// Prints the symbols cited but not held, with how often and by whom.
void print_missing(std::ostream& out, const std::vector<MissingItem>& items, Format format,
                   const TextStyle& style = {});

/// Prints the other members of a document's family after --show.
void print_family(std::ostream& out,
                  const std::vector<std::pair<Xapian::docid, corpus::json::Object>>& members,
                  Format format, const TextStyle& style = {});

/// The snippet with its match markers replaced by start and end.
std::string mark_snippet(const std::string& snippet, std::string_view start, std::string_view end);

} // namespace ctoc::search
