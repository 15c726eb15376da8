// ctoc-bench-citations: how complete the citation and symbol extraction is on real text.
//
// A scanner of its own, independent of the analyzer, finds every place where a text says
// "résolution(s)" or "décision(s)" followed by a number, and every string shaped like a UN
// symbol (an upper-case letter, then slashes, letters, digits and dots, with a digit). Each
// place is either extracted (find_citations or a symbol token took it) or rejected with the
// extractor's reason; a place neither is "unaccounted" and fails the run. A fixed-seed random
// sample of the places is then compared with a reviewer's reading of each (--review, a TSV of
// place id, what the text cites, and a note), giving recall and precision.
//
//   ctoc-bench-citations [--unv FILE] [--bundled DIR] [--sample 100] [--seed 15]
//                        [--review bench/citations_review.tsv] [--template FILE] [--out FILE]
#include <ctoc/analysis/citations.h>
#include <ctoc/analysis/symbol.h>
#include <ctoc/corpus/json.h>

#include "options.h"

#include <boost/program_options.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
namespace po = boost::program_options;
using namespace ctoc::analysis;

namespace {

struct Text {
    std::string id; ///< "unv1-fr:12" (JSON Lines record) or the bundled file's name
    std::string text;
    std::string own; ///< the resolution number of the document's own symbol, if any
};

std::vector<Text> read_sources(const std::string& unv, const std::string& bundled) {
    std::vector<Text> out;
    if (fs::is_directory(bundled)) {
        std::vector<fs::path> files;
        for (const auto& e : fs::directory_iterator(bundled))
            if (e.is_regular_file() && e.path().extension() == ".txt")
                files.push_back(e.path());
        std::sort(files.begin(), files.end());
        for (const auto& f : files) {
            std::ifstream in(f, std::ios::binary);
            std::ostringstream s;
            s << in.rdbuf();
            out.push_back({f.filename().string(), prepare_text(s.str()), {}});
        }
    }
    std::ifstream in(unv);
    std::string line;
    for (std::size_t n = 1; std::getline(in, line); ++n) {
        const auto v = ctoc::corpus::json::parse(line);
        const auto* symbol = ctoc::corpus::json::find(v, "symbol");
        const std::string own =
            symbol && symbol->is_string()
                ? own_resolution_number(canonical_symbol(symbol->get<std::string>()))
                : "";
        if (const auto* t = ctoc::corpus::json::find(v, "text"); t && t->is_string())
            out.push_back(
                {"unv1-fr:" + std::to_string(n), prepare_text(t->get<std::string>()), own});
    }
    return out;
}

bool is_ascii_alpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_ascii_alnum(char c) {
    return is_ascii_alpha(c) || (c >= '0' && c <= '9');
}
bool is_letter_byte(char c) {
    return is_ascii_alpha(c) || static_cast<unsigned char>(c) >= 0x80;
}

/// Matches "résolution(s)" or "décision(s)" in any case, accented or not, at text[i]; returns
/// its length, 0 if none. ("é" is C3 A9, "É" C3 89.)
std::size_t citing_word_at(std::string_view t, std::size_t i) {
    for (const std::string_view stem : {"r?solution", "d?cision"}) {
        std::size_t j = i;
        bool ok = true;
        for (const char c : stem) {
            if (j >= t.size()) {
                ok = false;
                break;
            }
            if (c == '?') {
                if (t[j] == 'e' || t[j] == 'E') {
                    ++j;
                } else if (t.substr(j, 2) == "\xC3\xA9" || t.substr(j, 2) == "\xC3\x89") {
                    j += 2;
                } else {
                    ok = false;
                    break;
                }
            } else if ((t[j] | 0x20) == c) {
                ++j;
            } else {
                ok = false;
                break;
            }
        }
        if (!ok)
            continue;
        if (j < t.size() && (t[j] | 0x20) == 's')
            ++j;
        if (j < t.size() && is_letter_byte(t[j]))
            continue;
        return j - i;
    }
    return 0;
}

std::size_t skip_spaces(std::string_view t, std::size_t j) {
    for (;;) {
        if (j < t.size() && t[j] == ' ')
            ++j;
        else if (t.substr(j, 2) == "\xC2\xA0")
            j += 2;
        else if (t.substr(j, 3) == "\xE2\x80\xAF")
            j += 3;
        else
            return j;
    }
}

enum class PlaceKind { citation, symbol };

struct Place {
    PlaceKind kind;
    std::size_t text = 0;   ///< index in the texts
    std::size_t begin = 0;  ///< byte offset of the citing word or the symbol
    std::size_t end = 0;    ///< byte offset past the first number or the symbol-like string
    std::size_t number = 0; ///< citation places: byte offset of the first number
    std::string id;         ///< "unv1-fr:12@345"
    std::string status;     ///< "extracted", "rejected: reason", "unaccounted"
    std::string extracted;  ///< "R:1267 R:1373", "S:CTOC/COP/2014/1", "-"
};

/// The places of one text, found by scanning bytes.
std::vector<Place> scan(const std::string& t, std::size_t text) {
    std::vector<Place> places;
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (i > 0 && is_letter_byte(t[i - 1]))
            continue;
        if (const std::size_t n = citing_word_at(t, i)) {
            std::size_t j = skip_spaces(t, i + n);
            // "no", "n°", "nos"
            for (const std::string_view marker : {"nos", "no", "n\xC2\xB0", "No", "N\xC2\xB0"}) {
                if (t.compare(j, marker.size(), marker) == 0 &&
                    skip_spaces(t, j + marker.size()) > j + marker.size()) {
                    j = skip_spaces(t, j + marker.size());
                    break;
                }
            }
            if (j < t.size() && t[j] >= '0' && t[j] <= '9') {
                std::size_t e = j;
                while (e < t.size() && (is_ascii_alnum(t[e]) || t[e] == '/'))
                    ++e;
                places.push_back({PlaceKind::citation, text, i, e, j, {}, {}, {}});
            }
            continue;
        }
        // Symbol-shaped: an upper-case letter, then letters, digits, dots, hyphens, underscores
        // and parentheses in components joined by slashes, with a digit somewhere.
        if (t[i] >= 'A' && t[i] <= 'Z' &&
            (i == 0 || (t[i - 1] != '/' && t[i - 1] != '.' && t[i - 1] != '-'))) {
            std::size_t e = i, slashes = 0;
            bool digit = false;
            while (e < t.size()) {
                const char c = t[e];
                if (is_ascii_alnum(c) || c == '.' || c == '-' || c == '_' || c == '(' || c == ')') {
                    digit = digit || (c >= '0' && c <= '9');
                    ++e;
                } else if (c == '/' && e + 1 < t.size() &&
                           (is_ascii_alnum(t[e + 1]) || t[e + 1] == '_')) {
                    ++slashes;
                    ++e;
                } else {
                    break;
                }
            }
            while (e > i && (t[e - 1] == '.' || t[e - 1] == ')' || t[e - 1] == '-'))
                --e;
            if (slashes > 0 && digit)
                places.push_back({PlaceKind::symbol, text, i, e, 0, {}, {}, {}});
            i = e;
        }
    }
    return places;
}

