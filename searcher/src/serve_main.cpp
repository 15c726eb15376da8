// ctoc-serve: the search as a local web page and JSON API. The options are read in
// serve/cli/serve_options.cpp and run in serve/cli/serve_run.cpp, over the serve library.
#include "serve/cli/serve_command.h"

#include <ctoc/corpus/defaults.h>

int main(int argc, char** argv) {
    using namespace ctoc::serve::cli;
    return ctoc::corpus::run_program("ctoc-serve", ctoc::corpus::version(), argc, argv,
                                     read_serve_command, run_serve_command);
}
