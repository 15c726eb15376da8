// ctoc-search's command line: what the user asked for (read_search_command) and doing it
// (run_search_command, run_batch). Kept apart from main so that main is a few lines, the
// reading of options is one place, and each way of answering is a function of its own.
#pragma once

#include <ctoc/corpus/command_line.h>
#include <ctoc/search/output.h>
#include <ctoc/search/searcher.h>
#include <ctoc/search/terminal.h>

#include <iosfwd>
#include <string>
#include <vector>

namespace ctoc::search::cli {

using corpus::exit_failure;
using corpus::exit_ok;
using corpus::exit_usage;
using corpus::UsageError;

/// What one ctoc-search command line asks for, options read and checked.
struct SearchCommand : corpus::ProgramCommand {
    std::vector<std::string> dbs;
    OpenOptions open;
    SearchRequest request; ///< query words, options as fields, paging, sort...
    Format format = Format::text;
    ColorMode color = ColorMode::automatic;
    // One of these requests at most (read_search_command refuses two).
    std::string show, text, cited_by, like, batch;
    bool missing = false;
    /// --cites: alone, a document whose citations to list (or, when it is none, what is cited);
    /// with a search, a filter.
    std::string cites;
    bool cites_alone = false;
    bool count = false;
    bool explain = false;
    /// The first option that shapes a search, as typed ("--wg"), for messages; "" if none.
    std::string search_option;
};

/// Reads argv; throws UsageError (a sentence) for anything that cannot be run as given.
SearchCommand read_search_command(int argc, const char* const* argv);

/// Runs a command, printing to std::cout and messages to std::cerr; returns the exit status.
int run_search_command(SearchCommand command);

/// --batch: each line of `in` (blank lines and lines beginning with '#' skipped) is a query,
/// searched with command's options on one open index; one JSON object per query on out
/// (JSON Lines), in order: {"line","query",count fields,"hits":[...]} ("facets" with
/// --facets; no "hits" with --count), or {"line","query","error"} for a malformed query, which
/// is also said on err with its line; the batch goes on. Returns exit_ok, or exit_usage when
/// some line was malformed. A failing index ends it (Xapian's error propagates).
int run_batch(Searcher& searcher, const SearchCommand& command, std::istream& in,
              const std::string& name, std::ostream& out, std::ostream& err);

} // namespace ctoc::search::cli
