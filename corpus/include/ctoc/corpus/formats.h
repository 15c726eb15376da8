// Documents as researchers have them: PDF, Word (DOCX), OpenDocument (ODT) and HTML files,
// turned into the plain text the rest of the chain reads.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace ctoc::corpus {

/// The kinds of file ctoc-index reads as documents (JSON Lines aside).
enum class FileFormat { text, pdf, docx, odt, html, doc };

/// The name used in messages: "text", "PDF", "DOCX", "ODT", "HTML", "DOC".
const char* format_name(FileFormat format);

/// A file's format by its content first (the PDF signature, a zip archive's members, the
/// OLE2 signature of a Word 97-2003 file, HTML markup at its start), then by its extension
/// (.pdf, .docx, .odt, .html, .htm, .xhtml); text when neither says otherwise. bytes: the whole
/// file. Throws ExtractionError for a file named .pdf, .docx or .odt that is not one, for a zip
/// archive of anything else, and for an RTF file (a format not read).
FileFormat detect_format(std::string_view bytes, std::string_view path);

/// A document file whose text cannot be had (damaged, encrypted, image-only, not what its
/// name says); what() is the whole reason, with what to do about it.
class ExtractionError : public std::runtime_error {
    using std::runtime_error::runtime_error;
};

/// The text of a document file and the title its format declares.
struct ExtractedText {
    /// Paragraphs separated by blank lines, hard line breaks kept; footnotes at the end; page
    /// headers, footers and numbers of a PDF removed.
    std::string text;
    /// The title of the file's metadata (HTML <title>, PDF Title, Office dc:title); "" if none.
    std::string title;
};

/// Extracts the text of a PDF, DOCX, ODT or HTML file (a text file is returned as it is);
/// throws ExtractionError.
ExtractedText extract_text(std::string_view bytes, FileFormat format);

/// The text of a PDF (poppler), with the layout of UN documents undone (see pdf_text.cpp).
ExtractedText pdf_text(std::string_view bytes);

/// The text of a DOCX or ODT file (libzip and libxml2).
ExtractedText office_text(std::string_view bytes, FileFormat format);

/// The text of a Word 97-2003 document (.doc: libgsf and the Word piece table, see
/// doc_text.cpp): main text, then footnotes and endnotes; page headers and footers left out.
ExtractedText doc_text(std::string_view bytes);

/// The text of an HTML page (libxml2's HTML parser): scripts and styles dropped, entities
/// decoded, blocks as paragraphs.
ExtractedText html_text(std::string_view bytes);

} // namespace ctoc::corpus
