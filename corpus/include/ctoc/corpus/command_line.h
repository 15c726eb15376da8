// What the programs' command lines share (ctoc-index, ctoc-search, ctoc-serve): the exit
// statuses they document, the usage error, reading options with Boost.ProgramOptions into a
// help text (the one source of each manual page, through help2man) and a variables_map, and
// a main that reads a command, answers --help and --version, and runs the rest.
#pragma once

#include <boost/program_options.hpp>

#include <iostream>
#include <stdexcept>
#include <string>
#include <utility>

namespace ctoc::corpus {

inline constexpr int exit_ok = 0;
inline constexpr int exit_failure = 1;
inline constexpr int exit_usage = 2;

/// A command line that cannot be run as given; what() says why, in one sentence.
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// What every program's command holds besides its own options: --help and --version.
struct ProgramCommand {
    bool help = false;     ///< print help_text and exit
    bool version = false;  ///< print the version and exit
    std::string help_text; ///< the --help text, options included
};

/// A program's options: those its --help shows (add them to visible), the words it takes
/// without an option name (INPUT..., QUERY...), and reading them.
class CommandLine {
public:
    /// usage: the help before the list of options; epilog: the help after it.
    CommandLine(const char* usage, const char* epilog);

    /// The options --help shows.
    boost::program_options::options_description visible;

    /// Words without an option name are the values of the hidden option name.
    void positional(const char* name);

    /// Reads argv, and sets command's help (with its text) or version when asked. A bad
    /// command line throws UsageError with Boost's sentence, followed for an unknown option by
    /// hint(its name as typed) when a hint is given.
    boost::program_options::variables_map
    read(int argc, const char* const* argv, ProgramCommand& command,
         std::string (*hint)(const std::string& option) = nullptr) const;

    /// The --help text: usage, the options without the spaces Boost pads wrapped descriptions
    /// with (no line of a help, nor of its manual page, ends with a space), epilog.
    std::string help() const;

private:
    boost::program_options::options_description m_hidden;
    boost::program_options::positional_options_description m_positional;
    const char* m_epilog;
};

/// Prints a usage error as every program does ("program: what", then where the help is) on
/// standard error; returns exit_usage.
int usage_error(const char* program, const std::string& what);

/// A program's main: reads its command (read(argc, argv); a UsageError is printed by
/// usage_error), prints its help or "program version" when asked, else runs it (run(command));
/// returns the exit status.
template <typename Read, typename Run>
int run_program(const char* program, const std::string& version, int argc, char** argv, Read read,
                Run run) {
    decltype(read(argc, argv)) command;
    try {
        command = read(argc, argv);
    } catch (const UsageError& e) {
        return usage_error(program, e.what());
    }
    if (command.help) {
        std::cout << command.help_text;
        return exit_ok;
    }
    if (command.version) {
        std::cout << program << " " << version << "\n";
        return exit_ok;
    }
    return run(std::move(command));
}

} // namespace ctoc::corpus
