// ctoc-index's command line: what the user asked for (read_index_command) and doing it
// (run_index_command). Kept apart from main so that main is a few lines and the reading of
// options is one place.
#pragma once

#include <ctoc/corpus/command_line.h>
#include <ctoc/index/indexer.h>

#include <string>

namespace ctoc::index::cli {

using corpus::exit_failure;
using corpus::exit_ok;
using corpus::exit_usage;
using corpus::UsageError;
/// Indexed, but some inputs were skipped or had a bad date.
inline constexpr int exit_partial = 3;

/// What one ctoc-index command line asks for, options read and checked.
struct IndexCommand : corpus::ProgramCommand {
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
