#include <ctoc/corpus/formats.h>

#include <zip.h>

#include <algorithm>
#include <cctype>
#include <memory>

namespace ctoc::corpus {

namespace {

std::string lower_extension(std::string_view path) {
    const std::size_t slash = path.find_last_of('/');
    const std::size_t dot = path.find_last_of('.');
    if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash))
        return {};
    std::string ext(path.substr(dot));
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext;
}

/// The members of a zip archive that tell a DOCX from an ODT; nullopt when bytes are not a
/// readable zip archive.
FileFormat zip_format(std::string_view bytes, bool& readable) {
    readable = false;
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
    if (source == nullptr)
        return FileFormat::text;
    zip_t* archive = zip_open_from_source(source, ZIP_RDONLY, &error);
    if (archive == nullptr) {
        zip_source_free(source);
        return FileFormat::text;
    }
    readable = true;
    FileFormat format = FileFormat::text;
    if (zip_name_locate(archive, "word/document.xml", 0) >= 0) {
        format = FileFormat::docx;
    } else if (zip_file_t* mime = zip_fopen(archive, "mimetype", 0)) {
        char buf[64] = {};
        const zip_int64_t n = zip_fread(mime, buf, sizeof buf - 1);
        zip_fclose(mime);
        if (n > 0 && std::string_view(buf, static_cast<std::size_t>(n)) ==
                         "application/vnd.oasis.opendocument.text")
            format = FileFormat::odt;
    }
    zip_discard(archive);
    return format;
}

bool starts_with_markup(std::string_view bytes) {
    std::string head(bytes.substr(0, 1024));
    std::transform(head.begin(), head.end(), head.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    std::size_t at = head.rfind("\xef\xbb\xbf", 0) == 0 ? 3 : 0;
    for (;;) {
        at = head.find_first_not_of(" \t\r\n", at);
        if (at == std::string::npos)
            return false;
        // Comments and an XML declaration may come first.
        if (head.compare(at, 4, "<!--") == 0) {
            at = head.find("-->", at);
            if (at == std::string::npos)
                return false;
            at += 3;
            continue;
        }
        if (head.compare(at, 5, "<?xml") == 0) {
            at = head.find("?>", at);
            if (at == std::string::npos)
                return false;
            at += 2;
            continue;
        }
        break;
    }
    for (const std::string_view tag : {"<!doctype html", "<html", "<head", "<body"}) {
        if (head.compare(at, tag.size(), tag) == 0)
            return true;
    }
    return false;
}

} // namespace

const char* format_name(FileFormat format) {
    switch (format) {
    case FileFormat::text:
        return "text";
    case FileFormat::pdf:
        return "PDF";
    case FileFormat::docx:
        return "DOCX";
    case FileFormat::odt:
        return "ODT";
    case FileFormat::html:
        return "HTML";
    case FileFormat::doc:
        return "DOC";
    }
    return "text";
}

FileFormat detect_format(std::string_view bytes, std::string_view path) {
    const std::string ext = lower_extension(path);
    // A PDF may have a few bytes of junk before its signature (readers accept 1 KiB of it);
    // a text that merely mentions "%PDF-" near its start is still a text.
    const std::size_t signature = bytes.substr(0, 1024).find("%PDF-");
    if (signature == 0 ||
        (signature != std::string_view::npos &&
         (ext == ".pdf" ||
          bytes.substr(0, signature).find_first_of(std::string_view("\0\x01\x02\x03\xff", 5)) !=
              std::string_view::npos)))
        return FileFormat::pdf;
    if (bytes.substr(0, 4) == std::string_view("PK\x03\x04", 4)) {
        bool readable = false;
        const FileFormat format = zip_format(bytes, readable);
        if (format != FileFormat::text)
            return format;
        // A damaged archive named as a document: its reader says what is wrong.
        if (ext == ".docx")
            return FileFormat::docx;
        if (ext == ".odt")
            return FileFormat::odt;
        if (readable)
            throw ExtractionError(
                "a zip archive that is neither a DOCX nor an ODT document, skipped");
        throw ExtractionError("a damaged zip archive, skipped");
    }
    // An OLE2 compound file: a Word 97-2003 document, or an Excel or PowerPoint one, which its
    // reader tells apart.
    if (bytes.substr(0, 8) == std::string_view("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8))
        return FileFormat::doc;
    // No library in Debian that a program could link reads RTF: said, not indexed as text (its
    // control words would be words).
    if (bytes.substr(0, 5) == "{\\rtf")
        throw ExtractionError("an RTF document, which ctoc-index cannot read: save it as DOCX or "
                              "PDF (e.g. libreoffice --headless --convert-to docx FILE), skipped");
    if (ext == ".pdf" || ext == ".docx" || ext == ".odt") {
        throw ExtractionError(std::string("not a ") +
                              (ext == ".pdf"    ? "PDF"
                               : ext == ".docx" ? "DOCX"
                                                : "ODT") +
                              " file, whatever its name says (no " +
                              (ext == ".pdf" ? "%PDF signature" : "zip archive") +
                              " in it), skipped");
    }
    if (ext == ".html" || ext == ".htm" || ext == ".xhtml" || starts_with_markup(bytes))
        return FileFormat::html;
    return FileFormat::text;
}

ExtractedText extract_text(std::string_view bytes, FileFormat format) {
    switch (format) {
    case FileFormat::text:
        break;
    case FileFormat::pdf:
        return pdf_text(bytes);
    case FileFormat::docx:
    case FileFormat::odt:
        return office_text(bytes, format);
    case FileFormat::html:
        return html_text(bytes);
    case FileFormat::doc:
        return doc_text(bytes);
    }
    return {std::string(bytes), {}};
}

} // namespace ctoc::corpus
