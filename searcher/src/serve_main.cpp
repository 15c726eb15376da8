// ctoc-serve: the search as a local web page and JSON API.
#include <ctoc/corpus/defaults.h>
#include <ctoc/serve/http_server.h>
#include <ctoc/serve/searcher_pool.h>
#include <ctoc/serve/site.h>

#include <boost/program_options.hpp>

#include <csignal>
#include <iostream>
#include <mutex>
#include <pthread.h>
#include <sstream>
#include <thread>

namespace po = boost::program_options;

namespace {

constexpr int exit_ok = 0;
constexpr int exit_failure = 1;
constexpr int exit_usage = 2;

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

bool is_loopback(const std::string& address) {
    return address == "localhost" || address == "::1" || address.rfind("127.", 0) == 0;
}

} // namespace

int main(int argc, char** argv) {
    po::options_description visible(usage_text);
    std::vector<std::string> dbs;
    std::string bind = "127.0.0.1";
    long port = 8080, threads = 16;
    double timeout = 10;
    visible.add_options()("help,h", "print this help and exit")("version",
                                                                "print the version and exit")(
        "db,d", po::value(&dbs)->composing()->value_name("DB"),
        "index to serve (default: $CTOC_DB, else ~/.local/share/ctocsearch/ctoc.db); repeat it to "
        "serve several "
        "as one: index directories, Xapian stub files listing shards, or tcp://HOST:PORT of a "
        "xapian-tcpsrv")("port,p", po::value(&port)->value_name("PORT"),
                         "port to listen on (default 8080; 0 picks a free one)")(
        "bind", po::value(&bind)->value_name("ADDRESS"),
        "address to listen on (default 127.0.0.1: this machine only; 0.0.0.0 for every "
        "network, readable by anyone who reaches it)")(
        "threads", po::value(&threads)->value_name("N"), "connections served at once (default 16)")(
        "timeout", po::value(&timeout)->value_name("SECONDS"),
        "seconds to wait for a remote shard before giving up (default 10)")(
        "allow-partial", "search the shards that answer, with a warning, when some do not")(
        "log", "print one line per request on standard error");
    po::variables_map vm;
    try {
        po::store(po::command_line_parser(argc, argv).options(visible).run(), vm);
        po::notify(vm);
        if (port < 0 || port > 65535)
            throw po::error("--port must be between 0 and 65535");
        if (threads < 1 || threads > 256)
            throw po::error("--threads must be between 1 and 256");
        if (!(timeout > 0 && timeout <= 3600))
            throw po::error("--timeout must be more than 0 and at most 3600 seconds");
        if (bind.empty())
            throw po::error("--bind needs an address (127.0.0.1, ::1, 0.0.0.0...)");
    } catch (const std::exception& e) {
        std::cerr << "ctoc-serve: " << e.what()
                  << "\nTry 'ctoc-serve --help' for more information.\n";
        return exit_usage;
    }
    if (vm.count("help")) {
        std::ostringstream help;
        help << visible;
        std::cout << ctoc::corpus::help_text(help.str(), epilog_text);
        return exit_ok;
    }
    if (vm.count("version")) {
        std::cout << "ctoc-serve " << ctoc::corpus::version() << "\n";
        return exit_ok;
    }
    if (dbs.empty())
        dbs.push_back(ctoc::corpus::default_database_path());

    // Ctrl-C and SIGTERM are waited for by a thread of their own, which stops the server
    // cleanly (a signal handler may not).
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
    std::signal(SIGPIPE, SIG_IGN);

    std::mutex log_mutex;
    try {
        ctoc::search::OpenOptions open_options;
        open_options.timeout = std::chrono::milliseconds(static_cast<long>(timeout * 1000));
        open_options.allow_partial = vm.count("allow-partial") != 0;
        ctoc::serve::SearcherPool pool(dbs, open_options, static_cast<std::size_t>(threads));
        for (const auto& w : pool.warnings())
            std::cerr << "ctoc-serve: warning: " << w << "; results are partial\n";
        ctoc::serve::Site site(pool);
        ctoc::serve::ServerConfig config;
        config.bind = bind;
        config.port = static_cast<int>(port);
        config.threads = static_cast<std::size_t>(threads);
        if (vm.count("log")) {
            config.log = [&](const std::string& line) {
                std::lock_guard lock(log_mutex);
                std::cerr << line << "\n";
            };
        }
        ctoc::serve::HttpServer server(site, config);
        server.bind();
        if (!is_loopback(bind))
            std::cerr << "ctoc-serve: warning: listening on " << bind
                      << ": anyone who can reach this machine can search the index (read-only)\n";
        const std::string host = bind.find(':') != std::string::npos ? "[" + bind + "]" : bind;
        std::cout << "ctoc-serve: http://" << host << ":" << server.bound_port() << "/ serving "
                  << pool.document_count()
                  << (pool.document_count() == 1 ? " document" : " documents") << " (Ctrl-C stops)"
                  << std::endl;
        std::thread waiter([&] {
            int signal = 0;
            sigwait(&stop_signals, &signal);
            server.stop();
        });
        const bool served = server.listen();
        // listen() may also end on its own (an error): wake the waiter so it can be joined.
        pthread_kill(waiter.native_handle(), SIGTERM);
        waiter.join();
        if (!served) {
            std::cerr << "ctoc-serve: the server stopped on an error while accepting connections\n";
            return exit_failure;
        }
        std::cerr << "ctoc-serve: stopped\n";
        return exit_ok;
    } catch (const ctoc::search::MissingDatabase& e) {
        std::cerr << "ctoc-serve: " << e.what() << "\n";
        return exit_failure;
    } catch (const ctoc::serve::ServerError& e) {
        std::cerr << "ctoc-serve: " << e.what() << "\n";
        return exit_failure;
    } catch (const Xapian::Error& e) {
        std::cerr << "ctoc-serve: cannot serve the index (" << e.get_msg() << ")\n";
        return exit_failure;
    } catch (const std::exception& e) {
        std::cerr << "ctoc-serve: " << e.what() << "\n";
        return exit_failure;
    }
}
