// libFuzzer target: markup clean-up, the analysis chain and citation finding on any bytes.
#include <ctoc/analysis/analyzer.h>
#include <ctoc/analysis/citations.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static ctoc::analysis::Analyzer analyzer;
    const std::string text =
        ctoc::analysis::prepare_text(std::string_view(reinterpret_cast<const char*>(data), size));
    std::vector<ctoc::analysis::Token> tokens;
    analyzer.analyze(text, tokens);
    for (const auto& t : tokens) {
        // Offsets must stay inside the text and terms must be non-empty.
        if (t.end > text.size() || t.begin > t.end || t.term.empty())
            std::abort();
    }
    for (const auto& c : ctoc::analysis::find_citations(tokens, text)) {
        if (c.token > c.last || c.last >= tokens.size() || c.number.empty())
            std::abort();
    }
    return 0;
}
