// A folder of the bundled reports as researchers download them: PDF, Word, OpenDocument and
// HTML versions made by LibreOffice from the bundled texts (with a UN page layout: running
// header and footer, footnotes at the foot of the page), indexed with one command; each
// format's version must have the facts of its text version and be found by the same queries.
#include <ctoc/corpus/json.h>

#include "support.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

using namespace ctoc::test;
namespace fs = std::filesystem;
namespace json = ctoc::corpus::json;

namespace {

const std::string index_bin = CTOC_INDEX_BIN;
const std::string search_bin = CTOC_SEARCH_BIN;
const std::vector<std::string> formats{"pdf", "docx", "odt", "html", "doc"};

std::string read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

/// The bundled document 003 as the UN prints it: its own symbol atop the first page, in a
/// two-column header block, "Distr. : générale". The text version reads the block in order.
struct UnLayoutDocument {
    std::string text;     ///< the text version
    std::string markdown; ///< the body LibreOffice lays out under the header table
    UnLayout layout;
};

UnLayoutDocument un_layout_document() {
    std::string source;
    for (const auto& e : fs::directory_iterator(corpus_dir()))
        if (e.path().filename().string().rfind("003_", 0) == 0)
            source = read_file(e.path());
    REQUIRE_FALSE(source.empty());
    // 003 starts with the Conference's name, then the Distr. block; the rest is the body.
    const std::string distr = "Distr. générale\n18 juin 2019\nFrançais\nOriginal : anglais\n";
    const std::size_t at = source.find(distr);
    REQUIRE(at != std::string::npos);
    UnLayoutDocument d;
    d.markdown = source.substr(at + distr.size());
    const std::string conference = "Conférence des Parties à la Convention des Nations Unies "
                                   "contre la criminalité transnationale organisée";
    const std::string block = "Distr. : générale\n18 juin 2019\nFrançais\nOriginal : anglais";
    d.text = "Nations Unies\n\nCTOC/COP/WG.4/2019/1\n\n" + conference + "\n\n" + block + "\n" +
             d.markdown;
    d.layout.header_table = {{"Nations Unies", "CTOC/COP/WG.4/2019/1"}, {conference, block}};
    d.layout.running_header = "CTOC/COP/WG.4/2019/1";
    d.layout.job_number = "V.19-04567";
    return d;
}

/// Every stored fact of a document but where it came from, one "key: value" a line.
std::string facts_text(const std::map<std::string, std::string>& facts) {
    std::string out;
    for (const auto& [k, v] : facts)
        out += k + ": " + v + "\n";
    return out;
}

std::map<std::string, std::string> facts_of(const std::string& db, const std::string& path) {
    const auto r = run({search_bin, "--db", db, "--show", path, "--format", "json"});
    REQUIRE(r.status == 0);
    const auto v = json::parse(lines(r.out).at(0));
    std::map<std::string, std::string> facts;
    for (const auto& [key, value] : v.items()) {
        if (key == "id" || key == "key" || key == "path" || key == "format")
            continue;
        // What a document cites, whatever the order: a text converted page by page has its
        // footnotes where the pages end, the other formats after the text.
        if (value.is_array()) {
            auto sorted = value;
            std::sort(sorted.begin(), sorted.end());
            facts[key] = json::to_text(sorted);
            continue;
        }
        facts[key] = json::to_text(value);
    }
    return facts;
}

} // namespace

