#include <ctoc/corpus/reader.h>

#include <ctoc/analysis/citations.h>
#include <ctoc/analysis/unicode.h>
#include <ctoc/corpus/formats.h>

#include <fnmatch.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
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

/// Reads lines from a stream holding at most limit bytes of one: the rest of a longer line is
/// skipped as it streams by, so a 300 MB line under a 1 MB limit costs a buffer, not 300 MB.
class LineReader {
public:
    LineReader(std::istream& in, std::size_t limit) : m_in(in.rdbuf()), m_limit(limit) {}

    /// The next line without its '\n'; false at the end of the input. size counts every
    /// byte of the line; when it is over the limit, too_long is set and line left empty.
    bool next(std::string& line, std::uint64_t& size, bool& too_long) {
        line.clear();
        size = 0;
        too_long = false;
        bool any = false;
        for (;;) {
            if (m_pos == m_end && !fill())
                return any;
            any = true;
            const char* begin = m_chunk.data() + m_pos;
            const auto* newline = static_cast<const char*>(std::memchr(begin, '\n', m_end - m_pos));
            const std::size_t n =
                newline ? static_cast<std::size_t>(newline - begin) : m_end - m_pos;
            size += n;
            if (!too_long && line.size() + n > m_limit) {
                too_long = true;
                std::string().swap(line);
            }
            if (!too_long)
                line.append(begin, n);
            m_pos += n;
            if (newline) {
                ++m_pos;
                return true;
            }
        }
    }

private:
    bool fill() {
        const std::streamsize got =
            m_in ? m_in->sgetn(m_chunk.data(), static_cast<std::streamsize>(m_chunk.size())) : 0;
        m_pos = 0;
        m_end = got > 0 ? static_cast<std::size_t>(got) : 0;
        return m_end > 0;
    }

    std::streambuf* m_in;
    std::size_t m_limit;
    std::array<char, 1 << 16> m_chunk{};
    std::size_t m_pos = 0;
    std::size_t m_end = 0;
};

/// A JSON Lines record's key: its "id", else its "symbol" as the UN writes it, else where it
/// was read: "path:line" in a file, and on standard input a hash of the record, so that a
/// later batch never takes the place of an earlier one.
std::string record_key(const Document& doc, std::string_view record, bool standard_input) {
    const std::string* symbol = nullptr;
    for (const auto& [key, value] : doc.given) {
        if (key == "id" && !value.empty())
            return value;
        if (key == "symbol" && !value.empty())
            symbol = &value;
    }
    if (symbol != nullptr) {
        if (std::string canonical = analysis::canonical_symbol(*symbol); !canonical.empty())
            return analysis::display_symbol(canonical);
        return *symbol;
    }
    if (standard_input)
        return doc.path + "#" + content_hash(record);
    return doc.path + ":" + std::to_string(doc.line);
}

std::string absolute_path(const fs::path& p) {
    std::error_code ec;
    fs::path a = fs::absolute(p, ec);
    if (ec)
        return p.string();
    return a.lexically_normal().string();
}

} // namespace

std::string Diagnostic::to_string() const {
    std::string out = path;
    if (line != 0)
        out += ":" + std::to_string(line);
    out += ": warning: " + message;
    return out;
}

std::string check_text(std::string_view bytes, bool& repaired, std::size_t& invalid_bytes) {
    repaired = false;
    invalid_bytes = 0;
    if (bytes.find_first_not_of(" \t\r\n\f\v") == std::string_view::npos)
        return "empty document (no text to index)";
    if (std::memchr(bytes.data(), '\0', bytes.size()) != nullptr)
        return "binary file (contains NUL bytes), not text";
    const analysis::Utf8Stats stats = analysis::utf8_stats(bytes);
    invalid_bytes = stats.invalid;
    if (invalid_bytes == 0)
        return {};
    // A few bad bytes among good UTF-8 are damage to repair; mostly bad non-ASCII means
    // another encoding (Latin-1, Windows-1252), which we do not guess.
    if (invalid_bytes >= 2 && invalid_bytes > stats.multibyte)
        return "not UTF-8 text (" + std::to_string(invalid_bytes) +
               " invalid sequences); convert it to UTF-8, e.g. with iconv";
    repaired = true;
    return {};
}

