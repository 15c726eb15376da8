#include <ctoc/corpus/command_line.h>

#include <iostream>
#include <sstream>
#include <string_view>

namespace po = boost::program_options;

namespace ctoc::corpus {

CommandLine::CommandLine(const char* usage, const char* epilog)
    : visible(usage), m_epilog(epilog) {}

void CommandLine::positional(const char* name) {
    m_hidden.add_options()(name, po::value<std::vector<std::string>>(), "");
    m_positional.add(name, -1);
}

po::variables_map CommandLine::read(int argc, const char* const* argv, ProgramCommand& command,
                                    std::string (*hint)(const std::string& option)) const {
    po::options_description all;
    all.add(visible).add(m_hidden);
    po::variables_map vm;
    try {
        po::store(po::command_line_parser(argc, argv).options(all).positional(m_positional).run(),
                  vm);
        po::notify(vm);
    } catch (const po::unknown_option& e) {
        throw UsageError(e.what() + (hint != nullptr ? hint(e.get_option_name()) : std::string()));
    } catch (const po::error& e) {
        throw UsageError(e.what());
    }
    if (vm.count("help")) {
        command.help = true;
        command.help_text = help();
    }
    command.version = vm.count("version") != 0;
    return vm;
}

std::string CommandLine::help() const {
    std::ostringstream printed;
    printed << visible;
    const std::string options = printed.str();
    std::string out;
    std::size_t start = 0;
    while (start < options.size()) {
        std::size_t end = options.find('\n', start);
        if (end == std::string::npos)
            end = options.size();
        const std::string_view line(options.data() + start, end - start);
        out += line.substr(0, line.find_last_not_of(' ') + 1);
        out += '\n';
        start = end + 1;
    }
    return out + m_epilog;
}

int usage_error(const char* program, const std::string& what) {
    std::cerr << program << ": " << what << "\nTry '" << program
              << " --help' for more information.\n";
    return exit_usage;
}

} // namespace ctoc::corpus
