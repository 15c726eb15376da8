// A record's keys and hashes: the hash that routes it to its shard, its short id, its content hash.
#include <ctoc/corpus/record.h>

#include <ctoc/analysis/unicode.h>

#include <cstdio>

namespace ctoc::corpus {

std::uint64_t hash64(std::string_view bytes) {
    std::uint64_t h = 1469598103934665603ULL;
    for (const char c : bytes) {
        h ^= static_cast<unsigned char>(c);
        h *= 1099511628211ULL;
    }
    return h;
}

std::uint64_t short_id(std::string_view key) {
    // The key as the index's JSON holds it, so that the raw key and the stored one agree.
    return hash64(analysis::escape_invalid_utf8(key)) % 10'000'000'000ULL;
}

std::string content_hash(std::string_view bytes) {
    const std::uint64_t h = hash64(bytes);
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    return buf;
}

} // namespace ctoc::corpus