/// Why a symbol-shaped string is not taken as a symbol.
std::string why_not_symbol(std::string_view text, std::size_t begin, std::string_view s) {
    const std::size_t word_start = text.rfind(' ', begin);
    const std::string_view word =
        text.substr(word_start == std::string_view::npos ? 0 : word_start + 1);
    if (word.substr(0, word.find(' ')).find("://") != std::string_view::npos)
        return "part of a web address";
    const std::string_view first = s.substr(0, s.find('/'));
    bool letters = !first.empty();
    for (const char c : first)
        letters = letters && (is_ascii_alpha(c) || c == '.' || (c >= '0' && c <= '9'));
    if (!letters || first.find('-') != std::string_view::npos)
        return "first component is not a body (letters, or letters and a session number)";
    return "not a UN symbol";
}

std::string kind_letter(CitationKind k) {
    return k == CitationKind::resolution ? "R:" : "D:";
}

std::string one_line(std::string_view s) {
    std::string out;
    for (const char c : s) {
        if (c == '\n')
            out += "⏎";
        else if (c == '|')
            out += "\\|";
        else if (c == '\t')
            out += ' ';
        else
            out.push_back(c);
    }
    return out;
}

/// Context of a place for a reader: from a little before to well after, on whole UTF-8 characters.
std::string context(const std::string& t, std::size_t begin, std::size_t end,
                    std::size_t after = 180) {
    std::size_t a = begin > 30 ? begin - 30 : 0;
    std::size_t b = std::min(t.size(), end + after);
    while (a > 0 && (static_cast<unsigned char>(t[a]) & 0xC0) == 0x80)
        --a;
    while (b < t.size() && (static_cast<unsigned char>(t[b]) & 0xC0) == 0x80)
        ++b;
    return one_line(std::string_view(t).substr(a, b - a));
}

