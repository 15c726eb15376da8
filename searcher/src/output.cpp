#include <ctoc/search/output.h>

#include <ctoc/analysis/analyzer.h>
#include <ctoc/analysis/unicode.h>
#include <ctoc/corpus/metadata.h>
#include <ctoc/corpus/record.h>
#include <ctoc/schema.h>
#include <ctoc/search/terminal.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>

namespace ctoc::search {

namespace {

// Output safe by construction: whatever bytes a document or a file name holds, text output
// never sends the terminal a control sequence, every JSON string is valid UTF-8, no CSV cell
// is a spreadsheet formula, and no document byte can pass for a highlight marker.

using analysis::terminal_text;

std::string utf8_text(std::string_view text) {
    return analysis::escape_invalid_utf8(text);
}

/// Text inside an HTML fragment (the JSON snippet, whose matches are between <b> and </b>).
std::string html_text(std::string_view text) {
    std::string out;
    for (const char c : utf8_text(text)) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

/// A snippet with its match markers replaced by start and end, the text between them made
/// safe by clean. Snippets never hold the marker bytes but as markers (make_snippet drops
/// control characters of the document).
template <typename Clean>
std::string marked_text(const std::string& snippet, std::string_view start, std::string_view end,
                        Clean clean) {
    std::string out, run;
    for (const char c : snippet) {
        if (c == '\x01' || c == '\x02') {
            out += clean(run);
            out += c == '\x01' ? start : end;
            run.clear();
        } else {
            run += c;
        }
    }
    return out + clean(run);
}

/// Every string of a JSON value made valid UTF-8 (utf8_text), then one line of JSON.
corpus::json::Value json_safe(const corpus::json::Value& v) {
    if (v.is_string())
        return corpus::json::Value(utf8_text(v.get<std::string>()));
    if (v.is_array()) {
        corpus::json::Array a;
        for (const auto& e : v)
            a.push_back(json_safe(e));
        return corpus::json::Value(std::move(a));
    }
    if (v.is_object()) {
        corpus::json::Object o;
        for (const auto& [k, e] : v.items())
            o.emplace(utf8_text(k), json_safe(e));
        return corpus::json::Value(std::move(o));
    }
    return v;
}

std::string json_line(const corpus::json::Value& v) {
    std::string line;
    corpus::json::append_value(line, json_safe(v));
    return line;
}

std::string text_of(const corpus::json::Object& meta, std::string_view key) {
    const auto it = meta.find(key);
    return it == meta.end() ? std::string() : corpus::json::to_text(it->second);
}

/// The name to show for a document: its symbol and title, else its file name.
std::string display_title(const corpus::json::Object& meta) {
    std::string title = text_of(meta, schema::key::title);
    const std::string symbol = text_of(meta, schema::key::symbol);
    if (title.empty()) {
        const std::string path = text_of(meta, schema::key::path);
        title = std::filesystem::path(path).filename().string();
        if (const std::string line = text_of(meta, schema::key::line); !line.empty())
            title += ":" + line;
    }
    return symbol.empty() ? title : symbol + "  " + title;
}

/// A cited item as the UN writes it: "A/69/291/Add.2", "7/1".
std::string cited_name(const CitedItem& item) {
    return item.kind == "symbol" ? analysis::display_symbol(item.id) : item.id;
}

/// A CSV cell (RFC 4180 quoting) of valid UTF-8 without control characters but line breaks;
/// a cell a spreadsheet would read as a formula (=, +, -, @ first) starts with a quote.
std::string csv_field(const std::string& value) {
    // Line breaks are kept (quoted), tabs too; other controls are escaped as on a terminal.
    std::string s;
    for (std::size_t from = 0; from <= value.size();) {
        const std::size_t to = std::min(value.find_first_of("\n\r\t", from), value.size());
        s += terminal_text(std::string_view(value).substr(from, to - from));
        if (to < value.size())
            s += value[to];
        from = to + 1;
    }
    if (!s.empty() && std::string_view("=+-@\t\r").find(s.front()) != std::string_view::npos)
        s.insert(0, 1, '\'');
    if (s.find_first_of(",\"\n\r") == std::string::npos)
        return s;
    std::string out = "\"";
    for (const char c : s) {
        if (c == '"')
            out += "\"\"";
        else
            out += c;
    }
    return out + "\"";
}

/// The id shown for a document: the short number of its key, stable across rebuilds.
std::uint64_t shown_id(const corpus::json::Object& meta) {
    return corpus::short_id(text_of(meta, schema::key::id));
}

std::string format_score(double score) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3f", score);
    return buf;
}

/// Code points in valid UTF-8 text.
std::size_t code_points(std::string_view text) {
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
}

/// A marked snippet as plain valid UTF-8 and its matches as [start, end) code point offsets.
std::pair<std::string, corpus::json::Array> plain_and_matches(const std::string& snippet) {
    std::string plain, run;
    corpus::json::Array matches;
    std::size_t at = 0, start = 0;
    const auto flush = [&] {
        const std::string safe = utf8_text(run);
        plain += safe;
        at += code_points(safe);
        run.clear();
    };
    for (const char c : snippet) {
        if (c == '\x01' || c == '\x02') {
            flush();
            if (c == '\x01')
                start = at;
            else
                matches.push_back(corpus::json::Value(
                    corpus::json::Array{corpus::json::Value(start), corpus::json::Value(at)}));
        } else {
            run += c;
        }
    }
    flush();
    return {std::move(plain), std::move(matches)};
}

} // namespace

std::string mark_snippet(const std::string& snippet, std::string_view start, std::string_view end) {
    std::string out;
    out.reserve(snippet.size() + 16);
    for (const char c : snippet) {
        if (c == '\x01')
            out += start;
        else if (c == '\x02')
            out += end;
        else
            out += c;
    }
    return out;
}

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

void print_text(std::ostream& out, const SearchRequest& request, const SearchResult& result,
                const TextStyle& style) {
    const char* bold = style.color ? "\033[1m" : "";
    const char* dim = style.color ? "\033[2m" : "";
    const char* reset = style.color ? "\033[0m" : "";
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
    for (const auto& hit : result.hits) {
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

void print_facets(std::ostream& out, const SearchResult& result, Format format,
                  const TextStyle& style) {
    if (format == Format::json) {
        out << "{" << count_fields(result) << ",\"facets\":" << facets_json(result) << "}\n";
        return;
    }
    if (format == Format::csv) {
        out << "facet,value,count\n";
        for (const auto& [name, values] : result.facets) {
            for (const auto& [value, count] : values)
                out << name << "," << csv_field(value) << "," << count << "\n";
        }
        return;
    }
    const std::string over = result.lower == result.upper
                                 ? "all " + std::to_string(result.estimated) +
                                       (result.estimated == 1 ? " match" : " matches")
                                 : "about " + std::to_string(result.estimated) +
                                       " matches (between " + std::to_string(result.lower) +
                                       " and " + std::to_string(result.upper) + ")";
    out << "\nFacets over " << over << ":\n";
    for (const auto& [name, values] : result.facets) {
        // Broken between values, never inside one ("WG.7 (3)").
        std::string line = "  " + name + ":";
        std::size_t column = text_columns(line);
        const std::size_t indent = 4;
        if (values.empty())
            line += " (none known)";
        for (const auto& [value, count] : values) {
            const std::string item = terminal_text(value) + " (" + std::to_string(count) + ")";
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

std::string document_json(const corpus::json::Object& meta, Xapian::docid) {
    corpus::json::Object o = meta;
    o.insert_or_assign("key", corpus::json::Value(text_of(meta, schema::key::id)));
    o.insert_or_assign("id", corpus::json::Value(shown_id(meta)));
    return json_line(corpus::json::Value(std::move(o)));
}

void print_document(std::ostream& out, const corpus::json::Object& meta, Xapian::docid docid,
                    Format format, const TextStyle& style) {
    if (format == Format::json) {
        out << document_json(meta, docid) << "\n";
        return;
    }
    out << "id: " << shown_id(meta) << "\n";
    for (const auto& [key, value] : meta) {
        if (key == schema::key::id) {
            out << "key: " << terminal_text(corpus::json::to_text(value)) << "\n";
            continue;
        }
        std::string text;
        if (value.is_array()) {
            for (const auto& e : value)
                text += (text.empty() ? "" : ", ") + corpus::json::to_text(e);
        } else if (value.is_object()) {
            for (const auto& [k, v] : value.items())
                text += (text.empty() ? "" : ", ") + k + "=" + corpus::json::to_text(v);
        } else {
            text = corpus::json::to_text(value);
        }
        const std::string label = terminal_text(key) + ": ";
        out << wrap(terminal_text(text), style.width, label,
                    std::min<std::size_t>(text_columns(label), 24))
            << "\n";
    }
}

std::string citation_json(const CitedItem& item) {
    corpus::json::Object o;
    o.emplace("kind", corpus::json::Value(item.kind));
    o.emplace("cited", corpus::json::Value(cited_name(item)));
    o.emplace("count", corpus::json::Value(item.count));
    if (item.kind == "symbol") {
        o.emplace("present", corpus::json::Value(item.present));
        if (item.present) {
            o.emplace("id", corpus::json::Value(shown_id(item.held)));
            o.emplace("title", corpus::json::Value(display_title(item.held)));
            o.emplace("date", corpus::json::Value(text_of(item.held, schema::key::date)));
            o.emplace("path", corpus::json::Value(text_of(item.held, schema::key::path)));
        }
    }
    return json_line(corpus::json::Value(std::move(o)));
}

void print_document_text(std::ostream& out, const DocumentText& doc, Format format,
                         const TextStyle& style) {
    const std::size_t width = style.width;
    if (format == Format::json) {
        corpus::json::Object o;
        o.emplace("id", corpus::json::Value(shown_id(doc.meta)));
        o.emplace("key", corpus::json::Value(text_of(doc.meta, schema::key::id)));
        o.emplace("title", corpus::json::Value(display_title(doc.meta)));
        o.emplace("text",
                  corpus::json::Value(marked_text(
                      doc.text, "<b>", "</b>", [](const std::string& t) { return html_text(t); })));
        out << json_line(corpus::json::Value(std::move(o))) << "\n";
        return;
    }
    const char* bold = style.color ? "\033[1m" : "";
    const char* dim = style.color ? "\033[2m" : "";
    const char* reset = style.color ? "\033[0m" : "";
    out << wrap(dim +
                    ("id " + std::to_string(shown_id(doc.meta)) + "  " +
                     terminal_text(display_title(doc.meta))) +
                    reset,
                width)
        << "\n\n";
    // The text as indexed, without the blank lines a converter left around it.
    std::string_view text = doc.text;
    const std::size_t begin = text.find_first_not_of(" \t\r\n");
    text = begin == std::string_view::npos ? std::string_view() : text.substr(begin);
    text = text.substr(0, text.find_last_not_of(" \t\r\n") + 1);
    // Safe for a terminal line by line: its lines stay lines.
    const auto lines_for_terminal = [](const std::string& t) {
        std::string safe;
        for (std::size_t from = 0;;) {
            const std::size_t end = t.find('\n', from);
            safe += terminal_text(std::string_view(t).substr(
                from, end == std::string::npos ? std::string::npos : end - from));
            if (end == std::string::npos)
                return safe;
            safe += '\n';
            from = end + 1;
        }
    };
    const std::string marked = marked_text(std::string(text), bold, reset, lines_for_terminal);
    if (width == 0) {
        out << marked << "\n";
        return;
    }
    // Each line broken at spaces to the terminal's width.
    for (std::size_t from = 0; from <= marked.size();) {
        const std::size_t end = std::min(marked.find('\n', from), marked.size());
        out << wrap(std::string_view(marked).substr(from, end - from), width) << "\n";
        from = end + 1;
    }
}

void print_citations(std::ostream& out, const std::string& id, const std::vector<CitedItem>& items,
                     Format format, const TextStyle& style) {
    if (format == Format::json) {
        for (const auto& item : items)
            out << citation_json(item) << "\n";
        return;
    }
    if (format == Format::csv) {
        out << "kind,cited,count,present,title,date,path\n";
        for (const auto& item : items) {
            out << item.kind << "," << csv_field(cited_name(item)) << "," << item.count << ","
                << (item.kind != "symbol" ? ""
                    : item.present        ? "yes"
                                          : "no")
                << "," << csv_field(item.present ? display_title(item.held) : "") << ","
                << csv_field(text_of(item.held, schema::key::date)) << ","
                << csv_field(text_of(item.held, schema::key::path)) << "\n";
        }
        return;
    }
    out << terminal_text(id) << " cites " << items.size()
        << (items.size() == 1 ? " item" : " items") << ":\n";
    for (const auto& item : items) {
        std::string line = item.kind + "  " + terminal_text(cited_name(item));
        if (item.count > 1)
            line += "  (" + std::to_string(item.count) + " times)";
        if (item.kind == "symbol") {
            if (item.present)
                line += "  present: " + terminal_text(display_title(item.held) + " " +
                                                      text_of(item.held, schema::key::date));
            else
                line += "  missing from the index";
        }
        out << wrap(line, style.width, "  ", 4) << "\n";
    }
}

void print_missing(std::ostream& out, const std::vector<MissingItem>& items, Format format,
                   const TextStyle& style) {
    if (format == Format::json) {
        for (const auto& item : items) {
            corpus::json::Array by;
            for (const auto& c : item.cited_by)
                by.emplace_back(c);
            corpus::json::Object o{
                {"symbol", corpus::json::Value(analysis::display_symbol(item.symbol))},
                {"citing", corpus::json::Value(item.citing)},
                {"cited_by", corpus::json::Value(std::move(by))}};
            out << json_line(corpus::json::Value(std::move(o))) << "\n";
        }
        return;
    }
    if (format == Format::csv) {
        out << "symbol,citing,cited_by\n";
        for (const auto& item : items) {
            std::string by;
            for (const auto& c : item.cited_by)
                by += (by.empty() ? "" : "; ") + c;
            out << csv_field(analysis::display_symbol(item.symbol)) << "," << item.citing << ","
                << csv_field(by) << "\n";
        }
        return;
    }
    out << items.size() << " cited symbols are not in the index:\n";
    for (const auto& item : items) {
        std::string line = terminal_text(analysis::display_symbol(item.symbol)) + "  cited by " +
                           std::to_string(item.citing) + ":";
        for (const auto& c : item.cited_by)
            line += " " + terminal_text(c);
        if (item.citing > item.cited_by.size())
            line += " ...";
        out << wrap(line, style.width, "  ", 4) << "\n";
    }
}

void print_family(std::ostream& out,
                  const std::vector<std::pair<Xapian::docid, corpus::json::Object>>& members,
                  Format format, const TextStyle& style) {
    if (members.empty() || format != Format::text)
        return;
    out << "family:\n";
    for (const auto& [docid, meta] : members)
        out << wrap(
                   "id " + std::to_string(shown_id(meta)) + "  " +
                       terminal_text(display_title(meta) + "  " + text_of(meta, schema::key::date)),
                   style.width, "  ", 4)
            << "\n";
}

} // namespace ctoc::search