TEST_CASE("a folder of PDF, DOCX, ODT, HTML and text versions of the reports indexes with one "
          "command, each "
          "version with the facts of its text and found by the same queries",
          "[cli][formats]") {
    TempDir tmp;
    const fs::path src = tmp.path() / "src", docs = tmp.path() / "docs";
    fs::create_directories(src);
    fs::create_directories(docs);
    std::vector<std::string> stems, fodts;
    for (const auto& e : fs::directory_iterator(corpus_dir())) {
        const std::string stem = e.path().stem().string().substr(0, 3);
        stems.push_back(stem);
        const std::string text = read_file(e.path());
        write_file(docs / (stem + ".txt"), text);
        // Running header and footer on every page: if they were not removed, the header's
        // symbol would be cited on every page, and the facts would differ.
        UnLayout layout;
        layout.running_header = "CTOC/COP/TEST/" + stem;
        layout.job_number = "V.19-0" + stem + "7";
        write_file(src / (stem + ".fodt"), to_fodt(text, layout));
        fodts.push_back((src / (stem + ".fodt")).string());
    }
    const UnLayoutDocument un = un_layout_document();
    stems.push_back("un");
    write_file(docs / "un.txt", un.text);
    write_file(src / "un.fodt", to_fodt(un.markdown, un.layout));
    fodts.push_back((src / "un.fodt").string());
    for (const auto& format : formats) {
        const std::string error = convert_with_libreoffice(fodts, format, docs.string());
        if (!error.empty())
            FAIL(error);
    }

    // One command for the whole folder.
    const std::string db = tmp / "db";
    const auto r = run({index_bin, "--db", db, docs.string()});
    INFO(r.err);
    REQUIRE(r.status == 0);
    CHECK(r.err.find(std::to_string(stems.size() * (formats.size() + 1)) + " added") !=
          std::string::npos);

    // The same facts as the text version.
    for (const auto& stem : stems) {
        const auto expected = facts_of(db, (docs / (stem + ".txt")).string());
        REQUIRE(expected.count("date"));
        for (const auto& format : formats) {
            INFO(stem << "." << format);
            CHECK(facts_text(facts_of(db, (docs / (stem + "." + format)).string())) ==
                  facts_text(expected));
        }
    }
    // The UN layout: its symbol atop the first page is its own, the Distr. block read
    // through the two-column header, running header and footer gone from the text.
    for (const std::string format : {"txt", "pdf", "docx", "odt", "html", "doc"}) {
        INFO(format);
        auto facts = facts_of(db, (docs / ("un." + format)).string());
        CHECK(facts["symbol"] == "CTOC/COP/WG.4/2019/1");
        CHECK(facts["date"] == "2019-06-18");
        CHECK(facts["distribution"] == "générale");
        CHECK(facts["original_language"] == "anglais");
        CHECK(facts["working_group"] == "WG.4");
        const auto shown = run({search_bin, "--db", db, "--text",
                                (docs / ("un." + format)).string(), "--format", "json"});
        REQUIRE(shown.status == 0);
        const std::string text = json::parse(shown.out).at("text").get<std::string>();
        CHECK(text.find("V.19-04567") == std::string::npos);
        CHECK(text.find("CTOC/COP/WG.4/2019/1") == text.rfind("CTOC/COP/WG.4/2019/1"));
        CHECK(text.find("Distr. : générale") != std::string::npos);
    }

    // Footnotes go after the text, so that a paragraph runs on across the foot of a page.
    for (const auto& format : formats) {
        INFO("004." << format);
        const auto shown = run({search_bin, "--db", db, "--text",
                                (docs / ("004." + format)).string(), "--format", "json"});
        const std::string text = json::parse(shown.out).at("text").get<std::string>();
        CHECK(text.find("avec des services d'interprétation dans les six langues") !=
              std::string::npos);
        CHECK_THAT(text, Catch::EndsWith("working-group-on-the-smuggling-of-migrants-2021.html."));
    }

    // The same ten queries find the same documents in every format.
    const std::vector<std::string> queries{"traite des personnes",
                                           "trafic illicite de migrants",
                                           "résolution 7/1",
                                           "CTOC/COP/WG.4/2019/2",
                                           "\"ordre du jour provisoire\"",
                                           "pandémie",
                                           "décision 4/4",
                                           "\"bureau elargi\"",
                                           "wg:7",
                                           "type:note-du-secretariat"};
    for (const auto& q : queries) {
        INFO("query: " << q);
        const auto found =
            run({search_bin, "--db", db, "--format", "json", "--limit", "100", "--no-snippets", q});
        REQUIRE(found.status == 0);
        std::map<std::string, std::set<std::string>> by_format; // format -> stems
        for (const auto& line : lines(found.out)) {
            const fs::path p = json::parse(line).at("path").get<std::string>();
            by_format[p.extension().string().substr(1)].insert(p.stem().string());
        }
        REQUIRE_FALSE(by_format["txt"].empty());
        for (const auto& format : formats) {
            INFO(format);
            CHECK(by_format[format] == by_format["txt"]);
        }
    }
}

