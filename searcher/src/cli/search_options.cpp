// Reads ctoc-search's command line into a SearchCommand: the help text (the one source of the
// manual page, through help2man), the options, and every check that refuses a command line
// which would silently ignore part of what it says.
#include "search_command.h"

#include <string_view>

namespace po = boost::program_options;

namespace ctoc::search::cli {

namespace {

// The help is the one source of the manual page (help2man), so it says everything a user
// needs, within 80 columns.
const char* usage_text =
    "Usage: ctoc-search [OPTION]... QUERY...\n"
    "  or:  ctoc-search [OPTION]... --cited-by TARGET [QUERY]...\n"
    "  or:  ctoc-search [OPTION]... --like ID [QUERY]...\n"
    "  or:  ctoc-search [OPTION]... --show ID | --cites ID | --missing\n"
    "  or:  ctoc-search [OPTION]... --text ID [QUERY]...\n"
    "  or:  ctoc-search [OPTION]... --batch FILE\n"
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
    "  2014..2019              a range of years (..2016, 2016..)\n"
    "  wg 7, COP9              a working group; the Conference's ninth session\n"
    "Fields go by their French names too: année:2019, groupe:7, symbole: or cote:,\n"
    "cite:, langue:, résolution:, décision: (accents optional).\n"
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
    "facet,value,count,exact), so that a script reads results and facets from two\n"
    "runs.\n"
    "Facets are exact up to 10,000 matches; beyond, estimated on a sample of about\n"
    "as many (1 document in N), and said to be: \"estimated on 1 document in 8\",\n"
    "counts as (~120); in JSON \"facets_exact\":false,\"facets_sample\":8.\n"
    "--exact-facets counts every match.\n"
    "\n"
    "--cited-by and --like search within QUERY and the filters (--from, --wg...).\n"
    "--batch FILE (- for standard input) searches each line of FILE as a query on\n"
    "one open index, with the other options, and prints one JSON object per query:\n"
    "{\"line\":N,\"query\":...,\"total\":...,\"exact\":...,\"hits\":[...]}, or\n"
    "{\"line\":N,\"query\":...,\"error\":...} for a malformed one (the batch goes on).\n"
    "Blank lines and lines beginning with # are skipped.\n"
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
    "  2    usage error or malformed query (--batch: some line was malformed,\n"
    "       the others were answered)\n"
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
    "  $ ctoc-search --show 5091267159\n"
    "  $ ctoc-search --batch queries.txt --wg 7 --limit 5 > results.jsonl\n";

Sort parse_sort(const std::string& s) {
    if (s == "relevance")
        return Sort::relevance;
    if (s == "date")
        return Sort::date;
    if (s == "-date")
        return Sort::date_descending;
    throw UsageError("invalid --sort '" + s + "' (choose relevance, date or -date)");
}

Format parse_format(const std::string& s) {
    if (s == "text")
        return Format::text;
    if (s == "json")
        return Format::json;
    if (s == "csv")
        return Format::csv;
    throw UsageError("invalid --format '" + s + "' (choose text, json or csv)");
}

/// An option as the user gave it, for messages: --wg 'traite'.
std::string as_given(const std::string& option, const std::string& value) {
    return option + " '" + value + "'";
}

/// The options that shape a search, which a command printing one thing (--show...) refuses
/// rather than ignore. "query" stands for query words.
constexpr const char* search_options[] = {
    "query",    "wg",      "from",        "to",      "year",   "resolution",
    "decision", "symbol",  "type",        "session", "any",    "sort",
    "limit",    "offset",  "page",        "count",   "facets", "exact-facets",
    "collapse", "explain", "no-snippets", "threads"};

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

/// The options as typed, before they are checked (those kept as typed are in SearchCommand).
struct Values {
    double timeout = 10;
    std::string sort = "relevance", format = "text", color = "auto", collapse;
    std::string wg, from, to, resolution, decision, symbol, type, year, session;
    long long limit = 10, offset = 0, page = 0; // signed: "-5" is an error, not 2^64 - 5
    long long threads = 0;
};

// One long function on purpose: the options in the order --help lists them, a table.
void add_options(po::options_description& visible, Values& v, SearchCommand& c) {
    visible.add_options()("help,h", "print this help and exit")("version",
                                                                "print the version and exit")(
        "db,d", po::value(&c.dbs)->composing()->value_name("DB"),
        "index to search (default: $CTOC_DB, else ~/.local/share/ctocsearch/ctoc.db); repeat it to "
        "search "
        "several as one: index directories, Xapian stub files listing shards, or tcp://HOST:PORT "
        "of a "
        "xapian-tcpsrv")("timeout", po::value(&v.timeout)->value_name("SECONDS"),
                         "seconds to wait for a remote shard before giving up (default 10)")(
        "allow-partial", "search the shards that answer, with a warning, when some do not")(
        "allow-programs",
        "run the programs that stub lines \"remote :PROGRAM\" name to reach shards (never "
        "by default: an index from elsewhere could name any command)")(
        "any", "match any word (OR) instead of all")(
        "wg", po::value(&v.wg)->value_name("WG"),
        "working group: 4, WG.7, or name words (\"traite des personnes\")")(
        "from", po::value(&v.from)->value_name("DATE"),
        "documents dated on or after (YYYY, YYYY-MM or YYYY-MM-DD)")(
        "to", po::value(&v.to)->value_name("DATE"),
        "documents dated on or before")("year", po::value(&v.year)->value_name("YEARS"),
                                        "year or range of years (2018, 2014..2019)")(
        "resolution", po::value(&v.resolution)->value_name("N"),
        "documents citing this resolution (5/3)")("decision",
                                                  po::value(&v.decision)->value_name("N"),
                                                  "documents citing this decision (4/4)")(
        "symbol", po::value(&v.symbol)->value_name("SYMBOL"),
        "the document with this symbol, or a family (CTOC/COP/WG.7/*)")(
        "cites", po::value(&c.cites)->value_name("X"),
        "documents citing this symbol, family, resolution or decision; alone with a document's id, "
        "key, path or "
        "own symbol: what that document cites, each item present or missing")(
        "cited-by", po::value(&c.cited_by)->value_name("TARGET"),
        "documents citing a symbol, family or resolution/decision (7/1, 2178, \"résolution 2178 "
        "(2014)\", "
        "\"décision 4/4\"), by date, with the citing sentence, within QUERY and the filters; says "
        "what it "
        "understood")("missing",
                      "symbols cited in the collection that no indexed document carries")(
        "like", po::value(&c.like)->value_name("ID"),
        "documents most like the given one (id, key, path or symbol), within QUERY and the "
        "filters")("type", po::value(&v.type)->value_name("TYPE"),
                   "document type (rapport, note-du-secretariat, ordre-du-jour-provisoire...)")(
        "session", po::value(&v.session)->value_name("N"), "session or meeting number")(
        "sort", po::value(&v.sort)->value_name("ORDER"), "relevance (default), date or -date")(
        "limit,n", po::value(&v.limit)->value_name("N"), "results to show (default 10)")(
        "offset", po::value(&v.offset)->value_name("N"), "results to skip")(
        "page", po::value(&v.page)->value_name("N"),
        "page of --limit results, from 1")("format,f", po::value(&v.format)->value_name("FMT"),
                                           "text (default), json (JSON Lines) or csv")(
        "color", po::value(&v.color)->value_name("WHEN"),
        "colour the text output: auto (default: on a terminal, unless NO_COLOR or TERM=dumb), "
        "always or never")("count", "print only the number of matching documents")(
        "facets", "counts by working group, year, type and session over all matches (see above)")(
        "exact-facets", "with --facets: count every match, however many (see above)")(
        "collapse", po::value(&v.collapse)->value_name("family"),
        "one result per document family: --collapse family")("explain",
                                                             "print the parsed query and exit")(
        "show", po::value(&c.show)->value_name("ID"),
        "print every stored fact of one document (id, key, path or symbol)")(
        "text", po::value(&c.text)->value_name("ID"),
        "print the whole text of one document (id, key, path or symbol) as indexed, the words of "
        "QUERY (if any) "
        "in bold on a terminal")("no-snippets", "do not make snippets")(
        "threads", po::value(&v.threads)->value_name("N"),
        "threads one search may use (default: one a core, for the searches of a large index "
        "that repay them; 1: one)")(
        "batch", po::value(&c.batch)->value_name("FILE"),
        "search each line of FILE (- for standard input) as a query with the other options; JSON "
        "Lines out, "
        "one object per query (see above)");
}

/// "-onudc drogue": a query that starts with an exclusion reads as an option.
std::string unknown_option_hint(const std::string& name) {
    const bool query_like = name.rfind("--", 0) != 0 || name.find(' ') != std::string::npos;
    return query_like ? " (a query that starts with '-' goes after --: "
                        "ctoc-search -- \"-word other words\")"
                      : "";
}

/// Refuses numbers out of range and unknown choices; throws UsageError naming the first.
void check_values(const Values& v, const po::variables_map& vm) {
    if (!v.collapse.empty() && v.collapse != "family")
        throw UsageError("invalid --collapse '" + v.collapse + "' (choose family)");
    if (v.limit < 1 || v.limit > 100000)
        throw UsageError("--limit must be between 1 and 100000");
    if (v.offset < 0 || v.offset > 100'000'000)
        throw UsageError("--offset must be between 0 and 100000000");
    if (vm.count("page") && (v.page < 1 || v.page > 100'000'000 / v.limit))
        throw UsageError("--page counts from 1 (at most " + std::to_string(100'000'000 / v.limit) +
                         " at this --limit)");
    if (vm.count("threads") && (v.threads < 1 || v.threads > 64))
        throw UsageError("--threads must be between 1 and 64");
    if (!(v.timeout > 0 && v.timeout <= 3600))
        throw UsageError("--timeout must be more than 0 and at most 3600 seconds");
    if (vm.count("page") && vm.count("offset"))
        throw UsageError("use --page or --offset, not both");
}

/// Commands that print one thing, or search in their own way: one at a time, and never with
/// an option they would silently ignore.
void check_modes(const SearchCommand& c, const po::variables_map& vm) {
    std::vector<std::string> modes;
    for (const char* mode : {"show", "text", "like", "cited-by", "missing", "batch"})
        if (vm.count(mode))
            modes.push_back(std::string("--") + mode);
    if (modes.size() > 1)
        throw UsageError(modes[0] + " and " + modes[1] + " are two different requests; give one");
    if (!modes.empty() &&
        (modes[0] == "--show" || modes[0] == "--text" || modes[0] == "--missing")) {
        const std::string other = first_search_option(vm, modes[0] == "--text");
        if (!other.empty())
            throw UsageError(
                modes[0] + " prints " +
                (modes[0] == "--missing" ? std::string("the whole collection's missing symbols")
                                         : std::string("one document")) +
                " and takes no " + other +
                (modes[0] == "--text" ? " (only the QUERY whose words it marks)" : ""));
        if (vm.count("cites"))
            throw UsageError(modes[0] + " and --cites are two different requests; give one");
    }
    if (vm.count("like") && vm.count("explain"))
        throw UsageError(
            "--explain prints how a query is read; --like reads none (drop --explain)");
    if (!c.text.empty() && c.format == Format::csv)
        throw UsageError("--text prints text or json, not csv");
    if (vm.count("count") && vm.count("facets"))
        throw UsageError(
            "--count prints the number of matches and --facets the counts by group, year, type "
            "and session; give one");
    if (vm.count("exact-facets") && !vm.count("facets"))
        throw UsageError("--exact-facets goes with --facets (add --facets)");
}

/// --batch reads its queries from a file and prints JSON Lines: no query words, --explain,
/// other format nor --cites beside it.
void check_batch(SearchCommand& c, const po::variables_map& vm) {
    if (vm.count("query"))
        throw UsageError("--batch reads its queries from " + c.batch +
                         "; give the words there, one query a line");
    if (c.explain)
        throw UsageError(
            "--explain prints how one query is read; --batch answers many (drop --explain)");
    if (c.format != Format::json && vm.count("format"))
        throw UsageError(
            "--batch prints JSON Lines, one object per query (drop --format or give json)");
    if (vm.count("cites"))
        throw UsageError("--batch takes filters such as --wg or --from, not --cites (put "
                         "cites:X in each query)");
    c.format = Format::json;
}

/// The typed options that are fields of the query (--wg, --from...), each with the option as
/// the user gave it, for messages; cites_alone is set between them, as it depends on the
/// fields before --type and --session only.
void add_fields(SearchCommand& c, const Values& v) {
    auto& fields = c.request.fields;
    if (!v.wg.empty())
        fields.push_back({"wg", v.wg, as_given("--wg", v.wg)});
    if (!v.from.empty() || !v.to.empty())
        fields.push_back({"date", v.from + ".." + v.to,
                          v.from.empty() ? as_given("--to", v.to)
                          : v.to.empty() ? as_given("--from", v.from)
                                         : as_given("--from", v.from) + " --to '" + v.to + "'"});
    if (!v.year.empty())
        fields.push_back({"year", v.year, as_given("--year", v.year)});
    if (!v.resolution.empty())
        fields.push_back({"res", v.resolution, as_given("--resolution", v.resolution)});
    if (!v.decision.empty())
        fields.push_back({"dec", v.decision, as_given("--decision", v.decision)});
    if (!v.symbol.empty())
        fields.push_back({"symbol", v.symbol, as_given("--symbol", v.symbol)});
    // --cites alone may name a document whose citations to list; with a search, it is a filter.
    c.cites_alone = !c.cites.empty() && fields.empty() && c.like.empty() && c.cited_by.empty() &&
                    c.batch.empty() && c.search_option.empty();
    if (!v.type.empty())
        fields.push_back({"type", v.type, as_given("--type", v.type)});
    if (!v.session.empty())
        fields.push_back({"session", v.session, as_given("--session", v.session)});
}

} // namespace

SearchCommand read_search_command(int argc, const char* const* argv) {
    SearchCommand c;
    Values v;
    corpus::CommandLine command_line(usage_text, epilog_text);
    add_options(command_line.visible, v, c);
    command_line.positional("query");
    const po::variables_map vm = command_line.read(argc, argv, c, unknown_option_hint);
    if (c.help || c.version)
        return c;
    c.missing = vm.count("missing") != 0;
    c.count = vm.count("count") != 0;
    c.explain = vm.count("explain") != 0;
    c.search_option = first_search_option(vm, false);
    c.open.timeout = std::chrono::milliseconds(static_cast<long>(v.timeout * 1000));
    c.open.allow_partial = vm.count("allow-partial") != 0;
    c.open.allow_programs = vm.count("allow-programs") != 0;
    c.request.sort = parse_sort(v.sort);
    if (vm.count("cited-by") && !vm.count("sort"))
        c.request.sort = Sort::date;
    c.format = parse_format(v.format);
    try {
        c.color = parse_color_mode(v.color);
    } catch (const std::invalid_argument& e) {
        throw UsageError(e.what());
    }
    check_values(v, vm);
    check_modes(c, vm);
    if (!c.batch.empty())
        check_batch(c, vm);
    if (vm.count("query")) {
        for (const auto& w : vm["query"].as<std::vector<std::string>>())
            c.request.query += (c.request.query.empty() ? "" : " ") + w;
    }
    add_fields(c, v);
    c.request.any = vm.count("any") != 0;
    c.request.limit = static_cast<std::size_t>(v.limit);
    c.request.offset = static_cast<std::size_t>(v.page > 0 ? (v.page - 1) * v.limit : v.offset);
    c.request.facets = vm.count("facets") != 0;
    if (vm.count("exact-facets"))
        c.request.facets_exact_up_to = 0;
    c.request.collapse_family = v.collapse == "family";
    c.request.snippets = vm.count("no-snippets") == 0 && vm.count("count") == 0;
    c.request.slicing.threads = static_cast<std::size_t>(v.threads);
    const bool graph =
        c.cites_alone || !c.cited_by.empty() || !c.like.empty() || c.missing || !c.batch.empty();
    if (c.show.empty() && c.text.empty() && !graph && c.cites.empty() && c.request.query.empty() &&
        c.request.fields.empty())
        throw UsageError("no query given");
    return c;
}

} // namespace ctoc::search::cli
