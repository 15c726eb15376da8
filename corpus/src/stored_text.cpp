#include <ctoc/corpus/stored_text.h>

#include <ctoc/analysis/unicode.h>
#include <ctoc/corpus/record.h>
#include <ctoc/schema.h>

#include <zstd.h>

#include <algorithm>
#include <charconv>
#include <memory>
#include <new>

namespace ctoc::corpus {

namespace {

constexpr char raw_mark = 'r';
constexpr char zstd_mark = 's';
/// Zstandard's fastest positive level: on the generated corpus's French text it compresses 4x
/// faster than zlib's default level and inflates 2.5x faster, for pieces 5% larger (a full build
/// spent 7% of its CPU in zlib here; a snippet inflates one piece).
constexpr int zstd_level = 1;
constexpr std::string_view table_version = "t2";
/// A window starting this close to its piece's start starts at the start.
constexpr std::size_t position_slack = 16;

/// Where to end a piece that starts at begin: the last blank line, else line end, else
/// space before begin + max_bytes; never inside a UTF-8 sequence.
std::size_t cut_point(std::string_view text, std::size_t begin, std::size_t max_bytes) {
    if (text.size() - begin <= max_bytes)
        return text.size();
    const std::size_t limit = begin + max_bytes;
    const std::string_view window = text.substr(begin, max_bytes);
    // Not before half the piece, so that pieces stay near their size.
    const std::size_t floor = max_bytes / 2;
    for (const std::string_view mark :
         {std::string_view("\n\n"), std::string_view("\n"), std::string_view(" ")}) {
        const std::size_t at = window.rfind(mark);
        if (at != std::string_view::npos && at >= floor)
            return begin + at + mark.size();
    }
    std::size_t at = limit;
    while (at > begin && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80)
        --at;
    return at > begin ? at : limit;
}

/// One compression and one decompression context a thread, kept: a context costs hundreds
/// of kilobytes to set up, a piece a few microseconds to compress.
struct ZstdContexts {
    std::unique_ptr<ZSTD_CCtx, decltype(&ZSTD_freeCCtx)> compress{nullptr, ZSTD_freeCCtx};
    std::unique_ptr<ZSTD_DCtx, decltype(&ZSTD_freeDCtx)> decompress{nullptr, ZSTD_freeDCtx};
};

ZstdContexts& zstd_contexts() {
    thread_local ZstdContexts contexts;
    return contexts;
}

void put_number(std::string& out, std::uint64_t v) {
    out += std::to_string(v);
    out += ' ';
}

} // namespace

std::string text_table_key(std::string_view document_key) {
    // The key as the index's JSON holds it, so that the raw key and the stored one agree.
    return std::string(schema::meta_text) +
           content_hash(analysis::escape_invalid_utf8(document_key));
}

std::string text_piece_key(std::string_view document_key, std::size_t n) {
    return text_table_key(document_key) + ":" + std::to_string(n);
}

std::size_t TextTable::piece_of(std::uint32_t position) const {
    if (first_positions.empty())
        return 0;
    const auto it = std::upper_bound(first_positions.begin(), first_positions.end(), position);
    return it == first_positions.begin()
               ? 0
               : static_cast<std::size_t>(it - first_positions.begin()) - 1;
}

std::string TextTable::serialise() const {
    // Binary, little-endian 32-bit numbers: a search reads the table of every hit.
    std::string out(table_version);
    const auto put = [&](std::uint64_t v, int width) {
        for (int k = 0; k < width; ++k)
            out += static_cast<char>((v >> (8 * k)) & 0xFF);
    };
    put(bytes, 8);
    put(last_position, 4);
    put(first_positions.size(), 4);
    for (const auto p : first_positions)
        put(p, 4);
    return out;
}

TextTable TextTable::parse(std::string_view stored) {
    const auto bad = [] {
        return StoredTextError(
            "damaged stored text table; rebuild the index with ctoc-index --rebuild");
    };
    if (stored.size() < table_version.size() + 16 ||
        stored.substr(0, table_version.size()) != table_version)
        throw bad();
    std::size_t at = table_version.size();
    const auto get = [&](int width) {
        std::uint64_t v = 0;
        for (int k = 0; k < width; ++k)
            v |= static_cast<std::uint64_t>(
                     static_cast<unsigned char>(stored[at + static_cast<std::size_t>(k)]))
                 << (8 * k);
        at += static_cast<std::size_t>(width);
        return v;
    };
    TextTable t;
    t.bytes = get(8);
    t.last_position = static_cast<std::uint32_t>(get(4));
    const std::uint64_t n = get(4);
    if (stored.size() != at + 4 * n)
        throw bad();
    t.first_positions.resize(n);
    for (std::uint64_t k = 0; k < n; ++k)
        t.first_positions[k] = static_cast<std::uint32_t>(get(4));
    return t;
}

std::pair<std::size_t, std::size_t> TextPiece::window(std::uint32_t position,
                                                      bool context_before) const {
    if (anchors.empty())
        return {0, size};
    auto it = std::upper_bound(anchors.begin(), anchors.end(), position,
                               [](std::uint32_t p, const Anchor& a) { return p < a.position; });
    const std::size_t at =
        it == anchors.begin() ? 0 : static_cast<std::size_t>(it - anchors.begin()) - 1;
    const std::size_t first = context_before && at > 0 ? at - 1 : at;
    const std::size_t from = anchors[first].offset > position_slack ? anchors[first].offset : 0;
    const std::size_t to = at + 2 < anchors.size() ? anchors[at + 2].offset : size;
    return {from, to};
}

TextPieces cut_text(std::string_view text, const std::vector<analysis::Token>& tokens,
                    std::size_t max_bytes) {
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
        const std::uint32_t first =
            token < tokens.size() ? tokens[token].position : out.table.last_position + 1;
        out.table.first_positions.push_back(first);
        std::vector<Anchor> anchors;
        for (std::size_t next_anchor = begin; token < tokens.size() && tokens[token].begin < end;
             ++token) {
            if (tokens[token].begin >= next_anchor) {
                anchors.push_back({tokens[token].position,
                                   static_cast<std::uint32_t>(tokens[token].begin - begin)});
                next_anchor = tokens[token].begin + text_anchor_bytes;
            }
        }
        out.pieces.push_back(pack_piece(text.substr(begin, end - begin), anchors));
        begin = end;
    }
    return out;
}

