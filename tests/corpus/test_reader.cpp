#include <ctoc/corpus/reader.h>

#include "support.h"

#include <catch2/catch.hpp>

#include <array>
#include <sstream>

using namespace ctoc::corpus;
using ctoc::test::TempDir;
using ctoc::test::write_file;

namespace {

struct Collected {
    std::vector<Record> docs;
    std::vector<Diagnostic> warnings;
    DiagnosticSink sink() {
        return [this](const Diagnostic& d) { warnings.push_back(d); };
    }
    std::function<void(Record&&)> emit() {
        return [this](Record&& d) { docs.push_back(std::move(d)); };
    }
};

} // namespace

TEST_CASE("scanning finds the bundled corpus recursively, sorted", "[corpus][reader]") {
    Collected c;
    const auto sources = scan_sources({ctoc::test::corpus_dir()}, ScanOptions{}, c.sink());
    REQUIRE(sources.size() == 5);
    CHECK(c.warnings.empty());
    CHECK(sources.front().path.find("000_b4397e204b15be52.txt") != std::string::npos);
    CHECK_FALSE(sources.front().json_lines);
}

TEST_CASE("include and exclude globs choose the files", "[corpus][reader]") {
    TempDir dir;
    write_file(dir.path() / "a" / "rapport.txt", "La traite des personnes.");
    write_file(dir.path() / "a" / "b" / "note.md", "Le trafic illicite de migrants.");
    write_file(dir.path() / "a" / "image.png", "\x89PNG");
    write_file(dir.path() / "lot.jsonl", "{\"text\": \"armes à feu\"}\n");
    Collected c;
    auto all = scan_sources({dir.path().string()}, ScanOptions{}, c.sink());
    CHECK(all.size() == 3); // the PNG is not a text extension
    ScanOptions only_md;
    only_md.include = {"*.md"};
    CHECK(scan_sources({dir.path().string()}, only_md, c.sink()).size() == 1);
    ScanOptions no_b;
    no_b.exclude = {"*/b/*"};
    CHECK(scan_sources({dir.path().string()}, no_b, c.sink()).size() == 2);
    // A missing path is a warning, not an end.
    const auto some = scan_sources({dir / "nowhere", dir.path().string()}, ScanOptions{}, c.sink());
    CHECK(some.size() == 3);
    REQUIRE(c.warnings.size() == 1);
    CHECK(c.warnings[0].to_string() == dir / "nowhere" + ": warning: no such file or directory");
    // A directory none of whose files is taken says so, rather than indexing nothing quietly.
    Collected none;
    ScanOptions pdf;
    pdf.include = {"*.pdf"};
    CHECK(scan_sources({dir.path().string()}, pdf, none.sink()).empty());
    REQUIRE(none.warnings.size() == 1);
    CHECK(none.warnings[0].to_string() ==
          dir.path().string() +
              ": warning: none of its 4 files matches --include (*.pdf); name the files to "
              "index with --include");
}

TEST_CASE("JSON Lines records become documents, and bad lines are reported with their number",
          "[corpus][reader]") {
    std::istringstream in(
        "{\"symbol\": \"CTOC/COP/WG.7/2017/5\", \"date\": \"2017-09-13\", \"text\": \"Rapport sur "
        "la "
        "réunion\"}\n"
        "\n"
        "{\"text\": \"sans fin\"\n"
        "{\"title\": \"pas de texte\"}\n"
        "{\"text\": \"   \"}\n"
        "{\"text\": \"Deuxième document\", \"year\": 2015, \"tags\": [\"a\", \"b\"]}\n");
    Collected c;
    const std::size_t skipped = read_json_lines(in, "lot.jsonl", ScanOptions{}, c.sink(), c.emit());
    CHECK(skipped == 3);
    REQUIRE(c.docs.size() == 2);
    CHECK(c.docs[0].line == 1);
    CHECK(c.docs[0].id == "CTOC/COP/WG.7/2017/5"); // its symbol: no "id" field
    CHECK(c.docs[1].id == "lot.jsonl:6");          // neither id nor symbol: where it was read
    CHECK(c.docs[1].line == 6);
    CHECK(c.docs[1].offset > 0);
    REQUIRE(c.warnings.size() == 3);
    CHECK(c.warnings[0].to_string().rfind("lot.jsonl:3: warning: malformed JSON", 0) == 0);
    CHECK(c.warnings[1].to_string() ==
          "lot.jsonl:4: warning: JSON line has no \"text\" string field, skipped");
    CHECK(c.warnings[2].to_string() ==
          "lot.jsonl:5: warning: empty document (no text to index), skipped");
    bool has_tags = false;
    for (const auto& [k, v] : c.docs[1].given)
        has_tags = has_tags || (k == "tags" && v == "a; b");
    CHECK(has_tags);
}

TEST_CASE("text checks: empty, binary, Latin-1 and damaged UTF-8", "[corpus][reader]") {
    bool repaired = false;
    std::size_t invalid = 0;
    CHECK(check_text("", repaired, invalid).rfind("empty", 0) == 0);
    CHECK(check_text(" \n\t ", repaired, invalid).rfind("empty", 0) == 0);
    CHECK(check_text(std::string("PK\x03\x04\0\0", 6), repaired, invalid).rfind("binary", 0) == 0);
    // A Latin-1 text is mostly invalid UTF-8: another encoding (a text file is read as
    // Windows-1252 before this check; a JSON record must be UTF-8).
    CHECK(check_text("r\xE9solution \xE9t\xE9 adopt\xE9"
                     "e par l'Assembl\xE9"
                     "e g\xE9n\xE9rale",
                     repaired, invalid)
              .rfind("not UTF-8", 0) == 0);
    // One bad byte in a long text is damage to repair.
    const std::string damaged =
        "La Conférence des Parties a décidé \xFF de créer un groupe de travail sur la traite.";
    CHECK(check_text(damaged, repaired, invalid).empty());
    CHECK(repaired);
    CHECK(invalid == 1);
}

