// Reads ctoc-serve's command line into a ServeCommand: the help text (the one source of the
// manual page, through help2man), the options and their checks.
#include "serve_command.h"

#include <ctoc/corpus/defaults.h>

namespace po = boost::program_options;

namespace ctoc::serve::cli {

namespace {

// The help is the one source of the manual page (help2man), within 80 columns.
const char* usage_text =
    "Usage: ctoc-serve [OPTION]...\n"
    "Serve the CTOC/COP documents indexed by ctoc-index as a web page (in French)\n"
    "and a JSON API, read-only, on this machine only unless --bind says otherwise.\n"
    "\n"
    "Pages: / (search), /search?q=...&wg=7, /doc/ID, /cited-by?target=SYMBOL.\n"
    "API:   /api/search, /api/doc/ID, /api/cited-by?target=..., /api/like/ID; each\n"
    "result, document and citation is the object ctoc-search --format json prints.\n"
    "\n"
    "Options";

const char* epilog_text = "\n"
                          "Exit status:\n"
                          "  0    stopped by Ctrl-C or SIGTERM\n"
                          "  1    no usable index, or cannot listen\n"
                          "  2    usage error\n"
                          "\n"
                          "Environment:\n"
                          "  CTOC_DB    the index to serve when --db is not given\n"
                          "\n"
                          "Examples:\n"
                          "  $ ctoc-serve                      # then open http://127.0.0.1:8080/\n"
                          "  $ ctoc-serve --db /srv/ctoc.db --port 8081 --log\n";

/// The options as typed, before they are checked.
struct Values {
    long port = 8080, threads = 16;
    double timeout = 10;
};

void add_options(po::options_description& visible, Values& v, ServeCommand& c) {
    visible.add_options()("help,h", "print this help and exit")("version",
                                                                "print the version and exit")(
        "db,d", po::value(&c.dbs)->composing()->value_name("DB"),
        "index to serve (default: $CTOC_DB, else ~/.local/share/ctocsearch/ctoc.db); repeat it to "
        "serve several "
        "as one: index directories, Xapian stub files listing shards, or tcp://HOST:PORT of a "
        "xapian-tcpsrv")("port,p", po::value(&v.port)->value_name("PORT"),
                         "port to listen on (default 8080; 0 picks a free one)")(
        "bind", po::value(&c.bind)->value_name("ADDRESS"),
        "address to listen on (default 127.0.0.1: this machine only; 0.0.0.0 for every "
        "network, readable by anyone who reaches it)")("threads",
                                                       po::value(&v.threads)->value_name("N"),
                                                       "connections served at once (default 16)")(
        "timeout", po::value(&v.timeout)->value_name("SECONDS"),
        "seconds to wait for a remote shard before giving up (default 10)")(
        "allow-partial", "search the shards that answer, with a warning, when some do not")(
        "log", "print one line per request on standard error");
}

} // namespace

ServeCommand read_serve_command(int argc, const char* const* argv) {
    ServeCommand c;
    Values v;
    corpus::CommandLine command_line(usage_text, epilog_text);
    add_options(command_line.visible, v, c);
    // Words without an option name were silently ignored; one may be an index meant for --db.
    command_line.positional("argument");
    const po::variables_map vm = command_line.read(argc, argv, c);
    if (c.help || c.version)
        return c;
    if (vm.count("argument"))
        throw UsageError("unexpected argument '" +
                         vm["argument"].as<std::vector<std::string>>().front() +
                         "' (ctoc-serve takes options only: the index to serve is --db DB)");
    if (v.port < 0 || v.port > 65535)
        throw UsageError("--port must be between 0 and 65535");
    if (v.threads < 1 || v.threads > 256)
        throw UsageError("--threads must be between 1 and 256");
    if (!(v.timeout > 0 && v.timeout <= 3600))
        throw UsageError("--timeout must be more than 0 and at most 3600 seconds");
    if (c.bind.empty())
        throw UsageError("--bind needs an address (127.0.0.1, ::1, 0.0.0.0...)");
    if (c.dbs.empty())
        c.dbs.push_back(corpus::default_database_path());
    c.open.timeout = std::chrono::milliseconds(static_cast<long>(v.timeout * 1000));
    c.open.allow_partial = vm.count("allow-partial") != 0;
    c.port = static_cast<int>(v.port);
    c.threads = static_cast<std::size_t>(v.threads);
    c.log = vm.count("log") != 0;
    return c;
}

} // namespace ctoc::serve::cli
