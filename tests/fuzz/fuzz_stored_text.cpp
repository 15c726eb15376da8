// libFuzzer target: the stored text as a searcher reads it back from an index, which may be
// damaged. Whatever the bytes, reading a piece or a table either succeeds or throws
// StoredTextError; a piece packed from any bytes reads back as those bytes, and the same piece
// with one byte changed is read as them or refused, never crashes.
#include <ctoc/corpus/stored_text.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

void read_back(std::string_view stored, std::size_t limit) {
    try {
        const ctoc::corpus::TextPiece piece = ctoc::corpus::unpack_piece(stored, limit);
        if (piece.text.size() > piece.size)
            std::abort();
        for (const auto& anchor : piece.anchors)
            if (anchor.offset > piece.size)
                std::abort();
    } catch (const ctoc::corpus::StoredTextError&) {
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0)
        return 0;
    const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
    const std::size_t limit = data[0] & 0x80 ? std::string::npos : data[0] * 64u;
    // The bytes as a stored piece, and as a stored table.
    read_back(input, limit);
    try {
        (void)ctoc::corpus::TextTable::parse(input);
    } catch (const ctoc::corpus::StoredTextError&) {
    }
    // The bytes packed (compressed when that pays), read back whole and with a byte changed.
    const std::string packed = ctoc::corpus::pack_piece(input, {{1, 0}});
    if (ctoc::corpus::unpack_piece(packed).text != input)
        std::abort();
    std::string damaged = packed;
    damaged[data[0] % damaged.size()] ^= 0x5a;
    read_back(damaged, limit);
    return 0;
}
