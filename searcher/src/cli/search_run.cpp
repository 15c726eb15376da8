// Runs a ctoc-search command: one document (--show, --text), the collection's missing symbols,
// what a document cites, a search (words, --cited-by, --like), or a batch of searches; every
// failure becomes one sentence and an exit status.
#include "search_command.h"

#include <ctoc/corpus/defaults.h>
#include <ctoc/corpus/json.h>

#include <xapian.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fstream>
#include <functional>
#include <iostream>
#include <unistd.h>

namespace ctoc::search::cli {

namespace {

/// The colour in use, so that Ctrl-C does not leave the terminal bold.
volatile std::sig_atomic_t colour_in_use = 0;

extern "C" void on_interrupt(int signal) {
    if (colour_in_use != 0) {
        static const char reset[] = "\033[0m\n";
        [[maybe_unused]] const auto written = ::write(STDOUT_FILENO, reset, sizeof reset - 1);
    }
    // Die of the signal, as the shell expects of an interrupted program (status 130).
    std::signal(signal, SIG_DFL);
    std::raise(signal);
}

/// A Xapian error met while searching, as one sentence saying what to do.
std::string xapian_sentence(const Xapian::Error& e, const std::string& database) {
    const std::string_view kind = e.get_type();
    const std::string msg = e.get_msg();
    // A corrupt block, or a table cut short ("EOF reading block"): the index is damaged.
    if (kind == "DatabaseCorruptError" || kind == "DatabaseError")
        return "the index at " + database + " is damaged (" + msg +
               "); rebuild it with: ctoc-index --rebuild";
    if (kind == "DatabaseModifiedError")
        return "the index at " + database + " changed too often during the search; search again";
    if (kind == "NetworkError" || kind == "NetworkTimeoutError")
        return "a remote shard of " + database + " stopped answering (" + msg +
               "); check that its xapian-tcpsrv runs, or give --allow-partial";
    if (kind == "DatabaseVersionError")
        return database + " was written by another version of Xapian (" + msg +
               "); rebuild it with: ctoc-index --rebuild";
    if (kind == "DatabaseOpeningError" || kind == "DatabaseNotFoundError")
        return "cannot open the index at " + database + " (" + msg + ")";
    return "the search of " + database + " failed in Xapian (" + msg + ")";
}

/// --count: every match counted, as --facets does, so that the count is exact unless the
/// searcher says it is an estimate (print_count then says so, with its bounds); no results.
void count_every_match(SearchRequest& request) {
    request.offset = 0;
    request.limit = 1;
    request.facets = true;
    request.facets_exact_up_to = 0;
    request.relax = false;
}

/// --show, --text, --missing and --cites with a document: one thing printed. Returns false
/// when the command is none of them (--cites naming no document is a search).
bool print_one_thing(Searcher& searcher, const SearchCommand& c, const TextStyle& style) {
    if (!c.show.empty()) {
        Xapian::docid docid = 0;
        const auto meta = searcher.show(c.show, &docid);
        if (meta.empty())
            throw NoSuchDocument(c.show);
        print_document(std::cout, meta, docid, c.format, style);
        print_family(std::cout, searcher.family(c.show), c.format, style);
        return true;
    }
    if (!c.text.empty()) {
        const auto doc = searcher.text(c.text, c.request.query);
        if (doc.docid == 0)
            throw NoSuchDocument(c.text);
        print_document_text(std::cout, doc, c.format, style);
        return true;
    }
    if (c.missing) {
        print_missing(std::cout, searcher.missing(), c.format, style);
        return true;
    }
    if (c.cites_alone && !searcher.show(c.cites).empty()) {
        print_citations(std::cout, c.cites, searcher.citations_of(c.cites), c.format, style);
        return true;
    }
    return false;
}

/// Adds what --cites (as a filter) and --cited-by mean to the request; returns what they were
/// understood to mean, one line, or "".
std::string add_citation_targets(Searcher& searcher, SearchCommand& c) {
    std::string understood;
    if (!c.cites.empty()) {
        CitationTarget target;
        try {
            target = read_citation_target(c.cites);
        } catch (const QueryError& e) {
            // Alone, --cites names a document or something cited: neither is "no such document".
            if (c.cites_alone)
                throw NoSuchDocument(c.cites);
            if (!searcher.show(c.cites).empty()) {
                std::string other = c.search_option;
                if (other.empty())
                    other = c.cited_by.empty() ? "--like" : "--cited-by";
                throw UsageError("--cites " + c.cites +
                                 " lists what one document cites and takes no " + other);
            }
            throw QueryError("--cites " + c.cites + ": " + e.what(), 0);
        }
        c.request.filters.push_back(target.query);
        understood = "--cites " + c.cites + ": " + target.description;
    }
    if (!c.cited_by.empty()) {
        CitationTarget target;
        try {
            target = read_citation_target(c.cited_by);
        } catch (const QueryError& e) {
            throw QueryError("--cited-by " + c.cited_by + ": " + e.what(), 0);
        }
        understood = "--cited-by " + c.cited_by + ": " + target.description;
        if (c.explain)
            c.request.filters.push_back(target.query);
    }
    return understood;
}

/// A search (words, --cited-by, --like) and its printing in the chosen format.
int search_and_print(Searcher& searcher, SearchCommand& c, const TextStyle& style,
                     const std::function<void()>& warn_partial) {
    const std::string understood = add_citation_targets(searcher, c);
    SearchRequest& request = c.request;
    if (c.explain) {
        if (!understood.empty())
            std::cout << understood << "\n";
        std::cout << searcher.explain(request) << "\n";
        return exit_ok;
    }
    if (!understood.empty())
        std::cerr << "ctoc-search: " << understood << "\n";
    if (c.count) {
        count_every_match(request);
    }
    const auto result = !c.cited_by.empty() ? searcher.cited_by(c.cited_by, request)
                        : !c.like.empty()   ? searcher.like(c.like, request)
                                            : searcher.search(request);
    warn_partial(); // a shard may have stopped answering during the search
    if (c.count) {
        print_count(std::cout, result, c.format);
        return exit_ok;
    }
    // Facets as JSON or CSV are a shape of their own: printed instead of the results.
    if (request.facets && c.format != Format::text) {
        print_facets(std::cout, result, c.format);
        return exit_ok;
    }
    switch (c.format) {
    case Format::text:
        print_text(std::cout, request, result, style);
        break;
    case Format::json:
        print_json(std::cout, result);
        break;
    case Format::csv:
        print_csv(std::cout, result);
        break;
    }
    if (request.facets)
        print_facets(std::cout, result, c.format, style);
    if (c.format != Format::text && result.relaxed)
        std::cerr << "ctoc-search: no document has all the words; these have some of them\n";
    if (c.format != Format::text && !result.suggestion.empty() && result.hits.empty())
        std::cerr << "ctoc-search: no match; did you mean: " << result.suggestion << " ?\n";
    return exit_ok;
}

/// One query of a batch as its JSON object.
std::string batch_answer(Searcher& searcher, const SearchCommand& command, std::size_t line,
                         const std::string& query) {
    SearchRequest request = command.request;
    request.query = query;
    if (command.count)
        count_every_match(request);
    const SearchResult result = searcher.search(request);
    std::string out = "{\"line\":" + std::to_string(line) + ",\"query\":";
    corpus::json::append_string(out, query);
    out += "," + count_fields(result);
    if (command.request.facets)
        out += facet_sample_fields(result) + ",\"facets\":" + facets_json(result);
    if (!command.count) {
        out += ",\"hits\":[";
        for (std::size_t k = 0; k < result.hits.size(); ++k)
            out += (k ? "," : "") + hit_json(result.hits[k]);
        out += "]";
    }
    return out + "}";
}

} // namespace

int run_batch(Searcher& searcher, const SearchCommand& command, std::istream& in,
              const std::string& name, std::ostream& out, std::ostream& err) {
    int status = exit_ok;
    std::string query;
    for (std::size_t line = 1; std::getline(in, query); ++line) {
        if (!query.empty() && query.back() == '\r')
            query.pop_back();
        const std::size_t first = query.find_first_not_of(" \t");
        if (first == std::string::npos || query[first] == '#')
            continue;
        try {
            out << batch_answer(searcher, command, line, query) << "\n" << std::flush;
        } catch (const QueryError& e) {
            std::string answer = "{\"line\":" + std::to_string(line) + ",\"query\":";
            corpus::json::append_string(answer, query);
            answer += ",\"error\":";
            corpus::json::append_string(answer, std::string("malformed query: ") + e.what());
            out << answer << "}\n" << std::flush;
            err << "ctoc-search: " << name << ":" << line << ": malformed query: " << e.what()
                << "\n";
            status = exit_usage;
        }
    }
    if (in.bad())
        throw std::runtime_error("cannot read " + name + " (" + std::strerror(errno) + ")");
    return status;
}

int run_search_command(SearchCommand c) {
    const bool colour = use_color(c.color, STDOUT_FILENO);
    const TextStyle style{colour, wrap_width(STDOUT_FILENO)};
    colour_in_use = colour ? 1 : 0;
    std::signal(SIGINT, on_interrupt);
    std::signal(SIGTERM, on_interrupt);

    if (c.dbs.empty())
        c.dbs.push_back(corpus::default_database_path());
    const std::string database = c.dbs.size() == 1 ? c.dbs.front() : "the shards";
    try {
        // A batch file is opened before the index, so that a mistyped name costs nothing.
        std::ifstream batch_file;
        if (!c.batch.empty() && c.batch != "-") {
            batch_file.open(c.batch);
            if (!batch_file)
                throw UsageError("cannot read the batch file " + c.batch + " (" +
                                 std::strerror(errno) + ")");
        }
        Searcher searcher(c.dbs, c.open);
        std::vector<std::string> warned;
        const std::function<void()> warn_partial = [&] {
            for (const auto& w : searcher.warnings())
                if (std::find(warned.begin(), warned.end(), w) == warned.end()) {
                    std::cerr << "ctoc-search: warning: " << w << "; results are partial\n";
                    warned.push_back(w);
                }
        };
        warn_partial();
        if (!c.batch.empty()) {
            const int status =
                c.batch == "-"
                    ? run_batch(searcher, c, std::cin, "standard input", std::cout, std::cerr)
                    : run_batch(searcher, c, batch_file, c.batch, std::cout, std::cerr);
            warn_partial();
            return status;
        }
        if (print_one_thing(searcher, c, style))
            return exit_ok;
        return search_and_print(searcher, c, style, warn_partial);
    } catch (const UsageError& e) {
        std::cerr << "ctoc-search: " << e.what()
                  << "\nTry 'ctoc-search --help' for more information.\n";
        return exit_usage;
    } catch (const NoSuchDocument& e) {
        std::cerr << "ctoc-search: " << e.what() << "\n";
        return exit_failure;
    } catch (const QueryError& e) {
        std::cerr << "ctoc-search: malformed query: " << e.what() << "\n";
        return exit_usage;
    } catch (const MissingDatabase& e) {
        std::cerr << "ctoc-search: " << e.what() << "\n";
        return exit_failure;
    } catch (const Xapian::DocNotFoundError&) {
        // A document removed by an indexer between finding it and reading it.
        std::cerr << "ctoc-search: a document was removed from " << database
                  << " during the search; search again\n";
        return exit_failure;
    } catch (const Xapian::Error& e) {
        std::cerr << "ctoc-search: " << xapian_sentence(e, database) << "\n";
        return exit_failure;
    } catch (const std::exception& e) {
        std::cerr << "ctoc-search: " << e.what() << "\n";
        return exit_failure;
    }
}

} // namespace ctoc::search::cli
