// ctoc-index: builds or updates a ctocsearch database from files, directories or JSON Lines.
// The options are read in cli/index_options.cpp and run in cli/index_run.cpp, over the
// indexing library.
#include "cli/index_command.h"

#include <iostream>

int main(int argc, char** argv) {
    using namespace ctoc::index::cli;
    IndexCommand command;
    try {
        command = read_index_command(argc, argv);
    } catch (const UsageError& e) {
        std::cerr << "ctoc-index: " << e.what()
                  << "\nTry 'ctoc-index --help' for more information.\n";
        return exit_usage;
    }
    return run_index_command(std::move(command));
}
