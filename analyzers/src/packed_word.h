#pragma once

#include <cstdint>
#include <string_view>

namespace ctoc::analysis::detail {

/// A word's first 8 bytes as one number, in order and zero-padded: a lookup among short words
/// (the stop list, the first words of the alias names) compares numbers rather than strings.
/// Words that share their first 8 bytes share it: a caller that may meet longer words compares
/// them whole after.
constexpr std::uint64_t packed_word(std::string_view word) {
    std::uint64_t out = 0;
    for (std::size_t i = 0; i < 8; ++i)
        out = out << 8 | (i < word.size() ? static_cast<unsigned char>(word[i]) : 0U);
    return out;
}

} // namespace ctoc::analysis::detail