std::vector<Source> scan_sources(const std::vector<std::string>& inputs, const ScanOptions& options,
                                 const DiagnosticSink& sink) {
    std::set<std::string> files;
    std::set<std::string> jsonl;
    bool stdin_seen = false;
    std::size_t unmatched = 0; // files of a directory left out by --include
    const auto add_file = [&](const fs::path& p, bool explicit_input) {
        if (!options.exclude.empty() && matches(options.exclude, p))
            return false;
        if (!explicit_input && !matches(options.include, p)) {
            ++unmatched;
            return false;
        }
        (is_json_lines(p) ? jsonl : files).insert(absolute_path(p));
        return true;
    };
    for (const auto& input : inputs) {
        if (input == "-") {
            stdin_seen = true;
            continue;
        }
        std::error_code ec;
        const fs::path p(input);
        const auto st = fs::status(p, ec);
        if (ec || !fs::exists(st)) {
            sink({input, 0, "no such file or directory", true});
            continue;
        }
        if (fs::is_regular_file(st)) {
            add_file(p, true);
            continue;
        }
        if (!fs::is_directory(st)) {
            sink({input, 0, "not a regular file or directory, skipped", true});
            continue;
        }
        std::size_t taken = 0;
        unmatched = 0;
        const fs::path root = fs::canonical(p, ec);
        fs::recursive_directory_iterator it(p, fs::directory_options::skip_permission_denied, ec);
        if (ec) {
            sink({input, 0, "cannot read directory: " + ec.message(), true});
            continue;
        }
        for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
            if (ec) {
                sink({it->path().string(), 0, "cannot read directory: " + ec.message(), true});
                ec.clear();
                continue;
            }
            std::error_code fec;
            const bool named_like_input =
                matches(options.include, it->path()) &&
                !(!options.exclude.empty() && matches(options.exclude, it->path()));
            if (it->is_symlink(fec) && fs::exists(it->path(), fec) && !options.follow_links) {
                // A link out of the folders given would index (and show in snippets) any file
                // the link's author chose, /etc/passwd as well as another user's notes.
                const fs::path target = fs::canonical(it->path(), fec);
                const fs::path inside = fec ? fs::path("..") : target.lexically_relative(root);
                const bool escapes = inside.empty() || *inside.begin() == "..";
                if (escapes) {
                    if (named_like_input && fs::is_regular_file(target, fec))
                        sink(
                            {it->path().string(), 0,
                             "symbolic link to " + target.string() +
                                 ", outside the folders given, skipped (--follow-links indexes it)",
                             true});
                    continue;
                }
            }
            const auto type = it->status(fec).type();
            if (type == fs::file_type::regular) {
                taken += add_file(it->path(), false) ? 1 : 0;
            } else if (it->is_symlink(fec) && !fs::exists(it->path(), fec) && named_like_input) {
                // A link to a file that is gone would otherwise vanish from the index unnoticed.
                sink({it->path().string(), 0, "broken symbolic link, skipped", true});
            } else if (type == fs::file_type::directory && named_like_input) {
                sink({it->path().string(), 0,
                      "a directory named like a document; its files are read as a folder's",
                      false});
            } else if (type != fs::file_type::directory && type != fs::file_type::not_found &&
                       named_like_input) {
                // A FIFO would block the reader, a device would never end.
                sink({it->path().string(), 0,
                      "not a regular file (a FIFO, socket or device), skipped", true});
            }
        }
        if (ec)
            sink({input, 0, "directory scan stopped: " + ec.message(), true});
        // A directory of files none of which is taken: a mistyped --include, or the wrong folder.
        if (taken == 0 && unmatched > 0) {
            std::string globs;
            for (const auto& g : options.include)
                globs += (globs.empty() ? "" : " ") + g;
            sink({input, 0,
                  "none of its " + std::to_string(unmatched) + " files matches --include (" +
                      globs + "); name the files to index with --include",
                  true});
        }
    }
    std::vector<Source> out;
    for (const auto& f : files)
        out.push_back({f, false});
    for (const auto& f : jsonl)
        out.push_back({f, true});
    if (stdin_seen)
        out.push_back({"-", true});
    return out;
}

