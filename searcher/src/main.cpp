// ctoc-search: searches a ctocsearch database from the command line.
#include <ctoc/corpus/defaults.h>
#include <ctoc/search/output.h>
#include <ctoc/search/searcher.h>
#include <ctoc/search/terminal.h>

#include <boost/program_options.hpp>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <sstream>
#include <unistd.h>

namespace po = boost::program_options;

namespace {

constexpr int exit_ok = 0;
constexpr int exit_failure = 1;
constexpr int exit_usage = 2;

// The help is the one source of the manual page (help2man), so it says everything a user
// needs, within 80 columns.
const char* usage_text =
    "Usage: ctoc-search [OPTION]... QUERY...\n"
    "  or:  ctoc-search [OPTION]... --cited-by TARGET [QUERY]...\n"
    "  or:  ctoc-search [OPTION]... --like ID [QUERY]...\n"
    "  or:  ctoc-search [OPTION]... --show ID | --cites ID | --missing\n"
    "  or:  ctoc-search [OPTION]... --text ID [QUERY]...\n"
    "Search the French CTOC/COP documents indexed by ctoc-index.\n"
    "\n"
    "Query language (accents and elisions optional: resolution finds résolution,\n"
    "application finds l'application; a word typed with accents is accent-sensitive):\n"
    "  traite personnes        all the words (--any: any of them)\n"
    "  \"traite des personnes\"  the phrase\n"
    "  migrants -armes         exclusion; also AND, OR, NOT, ( ), NEAR, NEAR/5\n"
    "  migra*                  words beginning with migra\n"
    "  CTOC/COP/2014/1         the document with that symbol, then those citing it\n"
    "  résolution 5/3          documents citing resolution 5/3 (also décision 4/4)\n"
    "  symbol:CTOC/COP/WG.7/*  own symbol, exact or a whole family\n"
    "  cites:A/RES/55/25       documents citing a symbol (res:7/1, dec:4/4)\n"
    "  wg:7, wg:migrants       a working group, by number or name\n"
    "  type:rapport            a document type (also session:9, original:anglais)\n"
    "  date:2015..2019-06-30   a date range (date:2018, date:..2016, year:2019)\n"
    "\n"
    "Output: on a terminal, each result's title, facts, snippet (matches in bold)\n"
    "and path, wrapped to its width; --format json prints one JSON object per\n"
    "result (JSON Lines), --format csv a CSV table. The count of matches is exact,\n"
    "or said to be an estimate with its bounds: \"About 425 documents match (between\n"
    "400 and 450)\". --count prints it alone: the number when it is exact, else\n"
    "\"about N (between L and U)\"; as JSON {\"total\":N,\"exact\":true,...}. --facets\n"
    "prints counts by working group, year, type and session: after the results as\n"
    "text; with --format json or csv, instead of the results, in a shape of their\n"
    "own (one JSON object {\"total\":...,\"facets\":{...}}, or a CSV table\n"
    "facet,value,count), so that a script reads results and facets from two runs.\n"
    "\n"
    "--cited-by and --like search within QUERY and the filters (--from, --wg...).\n"
    "--show, --text, --cites ID and --missing print one thing: they take no\n"
    "search option (--text takes the QUERY whose words it marks).\n"
    "\n"
    "Options";

const char* epilog_text =
    "\n"
    "Exit status:\n"
    "  0    success, even with no match\n"
    "  1    no usable index (the message says how to build or repair it), or no\n"
    "       such document (--show, --text, --like, --cites ID)\n"
    "  2    usage error or malformed query\n"
    "  130  interrupted (Ctrl-C)\n"
    "\n"
    "Environment:\n"
    "  CTOC_DB    the index to search when --db is not given\n"
    "  NO_COLOR   when set and not empty, no colour unless --color=always\n"
    "  TERM       \"dumb\": no colour unless --color=always\n"
    "  COLUMNS    the width to wrap to on a terminal\n"
    "\n"
    "Examples:\n"
    "  $ ctoc-search \"traite des personnes\"\n"
    "  $ ctoc-search migrants --wg 7 --from 2014 --sort date --format json\n"
    "  $ ctoc-search --cited-by \"résolution 7/1\" --from 2019\n"
    "  $ ctoc-search --count --format json migrants\n"
    "  $ ctoc-search --show 5091267159\n";

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

/// An option as the user gave it, for messages: --wg 'traite'.
std::string as_given(const std::string& option, const std::string& value) { return option + " '" + value + "'"; }

/// The options that shape a search, which a command printing one thing (--show...) refuses
/// rather than ignore. "query" stands for query words.
constexpr const char* search_options[] = {"query", "wg",   "from",  "to",    "year",   "resolution", "decision",
                                          "symbol", "type", "session", "any", "sort", "limit",      "offset",
                                          "page",  "count", "facets", "collapse", "explain", "no-snippets"};

/// The first search option given, as the user typed it ("QUERY" for words), or "".
std::string first_search_option(const po::variables_map& vm, bool query_allowed) {
    for (const char* name : search_options) {
        if (!vm.count(name) || vm[name].defaulted())
            continue;
        if (std::string_view(name) == "query") {
            if (!query_allowed)
                return "query words";
            continue;
        }
        return std::string("--") + name;
    }
    return {};
}

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
        return "the index at " + database + " is damaged (" + msg + "); rebuild it with: ctoc-index --rebuild";
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

} // namespace

