// ctoc-index: builds or updates a ctocsearch database from files, directories or JSON Lines.
// The options are read in cli/index_options.cpp and run in cli/index_run.cpp, over the
// indexing library.
#include "cli/index_command.h"

#include <ctoc/corpus/defaults.h>

#include <xapian.h>

int main(int argc, char** argv) {
    using namespace ctoc::index::cli;
    const std::string version =
        std::string(ctoc::corpus::version()) + " (Xapian " + Xapian::version_string() + ")";
    return ctoc::corpus::run_program("ctoc-index", version, argc, argv, read_index_command,
                                     run_index_command);
}
