// HTML pages through libxml2's HTML parser, which copes with the tag soup of real pages
// (unclosed tags, entities, declared encodings); this file only decides which elements are
// blocks, which are dropped and how white space reads.
#include <ctoc/corpus/formats.h>

#include <ctoc/analysis/unicode.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include <algorithm>
#include <cstring>
#include <limits>
#include <memory>
#include <set>

namespace ctoc::corpus {

namespace {

/// Elements whose content is not text a reader sees.
bool is_dropped(std::string_view name) {
    static const std::set<std::string_view> dropped{"script", "style", "noscript", "template",
                                                    "head",   "svg",   "canvas",   "iframe",
                                                    "object", "select"};
    return dropped.count(name) != 0;
}

/// Elements that stand on lines of their own.
bool is_block(std::string_view name) {
    static const std::set<std::string_view> blocks{
        "p",          "div",     "h1",      "h2",     "h3",       "h4",     "h5",    "h6",
        "ul",         "ol",      "li",      "dl",     "dt",       "dd",     "table", "tr",
        "td",         "th",      "caption", "thead",  "tbody",    "tfoot",  "pre",   "blockquote",
        "section",    "article", "header",  "footer", "nav",      "aside",  "main",  "figure",
        "figcaption", "address", "hr",      "form",   "fieldset", "center", "body",  "html"};
    return blocks.count(name) != 0;
}

bool furniture_div(xmlNode* n, const std::string& name) {
    if (name != "div")
        return false;
    xmlChar* title = xmlGetProp(n, reinterpret_cast<const xmlChar*>("title"));
    if (title == nullptr)
        return false;
    const bool furniture = xmlStrcasecmp(title, reinterpret_cast<const xmlChar*>("header")) == 0 ||
                           xmlStrcasecmp(title, reinterpret_cast<const xmlChar*>("footer")) == 0;
    xmlFree(title);
    return furniture;
}

class Walker {
public:
    std::string text;
    std::string title;

    void walk(xmlNode* node, bool pre) {
        for (xmlNode* n = node; n != nullptr; n = n->next) {
            if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
                append(reinterpret_cast<const char*>(n->content), pre);
                continue;
            }
            if (n->type != XML_ELEMENT_NODE)
                continue;
            std::string name(reinterpret_cast<const char*>(n->name));
            std::transform(name.begin(), name.end(), name.begin(),
                           [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
            if (name == "title" && title.empty()) {
                if (xmlChar* content = xmlNodeGetContent(n)) {
                    title = collapse(reinterpret_cast<const char*>(content));
                    xmlFree(content);
                }
                continue;
            }
            if (name == "head") {
                // The title is all a head holds for a reader.
                walk_title(n->children);
                continue;
            }
            // Page furniture: navigation, footers, and the page header and footer LibreOffice
            // and Word write as <div title="header"> and <div title="footer">.
            if (is_dropped(name) || name == "nav" || name == "footer" || furniture_div(n, name))
                continue;
            if (name == "br") {
                line_break();
                continue;
            }
            const bool block = is_block(name);
            if (block)
                paragraph_break();
            walk(n->children, pre || name == "pre");
            if (block)
                paragraph_break();
        }
    }

private:
    void walk_title(xmlNode* node) {
        for (xmlNode* n = node; n != nullptr; n = n->next) {
            if (n->type == XML_ELEMENT_NODE &&
                xmlStrcasecmp(n->name, reinterpret_cast<const xmlChar*>("title")) == 0 &&
                title.empty()) {
                if (xmlChar* content = xmlNodeGetContent(n)) {
                    title = collapse(reinterpret_cast<const char*>(content));
                    xmlFree(content);
                }
            }
        }
    }

    static std::string collapse(std::string_view s) {
        std::string out;
        for (const char c : s) {
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                if (!out.empty() && out.back() != ' ')
                    out += ' ';
            } else {
                out += c;
            }
        }
        while (!out.empty() && out.back() == ' ')
            out.pop_back();
        return out;
    }

    void append(std::string_view s, bool pre) {
        if (pre) {
            text += s;
            return;
        }
        for (const char c : s) {
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                if (!text.empty() && text.back() != ' ' && text.back() != '\n')
                    text += ' ';
            } else {
                text += c;
            }
        }
    }

    void trim_space() {
        while (!text.empty() && text.back() == ' ')
            text.pop_back();
    }

    void line_break() {
        trim_space();
        text += '\n';
    }

    void paragraph_break() {
        trim_space();
        if (text.empty())
            return;
        if (text.back() != '\n')
            text += '\n';
        if (text.size() < 2 || text[text.size() - 2] != '\n')
            text += '\n';
    }
};

/// The encoding to give libxml2: none when the page declares one (libxml2 reads its <meta>),
/// else UTF-8 when the bytes are UTF-8, else Windows-1252 (what browsers assume).
const char* encoding_of(std::string_view bytes) {
    std::string head(bytes.substr(0, 4096));
    std::transform(head.begin(), head.end(), head.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (head.find("charset") != std::string::npos || head.rfind("\xef\xbb\xbf", 0) == 0)
        return nullptr;
    return analysis::count_invalid_utf8(bytes) == 0 ? "UTF-8" : "windows-1252";
}

} // namespace

ExtractedText html_text(std::string_view bytes) {
    if (bytes.size() > static_cast<std::size_t>(std::numeric_limits<int>::max()))
        throw ExtractionError("HTML file too large to read, skipped");
    const int options =
        HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET;
    std::unique_ptr<xmlDoc, decltype(&xmlFreeDoc)> doc(
        htmlReadMemory(bytes.data(), static_cast<int>(bytes.size()), nullptr, encoding_of(bytes),
                       options),
        &xmlFreeDoc);
    if (!doc)
        throw ExtractionError("unreadable HTML (libxml2 could not parse it), skipped");
    Walker walker;
    walker.walk(xmlDocGetRootElement(doc.get()), false);
    ExtractedText out;
    out.text = std::move(walker.text);
    while (!out.text.empty() && (out.text.back() == '\n' || out.text.back() == ' '))
        out.text.pop_back();
    out.title = std::move(walker.title);
    return out;
}

} // namespace ctoc::corpus