TEST_CASE("encrypted, damaged, image-only and misnamed documents are one clear warning each, the "
          "rest indexed",
          "[cli][formats]") {
    TempDir tmp;
    const fs::path src = tmp.path() / "src", docs = tmp.path() / "docs";
    fs::create_directories(src);
    fs::create_directories(docs);
    std::string text;
    for (const auto& e : fs::directory_iterator(corpus_dir()))
        if (e.path().filename().string().rfind("000_", 0) == 0)
            text = read_file(e.path());
    write_file(src / "good.fodt", to_fodt(text, {}));
    write_file(src / "secret.fodt", to_fodt(text, {}));
    // A scan: one page, one picture, no text.
    write_file(src / "scan.fodt",
               R"(<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.text"><office:body><office:text><text:p><draw:frame draw:name="scan" text:anchor-type="as-char" svg:width="15cm" svg:height="20cm"><draw:image><office:binary-data>iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==</office:binary-data></draw:image></draw:frame></text:p></office:text></office:body></office:document>
)");
    std::string error = convert_with_libreoffice(
        {(src / "good.fodt").string(), (src / "scan.fodt").string()}, "pdf", docs.string());
    if (error.empty())
        error = convert_with_libreoffice(
            {(src / "secret.fodt").string()},
            R"(pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},)"
            R"("DocumentOpenPassword":{"type":"string","value":"secret"}})",
            docs.string());
    if (!error.empty())
        FAIL(error);
    write_file(docs / "broken.pdf", "%PDF-1.7\n" + std::string(4000, '#') + "\n%%EOF\n");
    write_file(docs / "notes.pdf",
               "Des notes prises en réunion, enregistrées sous un mauvais nom.\n");
    write_file(docs / "broken.docx", std::string("PK\x03\x04", 4) + std::string(200, '\x01'));

    const std::string db = tmp / "db";
    const auto r = run({index_bin, "--db", db, docs.string()});
    INFO(r.err);
    CHECK(r.status == 3);
    const auto warning = [&](const std::string& file, const std::string& message) {
        for (const auto& line : lines(r.err))
            if (line.rfind((docs / file).string() + ": warning: " + message, 0) == 0)
                return true;
        return false;
    };
    CHECK(warning(
        "secret.pdf",
        "encrypted PDF (it needs a password to open), skipped; save a copy without the password"));
    CHECK(warning(
        "scan.pdf",
        "image-only PDF (1 page without a text layer: a scan?), skipped; make its text searchable "
        "first, e.g. with ocrmypdf -l fra in.pdf out.pdf"));
    CHECK(warning("broken.pdf",
                  "damaged PDF (poppler: Command token too long), skipped; download it again"));
    CHECK(warning("notes.pdf",
                  "not a PDF file, whatever its name says (no %PDF signature in it), skipped"));
    CHECK(warning("broken.docx",
                  "damaged DOCX (its zip archive cannot be read: Not a zip archive), skipped"));
    CHECK(lines(r.err).size() == 6); // five warnings and the summary
    CHECK_THAT(r.err, Catch::Contains("1 added") && Catch::Contains("5 failed"));
    CHECK(run({search_bin, "--db", db, "--count", "trafic illicite de migrants"}).out == "1\n");
}

