#pragma once

#include <cstddef>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace ctoc::corpus::json {

/// A malformed JSON text; offset is the byte where reading stopped.
class ParseError : public std::runtime_error {
public:
    ParseError(const std::string& what, std::size_t offset)
        : std::runtime_error(what), m_offset(offset) {}
    std::size_t offset() const { return m_offset; }

private:
    std::size_t m_offset;
};

class Value;
using Array = std::vector<Value>;
using Object = std::map<std::string, Value, std::less<>>;

/// A JSON value: null, boolean, number, string, array or object.
class Value {
public:
    Value() = default;
    Value(std::nullptr_t) {}
    Value(bool b) : m_v(b) {}
    Value(double d) : m_v(d) {}
    Value(std::string s) : m_v(std::move(s)) {}
    Value(Array a) : m_v(std::move(a)) {}
    Value(Object o) : m_v(std::move(o)) {}

    bool is_null() const { return std::holds_alternative<std::monostate>(m_v); }
    bool is_bool() const { return std::holds_alternative<bool>(m_v); }
    bool is_number() const { return std::holds_alternative<double>(m_v); }
    bool is_string() const { return std::holds_alternative<std::string>(m_v); }
    bool is_array() const { return std::holds_alternative<Array>(m_v); }
    bool is_object() const { return std::holds_alternative<Object>(m_v); }

    bool as_bool() const { return std::get<bool>(m_v); }
    double as_number() const { return std::get<double>(m_v); }
    const std::string& as_string() const { return std::get<std::string>(m_v); }
    const Array& as_array() const { return std::get<Array>(m_v); }
    const Object& as_object() const { return std::get<Object>(m_v); }

    /// Member of an object, or nullptr when absent or not an object.
    const Value* find(std::string_view key) const;

    /// The value as text: strings as is, numbers without a trailing ".0", others as JSON.
    std::string to_text() const;

private:
    std::variant<std::monostate, bool, double, std::string, Array, Object> m_v;
};

/// Parses one JSON text (nesting is bounded; throws ParseError).
Value parse(std::string_view text);

/// Appends s as a JSON string literal, quotes included.
void append_string(std::string& out, std::string_view s);

/// Appends v as compact JSON.
void append_value(std::string& out, const Value& v);

} // namespace ctoc::corpus::json