std::size_t read_json_lines(std::istream& in, const std::string& path, const ScanOptions& options,
                            const DiagnosticSink& sink,
                            const std::function<void(Document&&)>& emit) {
    std::size_t skipped = 0;
    std::string line;
    std::uint64_t number = 0;
    std::uint64_t next_offset = 0;
    LineReader reader(in, options.max_bytes);
    std::uint64_t size = 0;
    bool too_long = false;
    const auto skip = [&](const std::string& reason) {
        sink({path, number, reason, true});
        ++skipped;
    };
    while (reader.next(line, size, too_long)) {
        ++number;
        const std::uint64_t offset = next_offset;
        next_offset += size + 1;
        if (too_long) {
            skip("record of " + std::to_string(size) + " bytes, over the size limit (" +
                 std::to_string(options.max_bytes) +
                 " bytes), skipped; raise --max-size to index it");
            continue;
        }
        if (line.find_first_not_of(" \t\r") == std::string::npos)
            continue;
        if (std::memchr(line.data(), '\0', line.size()) != nullptr) {
            skip("binary data (NUL bytes) in JSON line, skipped");
            continue;
        }
        // Every field is checked as UTF-8 at once: a few stray bytes anywhere in the record are
        // repaired (U+FFFD, one warning); mostly bad non-ASCII is another encoding, skipped.
        const analysis::Utf8Stats stats = analysis::utf8_stats(line);
        if (stats.invalid >= 2 && stats.invalid > stats.multibyte) {
            skip("not UTF-8 text (" + std::to_string(stats.invalid) +
                 " invalid sequences); convert it to UTF-8, e.g. with iconv, skipped");
            continue;
        }
        if (stats.invalid > 0)
            line = analysis::repair_utf8(line);
        json::Value v;
        try {
            v = json::parse(line);
        } catch (const json::ParseError& e) {
            skip(std::string("malformed JSON at byte ") + std::to_string(e.offset() + 1) + ": " +
                 e.what() + ", skipped");
            continue;
        }
        const json::Value* text = json::find(v, "text");
        if (text == nullptr || !text->is_string()) {
            skip("JSON line has no \"text\" string field, skipped");
            continue;
        }
        bool repaired = false;
        std::size_t invalid = 0;
        const std::string& text_bytes = text->get_ref<const std::string&>();
        if (const std::string reason = check_text(text_bytes, repaired, invalid); !reason.empty()) {
            skip(reason + ", skipped");
            continue;
        }
        if (stats.invalid > 0)
            sink({path, number,
                  "invalid UTF-8 (" + std::to_string(stats.invalid) +
                      " sequences replaced by U+FFFD)",
                  false});
        Document doc;
        doc.path = path;
        doc.line = number;
        doc.offset = offset;
        // Where the record stands is part of what is stored (the line shown with it): a record
        // moved by lines added or removed above it is updated, not skipped.
        doc.hash = content_hash(line) + "@" + std::to_string(offset);
        doc.text = text_bytes;
        for (const auto& [key, value] : v.items()) {
            if (key == "text" || value.is_null())
                continue;
            if (value.is_array()) {
                std::string joined;
                for (const auto& e : value) {
                    if (!joined.empty())
                        joined += "; ";
                    joined += json::to_text(e);
                }
                doc.given.emplace_back(key, std::move(joined));
            } else {
                doc.given.emplace_back(key, json::to_text(value));
            }
        }
        doc.id = record_key(doc, line, path == stdin_path);
        emit(std::move(doc));
    }
    return skipped;
}

std::size_t read_source(const Source& source, const ScanOptions& options,
                        const DiagnosticSink& sink, const std::function<void(Document&&)>& emit) {
    if (source.path == "-")
        return read_json_lines(std::cin, std::string(stdin_path), options, sink, emit);
    std::error_code ec;
    const auto size = fs::file_size(source.path, ec);
    if (ec) {
        sink({source.path, 0, "cannot read: " + ec.message(), true});
        return 1;
    }
    std::ifstream in(source.path, std::ios::binary);
    if (!in) {
        sink({source.path, 0, std::string("cannot open: ") + std::strerror(errno), true});
        return 1;
    }
    if (source.json_lines)
        return read_json_lines(in, source.path, options, sink, emit);
    if (size > options.max_bytes) {
        sink({source.path, 0,
              "file larger than the size limit (" + std::to_string(options.max_bytes) +
                  " bytes), skipped; raise --max-size to index it",
              true});
        return 1;
    }
    std::string bytes(size, '\0');
    in.read(bytes.data(), static_cast<std::streamsize>(size));
    if (in.gcount() != static_cast<std::streamsize>(size)) {
        sink({source.path, 0, "read error (file changed or unreadable while indexing), skipped",
              true});
        return 1;
    }
    // PDF, Word, OpenDocument and HTML files: their text, whatever their name.
    FileFormat format = FileFormat::text;
    ExtractedText extracted;
    try {
        format = detect_format(bytes, source.path);
        if (format != FileFormat::text)
            extracted = extract_text(bytes, format);
    } catch (const ExtractionError& e) {
        sink({source.path, 0, e.what(), true});
        return 1;
    }
    const std::string raw_hash = content_hash(bytes);
    if (format != FileFormat::text)
        bytes = std::move(extracted.text);
    bool repaired = false;
    std::size_t invalid = 0;
    const std::string reason = check_text(bytes, repaired, invalid);
    if (!reason.empty()) {
        sink({source.path, 0,
              (format == FileFormat::text
                   ? reason
                   : std::string(format_name(format)) + " with no text (" + reason + ")") +
                  ", skipped",
              true});
        return 1;
    }
    if (repaired)
        sink({source.path, 0,
              "invalid UTF-8 (" + std::to_string(invalid) + " sequences replaced by U+FFFD)",
              false});
    Document doc;
    doc.path = source.path;
    doc.id = source.path;
    doc.hash = raw_hash;
    doc.text = std::move(bytes);
    if (format != FileFormat::text) {
        doc.format = format_name(format);
        doc.source_title = std::move(extracted.title);
    }
    emit(std::move(doc));
    return 0;
}

} // namespace ctoc::corpus
