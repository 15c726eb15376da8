// What search output's files share (output.cpp: results; output_document.cpp: one document, its
// text, citations and family; output_safe.cpp: these): output safe by construction. Whatever
// bytes a document or a file name holds, text output never sends the terminal a control
// sequence, every JSON string is valid UTF-8, no CSV cell is a spreadsheet formula, and no
// document byte can pass for a highlight marker.
#pragma once

#include <ctoc/analysis/unicode.h>
#include <ctoc/corpus/json.h>
#include <ctoc/search/searcher.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

namespace ctoc::search::detail {

using analysis::terminal_text;

/// Text as valid UTF-8 (bytes that are not UTF-8 as the text \xHH).
std::string utf8_text(std::string_view text);

/// Text inside an HTML fragment (the JSON snippet, whose matches are between <b> and </b>).
std::string html_text(std::string_view text);

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

/// A JSON value as one line of JSON, every string made valid UTF-8 (utf8_text).
std::string json_line(const corpus::json::Value& v);

/// A stored fact as text, "" when absent.
std::string text_of(const corpus::json::Object& meta, std::string_view key);

/// The name to show for a document: its symbol and title, else its file name.
std::string display_title(const corpus::json::Object& meta);

/// A cited item as the UN writes it: "A/69/291/Add.2", "7/1".
std::string cited_name(const CitedItem& item);

/// A CSV cell (RFC 4180 quoting) of valid UTF-8 without control characters but line breaks;
/// a cell a spreadsheet would read as a formula (=, +, -, @ first) starts with a quote.
std::string csv_field(const std::string& value);

/// The id shown for a document: the short number of its key, stable across rebuilds.
std::uint64_t shown_id(const corpus::json::Object& meta);

/// A score with three decimals.
std::string format_score(double score);

/// A marked snippet as plain valid UTF-8 and its matches as [start, end) code point offsets.
std::pair<std::string, corpus::json::Array> plain_and_matches(const std::string& snippet);

} // namespace ctoc::search::detail
