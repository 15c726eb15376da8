#include <ctoc/analysis/stopwords.h>

#include <algorithm>
#include <array>

namespace ctoc::analysis {

namespace {

// Snowball's French stop list, folded (accents removed) and sorted for binary search.
constexpr auto make_list() {
    std::array<std::string_view, 158> words{
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
    std::sort(words.begin(), words.end());
    return words;
}

constexpr auto stop_list = make_list();

} // namespace

bool is_stopword(std::string_view folded_word) {
    return std::binary_search(stop_list.begin(), stop_list.end(), folded_word);
}

} // namespace ctoc::analysis
