#include <ctoc/corpus/formats.h>

#include <catch2/catch.hpp>

using namespace ctoc::corpus;

TEST_CASE("a file's format is told by its content, then its name", "[corpus][formats]") {
    CHECK(detect_format("%PDF-1.7\n...", "rapport.pdf") == FileFormat::pdf);
    // Content wins: a PDF saved under another name, a few junk bytes before the signature.
    CHECK(detect_format("\r\n%PDF-1.4\n...", "rapport.pdf") == FileFormat::pdf);
    CHECK(detect_format(std::string("\0\x01junk%PDF-1.4\n...", 14), "rapport.txt") ==
          FileFormat::pdf);
    // A note about PDF files is not one.
    CHECK(detect_format("Les fichiers commencent par %PDF-1.7, puis...", "note.txt") ==
          FileFormat::text);
    CHECK(detect_format("<!DOCTYPE html><html><body>x</body></html>", "page") == FileFormat::html);
    CHECK(detect_format("\xef\xbb\xbf<!-- saved --> <html lang=\"fr\">", "page.txt") ==
          FileFormat::html);
    CHECK(detect_format("<p>un fragment</p>", "fragment.htm") == FileFormat::html);
    CHECK(detect_format("# Rapport\n\nLa <sup>1</sup> note.", "rapport.md") == FileFormat::text);
    CHECK(detect_format("Distr. générale", "rapport.txt") == FileFormat::text);
    CHECK_THROWS_WITH(detect_format("Des notes.", "notes.pdf"),
                      "not a PDF file, whatever its name says (no %PDF signature in it), skipped");
    CHECK_THROWS_WITH(detect_format("Des notes.", "notes.docx"),
                      "not a DOCX file, whatever its name says (no zip archive in it), skipped");
    CHECK_THROWS_AS(detect_format(std::string("PK\x03\x04", 4) + "garbage", "archive.zip"),
                    ExtractionError);
    // An OLE2 compound file is a Word 97-2003 document to its reader, whatever its name (which
    // tells it from an Excel or PowerPoint file); an RTF file is said, never indexed as text.
    const std::string ole2("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0\0", 12);
    CHECK(detect_format(ole2, "CTOC_COP_2008_1.doc") == FileFormat::doc);
    CHECK(detect_format(ole2, "rapport.txt") == FileFormat::doc);
    CHECK_THROWS_WITH(extract_text(ole2, FileFormat::doc),
                      Catch::StartsWith("damaged Word 97-2003 document (libgsf: "));
    CHECK_THROWS_WITH(detect_format("{\\rtf1\\ansi R\\'e9solution 5/3\\par}", "note.txt"),
                      Catch::StartsWith("an RTF document, which ctoc-index cannot read"));
    // A text about RTF is still a text.
    CHECK(detect_format("Le format {\\rtf1 est ancien.", "note.txt") == FileFormat::text);
}

TEST_CASE(
    "HTML gives its text and title: tags, entities, blocks, no scripts or styles or page furniture",
    "[corpus][formats]") {
    const auto e = html_text(R"(<!DOCTYPE html>
<html><head><meta charset="utf-8"><title> Rapport du  Groupe de travail </title>
<style>p { color: red; }</style><script>var traite = "ne pas indexer";</script></head>
<body><nav>Accueil | Documents</nav><div title="header"><p>CTOC/COP/WG.7/2021/1</p></div>
<h1>Groupe de travail sur le trafic illicite de migrants</h1>
<p>La Conf&eacute;rence des Parties &amp; l&#8217;Office<br>ont d&eacute;cid&eacute;
   de   poursuivre.</p>
<ul><li>Premier point</li><li>Second point</li></ul>
<table><tr><td>Lundi</td><td>10 heures</td></tr></table>
<footer>© Nations Unies</footer></body></html>)");
    CHECK(e.title == "Rapport du Groupe de travail");
    CHECK(e.text == "Groupe de travail sur le trafic illicite de migrants\n\n"
                    "La Conférence des Parties & l’Office\nont décidé de poursuivre.\n\n"
                    "Premier point\n\nSecond point\n\nLundi\n\n10 heures");
    // A page without a declared encoding: UTF-8 when it is, else what browsers assume.
    CHECK(html_text("<p>r\xc3\xa9solution</p>").text == "résolution");
    CHECK(html_text("<p>r\xe9solution</p>").text == "résolution");
    CHECK(html_text("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; "
                    "charset=iso-8859-1\"></head>"
                    "<body><p>d\xe9"
                    "cision</p></body></html>")
              .text == "décision");
}

TEST_CASE("damaged PDF, DOCX and ODT files are one clear error", "[corpus][formats]") {
    CHECK_THROWS_WITH(pdf_text("%PDF-1.7\n" + std::string(2000, '#')),
                      Catch::StartsWith("damaged PDF"));
    CHECK_THROWS_WITH(office_text(std::string("PK\x03\x04", 4), FileFormat::docx),
                      Catch::StartsWith("damaged DOCX"));
    CHECK_THROWS_WITH(office_text("not a zip", FileFormat::odt), Catch::StartsWith("damaged ODT"));
}
