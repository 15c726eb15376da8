// The inputs of a run: files, directories walked recursively and "-", turned into sources to
// read (corpus::scan_sources), with what is left out and why reported.
#include <ctoc/corpus/reader.h>

#include <fnmatch.h>

#include <algorithm>
#include <filesystem>
#include <set>

namespace fs = std::filesystem;

namespace ctoc::corpus {

namespace {

bool has_extension(const fs::path& p, std::initializer_list<std::string_view> exts) {
    std::string ext = p.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return std::find(exts.begin(), exts.end(), ext) != exts.end();
}

bool is_json_lines(const fs::path& p) {
    return has_extension(p, {".jsonl", ".ndjson"});
}

bool matches(const std::vector<std::string>& globs, const fs::path& p) {
    const std::string name = p.filename().string();
    const std::string full = p.string();
    return std::any_of(globs.begin(), globs.end(), [&](const std::string& g) {
        return fnmatch(g.c_str(), name.c_str(), 0) == 0 || fnmatch(g.c_str(), full.c_str(), 0) == 0;
    });
}

std::string absolute_path(const fs::path& p) {
    std::error_code ec;
    fs::path a = fs::absolute(p, ec);
    if (ec)
        return p.string();
    return a.lexically_normal().string();
}

/// Collects the files of the inputs, sorted and without duplicates.
class Scan {
public:
    Scan(const ScanOptions& options, const DiagnosticSink& sink)
        : m_options(options), m_sink(sink) {}

    /// Adds one input: a file, a directory or "-".
    void add(const std::string& input) {
        if (input == "-") {
            m_stdin = true;
            return;
        }
        std::error_code ec;
        const fs::path p(input);
        const auto st = fs::status(p, ec);
        if (ec || !fs::exists(st))
            m_sink({input, 0, "no such file or directory", true});
        else if (fs::is_regular_file(st))
            add_file(p, true);
        else if (!fs::is_directory(st))
            m_sink({input, 0, "not a regular file or directory, skipped", true});
        else
            add_directory(input, p);
    }

    std::vector<Source> sources() const {
        std::vector<Source> out;
        for (const auto& f : m_files)
            out.push_back({f, false});
        for (const auto& f : m_jsonl)
            out.push_back({f, true});
        if (m_stdin)
            out.push_back({"-", true});
        return out;
    }

private:
    bool add_file(const fs::path& p, bool explicit_input) {
        if (!m_options.exclude.empty() && matches(m_options.exclude, p))
            return false;
        if (!explicit_input && !matches(m_options.include, p)) {
            ++m_unmatched;
            return false;
        }
        (is_json_lines(p) ? m_jsonl : m_files).insert(absolute_path(p));
        return true;
    }

    void add_directory(const std::string& input, const fs::path& p) {
        std::size_t taken = 0;
        m_unmatched = 0;
        std::error_code ec;
        const fs::path root = fs::canonical(p, ec);
        fs::recursive_directory_iterator it(p, fs::directory_options::skip_permission_denied, ec);
        if (ec) {
            m_sink({input, 0, "cannot read directory: " + ec.message(), true});
            return;
        }
        for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
            if (ec) {
                m_sink({it->path().string(), 0, "cannot read directory: " + ec.message(), true});
                ec.clear();
                continue;
            }
            taken += add_entry(*it, root) ? 1 : 0;
        }
        if (ec)
            m_sink({input, 0, "directory scan stopped: " + ec.message(), true});
        // A directory of files none of which is taken: a mistyped --include, or the wrong folder.
        if (taken == 0 && m_unmatched > 0) {
            std::string globs;
            for (const auto& g : m_options.include)
                globs += (globs.empty() ? "" : " ") + g;
            m_sink({input, 0,
                    "none of its " + std::to_string(m_unmatched) + " files matches --include (" +
                        globs + "); name the files to index with --include",
                    true});
        }
    }

    /// Adds a directory's entry when it is a file to read; true when it was taken.
    bool add_entry(const fs::directory_entry& entry, const fs::path& root) {
        std::error_code fec;
        const fs::path& path = entry.path();
        const bool named_like_input =
            matches(m_options.include, path) &&
            !(!m_options.exclude.empty() && matches(m_options.exclude, path));
        if (entry.is_symlink(fec) && fs::exists(path, fec) && !m_options.follow_links) {
            // A link out of the folders given would index (and show in snippets) any file
            // the link's author chose, /etc/passwd as well as another user's notes.
            const fs::path target = fs::canonical(path, fec);
            const fs::path inside = fec ? fs::path("..") : target.lexically_relative(root);
            const bool escapes = inside.empty() || *inside.begin() == "..";
            if (escapes) {
                if (named_like_input && fs::is_regular_file(target, fec))
                    m_sink({path.string(), 0,
                            "symbolic link to " + target.string() +
                                ", outside the folders given, skipped (--follow-links indexes it)",
                            true});
                return false;
            }
        }
        // A plain file is known so from the directory's own record of its type (d_type): no
        // stat() for it here; the reader stats each file it may read, once (a run over 100,000
        // files made 400,309 stat() calls, now 100,309). A link, or a file system that does not
        // give the type, is stat()ed: status() below.
        if (entry.is_regular_file(fec))
            return add_file(path, false);
        const auto type = entry.status(fec).type();
        if (type == fs::file_type::regular)
            return add_file(path, false);
        if (!named_like_input)
            return false;
        if (entry.is_symlink(fec) && !fs::exists(path, fec)) {
            // A link to a file that is gone would otherwise vanish from the index unnoticed.
            m_sink({path.string(), 0, "broken symbolic link, skipped", true});
        } else if (type == fs::file_type::directory) {
            m_sink({path.string(), 0,
                    "a directory named like a document; its files are read as a folder's", false});
        } else if (type != fs::file_type::not_found) {
            // A FIFO would block the reader, a device would never end.
            m_sink(
                {path.string(), 0, "not a regular file (a FIFO, socket or device), skipped", true});
        }
        return false;
    }

    const ScanOptions& m_options;
    const DiagnosticSink& m_sink;
    std::set<std::string> m_files;
    std::set<std::string> m_jsonl;
    bool m_stdin = false;
    std::size_t m_unmatched = 0; // files of a directory left out by --include
};

} // namespace

std::vector<Source> scan_sources(const std::vector<std::string>& inputs, const ScanOptions& options,
                                 const DiagnosticSink& sink) {
    Scan scan(options, sink);
    for (const auto& input : inputs)
        scan.add(input);
    return scan.sources();
}

} // namespace ctoc::corpus
