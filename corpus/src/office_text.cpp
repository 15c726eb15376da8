// Word (DOCX) and OpenDocument (ODT) files: zip archives (libzip) of XML parts (libxml2). The
// parts' element names are the formats' own (ECMA-376 WordprocessingML, ODF text); this file
// says which of them make paragraphs, breaks and notes.
#include <ctoc/corpus/formats.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <zip.h>

#include <cstring>
#include <functional>
#include <limits>
#include <memory>

namespace ctoc::corpus {

namespace {

/// A part of an archive bigger than this is refused: a zip bomb, not a report.
constexpr zip_uint64_t max_part_bytes = 512u << 20;

class Archive {
public:
    explicit Archive(std::string_view bytes, const char* kind) : m_kind(kind) {
        zip_error_t error;
        zip_error_init(&error);
        zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
        if (source != nullptr)
            m_zip = zip_open_from_source(source, ZIP_RDONLY, &error);
        if (m_zip == nullptr) {
            if (source != nullptr)
                zip_source_free(source);
            throw ExtractionError(
                std::string("damaged ") + m_kind +
                " (its zip archive cannot be read: " + zip_error_strerror(&error) + "), skipped");
        }
    }
    ~Archive() {
        if (m_zip != nullptr)
            zip_discard(m_zip);
    }
    Archive(const Archive&) = delete;
    Archive& operator=(const Archive&) = delete;

    bool has(const char* name) const { return zip_name_locate(m_zip, name, 0) >= 0; }

