// ctoc-bench-snippets: what snippets cost on very long documents. Five documents of about 19 MB
// each (unv1-fr's texts, or the bundled corpus's, shuffled with a fixed seed), indexed once;
// then each pinned query is timed with snippets and with --no-snippets, interleaved, after a
// warm-up; the ratio of the medians is the figure (the peer is the same search without
// snippets, measured in the same run).
#include "options.h"

#include <ctoc/corpus/json.h>
#include <ctoc/index/indexer.h>
#include <ctoc/search/searcher.h>

#include <boost/program_options.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
namespace po = boost::program_options;

namespace {

std::vector<std::string> source_texts(const std::string& unv, const std::string& bundled) {
    std::vector<std::string> texts;
    std::ifstream in(unv);
    std::string line;
    while (std::getline(in, line)) {
        try {
            const auto v = ctoc::corpus::json::parse(line);
            if (const auto* t = ctoc::corpus::json::find(v, "text"); t && t->is_string())
                texts.push_back(t->get<std::string>());
        } catch (const ctoc::corpus::json::ParseError&) {
        }
    }
    if (texts.empty()) {
        for (const auto& e : fs::directory_iterator(bundled)) {
            std::ifstream f(e.path());
            std::stringstream s;
            s << f.rdbuf();
            texts.push_back(s.str());
        }
    }
    return texts;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

/// "2 cores, AMD EPYC ..., 23.5 GiB RAM", from /proc.
std::string machine() {
    std::ifstream cpu("/proc/cpuinfo");
    std::string line, model;
    int cores = 0;
    while (std::getline(cpu, line)) {
        if (line.rfind("processor", 0) == 0)
            ++cores;
        if (model.empty() && line.rfind("model name", 0) == 0)
            model = line.substr(line.find(':') + 2);
    }
    std::ifstream mem("/proc/meminfo");
    double gib = 0;
    while (std::getline(mem, line)) {
        if (line.rfind("MemTotal:", 0) == 0)
            gib = std::stod(line.substr(9)) / (1024.0 * 1024.0);
    }
    char buf[256];
    std::snprintf(buf, sizeof buf, "%d cores, %s, %.1f GiB RAM", cores, model.c_str(), gib);
    return buf;
}

double ms_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
        .count();
}

} // namespace

