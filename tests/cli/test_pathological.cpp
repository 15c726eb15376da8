// Pathological inputs through the real programs: each ends in a result or a clear error,
// within a time guard (a hang fails the test) and, outside sanitizer builds, within an
// address-space limit (a runaway allocation fails the test).
#include "support.h"

#include <catch2/catch.hpp>

#include <sys/resource.h>
#include <unistd.h>

#include <fstream>

#include <filesystem>
#include <string>
#include <vector>

using namespace ctoc::test;
namespace fs = std::filesystem;

namespace {

const std::string index_bin = CTOC_INDEX_BIN;
const std::string search_bin = CTOC_SEARCH_BIN;

#if defined(__SANITIZE_ADDRESS__)
constexpr bool sanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool sanitized = true;
#else
constexpr bool sanitized = false;
#endif
#else
constexpr bool sanitized = false;
#endif

/// Runs a program under coreutils' timeout (exit 124 when it hangs) and, when the build is
/// not sanitized (sanitizers reserve terabytes of address space), util-linux's prlimit.
RunResult guarded(const std::vector<std::string>& argv, unsigned seconds,
                  unsigned long long max_bytes) {
    std::vector<std::string> full{"/usr/bin/timeout", "-s", "KILL", std::to_string(seconds)};
    if (!sanitized && ::access("/usr/bin/prlimit", X_OK) == 0) {
        full.push_back("/usr/bin/prlimit");
        full.push_back("--as=" + std::to_string(max_bytes));
        full.push_back("--");
    }
    full.insert(full.end(), argv.begin(), argv.end());
    return run(full);
}

constexpr unsigned long long GiB = 1ULL << 30;

} // namespace

TEST_CASE("a 50 MB document on one line is indexed whole, in bounded time and memory",
          "[cli][pathological]") {
    TempDir tmp;
    std::string text;
    text.reserve(50'000'100);
    const char* words[] = {"traite",     "personnes",   "migrants",
                           "convention", "criminalité", "coopération"};
    for (std::size_t i = 0; text.size() < 50'000'000; ++i)
        text.append(words[i % 6]).append(std::to_string(i % 997)).push_back(' ');
    text += "motfinalunique";
    write_file(tmp / "docs/one-line.txt", text);
    write_file(tmp / "docs/small.txt", "Rapport sur la traite des personnes.\n");

    const auto r = guarded({index_bin, "--db", tmp / "db", tmp / "docs"}, 600, 4 * GiB);
    INFO(r.err);
    REQUIRE(r.status == 0);
    CHECK(r.err.find("2 added") != std::string::npos);
    // The last word of the line is indexed, and the small document is not drowned.
    CHECK(run({search_bin, "--db", tmp / "db", "--count", "motfinalunique"}).out == "1\n");
    CHECK(run({search_bin, "--db", tmp / "db", "--count", "traite des personnes"}).out == "1\n");
}

TEST_CASE("NUL bytes make a file binary: skipped with a warning, the rest indexed",
          "[cli][pathological]") {
    TempDir tmp;
    write_file(tmp / "docs/nul.txt", std::string("texte avec\0des octets nuls\0", 28));
    write_file(tmp / "docs/ok.txt", "Rapport sur le trafic illicite de migrants.\n");
    const auto r = guarded({index_bin, "--db", tmp / "db", tmp / "docs"}, 120, 2 * GiB);
    CHECK(r.status == 3);
    CHECK(r.err.find("nul.txt: warning: binary file (contains NUL bytes)") != std::string::npos);
    CHECK(run({search_bin, "--db", tmp / "db", "--count", "migrants"}).out == "1\n");
}

