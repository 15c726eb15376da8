// ctoc-search: searches a ctocsearch database from the command line.
#include <ctoc/corpus/defaults.h>
#include <ctoc/search/output.h>
#include <ctoc/search/searcher.h>

#include <boost/program_options.hpp>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <unistd.h>

namespace po = boost::program_options;

namespace {

constexpr int exit_ok = 0;
constexpr int exit_failure = 1;
constexpr int exit_usage = 2;

const char* usage_text =
    "Usage: ctoc-search [OPTION]... QUERY...\n"
    "Search the CTOC/COP documents indexed by ctoc-index.\n\n"
    "Query language (accents and elisions optional: resolution finds résolution, application\n"
    "finds l'application; a word typed with accents is accent-sensitive):\n"
    "  traite personnes        all words (AND; --any for OR)     \"traite des personnes\"  phrase\n"
    "  migrants -armes         exclusion; also AND, OR, NOT, ( ), NEAR, NEAR/5, migra*\n"
    "  CTOC/COP/2014/1         a symbol: the document carrying it first, then those citing it\n"
    "  résolution 5/3          documents citing resolution 5/3 (also: décision 4/4)\n"
    "  symbol:CTOC/COP/WG.7/*  own symbol, exact or a whole family     cites:A/RES/55/25\n"
    "  res:7/1  dec:4/4  wg:7  wg:migrants  type:rapport  session:9  original:anglais\n"
    "  date:2015-01-01..2019-12-31  date:2018  date:..2016  date:2014-06..2016  year:2019\n\nOptions";

ctoc::search::Sort parse_sort(const std::string& s) {
    if (s == "relevance")
        return ctoc::search::Sort::relevance;
    if (s == "date")
        return ctoc::search::Sort::date;
    if (s == "-date")
        return ctoc::search::Sort::date_descending;
    throw po::error("invalid --sort '" + s + "' (choose relevance, date or -date)");
}

ctoc::search::Format parse_format(const std::string& s) {
    if (s == "text")
        return ctoc::search::Format::text;
    if (s == "json")
        return ctoc::search::Format::json;
    if (s == "csv")
        return ctoc::search::Format::csv;
    throw po::error("invalid --format '" + s + "' (choose text, json or csv)");
}

/// Quotes a CLI option value that contains spaces, for the query language.
std::string field(const std::string& name, const std::string& value) {
    if (value.find(' ') != std::string::npos)
        return name + ":\"" + value + "\"";
    return name + ":" + value;
}

} // namespace

