// Output safe by construction (see output_detail.h): text for terminals, HTML fragments, JSON
// and CSV, whatever bytes a document holds; snippets' match markers.
#include "output_detail.h"

#include <ctoc/analysis/analyzer.h>
#include <ctoc/corpus/record.h>
#include <ctoc/schema.h>
#include <ctoc/search/output.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>

namespace ctoc::search {

std::string escape_html(std::string_view text, bool quotes) {
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    for (const char c : text) {
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
        case '"':
            out += quotes ? "&quot;" : "\"";
            break;
        case '\'':
            out += quotes ? "&#39;" : "'";
            break;
        default:
            out += c;
        }
    }
    return out;
}

namespace detail {

namespace {

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

/// Code points in valid UTF-8 text.
std::size_t code_points(std::string_view text) {
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
}

} // namespace

std::string utf8_text(std::string_view text) {
    return analysis::escape_invalid_utf8(text);
}

/// Text inside an HTML fragment (the JSON snippet, whose matches are between <b> and </b>).
std::string html_text(std::string_view text) {
    return escape_html(utf8_text(text), false);
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

} // namespace detail

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

} // namespace ctoc::search
