#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>

namespace ctoc::analysis {

/// A bounded memo of words and their stems: a fixed table of 64-byte slots (one cache line, a
/// word and its stem of up to 31 bytes each), two slots a set, the older replaced when a third
/// word falls in the set. A lookup reads one line and never allocates; the table is allocated
/// at the first insert (an analyzer that never stems has none).
///
/// Hand-written because what is needed is a lossy cache of fixed size, which no Debian
/// library offers. The std::unordered_map it replaces walked a bucket, the node before and the
/// node, and was cleared when full: 5.6% of a full build's CPU samples in its lookups, against
/// 2.4% for this one (bench/results/indexing.md). Abseil's flat_hash_map would still grow, be
/// cleared, and bring its shared libraries into every process that analyses a query.
class StemCache {
public:
    /// A table of at least slots slots (rounded up to a power of two, at least 2).
    explicit StemCache(std::size_t slots);
    /// A copy starts empty, of the same size: a cache's content is never needed twice.
    StemCache(const StemCache& other) : m_mask(other.m_mask) {}
    StemCache& operator=(const StemCache& other) {
        m_slots.reset();
        m_mask = other.m_mask;
        return *this;
    }
    /// A moved-from cache is empty and allocates again at its next insert.
    StemCache(StemCache&&) noexcept = default;
    StemCache& operator=(StemCache&&) noexcept = default;
    ~StemCache() = default;

    /// The longest word (and stem) a slot holds; longer ones are never cached.
    static constexpr std::size_t max_bytes = 31;

    /// The stem cached for word, if any; valid until the next insert.
    std::optional<std::string_view> find(std::string_view word) const;
    /// Caches word's stem (both at most max_bytes long; otherwise nothing is cached).
    void insert(std::string_view word, std::string_view stem);

private:
    struct alignas(64) Slot {
        std::uint8_t word_size; ///< 0: empty (no word is empty)
        std::uint8_t stem_size;
        char word[max_bytes];
        char stem[max_bytes];
    };
    static_assert(sizeof(Slot) == 64);

    /// The set of word: its first slot; the second follows it.
    Slot* set_of(std::string_view word) const;

    std::unique_ptr<Slot[]> m_slots; ///< null until the first insert
    std::size_t m_mask = 0;          ///< slots - 1
};

} // namespace ctoc::analysis
