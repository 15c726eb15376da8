// ctoc-bench-generate's corpus: documents written from a seed, each with the ground truth of
// what it cites.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace ctoc::bench {

/// What to generate, from what.
struct Config {
    std::size_t docs = 1000;
    std::uint64_t seed = 42;
    std::string out;
    std::string bundled;
    std::string unv;
    std::string dictionary = "/usr/share/dict/french";
};

/// Writes config.docs documents as config.out/docs/NNNN/NNNNNNN.txt and their ground truth
/// as config.out/ground_truth.jsonl; the same seed gives the same bytes.
void generate(const Config& config);

} // namespace ctoc::bench