TEST_CASE("a document citing 100,000 symbols is indexed and its citations listed",
          "[cli][pathological]") {
    TempDir tmp;
    std::string text = "Note citant de nombreux documents : ";
    for (int i = 0; i < 100000; ++i)
        text += "CTOC/COP/WG.7/2017/" + std::to_string(i) + (i % 2 ? ", " : " et ");
    text += "fin.";
    write_file(tmp / "docs/cites.txt", text);
    const auto r = guarded({index_bin, "--db", tmp / "db", tmp / "docs"}, 300, 4 * GiB);
    INFO(r.err);
    REQUIRE(r.status == 0);
    CHECK(run({search_bin, "--db", tmp / "db", "--count", "cites:ctoc/cop/wg.7/2017/99999"}).out ==
          "1\n");
    const auto listing =
        guarded({search_bin, "--db", tmp / "db", "--cites", tmp / "docs/cites.txt"}, 120, 2 * GiB);
    CHECK(listing.status == 0);
    CHECK(lines(listing.out).size() >= 100000);
    CHECK(listing.out.find("CTOC/COP/WG.7/2017/99999  missing from the index") !=
          std::string::npos);
}

TEST_CASE("deeply nested markup and a symlink loop neither crash nor hang the indexer",
          "[cli][pathological]") {
    TempDir tmp;
    write_file(tmp / "docs/nested.md", std::string(200000, '[') + "texte imbriqué" +
                                           std::string(200000, ']') + std::string(100000, '*') +
                                           "<i><b><sup>" + std::string(50000, '<') +
                                           " fin du document\n");
    fs::create_directories(tmp / "docs/loop");
    fs::create_directory_symlink(tmp / "docs", tmp / "docs/loop/back");
    const auto r = guarded({index_bin, "--db", tmp / "db", tmp / "docs"}, 120, 2 * GiB);
    INFO(r.err);
    CHECK((r.status == 0 || r.status == 3));
    CHECK(run({search_bin, "--db", tmp / "db", "--count", "imbrique"}).out == "1\n");
}

TEST_CASE("a 10,000-word query and 1,000 nested parentheses get an answer or one clear error",
          "[cli][pathological]") {
    TempDir tmp;
    const auto built = run({index_bin, "--db", tmp / "db", corpus_dir()});
    REQUIRE(built.status == 0);
    std::string long_query;
    for (int i = 0; i < 10000; ++i)
        long_query += (i % 3 ? "mot" + std::to_string(i) : std::string("migrants")) + " ";
    const auto r = guarded({search_bin, "--db", tmp / "db", long_query}, 120, 2 * GiB);
    CHECK(r.status == 0);
    CHECK(!r.out.empty());

    const auto nested = guarded({search_bin, "--db", tmp / "db",
                                 std::string(1000, '(') + "migrants" + std::string(1000, ')')},
                                60, 2 * GiB);
    CHECK(nested.status == 2);
    CHECK(lines(nested.err).size() == 1);
    CHECK(nested.err.find("nested too deeply") != std::string::npos);

    const auto quote =
        guarded({search_bin, "--db", tmp / "db", "\"traite des personnes"}, 60, 2 * GiB);
    CHECK(quote.status == 2);
    CHECK(quote.err.find("unbalanced quote") != std::string::npos);
}

TEST_CASE("a 300 MB JSON line over --max-size 1M is refused without being held in memory",
          "[cli][pathological][jsonl]") {
    TempDir tmp;
    {
        std::ofstream out(tmp / "big.jsonl", std::ios::binary);
        const std::string chunk(1 << 20, 'x');
        out << "{\"text\": \"";
        for (int k = 0; k < 300; ++k)
            out << chunk;
        out << "\"}\n{\"id\": \"petit\", \"text\": \"Rapport sur la traite des personnes.\"}\n";
    }
    const auto r = guarded({index_bin, "--db", tmp / "db", "--max-size", "1M", tmp / "big.jsonl"},
                           600, 4 * GiB);
    INFO(r.err);
    CHECK(r.status == 3);
    CHECK(r.err.find(tmp / "big.jsonl" +
                     ":1: warning: record of 314572812 bytes, over the size limit (1048576 bytes), "
                     "skipped") != std::string::npos);
    CHECK(run({search_bin, "--db", tmp / "db", "--count", "traite des personnes"}).out == "1\n");
    // Reading the line whole took 530 MB; streaming it by takes the reader's buffer. The
    // indexer's own peak (not RUSAGE_CHILDREN: other tests in this process ran larger programs).
    CHECK(r.peak_kb > 0);
    CHECK(r.peak_kb < 200 * 1024);
}
