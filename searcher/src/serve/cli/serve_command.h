// ctoc-serve's command line: what the user asked for (read_serve_command) and doing it
// (run_serve_command). Kept apart from main so that main is a few lines and the reading of
// options is one place.
#pragma once

#include <ctoc/corpus/command_line.h>
#include <ctoc/search/searcher.h>

#include <string>
#include <vector>

namespace ctoc::serve::cli {

using corpus::exit_failure;
using corpus::exit_ok;
using corpus::exit_usage;
using corpus::UsageError;

/// What one ctoc-serve command line asks for, options read and checked.
struct ServeCommand : corpus::ProgramCommand {
    std::vector<std::string> dbs; ///< the indexes to serve as one (never empty once read)
    search::OpenOptions open;     ///< timeout and partial results for remote shards
    std::string bind = "127.0.0.1";
    int port = 8080;
    std::size_t threads = 16; ///< connections served at once
    bool log = false;         ///< one line per request on standard error
};

/// Reads argv; throws UsageError for anything that cannot be run as given.
ServeCommand read_serve_command(int argc, const char* const* argv);

/// Serves until Ctrl-C or SIGTERM, messages on std::cerr; returns the exit status.
int run_serve_command(const ServeCommand& command);

} // namespace ctoc::serve::cli
