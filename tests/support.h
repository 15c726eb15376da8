// Helpers shared by the tests: temporary directories, running the real programs.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace ctoc::test {

/// A fresh directory under the system temp dir, removed on destruction.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return m_path; }
    /// path() / name, as a string.
    std::string operator/(const std::string& name) const { return (m_path / name).string(); }

private:
    std::filesystem::path m_path;
};

/// What a program printed and how it exited.
struct RunResult {
    int status = -1; ///< exit status, or -1 if killed by a signal
    std::string out;
    std::string err;
};

/// Runs a program with arguments (no shell), optional standard input and extra environment
/// entries ("NAME=value"); waits for it.
RunResult run(const std::vector<std::string>& argv, const std::string& input = {},
              const std::vector<std::string>& env = {});

/// Writes bytes to a file, creating parent directories.
void write_file(const std::filesystem::path& path, const std::string& bytes);

/// The bundled corpus directory in the source tree.
std::string corpus_dir();

/// The shared UN corpus (JSON Lines), or "" when it is not present.
std::string shared_unv1();

/// Splits output into lines.
std::vector<std::string> lines(const std::string& text);

} // namespace ctoc::test
