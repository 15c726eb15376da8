// JSON values through nlohmann::json (Debian's nlohmann-json3-dev): the DOM the project builds,
// reads and prints. parse() reads with simdjson (libsimdjson-dev) and builds the same nlohmann
// value: a search parses the stored data of every hit it shows, and through nlohmann's parser
// that was a fifth of a short search's instructions (a 555-byte record: 4.4 us, 1.75 us now);
// a text simdjson refuses goes to nlohmann, whose rules and messages stand.
//
// This header names the types the project uses and adds the few rules of ours on top:
// nesting is bounded, parse errors carry a byte offset, and printing never emits invalid JSON.
// Everything else is nlohmann's API: v.is_string(), v.get_ref<const std::string&>(),
// for (const auto& e : array), object.find(key) on the std::map behind json::Object.
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

namespace ctoc::corpus::json {

/// A JSON value: integers kept exact as 64-bit integers, other numbers as doubles printed
/// back with the shortest text that reads as the same double.
using Value = nlohmann::json;
/// A JSON object: a std::map from key to Value with transparent lookup (find("path")).
using Object = Value::object_t;
/// A JSON array: a std::vector of Value.
using Array = Value::array_t;

/// Deepest nesting parse() accepts: deeper records are refused rather than risk the stack.
inline constexpr int max_depth = 200;

/// A malformed JSON text; offset is the byte where reading stopped.
class ParseError : public std::runtime_error {
public:
    ParseError(const std::string& what, std::size_t offset)
        : std::runtime_error(what), m_offset(offset) {}
    std::size_t offset() const { return m_offset; }

private:
    std::size_t m_offset;
};

/// Parses one JSON text; throws ParseError when it is malformed, nested deeper than
/// max_depth, or holds bytes that are not UTF-8.
Value parse(std::string_view text);

/// Parses a JSON text holding an object and returns the object (moved out, not copied); an
/// empty object when the text holds another kind of value. Throws ParseError as parse().
Object parse_object(std::string_view text);

/// Member of an object, or nullptr when absent or v is not an object.
const Value* find(const Value& v, std::string_view key);

/// The value as text: strings as is, integral numbers without a fraction, others as JSON.
std::string to_text(const Value& v);

/// The value as one line for a reader: an array's elements as text joined with ", ", an
/// object's members as key, pair_separator, value joined with ", ", anything else to_text.
std::string to_line(const Value& v, std::string_view pair_separator);

/// Appends s as a JSON string literal, quotes included; bytes that are not UTF-8 are written as
/// the text \xHH (analysis::escape_invalid_utf8).
void append_string(std::string& out, std::string_view s);

/// Appends v as compact JSON; bytes that are not UTF-8 in any string are written as the text
/// \xHH, so the output is always valid JSON and still tells them.
void append_value(std::string& out, const Value& v);

/// v as compact JSON (see append_value).
std::string dump(const Value& v);

} // namespace ctoc::corpus::json
