// Reading a source: a JSON Lines file's records, or a whole file (text, or the text of a PDF,
// DOCX, ODT or HTML file) as one record; what cannot be read is reported and skipped.
#include <ctoc/corpus/reader.h>

#include <ctoc/analysis/citations.h>
#include <ctoc/analysis/unicode.h>
#include <ctoc/corpus/formats.h>
#include <ctoc/corpus/json.h>

#include <sys/stat.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>

namespace fs = std::filesystem;

namespace ctoc::corpus {

std::string Diagnostic::to_string() const {
    std::string out = path;
    if (line != 0)
        out += ":" + std::to_string(line);
    out += ": warning: " + message;
    return out;
}

namespace {

/// check_text, given the bytes' UTF-8 statistics when they are known already.
std::string check_text_with(std::string_view bytes, const std::optional<analysis::Utf8Stats>& known,
                            bool& repaired, std::size_t& invalid_bytes) {
    repaired = false;
    invalid_bytes = 0;
    if (bytes.find_first_not_of(" \t\r\n\f\v") == std::string_view::npos)
        return "empty document (no text to index)";
    if (std::memchr(bytes.data(), '\0', bytes.size()) != nullptr)
        return "binary file (contains NUL bytes), not text";
    const analysis::Utf8Stats stats = known ? *known : analysis::utf8_stats(bytes);
    invalid_bytes = stats.invalid;
    if (invalid_bytes == 0)
        return {};
    // A few bad bytes among good UTF-8 are damage to repair; mostly bad non-ASCII means
    // another encoding (a text file was read as Windows-1252 before, if it could be).
    if (stats.another_encoding())
        return "not UTF-8 text (" + std::to_string(invalid_bytes) +
               " invalid sequences); convert it to UTF-8, e.g. with iconv";
    repaired = true;
    return {};
}

} // namespace

std::string check_text(std::string_view bytes, bool& repaired, std::size_t& invalid_bytes) {
    return check_text_with(bytes, std::nullopt, repaired, invalid_bytes);
}

namespace {

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
std::string record_key(const Record& record, std::string_view line, bool standard_input) {
    const std::string* symbol = nullptr;
    for (const auto& [key, value] : record.given) {
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
        return record.path + "#" + content_hash(line);
    return record.path + ":" + std::to_string(record.line);
}

/// The fields of a JSON Lines record other than its text, as given metadata (arrays joined
/// with "; ").
void add_given(Record& record, const json::Value& v) {
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
            record.given.emplace_back(key, std::move(joined));
        } else {
            record.given.emplace_back(key, json::to_text(value));
        }
    }
}

/// Reads one JSON line into record (its text, moved out of the parsed line, and its given
/// fields); returns why it cannot be read, "" when it can. A few bytes that are not UTF-8 are
/// repaired in line, and counted in invalid.
std::string parse_record(std::string& line, std::size_t& invalid, Record& record) {
    if (std::memchr(line.data(), '\0', line.size()) != nullptr)
        return "binary data (NUL bytes) in JSON line";
    // Every field is checked as UTF-8 at once: a few stray bytes anywhere in the record are
    // repaired (U+FFFD, one warning); mostly bad non-ASCII is another encoding, skipped.
    const analysis::Utf8Stats stats = analysis::utf8_stats(line);
    invalid = stats.invalid;
    if (stats.another_encoding())
        return "not UTF-8 text (" + std::to_string(stats.invalid) +
               " invalid sequences); convert it to UTF-8, e.g. with iconv";
    if (stats.invalid > 0)
        line = analysis::repair_utf8(line);
    json::Value v;
    try {
        v = json::parse(line);
    } catch (const json::ParseError& e) {
        return std::string("malformed JSON at byte ") + std::to_string(e.offset() + 1) + ": " +
               e.what();
    }
    const json::Value* text = json::find(v, "text");
    if (text == nullptr || !text->is_string())
        return "JSON line has no \"text\" string field";
    bool repaired = false;
    std::size_t text_invalid = 0;
    if (std::string reason =
            check_text(text->get_ref<const std::string&>(), repaired, text_invalid);
        !reason.empty())
        return reason;
    record.text = std::move(v.at("text").get_ref<std::string&>());
    add_given(record, v);
    return {};
}

/// A whole file's bytes, or nullopt once sink was told why they cannot be had.
std::optional<std::string> read_bytes(std::istream& in, const std::string& path,
                                      std::uintmax_t size, const ScanOptions& options,
                                      const DiagnosticSink& sink) {
    if (size > options.max_bytes) {
        sink({path, 0,
              "file larger than the size limit (" + std::to_string(options.max_bytes) +
                  " bytes), skipped; raise --max-size to index it",
              true});
        return std::nullopt;
    }
    std::string bytes(size, '\0');
    in.read(bytes.data(), static_cast<std::streamsize>(size));
    if (in.gcount() != static_cast<std::streamsize>(size)) {
        sink({path, 0, "read error (file changed or unreadable while indexing), skipped", true});
        return std::nullopt;
    }
    return bytes;
}

/// Whether decoded text reads as text: at most 1% of its characters are controls (but white
/// space), private use, replacement or non-characters. Bytes that only happen to start with a
/// byte order mark, or that are in no encoding at all, decode to many of them (a tenth of the
/// code points of UTF-16 are private use, of the bytes C0 controls).
bool looks_like_text(std::string_view text) {
    std::size_t characters = 0, junk = 0;
    for (std::size_t i = 0; i < text.size();) {
        const char32_t c = analysis::next_code_point(text, i);
        ++characters;
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\v' && c != '\f' && c != '\r') ||
            (c >= 0x7F && c <= 0x9F) || (c >= 0xE000 && c <= 0xF8FF) ||
            (c >= 0xFDD0 && c <= 0xFDEF) || (c >= 0xFFFD && c <= 0xFFFF) || c >= 0xF0000)
            ++junk;
    }
    return junk * 100 <= characters;
}

