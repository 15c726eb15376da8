#include <ctoc/analysis/stopwords.h>

#include "packed_word.h"

#include <algorithm>
#include <array>
#include <cstdint>

namespace ctoc::analysis {

namespace {

// Snowball's French stop list, folded (accents removed).
constexpr std::array<std::string_view, 158> words{
    "a",       "ai",       "aie",      "aient",    "aies",    "ait",      "as",      "au",
    "aura",    "aurai",    "auraient", "aurais",   "aurait",  "auras",    "aurez",   "auriez",
    "aurions", "aurons",   "auront",   "aux",      "avaient", "avais",    "avait",   "avec",
    "avez",    "aviez",    "avions",   "avons",    "ayant",   "ayante",   "ayantes", "ayants",
    "ayez",    "ayons",    "c",        "ce",       "ces",     "cet",      "cette",   "d",
    "dans",    "de",       "des",      "dont",     "du",      "elle",     "en",      "es",
    "est",     "et",       "etaient",  "etais",    "etait",   "etant",    "etante",  "etantes",
    "etants",  "ete",      "etee",     "etees",    "etes",    "etiez",    "etions",  "eu",
    "eue",     "eues",     "eumes",    "eurent",   "eus",     "eusse",    "eussent", "eusses",
    "eussiez", "eussions", "eut",      "eutes",    "eux",     "furent",   "fus",     "fusse",
    "fussent", "fusses",   "fussiez",  "fussions", "fut",     "fumes",    "futes",   "il",
    "ils",     "j",        "je",       "l",        "la",      "le",       "les",     "leur",
    "leurs",   "lui",      "m",        "ma",       "mais",    "me",       "meme",    "mes",
    "moi",     "mon",      "n",        "ne",       "nos",     "notre",    "nous",    "on",
    "ont",     "ou",       "par",      "pas",      "pour",    "qu",       "que",     "qui",
    "s",       "sa",       "se",       "sera",     "serai",   "seraient", "serais",  "serait",
    "seras",   "serez",    "seriez",   "serions",  "serons",  "seront",   "ses",     "soient",
    "sois",    "soit",     "sommes",   "son",      "sont",    "soyez",    "soyons",  "suis",
    "sur",     "t",        "ta",       "te",       "tes",     "toi",      "ton",     "tu",
    "un",      "une",      "vos",      "votre",    "vous",    "y",
};

/// Every stop word fits in detail::packed_word's 8 bytes: a lookup compares numbers rather than
/// strings (a binary search over the strings was a fifth of the analyzer's time per word in a
/// snippet).
using detail::packed_word;

constexpr std::size_t longest_stopword = 8;
static_assert(std::all_of(words.begin(), words.end(),
                          [](std::string_view w) { return w.size() <= longest_stopword; }));

/// The stop words' packed forms in an open-addressed table of 512 slots (0: empty; no packed
/// word is 0), at the slot their multiplicative hash names or the next free one: a lookup
/// hashes once and compares a slot or two, where a binary search compared eight times (a
/// word indexed asks it once; 1% of a build's instructions).
constexpr std::size_t slot_bits = 9;
constexpr std::size_t slots = std::size_t(1) << slot_bits;

constexpr std::size_t slot_of(std::uint64_t key) {
    return static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ULL) >> (64 - slot_bits));
}

constexpr auto stop_table = [] {
    std::array<std::uint64_t, slots> out{};
    for (const std::string_view w : words) {
        std::size_t s = slot_of(packed_word(w));
        while (out[s] != 0)
            s = (s + 1) % slots;
        out[s] = packed_word(w);
    }
    return out;
}();

} // namespace

bool is_stopword(std::string_view folded_word) {
    // The padding is zeros: a word holding a zero byte is no stop word.
    if (folded_word.empty() || folded_word.size() > longest_stopword ||
        folded_word.find('\0') != std::string_view::npos)
        return false;
    const std::uint64_t key = packed_word(folded_word);
    for (std::size_t s = slot_of(key);; s = (s + 1) % slots) {
        if (stop_table[s] == key)
            return true;
        if (stop_table[s] == 0)
            return false;
    }
}

} // namespace ctoc::analysis
