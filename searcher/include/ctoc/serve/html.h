#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ctoc::serve {

/// Name=value pairs of a URL's query, in order.
using Params = std::vector<std::pair<std::string, std::string>>;

/// Text made safe for HTML element content and quoted attribute values: & < > " ' escaped.
std::string escape_html(std::string_view text);

/// Percent-encodes a URL query component (everything but unreserved ASCII).
std::string url_encode(std::string_view text);

/// "?a=1&b=x%20y" for the non-empty values of params, "" when there are none.
std::string query_string(const Params& params);

/// Escaped text with the match markers "\x01" ... "\x02" of snippets made <mark> ... </mark>.
std::string marked_html(std::string_view marked_text);

/// An ISO date as French readers write it: "2018-07-20" -> "20 juillet 2018", "2018-07" ->
/// "juillet 2018"; anything else as it is.
std::string french_date(std::string_view iso);

/// The first max_bytes of UTF-8 text, cut at a character boundary.
std::string_view utf8_prefix(std::string_view text, std::size_t max_bytes);

} // namespace ctoc::serve