/// The byte order of UTF-16 written without a byte order mark, told by where its NUL bytes
/// fall: the high bytes of Latin text, NUL at odd offsets (little-endian) or at even ones
/// (big-endian), over a third of their half and under 1% of the other; nullptr when the bytes
/// do not look so.
const char* unmarked_utf16(std::string_view bytes) {
    if (bytes.size() < 4 || bytes.size() % 2 != 0)
        return nullptr;
    std::size_t even = 0, odd = 0;
    for (std::size_t i = 0; i < bytes.size(); i += 2) {
        even += bytes[i] == '\0';
        odd += bytes[i + 1] == '\0';
    }
    const std::size_t half = bytes.size() / 2;
    if (odd * 3 > half && even * 100 < half)
        return "UTF-16LE";
    if (even * 3 > half && odd * 100 < half)
        return "UTF-16BE";
    return nullptr;
}

/// A plain text file's bytes as UTF-8: a byte order mark says UTF-8 (dropped) or UTF-16 (either
/// order); without one the bytes are UTF-8, or UTF-16 when their NUL bytes fall as its do (Latin
/// text saved by tools that write no mark), unless most of their non-ASCII bytes are not (and
/// no NUL byte makes them binary): then Windows-1252, in which French text was saved before
/// UTF-8 (Latin-1 and ’, œ, €...), as browsers read a page that names no encoding. Whatever was
/// assumed must decode to text (looks_like_text), else the bytes are left to the checks of
/// check_text (binary, not UTF-8). note says what was assumed or repaired, "" when nothing was;
/// stats are the UTF-8 statistics of the bytes returned when they were counted here.
std::string decode_text_file(std::string bytes, std::string& note,
                             std::optional<analysis::Utf8Stats>& stats) {
    note.clear();
    stats.reset();
    const std::string_view view(bytes);
    std::size_t replaced = 0;
    if (view.starts_with("\xEF\xBB\xBF"))
        return bytes.substr(3);
    const bool marked = view.starts_with("\xFF\xFE") || view.starts_with("\xFE\xFF");
    const bool has_nul = std::memchr(bytes.data(), '\0', bytes.size()) != nullptr;
    const char* utf16 = marked    ? (view[0] == '\xFF' ? "UTF-16LE" : "UTF-16BE")
                        : has_nul ? unmarked_utf16(view)
                                  : nullptr;
    if (utf16 != nullptr) {
        std::string text = analysis::convert_to_utf8(view.substr(marked ? 2 : 0), utf16, replaced);
        if (!looks_like_text(text))
            return bytes; // told apart below, as binary or not UTF-8
        if (replaced > 0)
            note = "invalid UTF-16 (" + std::to_string(replaced) + " sequences replaced by U+FFFD)";
        return text;
    }
    if (has_nul)
        return bytes;
    stats = analysis::utf8_stats(bytes);
    if (!stats->another_encoding())
        return bytes;
    std::string text = analysis::convert_to_utf8(view, "windows-1252", replaced);
    if (!looks_like_text(text))
        return bytes;
    note = "not UTF-8 (" + std::to_string(stats->invalid) +
           " invalid sequences), read as Windows-1252 (Latin-1); if it is in another encoding, "
           "convert it to UTF-8 (e.g. with iconv)";
    stats.reset(); // they were the bytes', not the text's
    return text;
}

