// libFuzzer target: the JSON Lines reader, as ctoc-index reads standard input.
#include <ctoc/corpus/document.h>
#include <ctoc/corpus/reader.h>

#include <cstddef>
#include <cstdint>
#include <sstream>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
    ctoc::corpus::ScanOptions options;
    options.max_bytes = 1 << 16;
    static ctoc::analysis::Analyzer analyzer;
    std::vector<ctoc::analysis::Token> tokens;
    ctoc::corpus::read_json_lines(
        in, "<fuzz>", options, [](const ctoc::corpus::Diagnostic&) {},
        [&](ctoc::corpus::Record&& record) { ctoc::corpus::analyze(record, analyzer, tokens); });
    return 0;
}
