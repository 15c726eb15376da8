// ctoc-bench-query: query latency per kind of query, ours (ctoc::search::Searcher) against
// the peer (Xapian::QueryParser with the French stemmer, STEM_SOME, default AND, on omindex's
// database of the same files), in-process and interleaved query by query in the same run.
#include "bench_util.h"
#include "options.h"

#include <ctoc/search/searcher.h>

#include <boost/program_options.hpp>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace po = boost::program_options;

namespace {

struct Samples {
    std::vector<double> ours, peer;
    std::size_t queries = 0, ours_empty = 0, peer_empty = 0, ours_errors = 0;
};

double ms_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
        .count();
}

} // namespace

int main(int argc, char** argv) {
    std::string ours_db, peer_db, queries_path, tsv_path, label;
    std::vector<std::string> shards;
    int rounds = 5;
    unsigned limit = 10;
    bool snippets = false;
    std::size_t threads = 0;
    po::options_description options("Usage: ctoc-bench-query --ours DB [--omega DB | --shard "
                                    "LOC...] --queries FILE [--rounds N] [--tsv FILE]\n"
                                    "Query latency p50/p95/p99 per kind, ours against omega's "
                                    "QueryParser, in-process; or, with\n"
                                    "--shard, ours on one database against ours on shards "
                                    "(tcp://HOST:PORT of xapian-tcpsrv).\n\nOptions");
    options.add_options()("help,h", "print this help and exit")(
        "ours", po::value(&ours_db), "ctocsearch database")("omega", po::value(&peer_db),
                                                            "omindex database of the same files")(
        "shard", po::value(&shards)->composing(),
        "instead of omega: a shard of the same documents (repeat)")(
        "queries", po::value(&queries_path), "query file: kind<TAB>query[<TAB>omega query]")(
        "rounds", po::value(&rounds),
        "timed rounds over the query file after one warm-up (default 5)")(
        "limit", po::value(&limit), "results per query (default 10)")(
        "snippets", po::bool_switch(&snippets),
        "each hit with its snippet (ours: the passage of its stored text where the words "
        "meet; omega: its stored sample highlighted, what omega's pages show)")(
        "threads", po::value(&threads),
        "threads one search of ours may use (default 0: as ctoc-search, one a core when the "
        "search repays them; 1: one)")("tsv", po::value(&tsv_path),
                                       "append label kind system p50 p95 p99 lines to this file")(
        "label", po::value(&label), "first column of the TSV lines (e.g. the corpus size)");
    try {
        po::variables_map vm;
        if (!ctoc::bench::parse_command_line(argc, argv, options, vm))
            return 0;
        if (ours_db.empty() || (!peer_db.empty() && !shards.empty()) || queries_path.empty())
            throw po::error("--ours and --queries are required, with --omega or --shard (not "
                            "both), or neither for ours alone (a size no peer was indexed at)");
    } catch (const po::error& e) {
        std::cerr << "ctoc-bench-query: " << e.what() << "\n";
        return 2;
    }

    try {
        const auto queries = ctoc::bench::read_query_file(queries_path);
        ctoc::search::Searcher ours(ours_db);
        const bool sharded = !shards.empty();
        const bool alone = !sharded && peer_db.empty();
        std::unique_ptr<ctoc::bench::PeerSearcher> peer;
        std::unique_ptr<ctoc::search::Searcher> ours_sharded;
        if (sharded)
            ours_sharded =
                std::make_unique<ctoc::search::Searcher>(shards, ctoc::search::OpenOptions{});
        else if (!alone)
            peer = std::make_unique<ctoc::bench::PeerSearcher>(peer_db);
        const char* peer_name = sharded ? "shards" : alone ? "(no peer)" : "omega";
        std::map<std::string, Samples> by_kind;
        std::vector<std::string> kinds; // in file order

        const auto run_with = [&](ctoc::search::Searcher& searcher,
                                  const ctoc::bench::QueryLine& q) -> std::size_t {
            ctoc::search::SearchRequest request;
            request.query = q.query;
            request.limit = limit;
            request.snippets = snippets;
            request.slicing.threads = threads;
            // "facets": as ctoc-search --facets (estimated on a sample past 10,000 matches);
            // "facets-exact": as --exact-facets, every match counted, as omega's spy does.
            request.facets = q.kind == "facets" || q.kind == "facets-exact";
            if (q.kind == "facets-exact")
                request.facets_exact_up_to = 0;
            return searcher.search(request).hits.size();
        };
        const auto run_ours = [&](const ctoc::bench::QueryLine& q) { return run_with(ours, q); };
        const auto run_peer = [&](const ctoc::bench::QueryLine& q) -> std::size_t {
            if (alone)
                return 0;
            return sharded ? run_with(*ours_sharded, q)
                           : peer->search(q.peer_query, limit,
                                          q.kind == "facets" || q.kind == "facets-exact", snippets)
                                 .size();
        };

        for (int round = -1; round < rounds; ++round) { // round -1 is the warm-up
            for (const auto& q : queries) {
                auto& s = by_kind[q.kind];
                if (round == -1) {
                    if (s.queries == 0)
                        kinds.push_back(q.kind);
                    ++s.queries;
                }
                auto start = std::chrono::steady_clock::now();
                std::size_t hits = 0;
                bool failed = false;
                try {
                    hits = run_ours(q);
                } catch (const ctoc::search::QueryError& e) {
                    failed = true;
                    if (round == -1)
                        std::cerr << "ctoc-bench-query: ours: " << q.query << ": " << e.what()
                                  << "\n";
                }
                const double ours_ms = ms_since(start);
                start = std::chrono::steady_clock::now();
                std::size_t peer_hits = 0;
                try {
                    peer_hits = run_peer(q);
                } catch (const Xapian::QueryParserError& e) {
                    if (round == -1)
                        std::cerr << "ctoc-bench-query: omega: " << q.peer_query << ": "
                                  << e.get_msg() << "\n";
                } catch (const ctoc::search::QueryError& e) {
                    if (round == -1)
                        std::cerr << "ctoc-bench-query: shards: " << q.query << ": " << e.what()
                                  << "\n";
                }
                const double peer_ms = ms_since(start);
                if (round == -1) {
                    s.ours_errors += failed;
                    s.ours_empty += hits == 0;
                    s.peer_empty += peer_hits == 0;
                    continue;
                }
                s.ours.push_back(ours_ms);
                s.peer.push_back(peer_ms);
            }
        }

        std::ofstream tsv;
        if (!tsv_path.empty())
            tsv.open(tsv_path, std::ios::app);
        const char* ours_name = sharded ? "one database" : "ours";
        std::printf("| kind | queries | %s p50 | %s p95 | %s p99 | %s p50 | %s p95 | %s p99 | "
                    "p95 ratio %s/%s | no results (%s/%s) |\n"
                    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n",
                    ours_name, ours_name, ours_name, peer_name, peer_name, peer_name, ours_name,
                    peer_name, ours_name, peer_name);
        // A duration, or "-" where no peer ran.
        const auto peer_cell = [&](double ms) {
            char text[32];
            std::snprintf(text, sizeof text, "%.2f", ms);
            return alone ? std::string("-") : std::string(text);
        };
        std::vector<double> all_ours, all_peer;
        for (const auto& kind : kinds) {
            const auto& s = by_kind[kind];
            all_ours.insert(all_ours.end(), s.ours.begin(), s.ours.end());
            all_peer.insert(all_peer.end(), s.peer.begin(), s.peer.end());
            using ctoc::bench::percentile;
            const double o50 = percentile(s.ours, 50), o95 = percentile(s.ours, 95),
                         o99 = percentile(s.ours, 99);
            const double p50 = percentile(s.peer, 50), p95 = percentile(s.peer, 95),
                         p99 = percentile(s.peer, 99);
            std::printf("| %s | %zu | %.2f | %.2f | %.2f | %s | %s | %s | %s | %zu/%s%s |\n",
                        kind.c_str(), s.queries, o50, o95, o99, peer_cell(p50).c_str(),
                        peer_cell(p95).c_str(), peer_cell(p99).c_str(),
                        peer_cell(p95 > 0 ? o95 / p95 : 0).c_str(), s.ours_empty,
                        alone ? "-" : std::to_string(s.peer_empty).c_str(),
                        s.ours_errors ? " (query errors!)" : "");
            if (tsv)
                tsv << label << '\t' << kind << '\t' << o50 << '\t' << o95 << '\t' << o99 << '\t'
                    << p50 << '\t' << p95 << '\t' << p99 << '\n';
        }
        using ctoc::bench::percentile;
        std::printf("| **all** | %zu | %.2f | %.2f | %.2f | %s | %s | %s | %s | |\n",
                    queries.size(), percentile(all_ours, 50), percentile(all_ours, 95),
                    percentile(all_ours, 99), peer_cell(percentile(all_peer, 50)).c_str(),
                    peer_cell(percentile(all_peer, 95)).c_str(),
                    peer_cell(percentile(all_peer, 99)).c_str(),
                    peer_cell(percentile(all_peer, 95) > 0
                                  ? percentile(all_ours, 95) / percentile(all_peer, 95)
                                  : 0)
                        .c_str());
        if (tsv)
            tsv << label << "\tall\t" << percentile(all_ours, 50) << '\t'
                << percentile(all_ours, 95) << '\t' << percentile(all_ours, 99) << '\t'
                << percentile(all_peer, 50) << '\t' << percentile(all_peer, 95) << '\t'
                << percentile(all_peer, 99) << '\n';
        std::printf(
            "\nLatencies in milliseconds, %d rounds after a warm-up, %u results per query.\n",
            rounds, limit);
    } catch (const Xapian::Error& e) {
        std::cerr << "ctoc-bench-query: " << e.get_description() << "\n";
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "ctoc-bench-query: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