std::multiset<std::string> items(const std::string& s) {
    std::multiset<std::string> out;
    std::istringstream in(s);
    for (std::string w; in >> w;)
        if (w != "-")
            out.insert(w);
    return out;
}

struct Review {
    std::string expected;
    std::string note;
};

std::map<std::string, Review> read_review(const std::string& path) {
    std::map<std::string, Review> out;
    if (path.empty())
        return out;
    std::ifstream in(path);
    if (!in)
        throw std::runtime_error(path + ": cannot read the review file");
    std::string line;
    for (std::size_t n = 1; std::getline(in, line); ++n) {
        if (line.empty() || line[0] == '#')
            continue;
        const std::size_t a = line.find('\t');
        const std::size_t b = a == std::string::npos ? std::string::npos : line.find('\t', a + 1);
        if (a == std::string::npos)
            throw std::runtime_error(path + ":" + std::to_string(n) +
                                     ": expected 'id<TAB>expected<TAB>note'");
        out[line.substr(0, a)] = {
            line.substr(a + 1, b == std::string::npos ? std::string::npos : b - a - 1),
            b == std::string::npos ? "" : line.substr(b + 1)};
    }
    return out;
}

} // namespace

int main(int argc, char** argv) {
    std::string bundled = CTOC_BUNDLED_CORPUS_DIR, unv = CTOC_UNV_JSONL, review_path, template_path,
                out_path;
    std::size_t sample = 100;
    unsigned seed = 15;
    po::options_description options(
        "ctoc-bench-citations: completeness of citation and symbol extraction");
    options.add_options()("help", "print this help and exit")(
        "bundled", po::value(&bundled), "directory of .txt files (default: the bundled corpus)")(
        "unv", po::value(&unv), "JSON Lines with a \"text\" field (default: unv1-fr)")(
        "sample", po::value(&sample), "places in the reviewed random sample (default 100)")(
        "seed", po::value(&seed), "seed of the sample (default 15)")(
        "review", po::value(&review_path),
        "TSV of the sample read by a person: id, what the text cites, note")(
        "template", po::value(&template_path),
        "write a review TSV for the sample, pre-filled with what was extracted")(
        "out", po::value(&out_path), "write the Markdown report there (default: standard output)");
    try {
        po::variables_map vm;
        if (!ctoc::bench::parse_command_line(argc, argv, options, vm))
            return 0;
        if (!fs::exists(unv)) {
            std::cerr << "ctoc-bench-citations: " << unv << ": not found (give --unv FILE)\n";
            return 1;
        }
        const std::vector<Text> texts = read_sources(unv, bundled);
        Analyzer analyzer;
        std::vector<Place> places;
        std::map<std::string, std::size_t> citation_status, symbol_status;
        std::size_t citations_total = 0, in_ranges = 0, symbols_total = 0;
        for (std::size_t k = 0; k < texts.size(); ++k) {
            const std::string& t = texts[k].text;
            const auto tokens = analyzer.tokens(t);
            std::vector<RejectedNumber> rejected;
            const auto citations = find_citations(tokens, t, &rejected);
            for (const auto& c : citations) {
                ++citations_total;
                in_ranges += c.in_range ? 1 : 0;
            }
            for (const auto& tok : tokens)
                symbols_total += tok.kind == TokenKind::symbol ? 1 : 0;
            for (Place p : scan(t, k)) {
                p.id = texts[k].id + "@" + std::to_string(p.begin);
                if (p.kind == PlaceKind::citation) {
                    // The token of the first number, the citing word before it.
                    std::size_t number = tokens.size();
                    for (std::size_t n = 0; n < tokens.size(); ++n)
                        if (tokens[n].begin == p.number) {
                            number = n;
                            break;
                        }
                    // As the indexer does (corpus::describe): a resolution's own number is not a
                    // citation.
                    std::string got;
                    bool own = false;
                    for (const auto& c : citations) {
                        if (!(number < tokens.size() && number > 0 &&
                              (c.list + 1 == number || c.list + 2 == number)))
                            continue;
                        p.end = std::max<std::size_t>(p.end, tokens[c.last].end);
                        if (c.kind == CitationKind::resolution && c.number == texts[k].own)
                            own = true;
                        else
                            got += (got.empty() ? "" : " ") + kind_letter(c.kind) + c.number;
                    }
                    p.extracted = got.empty() ? "-" : got;
                    if (!got.empty()) {
                        p.status = "extracted";
                    } else if (own) {
                        p.status = "rejected: the document's own number (its heading)";
                    } else {
                        p.status = "unaccounted";
                        for (const auto& r : rejected)
                            if (r.token == number)
                                p.status = "rejected: " + r.reason;
                    }
                    ++citation_status[p.status];
                } else {
                    std::string got;
                    for (const auto& tok : tokens)
                        if (tok.kind == TokenKind::symbol && tok.begin <= p.begin &&
                            tok.end > p.begin)
                            got = "S:" + canonical_symbol(tok.term);
                    p.extracted = got.empty() ? "-" : got;
                    p.status = got.empty()
                                   ? "rejected: " + why_not_symbol(t, p.begin,
                                                                   std::string_view(t).substr(
                                                                       p.begin, p.end - p.begin))
                                   : "extracted";
                    ++symbol_status[p.status];
                }
                places.push_back(std::move(p));
            }
        }

        // The sample: a fixed-seed shuffle of all places, the first N, in corpus order.
        std::vector<std::size_t> order(places.size());
        for (std::size_t k = 0; k < order.size(); ++k)
            order[k] = k;
        std::mt19937 rng(seed);
        std::shuffle(order.begin(), order.end(), rng);
        order.resize(std::min(sample, order.size()));
        std::sort(order.begin(), order.end());

        if (!template_path.empty()) {
            std::ofstream tsv(template_path);
            tsv << "# id\twhat the text cites, by a reader (R:n resolution, D:n decision, "
                   "S:symbol; - none)\tnote\n";
            for (const std::size_t k : order) {
                const Place& p = places[k];
                tsv << p.id << '\t' << p.extracted << '\t'
                    << context(texts[p.text].text, p.begin, p.end) << '\n';
            }
        }

        std::ostringstream md;
        md << "# Citation and symbol extraction: completeness\n\n"
           << "Generated by `ctoc-bench-citations --sample " << sample << " --seed " << seed
           << (review_path.empty() ? "" : " --review " + fs::path(review_path).filename().string())
           << "` on " << texts.size() << " texts (the bundled corpus and unv1-fr).\n\n"
           << "A place is where a text says résolution(s) or décision(s) followed by a number, or "
              "holds a\n"
           << "string shaped like a UN symbol (found by the benchmark's own byte scanner, not the "
              "analyzer).\n\n"
           << "## Completeness\n\n| places | found | extracted | rejected, with the reason | "
              "unaccounted |\n"
           << "|---|---:|---:|---|---:|\n";
        const auto row = [&](const char* name, const std::map<std::string, std::size_t>& status) {
            std::size_t found = 0, unaccounted = 0;
            std::string reasons;
            for (const auto& [s, n] : status) {
                found += n;
                if (s == "unaccounted")
                    unaccounted = n;
                else if (s.rfind("rejected: ", 0) == 0)
                    reasons +=
                        (reasons.empty() ? "" : "; ") + std::to_string(n) + " " + s.substr(10);
            }
            const auto it = status.find("extracted");
            md << "| " << name << " | " << found << " | " << (it == status.end() ? 0 : it->second)
               << " | " << (reasons.empty() ? "-" : reasons) << " | " << unaccounted << " |\n";
            return unaccounted;
        };
        std::size_t unaccounted = row("résolution(s)/décision(s) + number", citation_status);
        unaccounted += row("symbol-shaped strings", symbol_status);
        md << "\nCitations extracted in all: " << citations_total << " (of which " << in_ranges
           << " inside ranges); symbol tokens: " << symbols_total << ".\n";
        if (unaccounted != 0) {
            md << "\n## Unaccounted places\n\n";
            for (const auto& p : places)
                if (p.status == "unaccounted")
                    md << "- `" << p.id << "`: " << context(texts[p.text].text, p.begin, p.end)
                       << "\n";
        }

        const auto review = read_review(review_path);
        if (!review.empty()) {
            std::size_t tp = 0, fp = 0, fn = 0, missing = 0;
            std::ostringstream rows;
            for (const std::size_t k : order) {
                const Place& p = places[k];
                const auto it = review.find(p.id);
                if (it == review.end()) {
                    ++missing;
                    continue;
                }
                const auto want = items(it->second.expected), got = items(p.extracted);
                std::size_t ok = 0;
                for (const auto& w : std::set<std::string>(want.begin(), want.end()))
                    ok += std::min(want.count(w), got.count(w));
                tp += ok;
                fp += got.size() - ok;
                fn += want.size() - ok;
                const bool same = ok == want.size() && ok == got.size();
                rows << "| `" << p.id << "` | " << context(texts[p.text].text, p.begin, p.end, 60)
                     << " | " << p.extracted << " | " << it->second.expected << " | "
                     << (same ? "right" : "**wrong**")
                     << (it->second.note.empty() ? "" : ": " + one_line(it->second.note)) << " |\n";
            }
            const auto ratio = [](std::size_t a, std::size_t b) {
                std::ostringstream s;
                s.precision(3);
                s << std::fixed << (b == 0 ? 1.0 : static_cast<double>(a) / static_cast<double>(b));
                return s.str();
            };
            md << "\n## Reviewed sample\n\n"
               << order.size() << " places drawn at random (seed " << seed
               << "), each read by a person who wrote what the text cites (`"
               << fs::path(review_path).filename().string() << "`).\n\n"
               << "- Items the text cites: " << tp + fn << "; extracted: " << tp + fp
               << "; right: " << tp << "\n"
               << "- **Recall " << ratio(tp, tp + fn) << ", precision " << ratio(tp, tp + fp)
               << "**\n";
            if (missing)
                md << "- " << missing
                   << " sampled places have no review line (the sample changed: re-review them)\n";
            md << "\n| place | text | extracted | what the text cites | verdict "
                  "|\n|---|---|---|---|---|\n"
               << rows.str();
        }
        if (out_path.empty()) {
            std::cout << md.str();
        } else {
            std::ofstream out(out_path);
            out << md.str();
            if (!out)
                throw std::runtime_error(out_path + ": cannot write");
        }
        return unaccounted == 0 ? 0 : 1;
    } catch (const po::error& e) {
        std::cerr << "ctoc-bench-citations: " << e.what() << "\n";
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "ctoc-bench-citations: " << e.what() << "\n";
        return 1;
    }
}
