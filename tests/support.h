// Helpers shared by the tests: temporary directories, running the real programs.
#pragma once

#include <filesystem>
#include <functional>
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
    int status = -1;  ///< exit status, or -1 if killed by a signal
    int signal = 0;   ///< the signal that killed it, 0 if it exited
    long peak_kb = 0; ///< largest resident set of the program and what it waited for, in KiB
    std::string out;
    std::string err;
};

/// Runs a program with arguments (no shell), optional standard input and extra environment
/// entries ("NAME=value"); waits for it.
RunResult run(const std::vector<std::string>& argv, const std::string& input = {},
              const std::vector<std::string>& env = {});

/// Runs a program whose standard output is a terminal `columns` wide (a pseudo-terminal), and
/// its standard error too when stderr_too (then both are in out); standard input is empty.
/// TERM is xterm and COLUMNS unset unless env says otherwise. The terminal's line ends
/// ("\r\n") read as "\n"; any other "\r" is the program's.
RunResult run_on_terminal(const std::vector<std::string>& argv, unsigned columns,
                          const std::vector<std::string>& env = {}, bool stderr_too = false);

/// A program started in the background, for a test that signals it: its standard input is a
/// pipe the test writes and closes, its output is collected by finish().
class Running {
public:
    Running(const std::vector<std::string>& argv, const std::vector<std::string>& env = {});
    ~Running();
    Running(const Running&) = delete;
    Running& operator=(const Running&) = delete;
    /// Writes to the program's standard input.
    void write_input(const std::string& bytes);
    /// Closes its standard input (end of file).
    void close_input();
    /// Waits until the program catches signal (its handler installed, /proc/PID/status), at
    /// most `seconds`; false if it did not.
    bool wait_until_catching(int signal, double seconds = 60);
    /// Sends it a signal.
    void send(int signal);
    /// Closes its standard input, reads all it prints and waits for it to end.
    RunResult finish();
    /// Its process id.
    int pid() const { return m_pid; }

private:
    int m_pid = -1;
    int m_in = -1, m_out = -1, m_err = -1;
};

/// Writes bytes to a file, creating parent directories.
void write_file(const std::filesystem::path& path, const std::string& bytes);

/// The bundled corpus directory in the source tree.
std::string corpus_dir();

/// The bundled reports' lines of at least min_spaces spaces that can stand in a JSON string as
/// they are (no quote, backslash or tab), file by file in name order: real paragraphs to make
/// records of.
std::vector<std::string> corpus_paragraphs(std::size_t min_spaces);

/// The shared UN corpus (JSON Lines), or "" when it is not present.
std::string shared_unv1();

/// count deterministic French documents made of the bundled corpus's own sentences, with
/// planted citations ("résolution 7/1"), working groups, symbols and dates, as JSON Lines.
std::string generated_documents(std::size_t count);

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
std::string convert_with_libreoffice(const std::vector<std::string>& inputs,
                                     const std::string& format, const std::string& outdir);

/// Tests of file permissions run as root too (CI is root, who reads a chmod 000 file and
/// writes a read-only directory): where the tests may change their user (root, CAP_SETUID),
/// what they check runs as nobody/nogroup (65534), for whom permissions apply; elsewhere as the
/// user running them, for whom they apply already.
bool can_become_nobody();
/// argv, run as nobody through util-linux's setpriv when the tests can become nobody.
std::vector<std::string> as_unprivileged(std::vector<std::string> argv);
/// f() in a child process running as nobody when the tests can become nobody (its answer is the
/// child's exit status), else f() here. Catch assertions do not cross the fork: f answers true or
/// false.
bool check_unprivileged(const std::function<bool()>& f);
/// Lets nobody reach, read and write below dir when the tests can become nobody (mode 0777 on dir
/// itself; what is below keeps its modes).
void open_to_unprivileged(const std::string& dir);

} // namespace ctoc::test
