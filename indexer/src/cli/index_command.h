// ctoc-index's command line: what the user asked for (read_index_command) and doing it
// (run_index_command). Kept apart from main so that main is a few lines and the reading of
// options is one place.
#pragma once

#include <ctoc/index/indexer.h>

#include <stdexcept>
#include <string>

namespace ctoc::index::cli {

inline constexpr int exit_ok = 0;
inline constexpr int exit_failure = 1;
inline constexpr int exit_usage = 2;
inline constexpr int exit_partial = 3;

/// A command line that cannot be run as given; what() says why, in one sentence.
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// What one ctoc-index command line asks for, options read and checked.
struct IndexCommand {
    bool help = false;
    bool version = false;
    std::string help_text;
    enum class Task { index, stats, check, compact } task = Task::index;
    IndexerConfig config;      ///< database, inputs, scan options, threads, batch, shards
    bool inputs_given = false; ///< false: re-scan what the index was built from
    bool quiet = false;
    bool verbose = false;
};

/// Reads argv; throws UsageError for anything that cannot be run as given (an INPUT that does
/// not exist included: nothing is done).
IndexCommand read_index_command(int argc, const char* const* argv);

/// Runs a command, messages on std::cerr; returns the exit status.
int run_index_command(IndexCommand command);

} // namespace ctoc::index::cli