TEST_CASE("a record's key is its id, else its symbol, else where it was read", "[corpus][reader]") {
    std::istringstream in(R"({"id": 12345678901234567, "symbol": "A/68/908", "text": "Premier."})"
                          "\n"
                          R"({"id": 12345678901234568, "text": "Deuxième."})"
                          "\n"
                          R"({"symbol": "a/69/839/add.16", "text": "Troisième."})"
                          "\n"
                          R"({"text": "Quatrième."})"
                          "\n");
    Collected c;
    CHECK(read_json_lines(in, "lot.jsonl", ScanOptions{}, c.sink(), c.emit()) == 0);
    REQUIRE(c.docs.size() == 4);
    // 17-digit ids stay themselves: two records, two keys.
    CHECK(c.docs[0].id == "12345678901234567");
    CHECK(c.docs[1].id == "12345678901234568");
    CHECK(c.docs[2].id == "A/69/839/Add.16");
    CHECK(c.docs[3].id == "lot.jsonl:4");
    // On standard input, a record with neither is known by its content, not its line: the
    // first line of another batch is another document.
    std::istringstream first(R"({"text": "Premier lot."})"
                             "\n");
    std::istringstream second(R"({"text": "Second lot."})"
                              "\n");
    Collected piped;
    read_json_lines(first, std::string(stdin_path), ScanOptions{}, piped.sink(), piped.emit());
    read_json_lines(second, std::string(stdin_path), ScanOptions{}, piped.sink(), piped.emit());
    REQUIRE(piped.docs.size() == 2);
    CHECK(piped.docs[0].id.rfind("<stdin>#", 0) == 0);
    CHECK(piped.docs[0].id != piped.docs[1].id);
}

TEST_CASE(
    "bytes that are not UTF-8 in any field are repaired with one warning, or the record skipped",
    "[corpus][reader]") {
    std::istringstream in(
        "{\"title\": \"Rapport \xFF annuel\", \"text\": \"La Conférence des Parties a décidé.\"}\n"
        "{\"text\": \"r\xE9solution \xE9t\xE9 adopt\xE9"
        "e par l'Assembl\xE9"
        "e\"}\n");
    Collected c;
    CHECK(read_json_lines(in, "lot.jsonl", ScanOptions{}, c.sink(), c.emit()) == 1);
    REQUIRE(c.docs.size() == 1);
    bool repaired_title = false;
    for (const auto& [k, v] : c.docs[0].given)
        repaired_title = repaired_title || (k == "title" && v == "Rapport \xEF\xBF\xBD annuel");
    CHECK(repaired_title);
    REQUIRE(c.warnings.size() == 2);
    CHECK(c.warnings[0].to_string() ==
          "lot.jsonl:1: warning: invalid UTF-8 (1 sequences replaced by U+FFFD)");
    CHECK_FALSE(c.warnings[0].skipped);
    CHECK_THAT(c.warnings[1].to_string(),
               Catch::StartsWith("lot.jsonl:2: warning: not UTF-8 text") &&
                   Catch::EndsWith("skipped"));
}

TEST_CASE("a JSON line over --max-size is refused without being read whole", "[corpus][reader]") {
    // A stream that makes up a 300 MB line as it is read: holding it whole would show in the
    // reader's memory, and the stream counts what was asked of it.
    class LongLine : public std::streambuf {
    public:
        explicit LongLine(std::size_t size) : m_left(size) {}
        std::size_t served = 0;

    protected:
        int_type underflow() override {
            if (m_done)
                return traits_type::eof();
            const std::size_t n = std::min(m_left, m_buf.size());
            if (n == 0) {
                static const std::string tail = "\n{\"text\": \"Après la longue ligne.\"}\n";
                std::copy(tail.begin(), tail.end(), m_buf.begin());
                setg(m_buf.data(), m_buf.data(), m_buf.data() + tail.size());
                m_done = true;
                served += tail.size();
                return traits_type::to_int_type(m_buf[0]);
            }
            std::fill(m_buf.begin(), m_buf.begin() + static_cast<long>(n), 'x');
            if (served == 0)
                m_buf[0] = '{';
            m_left -= n;
            served += n;
            setg(m_buf.data(), m_buf.data(), m_buf.data() + n);
            return traits_type::to_int_type(m_buf[0]);
        }

    private:
        std::size_t m_left;
        bool m_done = false;
        std::array<char, 1 << 16> m_buf{};
    };
    LongLine source(300u << 20);
    std::istream in(&source);
    ScanOptions options;
    options.max_bytes = 1u << 20;
    Collected c;
    std::size_t largest = 0;
    const std::size_t skipped =
        read_json_lines(in, "big.jsonl", options, c.sink(), [&](Record&& d) {
            largest = std::max(largest, d.text.size());
            c.docs.push_back(std::move(d));
        });
    CHECK(skipped == 1);
    CHECK(source.served > (300u << 20)); // the whole line went by ...
    REQUIRE(c.warnings.size() == 1);
    CHECK(c.warnings[0].to_string() == "big.jsonl:1: warning: record of 314572800 bytes, over the "
                                       "size limit (1048576 bytes), skipped; raise "
                                       "--max-size to index it");
    // ... and the next record is read.
    REQUIRE(c.docs.size() == 1);
    CHECK(c.docs[0].line == 2);
    CHECK(c.docs[0].text == "Après la longue ligne.");
}