    /// A member's bytes; "" when absent.
    std::string read(const char* name) const {
        zip_stat_t st;
        if (zip_stat(m_zip, name, 0, &st) != 0)
            return {};
        if (!(st.valid & ZIP_STAT_SIZE) || st.size > max_part_bytes)
            throw ExtractionError(std::string(m_kind) + " part " + name +
                                  " is too large to read, skipped");
        std::unique_ptr<zip_file_t, decltype(&zip_fclose)> file(zip_fopen(m_zip, name, 0),
                                                                &zip_fclose);
        if (!file)
            throw ExtractionError(std::string("damaged ") + m_kind + " (" + name +
                                  " cannot be read), skipped");
        std::string out(static_cast<std::size_t>(st.size), '\0');
        if (zip_fread(file.get(), out.data(), st.size) != static_cast<zip_int64_t>(st.size))
            throw ExtractionError(std::string("damaged ") + m_kind + " (" + name +
                                  " is truncated), skipped");
        return out;
    }

private:
    const char* m_kind;
    zip_t* m_zip = nullptr;
};

using XmlDoc = std::unique_ptr<xmlDoc, decltype(&xmlFreeDoc)>;

XmlDoc parse_xml(const std::string& bytes, const char* kind, const char* part) {
    // No network, no external entities: a document is read as it is.
    XmlDoc doc(
        xmlReadMemory(
            bytes.data(),
            static_cast<int>(std::min<std::size_t>(bytes.size(), std::numeric_limits<int>::max())),
            nullptr, "UTF-8",
            XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_COMPACT),
        &xmlFreeDoc);
    if (!doc)
        throw ExtractionError(std::string("damaged ") + kind + " (" + part +
                              " is not well-formed XML), skipped");
    return doc;
}

bool is(const xmlNode* n, const char* local) {
    return n->type == XML_ELEMENT_NODE &&
           std::strcmp(reinterpret_cast<const char*>(n->name), local) == 0;
}

std::string attribute(const xmlNode* n, const char* local) {
    for (const xmlAttr* a = n->properties; a != nullptr; a = a->next) {
        if (std::strcmp(reinterpret_cast<const char*>(a->name), local) == 0 &&
            a->children != nullptr && a->children->content != nullptr)
            return reinterpret_cast<const char*>(a->children->content);
    }
    return {};
}

/// Paragraphs as lines, separated by blank lines.
class Text {
public:
    void add(std::string_view s) { m_text += s; }
    void line_break() { m_text += '\n'; }
    void end_paragraph() {
        while (!m_text.empty() && (m_text.back() == ' ' || m_text.back() == '\t'))
            m_text.pop_back();
        if (m_text.empty() ||
            (m_text.size() >= 2 && m_text.compare(m_text.size() - 2, 2, "\n\n") == 0))
            return;
        m_text += m_text.back() == '\n' ? "\n" : "\n\n";
    }
    std::string take() {
        while (!m_text.empty() && (m_text.back() == '\n' || m_text.back() == ' '))
            m_text.pop_back();
        return std::move(m_text);
    }

private:
    std::string m_text;
};

/// WordprocessingML: w:p paragraphs of w:r runs of w:t text, w:tab, w:br; deleted text and
/// field instructions are not text.
void walk_docx(const xmlNode* node, Text& out) {
    for (const xmlNode* n = node; n != nullptr; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (is(n, "t")) {
            if (xmlChar* content = xmlNodeGetContent(n)) {
                out.add(reinterpret_cast<const char*>(content));
                xmlFree(content);
            }
            continue;
        }
        if (is(n, "tab")) {
            out.add("\t");
            continue;
        }
        if (is(n, "br") || is(n, "cr")) {
            out.line_break();
            continue;
        }
        if (is(n, "del") || is(n, "instrText") || is(n, "delText") || is(n, "footnoteReference") ||
            is(n, "endnoteReference"))
            continue;
        walk_docx(n->children, out);
        if (is(n, "p"))
            out.end_paragraph();
    }
}

/// The notes of a DOCX (footnotes.xml, endnotes.xml), the separators (ids -1 and 0) aside.
void docx_notes(const Archive& zip, const char* part, Text& out) {
    const std::string bytes = zip.read(part);
    if (bytes.empty())
        return;
    const XmlDoc doc = parse_xml(bytes, "DOCX", part);
    for (const xmlNode* n = xmlDocGetRootElement(doc.get())->children; n != nullptr; n = n->next) {
        if (!(is(n, "footnote") || is(n, "endnote")))
            continue;
        const std::string id = attribute(n, "id");
        if (id == "-1" || id == "0" || attribute(n, "type") == "separator" ||
            attribute(n, "type") == "continuationSeparator")
            continue;
        walk_docx(n->children, out);
        out.end_paragraph();
    }
}

/// ODF text: text:p and text:h paragraphs, text:s spaces, text:tab, text:line-break; a note's
/// citation stays in the text and its body goes to the notes; annotations and tracked
/// deletions are not text.
void walk_odt(const xmlNode* node, Text& out, Text& notes) {
    for (const xmlNode* n = node; n != nullptr; n = n->next) {
        if (n->type == XML_TEXT_NODE) {
            // White space between paragraphs (an indented file) is not text.
            const std::string_view content(reinterpret_cast<const char*>(n->content));
            const bool in_paragraph =
                n->parent != nullptr && (is(n->parent, "p") || is(n->parent, "h") ||
                                         is(n->parent, "span") || is(n->parent, "a"));
            if (in_paragraph || content.find_first_not_of(" \t\r\n") != std::string_view::npos)
                out.add(content);
            continue;
        }
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (is(n, "s")) {
            const std::string count = attribute(n, "c");
            const int spaces =
                count.empty() ? 1 : std::max(1, std::min(1000, std::atoi(count.c_str())));
            out.add(std::string(static_cast<std::size_t>(spaces), ' '));
            continue;
        }
        if (is(n, "tab")) {
            out.add("\t");
            continue;
        }
        if (is(n, "line-break")) {
            out.line_break();
            continue;
        }
        if (is(n, "annotation") || is(n, "tracked-changes") || is(n, "sequence-decls"))
            continue;
        if (is(n, "note")) {
            for (const xmlNode* part = n->children; part != nullptr; part = part->next) {
                if (is(part, "note-citation"))
                    walk_odt(part->children, out, notes);
                else if (is(part, "note-body"))
                    walk_odt(part->children, notes, notes);
            }
            notes.end_paragraph();
            continue;
        }
        walk_odt(n->children, out, notes);
        if (is(n, "p") || is(n, "h"))
            out.end_paragraph();
    }
}

/// dc:title of a metadata part (docProps/core.xml, meta.xml); "" when none.
std::string dc_title(const Archive& zip, const char* part, const char* kind) {
    const std::string bytes = zip.read(part);
    if (bytes.empty())
        return {};
    XmlDoc doc(nullptr, &xmlFreeDoc);
    try {
        doc = parse_xml(bytes, kind, part);
    } catch (const ExtractionError&) {
        return {}; // damaged metadata does not hide the text
    }
    std::function<std::string(const xmlNode*)> find = [&](const xmlNode* node) -> std::string {
        for (const xmlNode* n = node; n != nullptr; n = n->next) {
            if (is(n, "title")) {
                std::string title;
                if (xmlChar* content = xmlNodeGetContent(n)) {
                    title = reinterpret_cast<const char*>(content);
                    xmlFree(content);
                }
                return title;
            }
            if (n->type == XML_ELEMENT_NODE) {
                if (std::string t = find(n->children); !t.empty())
                    return t;
            }
        }
        return {};
    };
    return find(xmlDocGetRootElement(doc.get()));
}

} // namespace

ExtractedText office_text(std::string_view bytes, FileFormat format) {
    const char* kind = format_name(format);
    const Archive zip(bytes, kind);
    ExtractedText out;
    Text text;
    if (format == FileFormat::docx) {
        const std::string body = zip.read("word/document.xml");
        if (body.empty())
            throw ExtractionError("damaged DOCX (no word/document.xml in it), skipped");
        const XmlDoc doc = parse_xml(body, kind, "word/document.xml");
        walk_docx(xmlDocGetRootElement(doc.get()), text);
        // Notes after the text, as a reader of the printed page finds them.
        docx_notes(zip, "word/footnotes.xml", text);
        docx_notes(zip, "word/endnotes.xml", text);
        out.title = dc_title(zip, "docProps/core.xml", kind);
    } else {
        const std::string content = zip.read("content.xml");
        if (content.empty())
            throw ExtractionError("damaged ODT (no content.xml in it), skipped");
        const XmlDoc doc = parse_xml(content, kind, "content.xml");
        Text notes;
        // office:document-content > office:body > office:text: the text, not the styles.
        walk_odt(xmlDocGetRootElement(doc.get())->children, text, notes);
        text.end_paragraph();
        text.add(notes.take());
        out.title = dc_title(zip, "meta.xml", kind);
    }
    out.text = text.take();
    return out;
}

} // namespace ctoc::corpus
