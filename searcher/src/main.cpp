// ctoc-search: searches a ctocsearch database from the command line. The options are read in
// cli/search_options.cpp and run in cli/search_run.cpp, over the search library.
#include "cli/search_command.h"

#include <iostream>

int main(int argc, char** argv) {
    using namespace ctoc::search::cli;
    SearchCommand command;
    try {
        command = read_search_command(argc, argv);
    } catch (const UsageError& e) {
        std::cerr << "ctoc-search: " << e.what()
                  << "\nTry 'ctoc-search --help' for more information.\n";
        return exit_usage;
    }
    return run_search_command(std::move(command));
}
