// A document's prepared text as the index keeps it: cut into pieces of about 16 KiB, each
// compressed when that pays, with a table telling which word positions each piece holds.
// A snippet reads the one piece around the best match, so its cost does not grow with the
// document; `ctoc-search --text` reads them all in order.
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
    std::uint32_t last_position = 0;            ///< the last word position of the text (titles come after)
    std::uint64_t bytes = 0;                    ///< the text's length

    /// The piece holding a word position (positions past the text: the last piece).
    std::size_t piece_of(std::uint32_t position) const;
    /// The table as stored; parse() reads it back (throws StoredTextError).
    std::string serialise() const;
    static TextTable parse(std::string_view stored);
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

/// Pieces of about this many bytes: small enough that a snippet's analysis of one is quick.
inline constexpr std::size_t text_piece_bytes = 16u << 10;

/// Cuts a prepared text into pieces at line or word boundaries, near every max_bytes;
/// tokens are the text's, as the analyzer made them (for their positions).
TextPieces cut_text(std::string_view text, const std::vector<analysis::Token>& tokens,
                    std::size_t max_bytes = text_piece_bytes);

/// A piece as stored: compressed with zlib when that saves space, else as is; one byte tells.
std::string pack_piece(std::string_view bytes);

/// The bytes of a stored piece; throws StoredTextError when it is damaged.
std::string unpack_piece(std::string_view stored);

} // namespace ctoc::corpus
