// ctoc-bench-relevance: MRR@10, precision@10 and recall@100 of ours and of omega's
// QueryParser on omindex's database of the same files, over judged query sets:
//   --judged FILE   kind<TAB>query<TAB>[omega query]<TAB>relevant files (space-separated,
//                   relative to --root), judged by reading the documents;
//   --rules FILE    kind<TAB>query<TAB>[omega query]<TAB>rule, judged by the generator's
//                   ground truth (--truth): res=5/3, dec=4/4, cites=A/RES/55/25, body=WG.7,
//                   res=@1 (the most cited resolution), dec=@1, symbol=@1 (the most cited own
//                   symbol: relevant are the document and those citing it). In queries,
//                   {res}, {dec}, {sym} (lower case) stand for the rule's resolved value.
#include "bench_util.h"
#include "options.h"

#include <ctoc/corpus/json.h>
#include <ctoc/search/searcher.h>

#include <boost/program_options.hpp>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace po = boost::program_options;
namespace json = ctoc::corpus::json;

namespace {

struct Judged {
    std::string set, kind, query, peer_query;
    std::set<std::string> relevant; ///< files relative to the corpus root
};

struct Scores {
    double rr = 0, p10 = 0, recall = 0;
};

Scores score(const std::vector<std::string>& ranked, const std::set<std::string>& relevant) {
    Scores s;
    std::size_t found = 0;
    for (std::size_t i = 0; i < ranked.size(); ++i) {
        if (!relevant.count(ranked[i]))
            continue;
        ++found;
        if (i < 10) {
            s.p10 += 0.1;
            if (s.rr == 0)
                s.rr = 1.0 / static_cast<double>(i + 1);
        }
    }
    s.recall =
        relevant.empty() ? 0 : static_cast<double>(found) / static_cast<double>(relevant.size());
    return s;
}

std::string lower(std::string s) {
    for (auto& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

void replace_all(std::string& s, const std::string& from, const std::string& to) {
    for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
        s.replace(at, from.size(), to);
}

/// The generator's ground truth, indexed for the rules.
struct Truth {
    std::map<std::string, std::set<std::string>> by_resolution, by_decision, by_cited, by_body;
    std::map<std::string, std::string> file_of_symbol;

    explicit Truth(const std::string& path) {
        std::ifstream in(path);
        if (!in)
            throw std::runtime_error(path + ": cannot read");
        std::string line;
        while (std::getline(in, line)) {
            const json::Value v = json::parse(line);
            const std::string file = v.at("file").get<std::string>();
            const auto each = [&](const char* key,
                                  std::map<std::string, std::set<std::string>>& into) {
                if (const auto* a = json::find(v, key); a && a->is_array())
                    for (const auto& x : *a)
                        into[x.get<std::string>()].insert(file);
            };
            each("resolutions", by_resolution);
            each("decisions", by_decision);
            each("cites", by_cited);
            by_body[v.at("body").get<std::string>()].insert(file);
            if (const std::string sym = v.at("symbol").get<std::string>(); !sym.empty())
                file_of_symbol[sym] = file;
        }
    }

    /// The rank-th (1-based) key of m with the most documents, ties by key.
    static std::string nth(const std::map<std::string, std::set<std::string>>& m, std::size_t rank,
                           const std::map<std::string, std::string>* only_keys_in = nullptr) {
        std::vector<std::pair<std::size_t, std::string>> v;
        for (const auto& [k, files] : m)
            if (!only_keys_in || only_keys_in->count(k))
                v.emplace_back(files.size(), k);
        std::sort(v.begin(), v.end(), [](const auto& a, const auto& b) {
            return a.first != b.first ? a.first > b.first : a.second < b.second;
        });
        return rank >= 1 && rank <= v.size() ? v[rank - 1].second : std::string();
    }

    /// Resolves a rule into relevant files, and the query placeholders.
    std::set<std::string> resolve(const std::string& rule,
                                  std::map<std::string, std::string>& vars) const {
        const std::size_t eq = rule.find('=');
        if (eq == std::string::npos)
            throw std::runtime_error("bad rule '" + rule + "'");
        const std::string key = rule.substr(0, eq);
        std::string value = rule.substr(eq + 1);
        const bool ranked = !value.empty() && value[0] == '@';
        const std::size_t rank = ranked ? std::stoul(value.substr(1)) : 0;
        const auto get = [](const std::map<std::string, std::set<std::string>>& m,
                            const std::string& k) {
            const auto it = m.find(k);
            return it == m.end() ? std::set<std::string>() : it->second;
        };
        if (key == "res") {
            if (ranked)
                value = nth(by_resolution, rank);
            vars["{res}"] = value;
            return get(by_resolution, value);
        }
        if (key == "dec") {
            if (ranked)
                value = nth(by_decision, rank);
            vars["{dec}"] = value;
            return get(by_decision, value);
        }
        if (key == "cites") {
            vars["{sym}"] = lower(value);
            return get(by_cited, value);
        }
        if (key == "body")
            return get(by_body, value);
        if (key == "symbol") {
            if (ranked)
                value = nth(by_cited, rank, &file_of_symbol);
            vars["{sym}"] = lower(value);
            std::set<std::string> files = get(by_cited, value);
            if (const auto it = file_of_symbol.find(value); it != file_of_symbol.end())
                files.insert(it->second);
            return files;
        }
        throw std::runtime_error("unknown rule '" + rule +
                                 "' (res=, dec=, cites=, body=, symbol=)");
    }
};

} // namespace

int main(int argc, char** argv) {
    std::string ours_db, peer_db, root, truth_path, details_path;
    std::vector<std::string> judged_files, rule_files;
    po::options_description options("Usage: ctoc-bench-relevance --ours DB --omega DB --root DIR "
                                    "(--judged FILE | --rules FILE --truth FILE)...\n"
                                    "Relevance (MRR@10, P@10, recall@100) of ours and omega on "
                                    "judged queries, same run.\n\nOptions");
    options.add_options()("help,h", "print this help and exit")("ours", po::value(&ours_db),
                                                                "ctocsearch database")(
        "omega", po::value(&peer_db), "omindex database of the same files (indexed with --url /)")(
        "root", po::value(&root), "the directory both indexed; judged files are relative to it")(
        "judged", po::value(&judged_files)->composing(),
        "judged query file (repeatable)")("rules", po::value(&rule_files)->composing(),
                                          "query file judged by the ground truth (repeatable)")(
        "truth", po::value(&truth_path), "ground_truth.jsonl of the generated corpus")(
        "details", po::value(&details_path), "write per-query results (Markdown) to this file");
    try {
        po::variables_map vm;
        if (!ctoc::bench::parse_command_line(argc, argv, options, vm))
            return 0;
        if (ours_db.empty() || peer_db.empty() || root.empty())
            throw po::error("--ours, --omega and --root are required");
        if (!rule_files.empty() && truth_path.empty())
            throw po::error("--rules needs --truth");
    } catch (const po::error& e) {
        std::cerr << "ctoc-bench-relevance: " << e.what() << "\n";
        return 2;
    }
    if (root.back() != '/')
        root += '/';

    try {
        std::vector<Judged> judged;
        for (const auto& f : judged_files)
            for (const auto& q : ctoc::bench::read_query_file(f)) {
                if (q.extra.empty())
                    throw std::runtime_error(f + ": query '" + q.query +
                                             "' has no judged documents");
                Judged j{f, q.kind, q.query, q.peer_query, {}};
                std::istringstream files(q.extra[0]);
                for (std::string file; files >> file;)
                    j.relevant.insert(file);
                judged.push_back(std::move(j));
            }
        if (!rule_files.empty()) {
            const Truth truth(truth_path);
            for (const auto& f : rule_files)
                for (const auto& q : ctoc::bench::read_query_file(f)) {
                    if (q.extra.empty())
                        throw std::runtime_error(f + ": query '" + q.query + "' has no rule");
                    std::map<std::string, std::string> vars;
                    Judged j{f, q.kind, q.query, q.peer_query, truth.resolve(q.extra[0], vars)};
                    for (const auto& [from, to] : vars) {
                        replace_all(j.query, from, to);
                        replace_all(j.peer_query, from, to);
                    }
                    if (j.relevant.empty()) {
                        std::cerr << "ctoc-bench-relevance: " << f << ": no relevant document for '"
                                  << j.query << "' in this corpus, skipped\n";
                        continue;
                    }
                    judged.push_back(std::move(j));
                }
        }

        ctoc::search::Searcher ours(ours_db);
        ctoc::bench::PeerSearcher peer(peer_db);
        struct Totals {
            std::size_t n = 0;
            Scores ours, peer;
        };
        std::map<std::string, Totals> totals;
        std::vector<std::string> order;
        std::ostringstream details;
        details
            << "| set | kind | query (ours) | query (omega) | relevant | ours RR | ours P@10 | "
               "ours R@100 | omega RR | "
               "omega P@10 | omega R@100 |\n|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|\n";
        for (const auto& j : judged) {
            ctoc::search::SearchRequest request;
            request.query = j.query;
            request.limit = 100;
            request.snippets = false;
            std::vector<std::string> ranked_ours, ranked_peer;
            try {
                for (const auto& hit : ours.search(request).hits) {
                    const auto path = hit.meta.find("path");
                    std::string p = path != hit.meta.end() && path->second.is_string()
                                        ? path->second.get<std::string>()
                                        : "";
                    if (p.compare(0, root.size(), root) == 0)
                        p.erase(0, root.size());
                    ranked_ours.push_back(p);
                }
            } catch (const ctoc::search::QueryError& e) {
                std::cerr << "ctoc-bench-relevance: ours: " << j.query << ": " << e.what() << "\n";
            }
            try {
                for (auto url : peer.search(j.peer_query, 100)) {
                    if (!url.empty() && url[0] == '/')
                        url.erase(0, 1);
                    ranked_peer.push_back(url);
                }
            } catch (const Xapian::QueryParserError& e) {
                std::cerr << "ctoc-bench-relevance: omega: " << j.peer_query << ": " << e.get_msg()
                          << "\n";
            }
            const Scores o = score(ranked_ours, j.relevant), p = score(ranked_peer, j.relevant);
            auto& t = totals[j.set];
            if (t.n == 0)
                order.push_back(j.set);
            ++t.n;
            t.ours.rr += o.rr, t.ours.p10 += o.p10, t.ours.recall += o.recall;
            t.peer.rr += p.rr, t.peer.p10 += p.p10, t.peer.recall += p.recall;
            char line[1024];
            std::snprintf(
                line, sizeof line,
                "| %s | %s | `%s` | `%s` | %zu | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f |\n",
                j.set.substr(j.set.rfind('/') + 1).c_str(), j.kind.c_str(), j.query.c_str(),
                j.peer_query.c_str(), j.relevant.size(), o.rr, o.p10, o.recall, p.rr, p.p10,
                p.recall);
            details << line;
        }
        std::printf("| query set | queries | ours MRR@10 | ours P@10 | ours R@100 | omega MRR@10 | "
                    "omega P@10 | omega R@100 |\n"
                    "|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (const auto& set : order) {
            const auto& t = totals[set];
            const double n = static_cast<double>(t.n);
            std::printf("| %s | %zu | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f |\n",
                        set.substr(set.rfind('/') + 1).c_str(), t.n, t.ours.rr / n, t.ours.p10 / n,
                        t.ours.recall / n, t.peer.rr / n, t.peer.p10 / n, t.peer.recall / n);
        }
        if (!details_path.empty()) {
            std::ofstream out(details_path, std::ios::app);
            out << details.str() << '\n';
        }
    } catch (const Xapian::Error& e) {
        std::cerr << "ctoc-bench-relevance: " << e.get_description() << "\n";
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "ctoc-bench-relevance: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