int main(int argc, char** argv) {
    po::options_description visible(usage_text);
    std::vector<std::string> dbs;
    double timeout = 10;
    std::string sort = "relevance", format = "text", color = "auto", show, collapse, cited_by, like, text;
    std::string wg, from, to, resolution, decision, symbol, cites, type, year, session;
    long long limit = 10, offset = 0, page = 0; // signed: "-5" is an error, not 2^64 - 5
    visible.add_options()
        ("help,h", "print this help and exit")
        ("version", "print the version and exit")
        ("db,d", po::value(&dbs)->composing()->value_name("DB"),
         "index to search (default: $CTOC_DB, else ~/.local/share/ctocsearch/ctoc.db); repeat it to search "
         "several as one: index directories, Xapian stub files listing shards, or tcp://HOST:PORT of a "
         "xapian-tcpsrv")
        ("timeout", po::value(&timeout)->value_name("SECONDS"),
         "seconds to wait for a remote shard before giving up (default 10)")
        ("allow-partial", "search the shards that answer, with a warning, when some do not")
        ("allow-programs", "run the programs that stub lines \"remote :PROGRAM\" name to reach shards (never "
                           "by default: an index from elsewhere could name any command)")
        ("any", "match any word (OR) instead of all")
        ("wg", po::value(&wg)->value_name("WG"), "working group: 4, WG.7, or name words (\"traite des personnes\")")
        ("from", po::value(&from)->value_name("DATE"), "documents dated on or after (YYYY, YYYY-MM or YYYY-MM-DD)")
        ("to", po::value(&to)->value_name("DATE"), "documents dated on or before")
        ("year", po::value(&year)->value_name("YEARS"), "year or range of years (2018, 2014..2019)")
        ("resolution", po::value(&resolution)->value_name("N"), "documents citing this resolution (5/3)")
        ("decision", po::value(&decision)->value_name("N"), "documents citing this decision (4/4)")
        ("symbol", po::value(&symbol)->value_name("SYMBOL"),
         "the document with this symbol, or a family (CTOC/COP/WG.7/*)")
        ("cites", po::value(&cites)->value_name("X"),
         "documents citing this symbol, family, resolution or decision; alone with a document's id, key, path or "
         "own symbol: what that document cites, each item present or missing")
        ("cited-by", po::value(&cited_by)->value_name("TARGET"),
         "documents citing a symbol, family or resolution/decision (7/1, 2178, \"résolution 2178 (2014)\", "
         "\"décision 4/4\"), by date, with the citing sentence, within QUERY and the filters; says what it "
         "understood")
        ("missing", "symbols cited in the collection that no indexed document carries")
        ("like", po::value(&like)->value_name("ID"),
         "documents most like the given one (id, key, path or symbol), within QUERY and the filters")
        ("type", po::value(&type)->value_name("TYPE"),
         "document type (rapport, note-du-secretariat, ordre-du-jour-provisoire...)")
        ("session", po::value(&session)->value_name("N"), "session or meeting number")
        ("sort", po::value(&sort)->value_name("ORDER"), "relevance (default), date or -date")
        ("limit,n", po::value(&limit)->value_name("N"), "results to show (default 10)")
        ("offset", po::value(&offset)->value_name("N"), "results to skip")
        ("page", po::value(&page)->value_name("N"), "page of --limit results, from 1")
        ("format,f", po::value(&format)->value_name("FMT"), "text (default), json (JSON Lines) or csv")
        ("color", po::value(&color)->value_name("WHEN"),
         "colour the text output: auto (default: on a terminal, unless NO_COLOR or TERM=dumb), always or never")
        ("count", "print only the number of matching documents")
        ("facets", "counts by working group, year, type and session over all matches (see above)")
        ("collapse", po::value(&collapse)->value_name("family"),
         "one result per document family: --collapse family")
        ("explain", "print the parsed query and exit")
        ("show", po::value(&show)->value_name("ID"), "print every stored fact of one document (id, key, path or symbol)")
        ("text", po::value(&text)->value_name("ID"),
         "print the whole text of one document (id, key, path or symbol) as indexed, the words of QUERY (if any) "
         "in bold on a terminal")
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
    ctoc::search::ColorMode color_mode = ctoc::search::ColorMode::automatic;
    try {
        po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(), vm);
        po::notify(vm);
        request.sort = parse_sort(sort);
        if (vm.count("cited-by") && !vm.count("sort"))
            request.sort = ctoc::search::Sort::date;
        out_format = parse_format(format);
        color_mode = ctoc::search::parse_color_mode(color);
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
        // Commands that print one thing, or search in their own way: one at a time, and never
        // with an option they would silently ignore.
        std::vector<std::string> modes;
        for (const char* mode : {"show", "text", "like", "cited-by", "missing"})
            if (vm.count(mode))
                modes.push_back(std::string("--") + mode);
        if (modes.size() > 1)
            throw po::error(modes[0] + " and " + modes[1] + " are two different requests; give one");
        if (!modes.empty() && (modes[0] == "--show" || modes[0] == "--text" || modes[0] == "--missing")) {
            const std::string other = first_search_option(vm, modes[0] == "--text");
            if (!other.empty())
                throw po::error(modes[0] + " prints " +
                                (modes[0] == "--missing" ? std::string("the whole collection's missing symbols")
                                                         : std::string("one document")) +
                                " and takes no " + other +
                                (modes[0] == "--text" ? " (only the QUERY whose words it marks)" : ""));
            if (vm.count("cites"))
                throw po::error(modes[0] + " and --cites are two different requests; give one");
        }
        if (vm.count("like") && vm.count("explain"))
            throw po::error("--explain prints how a query is read; --like reads none (drop --explain)");
        if (!text.empty() && out_format == ctoc::search::Format::csv)
            throw po::error("--text prints text or json, not csv");
        if (vm.count("count") && vm.count("facets"))
            throw po::error("--count prints the number of matches and --facets the counts by group, year, type "
                            "and session; give one");
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
        // Boost pads wrapped descriptions with a space: no line of the help ends with one.
        std::ostringstream help;
        help << visible;
        std::string line;
        for (std::istringstream in(help.str()); std::getline(in, line);)
            std::cout << line.substr(0, line.find_last_not_of(' ') + 1) << "\n";
        std::cout << epilog_text;
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
        request.fields.push_back({"wg", wg, as_given("--wg", wg)});
    if (!from.empty() || !to.empty())
        request.fields.push_back({"date", from + ".." + to,
                                  from.empty() ? as_given("--to", to)
                                  : to.empty() ? as_given("--from", from)
                                               : as_given("--from", from) + " --to '" + to + "'"});
    if (!year.empty())
        request.fields.push_back({"year", year, as_given("--year", year)});
    if (!resolution.empty())
        request.fields.push_back({"res", resolution, as_given("--resolution", resolution)});
    if (!decision.empty())
        request.fields.push_back({"dec", decision, as_given("--decision", decision)});
    if (!symbol.empty())
        request.fields.push_back({"symbol", symbol, as_given("--symbol", symbol)});
    // --cites alone may name a document whose citations to list; with a search, it is a filter.
    const bool cites_alone = !cites.empty() && request.fields.empty() && like.empty() && cited_by.empty() &&
                             first_search_option(vm, false).empty();
    std::string cites_filter; // what --cites means when it is not a document to list
    if (!cites.empty() && !cites_alone)
        cites_filter = cites;
    if (!type.empty())
        request.fields.push_back({"type", type, as_given("--type", type)});
    if (!session.empty())
        request.fields.push_back({"session", session, as_given("--session", session)});
    request.any = vm.count("any") != 0;
    request.limit = static_cast<std::size_t>(limit);
    request.offset = static_cast<std::size_t>(page > 0 ? (page - 1) * limit : offset);
    request.facets = vm.count("facets") != 0;
    request.collapse_family = collapse == "family";
    request.snippets = vm.count("no-snippets") == 0 && vm.count("count") == 0;
    const bool graph = cites_alone || !cited_by.empty() || !like.empty() || vm.count("missing");
    if (show.empty() && text.empty() && !graph && cites.empty() && request.query.empty() && request.fields.empty()) {
        std::cerr << "ctoc-search: no query given\nTry 'ctoc-search --help' for more information.\n";
        return exit_usage;
    }

    const bool colour = ctoc::search::use_color(color_mode, STDOUT_FILENO);
    const ctoc::search::TextStyle style{colour, ctoc::search::wrap_width(STDOUT_FILENO)};
    colour_in_use = colour ? 1 : 0;
    std::signal(SIGINT, on_interrupt);
    std::signal(SIGTERM, on_interrupt);

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
            if (meta.empty())
                throw ctoc::search::NoSuchDocument(show);
            ctoc::search::print_document(std::cout, meta, docid, out_format, style);
            ctoc::search::print_family(std::cout, searcher.family(show), out_format, style);
            return exit_ok;
        }
        if (!text.empty()) {
            const auto doc = searcher.text(text, request.query);
            if (doc.docid == 0)
                throw ctoc::search::NoSuchDocument(text);
            ctoc::search::print_document_text(std::cout, doc, out_format, style);
            return exit_ok;
        }
        if (vm.count("missing")) {
            ctoc::search::print_missing(std::cout, searcher.missing(), out_format, style);
            return exit_ok;
        }
        if (cites_alone) {
            Xapian::docid docid = 0;
            if (!searcher.show(cites, &docid).empty()) {
                ctoc::search::print_citations(std::cout, cites, searcher.citations_of(cites), out_format, style);
                return exit_ok;
            }
            // Not a document: a symbol, family, resolution or decision, whose citing documents are listed.
            cites_filter = cites;
        }
        // What --cites and --cited-by were understood to mean, said in one line each.
        std::string understood;
        if (!cites_filter.empty()) {
            ctoc::search::CitationTarget target;
            try {
                target = ctoc::search::read_citation_target(cites_filter);
            } catch (const ctoc::search::QueryError& e) {
                // Alone, --cites names a document or something cited: neither is "no such document".
                if (cites_alone)
                    throw ctoc::search::NoSuchDocument(cites_filter);
                if (!searcher.show(cites_filter).empty()) {
                    std::string other = first_search_option(vm, false);
                    if (other.empty())
                        other = cited_by.empty() ? "--like" : "--cited-by";
                    std::cerr << "ctoc-search: --cites " << cites_filter << " lists what one document cites and takes no "
                              << other << "\nTry 'ctoc-search --help' for more information.\n";
                    return exit_usage;
                }
                throw ctoc::search::QueryError("--cites " + cites_filter + ": " + e.what(), 0);
            }
            request.filters.push_back(target.query);
            understood = "--cites " + cites_filter + ": " + target.description;
        }
        if (!cited_by.empty()) {
            ctoc::search::CitationTarget target;
            try {
                target = ctoc::search::read_citation_target(cited_by);
            } catch (const ctoc::search::QueryError& e) {
                throw ctoc::search::QueryError("--cited-by " + cited_by + ": " + e.what(), 0);
            }
            understood = "--cited-by " + cited_by + ": " + target.description;
            if (vm.count("explain"))
                request.filters.push_back(target.query);
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
            // Count every match, as --facets does: the count is then exact, unless the searcher
            // says it is an estimate (print_count then says so, with its bounds).
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
            ctoc::search::print_count(std::cout, result, out_format);
            return exit_ok;
        }
        // Facets as JSON or CSV are a shape of their own: printed instead of the results.
        if (request.facets && out_format != ctoc::search::Format::text) {
            ctoc::search::print_facets(std::cout, result, out_format);
            return exit_ok;
        }
        switch (out_format) {
        case ctoc::search::Format::text: ctoc::search::print_text(std::cout, request, result, style); break;
        case ctoc::search::Format::json: ctoc::search::print_json(std::cout, result); break;
        case ctoc::search::Format::csv: ctoc::search::print_csv(std::cout, result); break;
        }
        if (request.facets)
            ctoc::search::print_facets(std::cout, result, out_format, style);
        if (out_format != ctoc::search::Format::text && result.relaxed)
            std::cerr << "ctoc-search: no document has all the words; these have some of them\n";
        if (out_format != ctoc::search::Format::text && !result.suggestion.empty() && result.hits.empty())
            std::cerr << "ctoc-search: no match; did you mean: " << result.suggestion << " ?\n";
        return exit_ok;
    } catch (const ctoc::search::NoSuchDocument& e) {
        std::cerr << "ctoc-search: " << e.what() << "\n";
        return exit_failure;
    } catch (const ctoc::search::QueryError& e) {
        std::cerr << "ctoc-search: malformed query: " << e.what() << "\n";
        return exit_usage;
    } catch (const ctoc::search::MissingDatabase& e) {
        std::cerr << "ctoc-search: " << e.what() << "\n";
        return exit_failure;
    } catch (const Xapian::DocNotFoundError&) {
        // A document removed by an indexer between finding it and reading it.
        std::cerr << "ctoc-search: a document was removed from " << database << " during the search; search again\n";
        return exit_failure;
    } catch (const Xapian::Error& e) {
        std::cerr << "ctoc-search: " << xapian_sentence(e, database) << "\n";
        return exit_failure;
    } catch (const std::exception& e) {
        std::cerr << "ctoc-search: " << e.what() << "\n";
        return exit_failure;
    }
}