int main(int argc, char** argv) {
    std::string work, out_path, command;
    std::string unv = CTOC_UNV_JSONL;
    std::size_t docs = 5;
    double megabytes = 19;
    int rounds = 7;
    unsigned seed = 42;
    po::options_description options(
        "Usage: ctoc-bench-snippets --work DIR [--docs 5] [--mb 19] [--rounds 7] [--out FILE]\n"
        "Search time with snippets against --no-snippets on very long documents, same "
        "run.\n\nOptions");
    options.add_options()("help,h", "print this help and exit")(
        "work", po::value(&work),
        "directory for the documents and the index (reused when present)")("docs", po::value(&docs),
                                                                           "documents (default 5)")(
        "mb", po::value(&megabytes), "megabytes of text per document (default 19)")(
        "rounds", po::value(&rounds), "timed rounds after a warm-up (default 7)")(
        "seed", po::value(&seed), "shuffle seed (default 42)")(
        "unv", po::value(&unv), "unv1-fr JSON Lines (default: ../shared/corpora/unv1-fr)")(
        "out", po::value(&out_path), "append the results table (markdown) to this file");
    try {
        po::variables_map vm;
        if (!ctoc::bench::parse_command_line(argc, argv, options, vm))
            return 0;
        if (work.empty())
            throw po::error("--work is required");
    } catch (const po::error& e) {
        std::cerr << "ctoc-bench-snippets: " << e.what() << "\n";
        return 2;
    }

    const fs::path dir = fs::path(work) / "docs";
    const std::string db = (fs::path(work) / "db").string();
    const auto target = static_cast<std::size_t>(megabytes * 1e6);
    if (!fs::exists(db)) {
        const auto texts = source_texts(unv, CTOC_BUNDLED_CORPUS_DIR);
        fs::create_directories(dir);
        std::uint64_t state = seed;
        for (std::size_t d = 0; d < docs; ++d) {
            std::string text;
            while (text.size() < target) {
                state = state * 6364136223846793005ULL + 1442695040888963407ULL;
                text += texts[(state >> 33) % texts.size()];
                text += "\n\n";
                // The rare words of the last query meet once, at nine tenths of the document.
                if (text.size() > target * 9 / 10 &&
                    text.find("ornithorynque") == std::string::npos)
                    text += "Le rapport du wombat sur l'ornithorynque a été transmis au "
                            "Secrétariat.\n\n";
            }
            std::ofstream(dir / ("long-" + std::to_string(d) + ".txt"), std::ios::binary) << text;
        }
        ctoc::index::IndexerConfig config;
        config.database = db;
        config.inputs = {dir.string()};
        config.scan.max_bytes = target * 2;
        const auto start = std::chrono::steady_clock::now();
        const auto s = ctoc::index::run_indexer(
            config, [](const ctoc::corpus::Diagnostic& d) { std::cerr << d.to_string() << "\n"; });
        std::fprintf(stderr, "ctoc-bench-snippets: %zu documents of %.0f MB indexed in %.1f s\n",
                     s.documents, megabytes, ms_since(start) / 1000);
    }

    const std::vector<std::string> queries{"traite des personnes",    "cooperation internationale",
                                           "criminalite organisee",   "blanchiment d'argent",
                                           "\"conseil de securite\"", "wombat ornithorynque"};
    ctoc::search::Searcher searcher(db);
    struct Row {
        std::string query;
        std::size_t hits = 0;
        std::vector<double> with, without;
    };
    // A warm-up over every query: the system's caches and the snippet analyzer's stems.
    for (const auto& q : queries) {
        ctoc::search::SearchRequest r;
        r.query = q;
        for (const bool snippets : {true, false}) {
            r.snippets = snippets;
            searcher.search(r);
        }
    }
    std::vector<Row> rows;
    for (const auto& q : queries) {
        Row row{q, 0, {}, {}};
        ctoc::search::SearchRequest r;
        r.query = q;
        r.limit = 10;
        for (int round = -1; round < rounds; ++round) {
            for (const bool snippets : {true, false}) {
                r.snippets = snippets;
                const auto start = std::chrono::steady_clock::now();
                const auto result = searcher.search(r);
                const double ms = ms_since(start);
                row.hits = result.hits.size();
                if (round >= 0)
                    (snippets ? row.with : row.without).push_back(ms);
            }
        }
        rows.push_back(std::move(row));
    }

    std::ostringstream md;
    md << "## Snippets on " << docs << " documents of " << megabytes << " MB\n\n"
       << "`ctoc-bench-snippets --work " << work << " --docs " << docs << " --mb " << megabytes
       << " --rounds " << rounds
       << "`: each query timed in-process with snippets and without (`--no-snippets`), "
       << "interleaved, median of " << rounds
       << " rounds after a warm-up; 10 results a query. Machine: " << machine() << ".\n\n"
       << "| query | hits | with snippets ms | without ms | ratio |\n|---|---:|---:|---:|---:|\n";
    std::vector<double> all_with, all_without;
    for (const auto& row : rows) {
        const double w = median(row.with), wo = median(row.without);
        all_with.insert(all_with.end(), row.with.begin(), row.with.end());
        all_without.insert(all_without.end(), row.without.begin(), row.without.end());
        char line[256];
        std::snprintf(line, sizeof line, "| %s | %zu | %.2f | %.2f | %.2f |\n", row.query.c_str(),
                      row.hits, w, wo, wo > 0 ? w / wo : 0);
        md << line;
    }
    double total_with = 0, total_without = 0;
    for (const auto& row : rows) {
        total_with += median(row.with);
        total_without += median(row.without);
    }
    char line[256];
    std::snprintf(line, sizeof line,
                  "| **all queries (sum of medians)** | | **%.2f** | **%.2f** | **%.2f** |\n",
                  total_with, total_without, total_without > 0 ? total_with / total_without : 0);
    md << line << "\n";
    std::cout << md.str();
    if (!out_path.empty())
        std::ofstream(out_path, std::ios::app) << md.str();
    return 0;
}
