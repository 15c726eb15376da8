// Search results as text for a terminal, JSON Lines or CSV; their count and facets.
#include <ctoc/search/output.h>

#include "output_detail.h"

#include <ctoc/corpus/metadata.h>
#include <ctoc/schema.h>
#include <ctoc/search/terminal.h>

#include <algorithm>

namespace ctoc::search {

using namespace detail;

std::string matches_phrase(const SearchResult& result) {
    if (result.lower == result.upper)
        return std::to_string(result.estimated) +
               (result.estimated == 1 ? " document matches" : " documents match");
    return "About " + std::to_string(result.estimated) + " documents match (between " +
           std::to_string(result.lower) + " and " + std::to_string(result.upper) + ")";
}

std::string count_fields(const SearchResult& result) {
    const bool exact = result.lower == result.upper;
    return "\"total\":" + std::to_string(result.estimated) +
           ",\"exact\":" + (exact ? "true" : "false") +
           ",\"total_lower\":" + std::to_string(result.lower) +
           ",\"total_upper\":" + std::to_string(result.upper);
}

void print_count(std::ostream& out, const SearchResult& result, Format format) {
    const bool exact = result.lower == result.upper;
    switch (format) {
    case Format::json:
        out << "{" << count_fields(result) << "}\n";
        break;
    case Format::csv:
        out << "total,exact,total_lower,total_upper\n"
            << result.estimated << "," << (exact ? "true" : "false") << "," << result.lower << ","
            << result.upper << "\n";
        break;
    case Format::text:
        // A bare number is exact: an estimate never passes for one in a script.
        if (exact)
            out << result.estimated << "\n";
        else
            out << "about " << result.estimated << " (between " << result.lower << " and "
                << result.upper << ")\n";
        break;
    }
}

namespace {

/// One result for a terminal: its title, facts, snippet and path, under a hanging indent.
void print_hit(std::ostream& out, const SearchRequest& request, const Hit& hit,
               const TextStyle& style) {
    const char* bold = style.color ? "\033[1m" : "";
    const char* dim = style.color ? "\033[2m" : "";
    const char* reset = style.color ? "\033[0m" : "";
    const std::size_t width = style.width;
    // Every line of a result under its title's first letter (a hanging indent).
    const std::string number = std::to_string(hit.rank) + ". ";
    const std::size_t indent = std::max<std::size_t>(3, number.size());
    const std::string pad(indent, ' ');
    out << "\n"
        << wrap(bold + terminal_text(display_title(hit.meta)) + reset, width,
                number + std::string(indent - number.size(), ' '), indent)
        << "\n";
    std::string facts;
    const auto add = [&](const std::string& s) {
        if (s.empty())
            return;
        if (!facts.empty())
            facts += " | ";
        facts += s;
    };
    add(text_of(hit.meta, schema::key::date).empty() ? text_of(hit.meta, schema::key::year)
                                                     : text_of(hit.meta, schema::key::date));
    const std::string wg = text_of(hit.meta, schema::key::working_group);
    add(wg.empty() ? "" : wg + " " + corpus::working_group_name(wg));
    add(text_of(hit.meta, schema::key::type));
    // Wrapped, "id 4713894366" stays on one line (a no-break space, shown as a space).
    const std::string glue = width == 0 ? " " : "\u00A0";
    add("id" + glue + std::to_string(shown_id(hit.meta)));
    if (request.sort == Sort::relevance)
        add("score" + glue + format_score(hit.score));
    out << wrap(dim + terminal_text(facts) + reset, width, pad, indent) << "\n";
    if (!hit.snippet.empty())
        out << wrap(marked_text(hit.snippet, bold, reset,
                                [](const std::string& t) { return terminal_text(t); }),
                    width, pad, indent)
            << "\n";
    // The path is never broken, so that it can be copied whole.
    out << pad << dim << terminal_text(text_of(hit.meta, schema::key::path));
    if (const std::string line = text_of(hit.meta, schema::key::line); !line.empty())
        out << ":" << terminal_text(line);
    out << reset << "\n";
}

} // namespace

void print_text(std::ostream& out, const SearchRequest& request, const SearchResult& result,
                const TextStyle& style) {
    const std::size_t width = style.width;
    if (result.hits.empty()) {
        std::string line = "No documents match.";
        if (!result.suggestion.empty())
            line += " Did you mean: " + terminal_text(result.suggestion) + " ?";
        out << wrap(line, width) << "\n";
        return;
    }
    if (result.relaxed)
        out << wrap("No document has all the words; these have some of them.", width) << "\n";
    out << wrap(matches_phrase(result) + "; showing " + std::to_string(result.hits.front().rank) +
                    "-" + std::to_string(result.hits.back().rank) + ".",
                width)
        << "\n";
    if (!result.suggestion.empty())
        out << wrap("Did you mean: " + terminal_text(result.suggestion) + " ?", width) << "\n";
    for (const auto& hit : result.hits)
        print_hit(out, request, hit, style);
    const std::size_t last = result.hits.back().rank;
    if (last < result.estimated)
        out << "\nMore: --offset " << last << "\n";
}

std::string hit_json(const Hit& hit) {
    corpus::json::Object o = hit.meta;
    o.insert_or_assign("key", corpus::json::Value(text_of(hit.meta, schema::key::id)));
    o.insert_or_assign("id", corpus::json::Value(shown_id(hit.meta)));
    o.insert_or_assign("rank", corpus::json::Value(hit.rank));
    o.insert_or_assign("score", corpus::json::Value(hit.score));
    o.insert_or_assign("percent", corpus::json::Value(hit.percent));
    o.insert_or_assign("title", corpus::json::Value(display_title(hit.meta)));
    o.insert_or_assign("snippet", corpus::json::Value(marked_text(
                                      hit.snippet, "<b>", "</b>",
                                      [](const std::string& t) { return html_text(t); })));
    auto [plain, matches] = plain_and_matches(hit.snippet);
    o.insert_or_assign("snippet_text", corpus::json::Value(std::move(plain)));
    o.insert_or_assign("snippet_matches", corpus::json::Value(std::move(matches)));
    return json_line(corpus::json::Value(std::move(o)));
}

void print_json(std::ostream& out, const SearchResult& result) {
    for (const auto& hit : result.hits)
        out << hit_json(hit) << "\n";
}

void print_csv(std::ostream& out, const SearchResult& result) {
    out << "rank,id,score,date,symbol,working_group,type,session,title,path,line,snippet\n";
    for (const auto& hit : result.hits) {
        out << hit.rank << "," << shown_id(hit.meta) << "," << format_score(hit.score) << ","
            << csv_field(text_of(hit.meta, schema::key::date)) << ","
            << csv_field(text_of(hit.meta, schema::key::symbol)) << ","
            << csv_field(text_of(hit.meta, schema::key::working_group)) << ","
            << csv_field(text_of(hit.meta, schema::key::type)) << ","
            << csv_field(text_of(hit.meta, schema::key::session)) << ","
            << csv_field(display_title(hit.meta)) << ","
            << csv_field(text_of(hit.meta, schema::key::path)) << ","
            << csv_field(text_of(hit.meta, schema::key::line)) << ","
            << csv_field(marked_text(hit.snippet, "", "", [](const std::string& t) { return t; }))
            << "\n";
    }
}

std::string facets_json(const SearchResult& result) {
    corpus::json::Object o;
    for (const auto& [name, values] : result.facets) {
        corpus::json::Object counts;
        for (const auto& [value, count] : values)
            counts.emplace(value, corpus::json::Value(count));
        o.emplace(name, corpus::json::Value(std::move(counts)));
    }
    return json_line(corpus::json::Value(std::move(o)));
}

std::string facet_sample_fields(const SearchResult& result) {
    return std::string(",\"facets_exact\":") + (result.facet_stride == 0 ? "true" : "false") +
           (result.facet_stride == 0 ? ""
                                     : ",\"facets_sample\":" + std::to_string(result.facet_stride));
}

void print_facets(std::ostream& out, const SearchResult& result, Format format,
                  const TextStyle& style) {
    if (format == Format::json) {
        out << "{" << count_fields(result) << facet_sample_fields(result)
            << ",\"facets\":" << facets_json(result) << "}\n";
        return;
    }
    if (format == Format::csv) {
        out << "facet,value,count,exact\n";
        const char* exact = result.facet_stride == 0 ? "true" : "false";
        for (const auto& [name, values] : result.facets) {
            for (const auto& [value, count] : values)
                out << name << "," << csv_field(value) << "," << count << "," << exact << "\n";
        }
        return;
    }
    const std::string over = result.lower == result.upper
                                 ? "all " + std::to_string(result.estimated) +
                                       (result.estimated == 1 ? " match" : " matches")
                                 : "about " + std::to_string(result.estimated) +
                                       " matches (between " + std::to_string(result.lower) +
                                       " and " + std::to_string(result.upper) + ")";
    if (result.facet_stride == 0)
        out << "\nFacets over " << over << ":\n";
    else
        out << "\nFacets over " << over << ", estimated on 1 document in " << result.facet_stride
            << " (--exact-facets counts them all):\n";
    for (const auto& [name, values] : result.facets) {
        // Broken between values, never inside one ("WG.7 (3)").
        std::string line = "  " + name + ":";
        std::size_t column = text_columns(line);
        const std::size_t indent = 4;
        if (values.empty())
            line += " (none known)";
        for (const auto& [value, count] : values) {
            const std::string item = terminal_text(value) + " (" +
                                     (result.facet_stride == 0 ? "" : "~") + std::to_string(count) +
                                     ")";
            const std::size_t columns = text_columns(item);
            if (style.width != 0 && column + 2 + columns > style.width && column > indent) {
                line += "\n" + std::string(indent, ' ') + item;
                column = indent + columns;
            } else {
                line += "  " + item;
                column += 2 + columns;
            }
        }
        out << line << "\n";
    }
}

} // namespace ctoc::search
