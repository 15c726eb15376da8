// The command line of each benchmark program, parsed the same way.
#pragma once

#include <boost/program_options.hpp>

#include <iostream>

namespace ctoc::bench {

/// Parses argv into vm. Prints the options and returns false when --help was given; throws
/// boost::program_options::error on a bad command line.
inline bool parse_command_line(int argc, char** argv,
                               const boost::program_options::options_description& options,
                               boost::program_options::variables_map& vm) {
    namespace po = boost::program_options;
    po::store(po::parse_command_line(argc, argv, options), vm);
    po::notify(vm);
    if (vm.count("help")) {
        std::cout << options << '\n';
        return false;
    }
    return true;
}

} // namespace ctoc::bench
