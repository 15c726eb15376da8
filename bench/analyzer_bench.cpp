// ctoc-bench-analyzer: throughput of our analysis of a document (prepare_text +
// Analyzer::analyze, its tokens put into a Xapian::Document as DocumentBuilder does: forms
// with positions, elided articles, Z stems, XO ordinals) against Xapian's stock TermGenerator
// with the French stemmer indexing the same text into a Xapian::Document, in the same run:
// like for like, each side ends with a document's terms and positions. Warm-up, then repeated
// runs, ours and Xapian's alternating; medians and the median of the per-run ratios are
// printed as Markdown.
#include <ctoc/analysis/analyzer.h>
#include <ctoc/corpus/json.h>
#include <ctoc/schema.h>

#include "options.h"

#include <boost/program_options.hpp>
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
namespace po = boost::program_options;

namespace {

/// A named set of raw texts.
struct TextSet {
    std::string name;
    std::vector<std::string> texts;
    std::size_t bytes = 0;
};

TextSet read_directory(const std::string& dir) {
    TextSet set{"bundled corpus (" + dir + ")", {}, 0};
    std::vector<fs::path> files;
    if (fs::is_directory(dir))
        for (const auto& e : fs::recursive_directory_iterator(dir))
            if (e.is_regular_file() && e.path().extension() == ".txt")
                files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
        std::ifstream in(f, std::ios::binary);
        std::ostringstream s;
        s << in.rdbuf();
        set.bytes += s.str().size();
        set.texts.push_back(s.str());
    }
    return set;
}

TextSet read_json_lines(const std::string& file) {
    TextSet set{"unv1-fr (" + file + ")", {}, 0};
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line)) {
        try {
            const auto v = ctoc::corpus::json::parse(line);
            if (const auto* t = ctoc::corpus::json::find(v, "text"); t && t->is_string()) {
                set.bytes += t->get_ref<const std::string&>().size();
                set.texts.push_back(t->get<std::string>());
            }
        } catch (const ctoc::corpus::json::ParseError&) {
        }
    }
    return set;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

/// Seconds per pass over the set: one warm-up, then `runs` timed runs of enough passes to
/// last at least min_seconds each; returns the median of seconds per pass.
double time_passes(const TextSet& set, const std::function<void(const std::string&)>& fn, int runs,
                   double min_seconds) {
    const auto pass = [&] {
        for (const auto& t : set.texts)
            fn(t);
    };
    const auto t0 = std::chrono::steady_clock::now();
    pass();
    const double one = std::max(
        1e-6, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    const int passes = std::max(1, static_cast<int>(min_seconds / one));
    std::vector<double> per_pass;
    for (int r = 0; r < runs; ++r) {
        const auto start = std::chrono::steady_clock::now();
        for (int p = 0; p < passes; ++p)
            pass();
        per_pass.push_back(
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() /
            passes);
    }
    return median(per_pass);
}

/// Medians of seconds per pass of a and b, and of the per-run ratio a/b: runs of a and b
/// alternate, so that both meet the same load on a shared machine.
struct Paired {
    double a = 0, b = 0, ratio = 0;
};

Paired time_paired(const TextSet& set, const std::function<void(const std::string&)>& a,
                   const std::function<void(const std::string&)>& b, int runs, double min_seconds) {
    std::vector<double> as, bs, ratios;
    for (int r = 0; r < runs; ++r) {
        as.push_back(time_passes(set, a, 1, min_seconds));
        bs.push_back(time_passes(set, b, 1, min_seconds));
        ratios.push_back(as.back() / bs.back());
    }
    return {median(as), median(bs), median(ratios)};
}

} // namespace

