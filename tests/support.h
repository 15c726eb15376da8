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

namespace ctoc::test {

/// The page furniture of a UN document, for documents made with LibreOffice (to_fodt).
struct UnLayout {
    std::string running_header; ///< atop every page but the first ("" for none): the symbol
    std::string job_number;     ///< in every page's footer, with the page number ("V.19-04567")
    /// The first page's header block as a two-column table, as the UN prints it: left cells,
    /// right cells (lines separated by '\n'); empty for none.
    std::vector<std::pair<std::string, std::string>> header_table;
};

/// A bundled document's markdown-ish text as a flat OpenDocument text (FODT) that LibreOffice
/// opens: headings, bold, hard line breaks, superscripts, and its "*" and <sup>N</sup> notes as
/// real footnotes (at the foot of their page), with the layout's header and footer.
std::string to_fodt(const std::string& markdown, const UnLayout& layout);

/// Converts files with LibreOffice headless (soffice --convert-to FORMAT: pdf, docx, odt,
/// html) into outdir; returns "" or what went wrong (soffice missing: install
/// libreoffice-writer-nogui, as ./build.sh does).
std::string convert_with_libreoffice(const std::vector<std::string>& inputs, const std::string& format,
                                     const std::string& outdir);

} // namespace ctoc::test