std::string pack_piece(std::string_view bytes, const std::vector<Anchor>& anchors) {
    std::string out;
    put_number(out, anchors.size());
    for (const auto& a : anchors) {
        put_number(out, a.position);
        put_number(out, a.offset);
    }
    out += '\n';
    auto& cctx = zstd_contexts().compress;
    if (!cctx) {
        cctx.reset(ZSTD_createCCtx());
        // With a checksum of the content, so that a damaged piece is an error, not wrong text.
        if (cctx && (ZSTD_isError(
                         ZSTD_CCtx_setParameter(cctx.get(), ZSTD_c_compressionLevel, zstd_level)) ||
                     ZSTD_isError(ZSTD_CCtx_setParameter(cctx.get(), ZSTD_c_checksumFlag, 1))))
            cctx.reset();
    }
    std::string compressed(ZSTD_compressBound(bytes.size()), '\0');
    const std::size_t size = cctx ? ZSTD_compress2(cctx.get(), compressed.data(), compressed.size(),
                                                   bytes.data(), bytes.size())
                                  : 0;
    if (cctx && !ZSTD_isError(size) && size + 8 < bytes.size()) {
        // The length first, so that reading back allocates once.
        out += zstd_mark;
        out += std::to_string(bytes.size());
        out += ':';
        out.append(compressed, 0, size);
        return out;
    }
    out += raw_mark;
    out += bytes;
    return out;
}

TextPiece unpack_piece(std::string_view stored, std::size_t max_bytes) {
    const auto bad = [] {
        return StoredTextError("damaged stored text; rebuild the index with ctoc-index --rebuild");
    };
    TextPiece piece;
    const std::size_t newline = stored.find('\n');
    if (newline == std::string_view::npos)
        throw bad();
    std::size_t at = 0;
    const auto next = [&]() -> std::uint32_t {
        std::uint32_t v = 0;
        const auto r = std::from_chars(stored.data() + at, stored.data() + newline, v);
        if (r.ec != std::errc() || r.ptr == stored.data() + newline || *r.ptr != ' ')
            throw bad();
        at = static_cast<std::size_t>(r.ptr - stored.data()) + 1;
        return v;
    };
    const std::uint32_t count = next();
    if (count > newline)
        throw bad();
    piece.anchors.reserve(count);
    for (std::uint32_t k = 0; k < count; ++k) {
        Anchor a;
        a.position = next();
        a.offset = next();
        piece.anchors.push_back(a);
    }
    stored.remove_prefix(newline + 1);
    if (stored.empty())
        throw bad();
    if (stored[0] == raw_mark) {
        piece.size = stored.size() - 1;
        piece.text = std::string(stored.substr(1, max_bytes));
    } else if (stored[0] == zstd_mark) {
        const std::size_t colon = stored.find(':');
        std::uint64_t length = 0;
        if (colon == std::string_view::npos ||
            std::from_chars(stored.data() + 1, stored.data() + colon, length).ec != std::errc() ||
            length > (1u << 30))
            throw bad();
        piece.size = length;
        // A piece is one block of the codec: inflated whole, then cut to what was asked (a
        // snippet wants the bytes up to its passage; 0: the anchors alone).
        if (max_bytes > 0 && length > 0) {
            // The frame says its size too: a damaged length is refused before any allocation.
            if (ZSTD_getFrameContentSize(stored.data() + colon + 1, stored.size() - colon - 1) !=
                length)
                throw bad();
            auto& dctx = zstd_contexts().decompress;
            if (!dctx)
                dctx.reset(ZSTD_createDCtx());
            if (!dctx)
                throw std::bad_alloc();
            piece.text.assign(length, '\0');
            const std::size_t got =
                ZSTD_decompressDCtx(dctx.get(), piece.text.data(), length,
                                    stored.data() + colon + 1, stored.size() - colon - 1);
            if (ZSTD_isError(got) || got != length)
                throw bad();
            if (max_bytes < length)
                piece.text.resize(max_bytes);
        }
    } else {
        throw bad();
    }
    for (const auto& a : piece.anchors) {
        if (a.offset > piece.size)
            throw bad();
    }
    return piece;
}

} // namespace ctoc::corpus
