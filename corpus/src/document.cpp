#include <ctoc/corpus/document.h>

#include <ctoc/analysis/unicode.h>
#include <ctoc/corpus/date.h>
#include <ctoc/schema.h>

#include <algorithm>
#include <cstdio>

namespace ctoc::corpus {

namespace {

/// A title of a file's metadata that is not a file name ("Microsoft Word - V1804567.docx").
bool is_real_title(const std::string& title) {
    if (title.find_first_not_of(" \t") == std::string::npos ||
        title.rfind("Microsoft Word - ", 0) == 0)
        return false;
    for (const std::string_view ext : {".doc", ".docx", ".pdf", ".odt", ".rtf", ".htm", ".html"}) {
        if (title.size() >= ext.size() &&
            title.compare(title.size() - ext.size(), ext.size(), ext) == 0)
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

schema::StoredDocument Document::stored() const {
    schema::StoredDocument d;
    d.id = id;
    d.path = path;
    d.format = format;
    d.line = line;
    d.offset = line != 0 ? offset : 0;
    d.title = facts.title;
    d.symbol = analysis::display_symbol(facts.symbol);
    d.date = facts.date;
    d.year = year;
    d.distribution = facts.distribution;
    d.original_language = facts.original_language;
    d.working_group = facts.working_group;
    d.body = facts.body;
    d.session = facts.session;
    d.session_kind = facts.session_kind;
    d.place = facts.place;
    d.meeting_dates = facts.meeting_dates;
    d.meeting_start = facts.meeting_start;
    d.meeting_end = facts.meeting_end;
    d.type = facts.type;
    d.agenda_item = facts.agenda_item;
    for (const auto& c : cites_symbols)
        d.cites_symbols.push_back(analysis::display_symbol(c.id));
    for (const auto& c : cites_resolutions) {
        d.cites_resolutions.push_back(c.id);
        if (!c.body.empty())
            d.resolution_bodies.emplace(c.id, c.body);
    }
    for (const auto& c : cites_decisions)
        d.cites_decisions.push_back(c.id);
    for (const auto& [k, v] : given)
        d.given.insert_or_assign(k, v);
    return d;
}

json::Object Document::to_json() const {
    return stored().to_json();
}

} // namespace ctoc::corpus