/// The record of a file's bytes: a text file's, or the text extracted from a PDF, DOCX, DOC,
/// ODT or HTML file; nullopt once sink was told why there is none.
std::optional<Record> file_record(std::string bytes, const std::string& path,
                                  const DiagnosticSink& sink) {
    // PDF, Word, OpenDocument and HTML files: their text, whatever their name.
    FileFormat format = FileFormat::text;
    ExtractedText extracted;
    try {
        format = detect_format(bytes, path);
        if (format != FileFormat::text)
            extracted = extract_text(bytes, format);
    } catch (const ExtractionError& e) {
        sink({path, 0, e.what(), true});
        return std::nullopt;
    }
    Record record;
    record.path = path;
    record.id = path;
    record.hash = content_hash(bytes);
    std::string note;
    std::optional<analysis::Utf8Stats> stats;
    record.text = format != FileFormat::text ? std::move(extracted.text)
                                             : decode_text_file(std::move(bytes), note, stats);
    bool repaired = false;
    std::size_t invalid = 0;
    const std::string reason = check_text_with(record.text, stats, repaired, invalid);
    if (!reason.empty()) {
        sink({path, 0,
              (format == FileFormat::text
                   ? reason
                   : std::string(format_name(format)) + " with no text (" + reason + ")") +
                  ", skipped",
              true});
        return std::nullopt;
    }
    if (!note.empty())
        sink({path, 0, note, false});
    if (repaired)
        sink({path, 0,
              "invalid UTF-8 (" + std::to_string(invalid) + " sequences replaced by U+FFFD)",
              false});
    if (format != FileFormat::text) {
        record.format = format_name(format);
        record.source_title = std::move(extracted.title);
    }
    return record;
}

} // namespace

std::size_t read_json_lines(std::istream& in, const std::string& path, const ScanOptions& options,
                            const DiagnosticSink& sink, const std::function<void(Record&&)>& emit) {
    std::size_t skipped = 0;
    std::string line;
    std::uint64_t number = 0;
    std::uint64_t next_offset = 0;
    LineReader reader(in, options.max_bytes);
    std::uint64_t size = 0;
    bool too_long = false;
    while (reader.next(line, size, too_long)) {
        ++number;
        const std::uint64_t offset = next_offset;
        next_offset += size + 1;
        std::string reason;
        Record record;
        std::size_t invalid = 0;
        if (too_long)
            reason = "record of " + std::to_string(size) + " bytes, over the size limit (" +
                     std::to_string(options.max_bytes) +
                     " bytes), skipped; raise --max-size to index it";
        else if (line.find_first_not_of(" \t\r") == std::string::npos)
            continue;
        else if (reason = parse_record(line, invalid, record); !reason.empty())
            reason += ", skipped";
        if (!reason.empty()) {
            sink({path, number, reason, true});
            ++skipped;
            continue;
        }
        if (invalid > 0)
            sink({path, number,
                  "invalid UTF-8 (" + std::to_string(invalid) + " sequences replaced by U+FFFD)",
                  false});
        record.path = path;
        record.line = number;
        record.offset = offset;
        // Where the record stands is part of what is stored (the line shown with it): a record
        // moved by lines added or removed above it is updated, not skipped.
        record.hash = content_hash(line) + "@" + std::to_string(offset);
        record.id = record_key(record, line, path == stdin_path);
        emit(std::move(record));
    }
    return skipped;
}

namespace {

/// The stat signature of a file (RecordInfo::stat) and its size; the signature is "" when the
/// file was modified less than two seconds ago. False when it cannot be had (errno says why).
bool stat_signature(const std::string& path, std::string& signature, std::uintmax_t& size) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0)
        return false;
    size = static_cast<std::uintmax_t>(st.st_size);
    const auto mtime =
        std::chrono::seconds(st.st_mtim.tv_sec) + std::chrono::nanoseconds(st.st_mtim.tv_nsec);
    const auto now = std::chrono::system_clock::now().time_since_epoch();
    // Modified in the last two seconds: another change within the clock's tick could leave
    // the same size and time, so the file is read and hashed next time (git's "racily clean").
    if (now - mtime < std::chrono::seconds(2)) {
        signature.clear();
        return true;
    }
    signature = std::to_string(st.st_size) + ":" +
                std::to_string(std::chrono::duration_cast<std::chrono::nanoseconds>(mtime).count());
    return true;
}

} // namespace

std::size_t read_source(const Source& source, const ScanOptions& options,
                        const DiagnosticSink& sink, const std::function<void(Record&&)>& emit) {
    if (source.path == "-")
        return read_json_lines(std::cin, std::string(stdin_path), options, sink, emit);
    std::uintmax_t size = 0;
    std::string signature;
    if (!stat_signature(source.path, signature, size)) {
        sink({source.path, 0, std::string("cannot read: ") + std::strerror(errno), true});
        return 1;
    }
    if (!source.json_lines && !signature.empty() && options.unchanged &&
        options.unchanged(source.path, signature)) {
        Record record;
        record.path = source.path;
        record.id = source.path;
        record.stat = std::move(signature);
        record.unchanged = true;
        emit(std::move(record));
        return 0;
    }
    std::ifstream in(source.path, std::ios::binary);
    if (!in) {
        sink({source.path, 0, std::string("cannot open: ") + std::strerror(errno), true});
        return 1;
    }
    if (source.json_lines)
        return read_json_lines(in, source.path, options, sink, emit);
    std::optional<std::string> bytes = read_bytes(in, source.path, size, options, sink);
    if (!bytes)
        return 1;
    std::optional<Record> record = file_record(std::move(*bytes), source.path, sink);
    if (!record)
        return 1;
    record->stat = std::move(signature);
    emit(std::move(*record));
    return 0;
}

} // namespace ctoc::corpus
