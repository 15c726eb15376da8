// ctoc-bench-generate: a deterministic, realistic scale corpus of French CTOC/COP documents,
// with the ground truth of what each document cites.
//
// Bodies are real French sentences (the bundled corpus, and the UN Parallel Corpus sample when
// present) with a Zipf-distributed long tail of dictionary words, so that vocabulary grows with
// corpus size as it does in real collections. Headers follow the bundled documents' layout.
// Citations of symbols, resolutions and decisions are planted and written to ground_truth.jsonl.
// The generator lives in bench/generate/: random.h (the seeded numbers), domain.cpp (bodies,
// dates, sessions), sentences.cpp (where sentences come from), generator.cpp (the documents).
#include "generate/generator.h"
#include "options.h"

#include <ctoc/corpus/json.h>

#include <boost/program_options.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

namespace fs = std::filesystem;
namespace po = boost::program_options;
namespace json = ctoc::corpus::json;

namespace {

/// Writes the "text" of each JSON Lines record as out/docs/NNNN/NNNNNNN.txt (record number,
/// 0-based), so that omindex and ctoc-index index the same passages as separate files.
std::size_t export_json_lines(const std::string& file, const fs::path& out) {
    std::ifstream in(file);
    if (!in)
        throw std::runtime_error(file + ": cannot read");
    std::string line;
    std::size_t n = 0;
    while (std::getline(in, line)) {
        const json::Value v = json::parse(line);
        const json::Value* text = json::find(v, "text");
        char dir[32], name[48];
        std::snprintf(dir, sizeof dir, "%04zu", n / 1000);
        std::snprintf(name, sizeof name, "%07zu.txt", n);
        ++n;
        if (!text || !text->is_string())
            continue;
        fs::create_directories(out / "docs" / dir);
        std::ofstream f(out / "docs" / dir / name, std::ios::binary);
        f << text->get_ref<const std::string&>();
    }
    return n;
}

} // namespace

int main(int argc, char** argv) {
    ctoc::bench::Config config;
    std::string export_jsonl;
    config.bundled = CTOC_BUNDLED_CORPUS_DIR;
    config.unv = CTOC_UNV_JSONL;
    po::options_description options(
        "Usage: ctoc-bench-generate --out DIR [--docs N] [--seed S]\n"
        "Writes a deterministic corpus of CTOC/COP-like French documents "
        "(DIR/docs/NNNN/NNNNNNN.txt,\n"
        "at most 1000 files a directory) and beside it DIR/ground_truth.jsonl (file relative to\n"
        "DIR/docs, planted citations, body, date).\n\nOptions");
    options.add_options()("help,h", "print this help and exit")(
        "docs,n", po::value(&config.docs), "number of documents (default 1000)")(
        "seed,s", po::value(&config.seed),
        "random seed (default 42); the same seed gives the same bytes")(
        "out,o", po::value(&config.out), "output directory")(
        "bundled", po::value(&config.bundled), "directory of the bundled corpus (sentences)")(
        "unv", po::value(&config.unv), "unv1-fr JSON Lines (sentences; skipped when absent)")(
        "dictionary", po::value(&config.dictionary),
        "word list for the long tail (default /usr/share/dict/french)")(
        "export-jsonl", po::value(&export_jsonl),
        "instead: write each record of this JSON Lines file to DIR/docs/NNNN/NNNNNNN.txt");
    try {
        po::variables_map vm;
        if (!ctoc::bench::parse_command_line(argc, argv, options, vm))
            return 0;
        if (config.out.empty())
            throw po::error("--out is required");
    } catch (const po::error& e) {
        std::cerr << "ctoc-bench-generate: " << e.what() << "\n";
        return 2;
    }
    try {
        const auto start = std::chrono::steady_clock::now();
        if (!export_jsonl.empty()) {
            const std::size_t n = export_json_lines(export_jsonl, config.out);
            std::fprintf(stderr, "ctoc-bench-generate: %zu records of %s written to %s/docs\n", n,
                         export_jsonl.c_str(), config.out.c_str());
            return 0;
        }
        ctoc::bench::generate(config);
        const double s =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        std::fprintf(stderr, "ctoc-bench-generate: %zu documents in %s in %.1f s\n", config.docs,
                     config.out.c_str(), s);
    } catch (const std::exception& e) {
        std::cerr << "ctoc-bench-generate: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
