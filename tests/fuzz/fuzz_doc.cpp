// libFuzzer target: the Word 97-2003 reader (libgsf's OLE2 container, our piece table) on any
// bytes: a damaged file is an ExtractionError, never a crash, a hang or a read out of bounds.
#include <ctoc/corpus/formats.h>

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    try {
        ctoc::corpus::doc_text(bytes);
    } catch (const ctoc::corpus::ExtractionError&) {
    }
    return 0;
}
