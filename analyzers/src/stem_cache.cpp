// The stems' memo: two-way sets of 64-byte slots in calloc()ed memory (see stem_cache.h).
#include <ctoc/analysis/stem_cache.h>

#include <algorithm>
#include <bit>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <new>

namespace ctoc::analysis {

void StemCache::Free::operator()(void* p) const noexcept {
    std::free(p);
}

StemCache::StemCache(std::size_t slots)
    : m_mask(std::bit_ceil(std::max<std::size_t>(slots, 2)) - 1) {}

void StemCache::allocate() {
    // calloc: large blocks come zeroed from the kernel, their pages touched only when used.
    void* memory = std::calloc(m_mask + 2, sizeof(Slot));
    if (memory == nullptr)
        throw std::bad_alloc();
    m_memory.reset(memory);
    const auto address = reinterpret_cast<std::uintptr_t>(memory);
    m_slots = reinterpret_cast<Slot*>((address + alignof(Slot) - 1) & ~(alignof(Slot) - 1));
}

StemCache& StemCache::operator=(const StemCache& other) {
    if (this != &other)
        *this = StemCache(other);
    return *this;
}

StemCache::Slot* StemCache::set_of(std::string_view word) const {
    // Two slots a set: the set's index with its low bit clear.
    return m_slots + (std::hash<std::string_view>{}(word)&m_mask & ~std::size_t(1));
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
        allocate();
    // The newer word in the first slot, the one it displaces in the second.
    Slot* set = set_of(word);
    set[1] = set[0];
    set[0].word_size = static_cast<std::uint8_t>(word.size());
    set[0].stem_size = static_cast<std::uint8_t>(stem.size());
    std::memcpy(set[0].word, word.data(), word.size());
    std::memcpy(set[0].stem, stem.data(), stem.size());
}

} // namespace ctoc::analysis
