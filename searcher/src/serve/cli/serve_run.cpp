// Runs ctoc-serve: opens the indexes, listens, and serves until Ctrl-C or SIGTERM, which a
// thread of its own waits for and turns into a clean stop; every failure becomes one sentence
// and an exit status.
#include "serve_command.h"

#include <ctoc/serve/http_server.h>
#include <ctoc/serve/searcher_pool.h>
#include <ctoc/serve/site.h>

#include <csignal>
#include <iostream>
#include <mutex>
#include <pthread.h>
#include <thread>

namespace ctoc::serve::cli {

namespace {

bool is_loopback(const std::string& address) {
    return address == "localhost" || address == "::1" || address.rfind("127.", 0) == 0;
}

/// Serves the command's indexes until a signal of stop_signals comes (or the server fails).
int serve(const ServeCommand& c, sigset_t& stop_signals) {
    SearcherPool pool(c.dbs, c.open, c.threads);
    for (const auto& w : pool.warnings())
        std::cerr << "ctoc-serve: warning: " << w << "; results are partial\n";
    Site site(pool);
    ServerConfig config;
    config.bind = c.bind;
    config.port = c.port;
    config.threads = c.threads;
    std::mutex log_mutex;
    if (c.log) {
        config.log = [&](const std::string& line) {
            std::lock_guard lock(log_mutex);
            std::cerr << line << "\n";
        };
    }
    HttpServer server(site, config);
    server.bind();
    if (!is_loopback(c.bind))
        std::cerr << "ctoc-serve: warning: listening on " << c.bind
                  << ": anyone who can reach this machine can search the index (read-only)\n";
    const std::string host = c.bind.find(':') != std::string::npos ? "[" + c.bind + "]" : c.bind;
    std::cout << "ctoc-serve: http://" << host << ":" << server.bound_port() << "/ serving "
              << pool.document_count() << (pool.document_count() == 1 ? " document" : " documents")
              << " (Ctrl-C stops)" << std::endl;
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
}

} // namespace

int run_serve_command(const ServeCommand& c) {
    // Ctrl-C and SIGTERM are waited for by a thread of their own, which stops the server
    // cleanly (a signal handler may not).
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
    std::signal(SIGPIPE, SIG_IGN);
    try {
        return serve(c, stop_signals);
    } catch (const search::MissingDatabase& e) {
        std::cerr << "ctoc-serve: " << e.what() << "\n";
    } catch (const ServerError& e) {
        std::cerr << "ctoc-serve: " << e.what() << "\n";
    } catch (const Xapian::Error& e) {
        std::cerr << "ctoc-serve: cannot serve the index (" << e.get_msg() << ")\n";
    } catch (const std::exception& e) {
        std::cerr << "ctoc-serve: " << e.what() << "\n";
    }
    return exit_failure;
}

} // namespace ctoc::serve::cli
