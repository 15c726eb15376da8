// One document as text or JSON: its stored facts, its whole text, what it cites, the symbols
// cited but missing, its family.
#include <ctoc/search/output.h>

#include "output_detail.h"

#include <ctoc/analysis/analyzer.h>
#include <ctoc/schema.h>
#include <ctoc/search/terminal.h>

#include <algorithm>

namespace ctoc::search {

using namespace detail;

std::string document_json(const corpus::json::Object& meta, Xapian::docid) {
    corpus::json::Object o = meta;
    o.insert_or_assign("key", corpus::json::Value(text_of(meta, schema::key::id)));
    o.insert_or_assign("id", corpus::json::Value(shown_id(meta)));
    return json_line(corpus::json::Value(std::move(o)));
}

void print_document(std::ostream& out, const corpus::json::Object& meta, Xapian::docid docid,
                    Format format, const TextStyle& style) {
    if (format == Format::json) {
        out << document_json(meta, docid) << "\n";
        return;
    }
    out << "id: " << shown_id(meta) << "\n";
    for (const auto& [key, value] : meta) {
        if (key == schema::key::id) {
            out << "key: " << terminal_text(corpus::json::to_text(value)) << "\n";
            continue;
        }
        const std::string text = corpus::json::to_line(value, "=");
        const std::string label = terminal_text(key) + ": ";
        out << wrap(terminal_text(text), style.width, label,
                    std::min<std::size_t>(text_columns(label), 24))
            << "\n";
    }
}

std::string citation_json(const CitedItem& item) {
    corpus::json::Object o;
    o.emplace("kind", corpus::json::Value(item.kind));
    o.emplace("cited", corpus::json::Value(cited_name(item)));
    o.emplace("count", corpus::json::Value(item.count));
    if (item.kind == "symbol") {
        o.emplace("present", corpus::json::Value(item.present));
        if (item.present) {
            o.emplace("id", corpus::json::Value(shown_id(item.held)));
            o.emplace("title", corpus::json::Value(display_title(item.held)));
            o.emplace("date", corpus::json::Value(text_of(item.held, schema::key::date)));
            o.emplace("path", corpus::json::Value(text_of(item.held, schema::key::path)));
        }
    }
    return json_line(corpus::json::Value(std::move(o)));
}

void print_document_text(std::ostream& out, const DocumentText& doc, Format format,
                         const TextStyle& style) {
    const std::size_t width = style.width;
    if (format == Format::json) {
        corpus::json::Object o;
        o.emplace("id", corpus::json::Value(shown_id(doc.meta)));
        o.emplace("key", corpus::json::Value(text_of(doc.meta, schema::key::id)));
        o.emplace("title", corpus::json::Value(display_title(doc.meta)));
        o.emplace("text",
                  corpus::json::Value(marked_text(
                      doc.text, "<b>", "</b>", [](const std::string& t) { return html_text(t); })));
        out << json_line(corpus::json::Value(std::move(o))) << "\n";
        return;
    }
    const char* bold = style.color ? "\033[1m" : "";
    const char* dim = style.color ? "\033[2m" : "";
    const char* reset = style.color ? "\033[0m" : "";
    out << wrap(dim +
                    ("id " + std::to_string(shown_id(doc.meta)) + "  " +
                     terminal_text(display_title(doc.meta))) +
                    reset,
                width)
        << "\n\n";
    // The text as indexed, without the blank lines a converter left around it.
    std::string_view text = doc.text;
    const std::size_t begin = text.find_first_not_of(" \t\r\n");
    text = begin == std::string_view::npos ? std::string_view() : text.substr(begin);
    text = text.substr(0, text.find_last_not_of(" \t\r\n") + 1);
    // Safe for a terminal line by line: its lines stay lines.
    const auto lines_for_terminal = [](const std::string& t) {
        std::string safe;
        for (std::size_t from = 0;;) {
            const std::size_t end = t.find('\n', from);
            safe += terminal_text(std::string_view(t).substr(
                from, end == std::string::npos ? std::string::npos : end - from));
            if (end == std::string::npos)
                return safe;
            safe += '\n';
            from = end + 1;
        }
    };
    const std::string marked = marked_text(std::string(text), bold, reset, lines_for_terminal);
    if (width == 0) {
        out << marked << "\n";
        return;
    }
    // Each line broken at spaces to the terminal's width.
    for (std::size_t from = 0; from <= marked.size();) {
        const std::size_t end = std::min(marked.find('\n', from), marked.size());
        out << wrap(std::string_view(marked).substr(from, end - from), width) << "\n";
        from = end + 1;
    }
}

void print_citations(std::ostream& out, const std::string& id, const std::vector<CitedItem>& items,
                     Format format, const TextStyle& style) {
    if (format == Format::json) {
        for (const auto& item : items)
            out << citation_json(item) << "\n";
        return;
    }
    if (format == Format::csv) {
        out << "kind,cited,count,present,title,date,path\n";
        for (const auto& item : items) {
            out << item.kind << "," << csv_field(cited_name(item)) << "," << item.count << ","
                << (item.kind != "symbol" ? ""
                    : item.present        ? "yes"
                                          : "no")
                << "," << csv_field(item.present ? display_title(item.held) : "") << ","
                << csv_field(text_of(item.held, schema::key::date)) << ","
                << csv_field(text_of(item.held, schema::key::path)) << "\n";
        }
        return;
    }
    out << terminal_text(id) << " cites " << items.size()
        << (items.size() == 1 ? " item" : " items") << ":\n";
    for (const auto& item : items) {
        std::string line = item.kind + "  " + terminal_text(cited_name(item));
        if (item.count > 1)
            line += "  (" + std::to_string(item.count) + " times)";
        if (item.kind == "symbol") {
            if (item.present)
                line += "  present: " + terminal_text(display_title(item.held) + " " +
                                                      text_of(item.held, schema::key::date));
            else
                line += "  missing from the index";
        }
        out << wrap(line, style.width, "  ", 4) << "\n";
    }
}

void print_missing(std::ostream& out, const std::vector<MissingItem>& items, Format format,
                   const TextStyle& style) {
    if (format == Format::json) {
        for (const auto& item : items) {
            corpus::json::Array by;
            for (const auto& c : item.cited_by)
                by.emplace_back(c);
            corpus::json::Object o{
                {"symbol", corpus::json::Value(analysis::display_symbol(item.symbol))},
                {"citing", corpus::json::Value(item.citing)},
                {"cited_by", corpus::json::Value(std::move(by))}};
            out << json_line(corpus::json::Value(std::move(o))) << "\n";
        }
        return;
    }
    if (format == Format::csv) {
        out << "symbol,citing,cited_by\n";
        for (const auto& item : items) {
            std::string by;
            for (const auto& c : item.cited_by)
                by += (by.empty() ? "" : "; ") + c;
            out << csv_field(analysis::display_symbol(item.symbol)) << "," << item.citing << ","
                << csv_field(by) << "\n";
        }
        return;
    }
    out << items.size() << " cited symbols are not in the index:\n";
    for (const auto& item : items) {
        std::string line = terminal_text(analysis::display_symbol(item.symbol)) + "  cited by " +
                           std::to_string(item.citing) + ":";
        for (const auto& c : item.cited_by)
            line += " " + terminal_text(c);
        if (item.citing > item.cited_by.size())
            line += " ...";
        out << wrap(line, style.width, "  ", 4) << "\n";
    }
}

void print_family(std::ostream& out,
                  const std::vector<std::pair<Xapian::docid, corpus::json::Object>>& members,
                  Format format, const TextStyle& style) {
    if (members.empty() || format != Format::text)
        return;
    out << "family:\n";
    for (const auto& [docid, meta] : members)
        out << wrap(
                   "id " + std::to_string(shown_id(meta)) + "  " +
                       terminal_text(display_title(meta) + "  " + text_of(meta, schema::key::date)),
                   style.width, "  ", 4)
            << "\n";
}

} // namespace ctoc::search