int main(int argc, char** argv) {
    po::options_description visible(usage_text);
    std::vector<std::string> dbs;
    double timeout = 10;
    std::string sort = "relevance", format = "text", show, collapse, cited_by, like, text;
    std::string wg, from, to, resolution, decision, symbol, cites, type, year, session;
    long long limit = 10, offset = 0, page = 0; // signed: "-5" is an error, not 2^64 - 5
    visible.add_options()
        ("help,h", "print this help and exit")
        ("version", "print the version and exit")
        ("db,d", po::value(&dbs)->composing(),
         "index to search (default: $CTOC_DB, else ~/.local/share/ctocsearch/ctoc.db); repeat it to search "
         "several as one: index directories, Xapian stub files listing shards, or tcp://HOST:PORT of a "
         "xapian-tcpsrv")
        ("timeout", po::value(&timeout), "seconds to wait for a remote shard before giving up (default 10)")
        ("allow-partial", "search the shards that answer, with a warning, when some do not")
        ("allow-programs", "run the programs that stub lines \"remote :PROGRAM\" name to reach shards (never "
                           "by default: an index from elsewhere could name any command)")
        ("any", "match any word (OR) instead of all")
        ("wg", po::value(&wg), "working group: 4, WG.7, or name words (\"traite des personnes\")")
        ("from", po::value(&from), "documents dated on or after (YYYY, YYYY-MM or YYYY-MM-DD)")
        ("to", po::value(&to), "documents dated on or before")
        ("year", po::value(&year), "year or range of years (2018, 2014..2019)")
        ("resolution", po::value(&resolution), "documents citing this resolution (5/3)")
        ("decision", po::value(&decision), "documents citing this decision (4/4)")
        ("symbol", po::value(&symbol), "the document with this symbol, or a family (CTOC/COP/WG.7/*)")
        ("cites", po::value(&cites), "documents citing this symbol or family; alone with a document's id, path or "
                                     "own symbol: what that document cites, each item present or missing")
        ("cited-by", po::value(&cited_by), "documents citing a symbol, family or resolution/decision (7/1, 2178, "
                                           "\"résolution 2178 (2014)\", \"décision 4/4\"), by date, with the "
                                           "citing sentence; says what it understood")
        ("missing", "symbols cited in the collection that no indexed document carries")
        ("like", po::value(&like), "documents most like the given one (id, path or symbol)")
        ("type", po::value(&type), "document type (rapport, note-du-secretariat, ordre-du-jour-provisoire...)")
        ("session", po::value(&session), "session or meeting number")
        ("sort", po::value(&sort), "relevance (default), date or -date")
        ("limit,n", po::value(&limit), "results to show (default 10)")
        ("offset", po::value(&offset), "results to skip")
        ("page", po::value(&page), "page of --limit results, from 1")
        ("format,f", po::value(&format), "text (default), json (JSON Lines) or csv")
        ("count", "print only the number of matching documents")
        ("facets", "also print counts by working group, year, type and session over all matches")
        ("collapse", po::value(&collapse), "one result per document family: --collapse family")
        ("explain", "print the parsed query and exit")
        ("show", po::value(&show), "print every stored fact of one document (id, key, path or symbol)")
        ("text", po::value(&text), "print the whole text of one document (id, key, path or symbol) as indexed, "
                                   "the words of QUERY (if any) in bold on a terminal")
        ("no-snippets", "do not make snippets");
    po::options_description hidden;
    hidden.add_options()("query", po::value<std::vector<std::string>>(), "");
    po::options_description all;
    all.add(visible).add(hidden);
    po::positional_options_description positional;
    positional.add("query", -1);

    po::variables_map vm;
    ctoc::search::SearchRequest request;
    ctoc::search::Format out_format = ctoc::search::Format::text;
    try {
        po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(), vm);
        po::notify(vm);
        request.sort = parse_sort(sort);
        if (vm.count("cited-by") && !vm.count("sort"))
            request.sort = ctoc::search::Sort::date;
        out_format = parse_format(format);
        if (!collapse.empty() && collapse != "family")
            throw po::error("invalid --collapse '" + collapse + "' (choose family)");
        if (limit < 1 || limit > 100000)
            throw po::error("--limit must be between 1 and 100000");
        if (offset < 0 || offset > 100'000'000)
            throw po::error("--offset must be between 0 and 100000000");
        if (vm.count("page") && (page < 1 || page > 100'000'000 / limit))
            throw po::error("--page counts from 1 (at most " + std::to_string(100'000'000 / limit) + " at this --limit)");
        if (!(timeout > 0 && timeout <= 3600))
            throw po::error("--timeout must be more than 0 and at most 3600 seconds");
        if (vm.count("page") && vm.count("offset"))
            throw po::error("use --page or --offset, not both");
    } catch (const po::unknown_option& e) {
        // "-onudc drogue": a query that starts with an exclusion reads as an option.
        const std::string& name = e.get_option_name();
        const bool query_like = name.rfind("--", 0) != 0 || name.find(' ') != std::string::npos;
        std::cerr << "ctoc-search: " << e.what()
                  << (query_like ? " (a query that starts with '-' goes after --: ctoc-search -- \"-word other words\")"
                                 : "")
                  << "\nTry 'ctoc-search --help' for more information.\n";
        return exit_usage;
    } catch (const std::exception& e) {
        std::cerr << "ctoc-search: " << e.what() << "\nTry 'ctoc-search --help' for more information.\n";
        return exit_usage;
    }
    if (vm.count("help")) {
        std::cout << visible << "\nExit status: 0 success (even with no match), 1 no usable index,\n"
                                "2 usage error or malformed query.\n"
                                "Environment: CTOC_DB default database; NO_COLOR plain output.\n";
        return exit_ok;
    }
    if (vm.count("version")) {
        std::cout << "ctoc-search " << ctoc::corpus::version() << " (Xapian " << Xapian::version_string() << ")\n";
        return exit_ok;
    }
    if (vm.count("query")) {
        for (const auto& w : vm["query"].as<std::vector<std::string>>())
            request.query += (request.query.empty() ? "" : " ") + w;
    }
    if (!wg.empty())
        request.filters.push_back(field("wg", wg));
    if (!from.empty() || !to.empty())
        request.filters.push_back("date:" + from + ".." + to);
    if (!year.empty())
        request.filters.push_back(field("year", year));
    if (!resolution.empty())
        request.filters.push_back(field("res", resolution));
    if (!decision.empty())
        request.filters.push_back(field("dec", decision));
    if (!symbol.empty())
        request.filters.push_back(field("symbol", symbol));
    const bool cites_listing = !cites.empty() && !vm.count("query") && request.filters.empty();
    std::string cites_filter; // what --cites means when it is not a document to list
    if (!cites.empty() && !cites_listing)
        cites_filter = cites;
    if (!type.empty())
        request.filters.push_back(field("type", type));
    if (!session.empty())
        request.filters.push_back(field("session", session));
    request.any = vm.count("any") != 0;
    request.limit = static_cast<std::size_t>(limit);
    request.offset = static_cast<std::size_t>(page > 0 ? (page - 1) * limit : offset);
    request.facets = vm.count("facets") != 0;
    request.collapse_family = collapse == "family";
    request.snippets = vm.count("no-snippets") == 0 && vm.count("count") == 0;
    const bool graph = cites_listing || !cited_by.empty() || !like.empty() || vm.count("missing");
    if (!text.empty() && out_format == ctoc::search::Format::csv) {
        std::cerr << "ctoc-search: --text prints text or json, not csv\nTry 'ctoc-search --help' for more information.\n";
        return exit_usage;
    }
    if (show.empty() && text.empty() && !graph && request.query.empty() && request.filters.empty()) {
        std::cerr << "ctoc-search: no query given\nTry 'ctoc-search --help' for more information.\n";
        return exit_usage;
    }

    if (dbs.empty())
        dbs.push_back(ctoc::corpus::default_database_path());
    const std::string database = dbs.size() == 1 ? dbs.front() : "the shards";
    ctoc::search::OpenOptions open_options;
    open_options.timeout = std::chrono::milliseconds(static_cast<long>(timeout * 1000));
    open_options.allow_partial = vm.count("allow-partial") != 0;
    open_options.allow_programs = vm.count("allow-programs") != 0;
    try {
        ctoc::search::Searcher searcher(dbs, open_options);
        std::vector<std::string> warned;
        const auto warn_partial = [&] {
            for (const auto& w : searcher.warnings())
                if (std::find(warned.begin(), warned.end(), w) == warned.end()) {
                    std::cerr << "ctoc-search: warning: " << w << "; results are partial\n";
                    warned.push_back(w);
                }
        };
        warn_partial();
        if (!show.empty()) {
            Xapian::docid docid = 0;
            const auto meta = searcher.show(show, &docid);
            if (meta.empty()) {
                std::cerr << "ctoc-search: no document '" << show
                          << "' in the index (give a result's id, its path or its symbol)\n";
                return exit_failure;
            }
            ctoc::search::print_document(std::cout, meta, docid, out_format);
            ctoc::search::print_family(std::cout, searcher.family(show), out_format);
            return exit_ok;
        }
        if (!text.empty()) {
            const auto doc = searcher.text(text, request.query);
            if (doc.docid == 0) {
                std::cerr << "ctoc-search: no document '" << text
                          << "' in the index (give a result's id, its key, its path or its symbol)\n";
                return exit_failure;
            }
            const bool color = ::isatty(STDOUT_FILENO) != 0 && std::getenv("NO_COLOR") == nullptr;
            ctoc::search::print_document_text(std::cout, doc, out_format, {color});
            return exit_ok;
        }
        if (vm.count("missing")) {
            ctoc::search::print_missing(std::cout, searcher.missing(), out_format);
            return exit_ok;
        }
        if (cites_listing) {
            Xapian::docid docid = 0;
            if (!searcher.show(cites, &docid).empty()) {
                ctoc::search::print_citations(std::cout, cites, searcher.citations_of(cites), out_format);
                return exit_ok;
            }
            // Not a document: a symbol, family, resolution or decision, whose citing documents are listed.
            cites_filter = cites;
        }
        // What --cites and --cited-by were understood to mean, said in one line each.
        const auto understand = [](const std::string& option, const std::string& value, const std::string& also) {
            try {
                return ctoc::search::read_citation_target(value);
            } catch (const ctoc::search::QueryError& e) {
                throw ctoc::search::QueryError(option + " " + value + ": " + also + e.what(), 0);
            }
        };
        std::string understood;
        if (!cites_filter.empty()) {
            const auto target =
                understand("--cites", cites_filter, cites_listing ? "no document '" + cites_filter + "' in the index, and " : "");
            request.filters.push_back(target.query);
            understood = "--cites " + cites_filter + ": " + target.description;
        }
        if (!cited_by.empty()) {
            const auto target = understand("--cited-by", cited_by, "");
            understood = "--cited-by " + cited_by + ": " + target.description;
            if (vm.count("explain"))
                request.query = target.query + (request.query.empty() ? "" : " " + request.query);
        }
        if (vm.count("explain")) {
            if (!understood.empty())
                std::cout << understood << "\n";
            std::cout << searcher.explain(request) << "\n";
            return exit_ok;
        }
        if (!understood.empty())
            std::cerr << "ctoc-search: " << understood << "\n";
        const bool count_only = vm.count("count") != 0;
        if (count_only) {
            // An exact count: the match spies make Xapian check every match.
            request.offset = 0;
            request.limit = 1;
            request.facets = true;
            request.relax = false;
        }
        const auto result = !cited_by.empty() ? searcher.cited_by(cited_by, request)
                            : !like.empty()   ? searcher.like(like, request)
                                              : searcher.search(request);
        warn_partial(); // a shard may have stopped answering during the search
        if (count_only) {
            std::cout << result.estimated << "\n";
            return exit_ok;
        }
        switch (out_format) {
        case ctoc::search::Format::text: {
            const bool color = ::isatty(STDOUT_FILENO) != 0 && std::getenv("NO_COLOR") == nullptr;
            ctoc::search::print_text(std::cout, request, result, {color});
            break;
        }
        case ctoc::search::Format::json: ctoc::search::print_json(std::cout, result); break;
        case ctoc::search::Format::csv: ctoc::search::print_csv(std::cout, result); break;
        }
        if (request.facets)
            ctoc::search::print_facets(std::cout, result, out_format);
        if (out_format != ctoc::search::Format::text && result.relaxed)
            std::cerr << "ctoc-search: no document has all the words; these have some of them\n";
        if (out_format != ctoc::search::Format::text && !result.suggestion.empty() && result.hits.empty())
            std::cerr << "ctoc-search: no match; did you mean: " << result.suggestion << " ?\n";
        return exit_ok;
    } catch (const ctoc::search::QueryError& e) {
        std::cerr << "ctoc-search: malformed query: " << e.what() << "\n";
        return exit_usage;
    } catch (const ctoc::search::MissingDatabase& e) {
        std::cerr << "ctoc-search: " << e.what() << "\n";
        return exit_failure;
    } catch (const Xapian::Error& e) {
        // A corrupt block, or a table cut short ("EOF reading block"): the index is damaged.
        if (const std::string_view kind = e.get_type(); kind == "DatabaseCorruptError" || kind == "DatabaseError") {
            std::cerr << "ctoc-search: the index at " << database << " is damaged (" << e.get_msg()
                      << "); rebuild it with: ctoc-index --rebuild\n";
            return exit_failure;
        }
        std::cerr << "ctoc-search: " << database << ": " << e.get_description() << "\n";
        return exit_failure;
    } catch (const std::exception& e) {
        std::cerr << "ctoc-search: " << e.what() << "\n";
        return exit_failure;
    }
}
