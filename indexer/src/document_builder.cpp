#include <ctoc/index/document_builder.h>

#include <ctoc/analysis/aliases.h>
#include <ctoc/analysis/unicode.h>
#include <ctoc/schema.h>

namespace ctoc::index {

namespace {

// Xapian refuses terms over 245 bytes; long ids keep a readable head and a hash.
constexpr std::size_t max_id_term = 200;

std::string bounded_term(std::string_view prefix, const std::string& value) {
    std::string term(prefix);
    if (value.size() + prefix.size() <= max_id_term) {
        term += value;
    } else {
        term += value.substr(0, 100);
        term += '#';
        term += corpus::content_hash(value);
    }
    return term;
}

/// A prefixed term; metadata given by the input can be any length, so long ones are bounded.
std::string with_prefix(std::string_view prefix, std::string_view value) {
    if (prefix.size() + value.size() > max_id_term)
        return bounded_term(prefix, std::string(value));
    std::string term(prefix);
    term += value;
    return term;
}

/// "2018-07-20" -> "20180720"; "" unless the date is complete.
std::string date_value(const std::string& iso) {
    if (iso.size() != 10)
        return {};
    return iso.substr(0, 4) + iso.substr(5, 2) + iso.substr(8, 2);
}

} // namespace

std::string unique_term(const std::string& id) {
    return bounded_term(schema::unique_id, id);
}

void store_text(Xapian::WritableDatabase& db, const std::string& key,
                const corpus::TextPieces& text, bool replace) {
    if (replace)
        remove_text(db, key);
    db.set_metadata(corpus::text_table_key(key), text.table.serialise());
    for (std::size_t n = 0; n < text.pieces.size(); ++n)
        db.set_metadata(corpus::text_piece_key(key, n), text.pieces[n]);
}

void remove_text(Xapian::WritableDatabase& db, const std::string& key) {
    const std::string table = corpus::text_table_key(key);
    std::vector<std::string> keys{table};
    const std::string pieces = table + ":";
    for (auto k = db.metadata_keys_begin(pieces); k != db.metadata_keys_end(pieces); ++k)
        keys.push_back(*k);
    for (const auto& k : keys)
        db.set_metadata(k, {});
}

std::string source_term(const std::string& path) {
    return bounded_term(schema::source, path);
}

void store_variants(Xapian::WritableDatabase& db, const AccentVariants& variants) {
    // Pairs are sorted by accent-free form: one read and one write per form.
    for (auto it = variants.begin(); it != variants.end();) {
        const std::string key = std::string(schema::meta_accent_variants) + it->first;
        std::set<std::string> forms = schema::split_lines(db.get_metadata(key));
        const std::size_t before = forms.size();
        const std::string& plain = it->first;
        for (; it != variants.end() && it->first == plain; ++it)
            forms.insert(it->second);
        if (forms.size() != before)
            db.set_metadata(key, schema::join_lines(forms));
    }
}

void DocumentBuilder::index_tokens(Xapian::Document& xdoc,
                                   const std::vector<analysis::Token>& tokens,
                                   Xapian::termcount wdf) {
    for (const auto& t : tokens) {
        if (t.role == analysis::TokenRole::ordinal) {
            xdoc.add_posting(with_prefix(schema::ordinal, t.term), t.position, wdf);
            continue;
        }
        xdoc.add_posting(t.form(), t.position, wdf);
        if (!t.article.empty() && t.position > 1)
            xdoc.add_posting(t.article, t.position - 1, wdf);
        if (!t.stem.empty())
            xdoc.add_term(with_prefix(schema::stem, t.stem), wdf);
        if (!t.exact.empty() && t.kind == analysis::TokenKind::word &&
            m_variants.find(std::pair<std::string_view, std::string_view>(t.term, t.exact)) ==
                m_variants.end())
            m_variants.emplace(t.term, t.exact);
    }
}

void DocumentBuilder::index_names(Xapian::Document& xdoc,
                                  const std::vector<analysis::Token>& tokens,
                                  Xapian::termcount wdf) {
    for (std::size_t i = 0; i < tokens.size();) {
        const analysis::AliasMatch m = analysis::alias_at(tokens, i);
        if (m.group == nullptr) {
            ++i;
            continue;
        }
        xdoc.add_term(with_prefix(schema::named, m.group->id), wdf);
        i = m.last + 1;
    }
}

namespace {

/// The terms a document is found by besides its words: its ids and source, its own symbol, its
/// facts as filters, and what it cites (each as often as it cites it).
void add_identity_and_facts(Xapian::Document& xdoc, const corpus::Document& doc) {
    const auto& f = doc.facts;
    const std::string unique = unique_term(doc.id);
    xdoc.add_boolean_term(unique);
    xdoc.add_value(schema::unique_slot, unique);
    xdoc.add_boolean_term(with_prefix(schema::short_id, std::to_string(corpus::short_id(doc.id))));
    xdoc.add_boolean_term(source_term(doc.path));
    const auto boolean = [&](std::string_view prefix, const std::string& value) {
        if (!value.empty())
            xdoc.add_boolean_term(with_prefix(prefix, value));
    };
    // The own symbol carries weight, so that a document outranks those citing it.
    if (!f.symbol.empty())
        xdoc.add_term(with_prefix(schema::symbol, f.symbol), 1);
    boolean(schema::working_group, f.working_group);
    boolean(schema::body, f.body);
    boolean(schema::type, f.type);
    boolean(schema::original_language, analysis::fold(f.original_language));
    boolean(schema::distribution, analysis::fold(f.distribution));
    boolean(schema::year, doc.year);
    if (f.session)
        boolean(schema::session, std::to_string(*f.session));
    for (const auto& c : doc.cites_symbols)
        xdoc.add_term(with_prefix(schema::cites, c.id), c.count);
    for (const auto& c : doc.cites_resolutions)
        xdoc.add_term(with_prefix(schema::resolution, c.id), c.count);
    for (const auto& c : doc.cites_decisions)
        xdoc.add_term(with_prefix(schema::decision, c.id), c.count);
}

/// The value slots: dates for ranges and sorting, facets, symbol and family, content hash.
void add_values(Xapian::Document& xdoc, const corpus::Document& doc) {
    const auto& f = doc.facts;
    if (const std::string d = date_value(f.date); !d.empty())
        xdoc.add_value(schema::date_slot, d);
    if (!doc.year.empty()) {
        xdoc.add_value(schema::year_slot, doc.year);
        std::string sort_date = doc.year + "0000";
        if (f.date.size() >= 7)
            sort_date.replace(4, 2, f.date.substr(5, 2));
        if (f.date.size() == 10)
            sort_date.replace(6, 2, f.date.substr(8, 2));
        xdoc.add_value(schema::sort_date_slot, sort_date);
    }
    if (!f.working_group.empty())
        xdoc.add_value(schema::wg_slot, f.working_group);
    if (!f.type.empty())
        xdoc.add_value(schema::type_slot, f.type);
    const std::string session = f.session ? Xapian::sortable_serialise(*f.session) : "";
    if (f.session)
        xdoc.add_value(schema::session_slot, session);
    xdoc.add_value(schema::facets_slot,
                   schema::pack_facets({f.working_group, doc.year, f.type, session}));
    if (!f.symbol.empty()) {
        xdoc.add_value(schema::symbol_slot, f.symbol);
        xdoc.add_value(schema::family_slot, analysis::family_of_symbol(f.symbol));
    } else {
        xdoc.add_value(schema::family_slot, doc.id);
    }
    xdoc.add_value(schema::hash_slot, doc.hash);
    if (!doc.stat.empty())
        xdoc.add_value(schema::stat_slot, doc.stat);
}

} // namespace

BuiltDocument DocumentBuilder::build(const corpus::Record& record) {
    m_title_tokens.clear();
    const std::uint32_t body_start = 1; // corpus::analyze numbers the body's tokens from 1
    BuiltDocument built;
    built.doc = corpus::analyze(record, m_analyzer, m_tokens);
    const corpus::Document& doc = built.doc;
    built.text = corpus::cut_text(doc.text, m_tokens);
    const auto& f = doc.facts;

    Xapian::Document& xdoc = built.xdoc;
    // The title goes after the body, past a gap, so that phrases never span the two.
    const std::uint32_t title_start =
        (m_tokens.empty() ? body_start : m_tokens.back().position) + 100;
    m_analyzer.analyze(analysis::to_nfc(f.title), m_title_tokens, title_start);
    index_tokens(xdoc, m_tokens, 1);
    index_tokens(xdoc, m_title_tokens, title_weight);
    index_names(xdoc, m_tokens, 1);
    index_names(xdoc, m_title_tokens, title_weight);

    add_identity_and_facts(xdoc, doc);
    add_values(xdoc, doc);

    xdoc.set_data(corpus::json::dump(corpus::json::Value(doc.to_json())));
    return built;
}

} // namespace ctoc::index
