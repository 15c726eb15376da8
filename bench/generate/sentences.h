// The sentences and words a generated document is written with: real French sentences of the
// bundled corpus and of unv1-fr, and a dictionary's words for the long tail.
#pragma once

#include "random.h"

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace ctoc::bench {

/// Adds the body sentences of the bundled corpus's .txt files (markdown removed) to pool.
void read_bundled(const std::filesystem::path& dir, std::vector<std::string>& pool);

/// Adds the body sentences of a JSON Lines file's "text" fields to pool; returns the records
/// read (0 when the file is absent).
std::size_t read_unv(const std::filesystem::path& file, std::vector<std::string>& pool);

/// The dictionary's words of 4 letters or more, in an order fixed by rng (their Zipf ranks).
std::vector<std::string> read_dictionary(const std::filesystem::path& file, Rng& rng);

} // namespace ctoc::bench