int main(int argc, char** argv) {
    std::string bundled = CTOC_BUNDLED_CORPUS_DIR, unv = CTOC_UNV_JSONL;
    int runs = 7;
    double min_seconds = 0.3;
    po::options_description options(
        "Usage: ctoc-bench-analyzer [--bundled DIR] [--unv FILE] [--runs N]\n"
        "Analyzer throughput (MB/s): ours (prepare_text + Analyzer::analyze, the tokens put into\n"
        "a Xapian::Document) against Xapian's TermGenerator with Stem(\"french\") indexing into a\n"
        "Xapian::Document.\n\nOptions");
    options.add_options()("help,h", "print this help and exit")(
        "bundled", po::value(&bundled), "directory of .txt files (default: the bundled corpus)")(
        "unv", po::value(&unv), "JSON Lines with a \"text\" field (skipped when absent)")(
        "runs", po::value(&runs), "timed runs per measure (default 7)")(
        "min-seconds", po::value(&min_seconds), "minimum length of one timed run (default 0.3)");
    try {
        po::variables_map vm;
        if (!ctoc::bench::parse_command_line(argc, argv, options, vm))
            return 0;
    } catch (const po::error& e) {
        std::cerr << "ctoc-bench-analyzer: " << e.what() << "\n";
        return 2;
    }

    std::vector<TextSet> sets;
    sets.push_back(read_directory(bundled));
    if (fs::exists(unv))
        sets.push_back(read_json_lines(unv));
    else
        std::cerr << "ctoc-bench-analyzer: " << unv << " absent, skipped\n";

    ctoc::analysis::Analyzer analyzer;
    std::vector<ctoc::analysis::Token> tokens;
    Xapian::TermGenerator generator;
    generator.set_stemmer(Xapian::Stem("french"));
    std::size_t sink = 0;

    // The postings DocumentBuilder::index_tokens makes of the tokens (accent variants aside).
    const auto to_document = [](const std::vector<ctoc::analysis::Token>& toks,
                                Xapian::Document& doc) {
        using ctoc::analysis::TokenRole;
        for (const auto& t : toks) {
            if (t.role == TokenRole::ordinal) {
                doc.add_posting(std::string(ctoc::schema::ordinal) + t.term, t.position);
                continue;
            }
            doc.add_posting(t.form(), t.position);
            if (!t.article.empty() && t.position > 1)
                doc.add_posting(t.article, t.position - 1);
            if (!t.stem.empty())
                doc.add_term(std::string(ctoc::schema::stem) + t.stem);
        }
    };
    const auto ours_full = [&](const std::string& raw) {
        const std::string text = ctoc::analysis::prepare_text(raw);
        tokens.clear();
        analyzer.analyze(text, tokens);
        Xapian::Document doc;
        to_document(tokens, doc);
        sink += doc.termlist_count();
    };
    const auto xapian = [&](const std::string& raw) {
        Xapian::Document doc;
        generator.set_document(doc);
        generator.index_text(raw);
        sink += doc.termlist_count();
    };

    std::cout << "| text | MB | ours: prepare_text + analyze into a Xapian::Document (MB/s) | "
                 "ours: analyze only (MB/s) | "
                 "prepare_text only (MB/s) | Xapian TermGenerator french into a Xapian::Document "
                 "(MB/s) | "
                 "time ratio ours/Xapian |\n"
                 "|---|---:|---:|---:|---:|---:|---:|\n";
    for (const auto& set : sets) {
        if (set.texts.empty())
            continue;
        std::vector<std::string> prepared;
        for (const auto& t : set.texts)
            prepared.push_back(ctoc::analysis::prepare_text(t));
        TextSet prepared_set{set.name, prepared, set.bytes};
        const double mb = static_cast<double>(set.bytes) / 1e6;
        const Paired paired = time_paired(set, ours_full, xapian, runs, min_seconds);
        const double t_ours = paired.a;
        const double t_analyze = time_passes(
            prepared_set,
            [&](const std::string& text) {
                tokens.clear();
                analyzer.analyze(text, tokens);
                sink += tokens.size();
            },
            runs, min_seconds);
        const double t_prepare = time_passes(
            set, [&](const std::string& raw) { sink += ctoc::analysis::prepare_text(raw).size(); },
            runs, min_seconds);
        const double t_xapian = paired.b;
        std::printf("| %s, %zu texts | %.2f | %.1f | %.1f | %.1f | %.1f | %.2f |\n",
                    set.name.c_str(), set.texts.size(), mb, mb / t_ours, mb / t_analyze,
                    mb / t_prepare, mb / t_xapian, paired.ratio);
    }
    std::fprintf(stderr, "(checksum %zu)\n", sink);
    return 0;
}
