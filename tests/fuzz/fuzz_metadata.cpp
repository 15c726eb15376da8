// libFuzzer target: header facts extraction on any text.
#include <ctoc/analysis/analyzer.h>
#include <ctoc/corpus/metadata.h>

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view raw(reinterpret_cast<const char*>(data), size);
    ctoc::corpus::extract_header_facts(raw);
    ctoc::corpus::extract_header_facts(ctoc::analysis::prepare_text(raw));
    ctoc::corpus::parse_french_date(raw);
    ctoc::corpus::resolve_working_group(raw);
    return 0;
}
