#include <ctoc/corpus/document.h>

#include <ctoc/analysis/unicode.h>
#include <ctoc/corpus/date.h>
#include <ctoc/schema.h>

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

const std::string* given_value(const RecordInfo& info, std::string_view key) {
    for (const auto& [k, v] : info.given) {
        if (k == key)
            return &v;
    }
    return nullptr;
}

/// Reads the header facts of a document's prepared text, then those the input gives (they win),
/// the title of the file's format when the text shows none.
void read_facts(Document& doc, const std::string& source_title) {
    doc.facts = extract_header_facts(doc.text);

    // What the input states wins over what the text suggests.
    if (const auto* s = given_value(doc, "symbol"); s && !s->empty())
        doc.facts.symbol = analysis::canonical_symbol(*s);
    else if (!doc.facts.symbol.empty())
        doc.facts.symbol = analysis::canonical_symbol(doc.facts.symbol);
    if (const auto* t = given_value(doc, "title"); t && !t->empty())
        doc.facts.title = *t;
    else if (doc.facts.title.empty() && is_real_title(source_title))
        doc.facts.title = source_title;
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

    if (doc.facts.date.size() >= 4) {
        doc.year = doc.facts.date.substr(0, 4);
    } else if (const auto* y = given_value(doc, "year"); y && !y->empty()) {
        if (const auto date = parse_date(*y); date && date->precision == Date::Precision::year)
            doc.year = *y;
        else if (doc.bad_date.empty())
            doc.bad_date = *y;
    }
}

} // namespace

Document analyze(const Record& record, analysis::Analyzer& analyzer,
                 std::vector<analysis::Token>& tokens) {
    Document doc;
    static_cast<RecordInfo&>(doc) = record;
    doc.text = analysis::prepare_text(record.text);
    tokens.clear();
    analyzer.analyze(doc.text, tokens);
    read_facts(doc, record.source_title);
    count_citations(doc, tokens);
    return doc;
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
