#include <ctoc/corpus/defaults.h>

#include <cstdlib>
#include <filesystem>

namespace fs = std::filesystem;

namespace ctoc::corpus {

std::string default_corpus_dir() {
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        const fs::path installed =
            exe.parent_path().parent_path() / "share" / "ctocsearch" / "corpus";
        if (fs::is_directory(installed, ec))
            return installed.string();
    }
    if (fs::is_directory(CTOC_INSTALLED_CORPUS_DIR, ec))
        return CTOC_INSTALLED_CORPUS_DIR;
    return CTOC_SOURCE_CORPUS_DIR;
}

std::string default_database_path() {
    if (const char* env = std::getenv("CTOC_DB"); env != nullptr && *env != '\0')
        return env;
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg != nullptr && *xdg != '\0')
        return (fs::path(xdg) / "ctocsearch" / "ctoc.db").string();
    if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0')
        return (fs::path(home) / ".local" / "share" / "ctocsearch" / "ctoc.db").string();
    return "ctoc.db";
}

const char* version() {
    return CTOC_VERSION;
}

} // namespace ctoc::corpus