TEST_CASE("a Word 97-2003 document is read (its text, notes and title, not its field codes), "
          "and a damaged one or another Office file is one warning each",
          "[cli][formats]") {
    TempDir tmp;
    const fs::path src = tmp.path() / "src", docs = tmp.path() / "docs";
    fs::create_directories(src);
    fs::create_directories(docs);
    write_file(src / "note.html",
               "<html><head><title>Note sur le pangolin</title></head><body>\n"
               "<p>Voir le <a href=\"https://www.unodc.org/ctoc/ornithorynque.html\">site du "
               "Secrétariat</a> sur la résolution 5/3 et le rapport CTOC/COP/WG.7/2017/5.</p>\n"
               "<table><tr><td>Premier État</td><td>Deuxième État</td></tr>\n"
               "<tr><td>tamanoir</td><td>kangourou</td></tr></table>\n"
               "<p>L’Assemblée générale a adopté la décision sur l’œuvre du wombat.</p>\n"
               "</body></html>\n");
    if (const std::string error =
            convert_with_libreoffice({(src / "note.html").string()}, "doc:MS Word 97", docs);
        !error.empty())
        FAIL(error);
    const std::string doc = read_file(docs / "note.doc");
    REQUIRE(doc.rfind("\xD0\xCF\x11\xE0", 0) == 0);
    // Cut short: its compound file cannot be read.
    write_file(docs / "cut.doc", doc.substr(0, doc.size() / 2));
    // An OLE2 file without a WordDocument stream (an Excel or PowerPoint file).
    std::string other = doc;
    const std::string name("W\0o\0r\0d\0D\0o\0c\0u\0m\0e\0n\0t\0", 24);
    const std::size_t at = other.find(name);
    REQUIRE(at != std::string::npos);
    other[at] = 'X';
    write_file(docs / "tableur.xls", other);
    // Encrypted: the flag a password sets in its File Information Block (fEncrypted).
    std::string locked = doc;
    const std::size_t fib = locked.find("\xEC\xA5");
    REQUIRE(fib != std::string::npos);
    locked[fib + 0x0B] = static_cast<char>(locked[fib + 0x0B] | 0x01);
    write_file(docs / "locked.doc", locked);

    const std::string db = tmp / "db";
    // The folder: .doc files are read by default; tableur.xls is named.
    const auto r = run({index_bin, "--db", db, docs.string(), (docs / "tableur.xls").string()});
    INFO(r.err);
    CHECK(r.status == 3);
    CHECK_THAT(r.err, Catch::Contains((docs / "cut.doc").string() +
                                      ": warning: damaged Word 97-2003 document (libgsf: "));
    CHECK_THAT(r.err, Catch::Contains((docs / "tableur.xls").string() +
                                      ": warning: a Microsoft Office 97-2003 file that is not a "
                                      "Word document"));
    CHECK_THAT(r.err, Catch::Contains((docs / "locked.doc").string() +
                                      ": warning: encrypted Word 97-2003 document (it needs a "
                                      "password to open), skipped"));
    CHECK(lines(r.err).size() == 4); // three warnings, the summary: nothing from libgsf itself
    CHECK_THAT(r.err, Catch::Contains("1 added") && Catch::Contains("3 failed"));

    const auto count = [&](const std::string& q) {
        return run({search_bin, "--db", db, "--count", q}).out;
    };
    CHECK(count("pangolin") == "1\n"); // the title, from the SummaryInformation stream
    CHECK(count("\"site du secretariat\"") == "1\n");
    CHECK(count("resolution 5/3") == "1\n");
    CHECK(count("ctoc/cop/wg.7/2017/5") == "1\n");
    CHECK(count("tamanoir kangourou") == "1\n");
    CHECK(count("\"l'assemblee generale\"") == "1\n");
    CHECK(count("oeuvre wombat") == "1\n");
    // The hyperlink's field code (HYPERLINK "https://...") is not text.
    CHECK(count("hyperlink") == "0\n");
    CHECK(count("ornithorynque") == "0\n");
    const auto shown = run({search_bin, "--db", db, "--show", (docs / "note.doc").string()});
    CHECK_THAT(shown.out,
               Catch::Contains("format: DOC") && Catch::Contains("title: Note sur le pangolin"));
}
