// The stored document in and out of JSON, by the keys of schema.h.
#include <ctoc/schema.h>

namespace ctoc::schema {

namespace {

using corpus::json::Array;
using corpus::json::Object;
using corpus::json::Value;

void put(Object& o, std::string_view k, const std::string& v) {
    if (!v.empty())
        o.emplace(k, Value(v));
}

void put(Object& o, std::string_view k, const std::vector<std::string>& list) {
    if (list.empty())
        return;
    Array a;
    for (const auto& item : list)
        a.emplace_back(item);
    o.emplace(k, Value(std::move(a)));
}

void put(Object& o, std::string_view k, const std::map<std::string, std::string>& map) {
    if (map.empty())
        return;
    Object m;
    for (const auto& [name, v] : map)
        m.emplace(name, Value(v));
    o.emplace(k, Value(std::move(m)));
}

std::string text(const Object& o, std::string_view k) {
    const auto it = o.find(k);
    return it == o.end() ? std::string() : corpus::json::to_text(it->second);
}

std::vector<std::string> list(const Object& o, std::string_view k) {
    std::vector<std::string> out;
    if (const auto it = o.find(k); it != o.end() && it->second.is_array()) {
        for (const auto& item : it->second)
            out.push_back(corpus::json::to_text(item));
    }
    return out;
}

std::map<std::string, std::string> map(const Object& o, std::string_view k) {
    std::map<std::string, std::string> out;
    if (const auto it = o.find(k); it != o.end() && it->second.is_object()) {
        for (const auto& [name, v] : it->second.items())
            out.emplace(name, corpus::json::to_text(v));
    }
    return out;
}

std::uint64_t number(const Object& o, std::string_view k) {
    const auto it = o.find(k);
    return it != o.end() && it->second.is_number_unsigned() ? it->second.get<std::uint64_t>() : 0;
}

} // namespace

corpus::json::Object StoredDocument::to_json() const {
    Object o;
    put(o, key::id, id);
    put(o, key::path, path);
    put(o, key::format, format);
    if (line != 0) {
        o.emplace(key::line, Value(line));
        o.emplace(key::offset, Value(offset));
    }
    put(o, key::title, title);
    put(o, key::symbol, symbol);
    put(o, key::date, date);
    put(o, key::year, year);
    put(o, key::distribution, distribution);
    put(o, key::original_language, original_language);
    put(o, key::working_group, working_group);
    put(o, key::body, body);
    if (session)
        o.emplace(key::session, Value(*session));
    put(o, key::session_kind, session_kind);
    put(o, key::place, place);
    put(o, key::meeting_dates, meeting_dates);
    put(o, key::meeting_start, meeting_start);
    put(o, key::meeting_end, meeting_end);
    put(o, key::type, type);
    put(o, key::agenda_item, agenda_item);
    put(o, key::cites_symbols, cites_symbols);
    put(o, key::cites_resolutions, cites_resolutions);
    put(o, key::cites_resolutions_body, resolution_bodies);
    put(o, key::cites_decisions, cites_decisions);
    put(o, key::given, given);
    return o;
}

StoredDocument StoredDocument::from_json(const corpus::json::Object& o) {
    StoredDocument d;
    d.id = text(o, key::id);
    d.path = text(o, key::path);
    d.format = text(o, key::format);
    d.line = number(o, key::line);
    d.offset = number(o, key::offset);
    d.title = text(o, key::title);
    d.symbol = text(o, key::symbol);
    d.date = text(o, key::date);
    d.year = text(o, key::year);
    d.distribution = text(o, key::distribution);
    d.original_language = text(o, key::original_language);
    d.working_group = text(o, key::working_group);
    d.body = text(o, key::body);
    if (const auto it = o.find(key::session); it != o.end() && it->second.is_number_integer())
        d.session = it->second.get<int>();
    d.session_kind = text(o, key::session_kind);
    d.place = text(o, key::place);
    d.meeting_dates = text(o, key::meeting_dates);
    d.meeting_start = text(o, key::meeting_start);
    d.meeting_end = text(o, key::meeting_end);
    d.type = text(o, key::type);
    d.agenda_item = text(o, key::agenda_item);
    d.cites_symbols = list(o, key::cites_symbols);
    d.cites_resolutions = list(o, key::cites_resolutions);
    d.resolution_bodies = map(o, key::cites_resolutions_body);
    d.cites_decisions = list(o, key::cites_decisions);
    d.given = map(o, key::given);
    return d;
}

std::string pack_facets(const std::array<std::string_view, facet_count>& values) {
    std::string packed;
    for (std::string_view v : values) {
        v = v.substr(0, 255);
        packed += static_cast<char>(v.size());
        packed += v;
    }
    return packed;
}

std::array<std::string_view, facet_count> unpack_facets(std::string_view packed) {
    std::array<std::string_view, facet_count> values{};
    for (auto& v : values) {
        if (packed.empty())
            break;
        const std::size_t size =
            std::min<std::size_t>(static_cast<unsigned char>(packed[0]), packed.size() - 1);
        v = packed.substr(1, size);
        packed.remove_prefix(1 + size);
    }
    return values;
}

} // namespace ctoc::schema
