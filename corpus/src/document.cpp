#include <ctoc/corpus/document.h>

#include <ctoc/analysis/unicode.h>
#include <ctoc/corpus/date.h>

#include <algorithm>
#include <cstdio>

namespace ctoc::corpus {

namespace {

json::Array ids(const std::vector<Cited>& list) {
    json::Array a;
    for (const auto& c : list)
        a.emplace_back(c.id);
    return a;
}

/// A title of a file's metadata that is not a file name ("Microsoft Word - V1804567.docx").
bool is_real_title(const std::string& title) {
    if (title.find_first_not_of(" \t") == std::string::npos || title.rfind("Microsoft Word - ", 0) == 0)
        return false;
    for (const std::string_view ext : {".doc", ".docx", ".pdf", ".odt", ".rtf", ".htm", ".html"}) {
        if (title.size() >= ext.size() && title.compare(title.size() - ext.size(), ext.size(), ext) == 0)
            return false;
    }
    return true;
}

const std::string* given_value(const Document& doc, std::string_view key) {
    for (const auto& [k, v] : doc.given) {
        if (k == key)
            return &v;
    }
    return nullptr;
}

} // namespace

std::uint64_t hash64(std::string_view bytes) {
    std::uint64_t h = 1469598103934665603ULL;
    for (const char c : bytes) {
        h ^= static_cast<unsigned char>(c);
        h *= 1099511628211ULL;
    }
    return h;
}

std::uint64_t short_id(std::string_view key) {
    // The key as the index's JSON holds it, so that the raw key and the stored one agree.
    return hash64(analysis::escape_invalid_utf8(key)) % 10'000'000'000ULL;
}

std::string content_hash(std::string_view bytes) {
    const std::uint64_t h = hash64(bytes);
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    return buf;
}

void describe(Document& doc, const std::vector<analysis::Token>& tokens) {
    doc.facts = extract_header_facts(doc.text);

    // What the input states wins over what the text suggests.
    if (const auto* s = given_value(doc, "symbol"); s && !s->empty())
        doc.facts.symbol = analysis::canonical_symbol(*s);
    else if (!doc.facts.symbol.empty())
        doc.facts.symbol = analysis::canonical_symbol(doc.facts.symbol);
    if (const auto* t = given_value(doc, "title"); t && !t->empty())
        doc.facts.title = *t;
    else if (doc.facts.title.empty() && is_real_title(doc.source_title))
        doc.facts.title = doc.source_title;
    doc.bad_date.clear();
    if (!doc.facts.unreadable_date.empty())
        doc.bad_date = doc.facts.unreadable_date;
    if (const auto* d = given_value(doc, "date"); d && !d->empty()) {
        if (const auto date = parse_date(*d)) {
            doc.facts.date = date->iso();
            doc.bad_date.clear();
        } else {
            doc.bad_date = *d;
            doc.facts.date.clear();
        }
    }
    if (doc.facts.working_group.empty() && !doc.facts.symbol.empty())
        doc.facts.working_group = working_group_of_symbol(doc.facts.symbol);

    doc.year.clear();
    if (doc.facts.date.size() >= 4) {
        doc.year = doc.facts.date.substr(0, 4);
    } else if (const auto* y = given_value(doc, "year"); y && !y->empty()) {
        if (const auto date = parse_date(*y); date && date->precision == Date::Precision::year)
            doc.year = *y;
        else if (doc.bad_date.empty())
            doc.bad_date = *y;
    }

    count_citations(doc, tokens);
}

json::Object Document::to_json() const {
    json::Object o;
    const auto put = [&](const char* key, const std::string& v) {
        if (!v.empty())
            o.emplace(key, json::Value(v));
    };
    put("id", id);
    put("path", path);
    put("format", format);
    if (line != 0) {
        o.emplace("line", json::Value(line));
        o.emplace("offset", json::Value(offset));
    }
    put("title", facts.title);
    put("symbol", analysis::display_symbol(facts.symbol));
    put("date", facts.date);
    put("year", year);
    put("distribution", facts.distribution);
    put("original_language", facts.original_language);
    put("working_group", facts.working_group);
    put("body", facts.body);
    if (facts.session)
        o.emplace("session", json::Value(*facts.session));
    put("session_kind", facts.session_kind);
    put("place", facts.place);
    put("meeting_dates", facts.meeting_dates);
    put("meeting_start", facts.meeting_start);
    put("meeting_end", facts.meeting_end);
    put("type", facts.type);
    put("agenda_item", facts.agenda_item);
    if (!cites_symbols.empty()) {
        json::Array symbols;
        for (const auto& c : cites_symbols)
            symbols.emplace_back(analysis::display_symbol(c.id));
        o.emplace("cites_symbols", json::Value(std::move(symbols)));
    }
    if (!cites_resolutions.empty()) {
        o.emplace("cites_resolutions", json::Value(ids(cites_resolutions)));
        json::Object bodies;
        for (const auto& c : cites_resolutions) {
            if (!c.body.empty())
                bodies.emplace(c.id, json::Value(c.body));
        }
        if (!bodies.empty())
            o.emplace("cites_resolutions_body", json::Value(std::move(bodies)));
    }
    if (!cites_decisions.empty())
        o.emplace("cites_decisions", json::Value(ids(cites_decisions)));
    if (!given.empty()) {
        json::Object g;
        for (const auto& [k, v] : given)
            g.insert_or_assign(k, json::Value(v));
        o.emplace("given", json::Value(std::move(g)));
    }
    return o;
}

} // namespace ctoc::corpus
