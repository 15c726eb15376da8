// ctoc-search: searches a ctocsearch database from the command line. The options are read in
// cli/search_options.cpp and run in cli/search_run.cpp, over the search library.
#include "cli/search_command.h"

#include <ctoc/corpus/defaults.h>

#include <xapian.h>

int main(int argc, char** argv) {
    using namespace ctoc::search::cli;
    const std::string version =
        std::string(ctoc::corpus::version()) + " (Xapian " + Xapian::version_string() + ")";
    return ctoc::corpus::run_program("ctoc-search", version, argc, argv, read_search_command,
                                     run_search_command);
}
