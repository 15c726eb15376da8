// A document's prepared text as the index keeps it: cut into pieces of about 8 KiB, each
// compressed when that pays, with a table telling which word positions each piece holds, and
// in each piece anchors every 256 bytes telling where a word position starts. A snippet reads
// the one piece around the best match, inflates it and analyses only the bytes
// around its anchor, so its cost does not grow with the document; `ctoc-search --text` reads
// the pieces in order.
#pragma once

#include <ctoc/analysis/analyzer.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace ctoc::corpus {

/// A stored text that cannot be read back (a damaged or foreign index).
class StoredTextError : public std::runtime_error {
    using std::runtime_error::runtime_error;
};

/// Where the pieces of a stored text start.
struct TextTable {
    std::vector<std::uint32_t> first_positions; ///< of each piece: the first word position in it
    std::uint32_t last_position = 0; ///< the last word position of the text (titles come after)
    std::uint64_t bytes = 0;         ///< the text's length

    /// The piece holding a word position (positions past the text: the last piece).
    std::size_t piece_of(std::uint32_t position) const;
    /// The table as stored; parse() reads it back (throws StoredTextError).
    std::string serialise() const;
    static TextTable parse(std::string_view stored);
};

/// A word position and where its word starts in a piece.
struct Anchor {
    std::uint32_t position = 0;
    std::uint32_t offset = 0; ///< bytes from the start of the piece
};

/// One piece of a stored text, read back.
struct TextPiece {
    std::vector<Anchor> anchors; ///< in order, at the starts of words
    std::size_t size = 0;        ///< the piece's length
    std::string text; ///< its bytes: all of them, or the first ones when read with a limit

    /// The bytes [first, second) around a word position: from the anchor at or before it (or
    /// the one before that, with context_before, for a sentence that starts earlier) to the
    /// second anchor after: about 512 bytes (768); whole words, whole UTF-8 characters.
    std::pair<std::size_t, std::size_t> window(std::uint32_t position,
                                               bool context_before = false) const;
};

/// A text cut into pieces for the index.
struct TextPieces {
    TextTable table;
    std::vector<std::string> pieces; ///< as stored: each compressed when that makes it smaller
};

/// The metadata key of the table of a document's stored text (schema::meta_text), by its key.
std::string text_table_key(std::string_view document_key);

/// The metadata key of piece n of a document's stored text.
std::string text_piece_key(std::string_view document_key, std::size_t n);

/// Pieces of about this many bytes: compressed one by one, and inflated whole for a snippet.
inline constexpr std::size_t text_piece_bytes = 8u << 10;
/// An anchor about every this many bytes of a piece.
inline constexpr std::size_t text_anchor_bytes = 256;

/// Cuts a prepared text into pieces at line or word boundaries, near every max_bytes;
/// tokens are the text's, as the analyzer made them (for their positions).
TextPieces cut_text(std::string_view text, const std::vector<analysis::Token>& tokens,
                    std::size_t max_bytes = text_piece_bytes);

/// A piece as stored: its anchors, then its bytes compressed (Zstandard) when that saves space,
/// else as they are (one byte tells).
std::string pack_piece(std::string_view bytes, const std::vector<Anchor>& anchors = {});

/// A stored piece read back, its text up to max_bytes only (0: its anchors and size alone);
/// throws StoredTextError when it is damaged.
TextPiece unpack_piece(std::string_view stored, std::size_t max_bytes = std::string::npos);

} // namespace ctoc::corpus
