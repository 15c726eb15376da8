// The stems' memo: two-way sets of 64-byte slots (see stem_cache.h).
#include <ctoc/analysis/stem_cache.h>

#include <algorithm>
#include <bit>
#include <cstring>
#include <functional>

namespace ctoc::analysis {

StemCache::StemCache(std::size_t slots)
    : m_mask(std::bit_ceil(std::max<std::size_t>(slots, 2)) - 1) {}

StemCache::Slot* StemCache::set_of(std::string_view word) const {
    // Two slots a set: the set's index with its low bit clear.
    return m_slots.get() + (std::hash<std::string_view>{}(word)&m_mask & ~std::size_t(1));
}

std::optional<std::string_view> StemCache::find(std::string_view word) const {
    if (m_slots == nullptr || word.empty() || word.size() > max_bytes)
        return std::nullopt;
    const Slot* set = set_of(word);
    for (const Slot* slot = set; slot != set + 2; ++slot) {
        if (slot->word_size == word.size() &&
            std::memcmp(slot->word, word.data(), word.size()) == 0)
            return std::string_view(slot->stem, slot->stem_size);
    }
    return std::nullopt;
}

void StemCache::insert(std::string_view word, std::string_view stem) {
    if (word.empty() || word.size() > max_bytes || stem.size() > max_bytes)
        return;
    if (m_slots == nullptr)
        m_slots = std::make_unique<Slot[]>(m_mask + 1); // zeroed: every slot empty
    // The newer word in the first slot, the one it displaces in the second.
    Slot* set = set_of(word);
    set[1] = set[0];
    set[0].word_size = static_cast<std::uint8_t>(word.size());
    set[0].stem_size = static_cast<std::uint8_t>(stem.size());
    std::memcpy(set[0].word, word.data(), word.size());
    std::memcpy(set[0].stem, stem.data(), stem.size());
}

} // namespace ctoc::analysis
