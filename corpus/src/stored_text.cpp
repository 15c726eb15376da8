#include <ctoc/corpus/stored_text.h>

#include <ctoc/corpus/document.h>
#include <ctoc/schema.h>

#include <zlib.h>

#include <algorithm>
#include <charconv>

namespace ctoc::corpus {

namespace {

constexpr char raw_mark = 'r';
constexpr char zlib_mark = 'z';
constexpr std::string_view table_version = "t1";

/// Where to end a piece that starts at begin: the last blank line, else line end, else
/// space before begin + max_bytes; never inside a UTF-8 sequence.
std::size_t cut_point(std::string_view text, std::size_t begin, std::size_t max_bytes) {
    if (text.size() - begin <= max_bytes)
        return text.size();
    const std::size_t limit = begin + max_bytes;
    const std::string_view window = text.substr(begin, max_bytes);
    // Not before half the piece, so that pieces stay near their size.
    const std::size_t floor = max_bytes / 2;
    for (const std::string_view mark : {std::string_view("\n\n"), std::string_view("\n"), std::string_view(" ")}) {
        const std::size_t at = window.rfind(mark);
        if (at != std::string_view::npos && at >= floor)
            return begin + at + mark.size();
    }
    std::size_t at = limit;
    while (at > begin && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80)
        --at;
    return at > begin ? at : limit;
}

void put_number(std::string& out, std::uint64_t v) {
    out += std::to_string(v);
    out += ' ';
}

} // namespace

std::string text_table_key(std::string_view document_key) {
    return std::string(schema::meta_text) + content_hash(document_key);
}

std::string text_piece_key(std::string_view document_key, std::size_t n) {
    return text_table_key(document_key) + ":" + std::to_string(n);
}

std::size_t TextTable::piece_of(std::uint32_t position) const {
    if (first_positions.empty())
        return 0;
    const auto it = std::upper_bound(first_positions.begin(), first_positions.end(), position);
    return it == first_positions.begin() ? 0 : static_cast<std::size_t>(it - first_positions.begin()) - 1;
}

std::string TextTable::serialise() const {
    std::string out(table_version);
    out += ' ';
    put_number(out, bytes);
    put_number(out, last_position);
    put_number(out, first_positions.size());
    for (const auto p : first_positions)
        put_number(out, p);
    return out;
}

TextTable TextTable::parse(std::string_view stored) {
    const auto bad = [] { return StoredTextError("damaged stored text table; rebuild the index with ctoc-index --rebuild"); };
    if (stored.substr(0, table_version.size()) != table_version)
        throw bad();
    std::size_t at = table_version.size();
    const auto next = [&]() -> std::uint64_t {
        while (at < stored.size() && stored[at] == ' ')
            ++at;
        std::uint64_t v = 0;
        const auto r = std::from_chars(stored.data() + at, stored.data() + stored.size(), v);
        if (r.ec != std::errc())
            throw bad();
        at = static_cast<std::size_t>(r.ptr - stored.data());
        return v;
    };
    TextTable t;
    t.bytes = next();
    t.last_position = static_cast<std::uint32_t>(next());
    const std::uint64_t n = next();
    if (n > stored.size())
        throw bad();
    t.first_positions.reserve(n);
    for (std::uint64_t k = 0; k < n; ++k)
        t.first_positions.push_back(static_cast<std::uint32_t>(next()));
    return t;
}

TextPieces cut_text(std::string_view text, const std::vector<analysis::Token>& tokens, std::size_t max_bytes) {
    TextPieces out;
    out.table.bytes = text.size();
    for (const auto& t : tokens)
        out.table.last_position = std::max(out.table.last_position, t.position);
    std::size_t token = 0;
    for (std::size_t begin = 0; begin < text.size();) {
        const std::size_t end = cut_point(text, begin, max_bytes);
        while (token < tokens.size() && tokens[token].begin < begin)
            ++token;
        // A piece without a word of its own starts where the next word would.
        const std::uint32_t first = token < tokens.size() ? tokens[token].position : out.table.last_position + 1;
        out.table.first_positions.push_back(first);
        out.pieces.push_back(pack_piece(text.substr(begin, end - begin)));
        begin = end;
    }
    return out;
}

std::string pack_piece(std::string_view bytes) {
    uLongf size = compressBound(static_cast<uLong>(bytes.size()));
    std::string out(1 + size, '\0');
    out[0] = zlib_mark;
    if (compress2(reinterpret_cast<Bytef*>(out.data() + 1), &size, reinterpret_cast<const Bytef*>(bytes.data()),
                  static_cast<uLong>(bytes.size()), Z_DEFAULT_COMPRESSION) == Z_OK &&
        size + 4 < bytes.size()) {
        // The length first, so that reading back allocates once.
        std::string packed(1, zlib_mark);
        packed += std::to_string(bytes.size());
        packed += ':';
        packed.append(out, 1, size);
        return packed;
    }
    std::string raw(1, raw_mark);
    raw += bytes;
    return raw;
}

std::string unpack_piece(std::string_view stored) {
    const auto bad = [] { return StoredTextError("damaged stored text; rebuild the index with ctoc-index --rebuild"); };
    if (stored.empty())
        throw bad();
    if (stored[0] == raw_mark)
        return std::string(stored.substr(1));
    if (stored[0] != zlib_mark)
        throw bad();
    const std::size_t colon = stored.find(':');
    std::uint64_t length = 0;
    if (colon == std::string_view::npos ||
        std::from_chars(stored.data() + 1, stored.data() + colon, length).ec != std::errc() || length > (1u << 30))
        throw bad();
    std::string out(length, '\0');
    uLongf size = static_cast<uLongf>(length);
    if (uncompress(reinterpret_cast<Bytef*>(out.data()), &size, reinterpret_cast<const Bytef*>(stored.data() + colon + 1),
                   static_cast<uLong>(stored.size() - colon - 1)) != Z_OK ||
        size != length)
        throw bad();
    return out;
}

} // namespace ctoc::corpus
