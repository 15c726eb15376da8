#include <ctoc/corpus/stored_text.h>

#include "support.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

using namespace ctoc;

TEST_CASE("a stored text is cut at line or word ends into pieces that give it back whole",
          "[corpus][stored_text]") {
    std::string text;
    for (const auto& e : std::filesystem::directory_iterator(test::corpus_dir())) {
        std::ifstream in(e.path());
        std::stringstream s;
        s << in.rdbuf();
        text += analysis::prepare_text(s.str());
    }
    REQUIRE(text.size() > 20000);
    analysis::Analyzer analyzer;
    std::vector<analysis::Token> tokens;
    analyzer.analyze(text, tokens, 1);
    const corpus::TextPieces cut = corpus::cut_text(text, tokens, 4096);
    REQUIRE(cut.pieces.size() >= 5);
    REQUIRE(cut.table.first_positions.size() == cut.pieces.size());
    std::string back;
    for (std::size_t n = 0; n < cut.pieces.size(); ++n) {
        const std::string piece = corpus::unpack_piece(cut.pieces[n]).text;
        INFO("piece " << n);
        CHECK(piece.size() <= 4096);
        // A piece ends at a line end or a space: no word is cut in two.
        if (n + 1 < cut.pieces.size())
            CHECK((piece.back() == '\n' || piece.back() == ' '));
        back += piece;
    }
    CHECK(back == text);
    // Each word's position falls in the piece that holds the word.
    for (std::size_t k = 0; k < tokens.size(); k += 97) {
        const std::size_t n = cut.table.piece_of(tokens[k].position);
        std::size_t begin = 0;
        for (std::size_t m = 0; m < n; ++m)
            begin += corpus::unpack_piece(cut.pieces[m]).text.size();
        INFO("token " << k << " '" << tokens[k].term << "'");
        CHECK(tokens[k].begin >= begin);
        CHECK(tokens[k].begin < begin + corpus::unpack_piece(cut.pieces[n]).text.size());
    }
    // Anchors every 256 bytes or so point at words' starts, and window() gives the bytes near
    // a position: the word there and some context, a few anchors' worth; read with a limit,
    // a piece gives only that far.
    for (std::size_t k = 0; k < tokens.size(); k += 131) {
        const std::string& stored = cut.pieces[cut.table.piece_of(tokens[k].position)];
        const auto anchors_only = corpus::unpack_piece(stored, 0);
        REQUIRE_FALSE(anchors_only.anchors.empty());
        CHECK(anchors_only.text.empty());
        const auto [from, to] = anchors_only.window(tokens[k].position);
        const auto piece = corpus::unpack_piece(stored, to);
        CHECK(piece.text.size() == to);
        const std::string near = piece.text.substr(from, to - from);
        const std::string word = text.substr(tokens[k].begin, tokens[k].end - tokens[k].begin);
        INFO("token " << k << " '" << word << "'");
        CHECK(near.find(word) != std::string::npos);
        CHECK(near.size() <= 4 * (corpus::text_anchor_bytes + 200));
    }
    // The table reads back as written.
    const auto table = corpus::TextTable::parse(cut.table.serialise());
    CHECK(table.first_positions == cut.table.first_positions);
    CHECK(table.last_position == cut.table.last_position);
    CHECK(table.bytes == text.size());
}

TEST_CASE("French text is stored compressed, a short or random piece as it is, damage is an error",
          "[corpus][stored_text]") {
    std::string french;
    for (int k = 0; k < 200; ++k)
        french +=
            "La Conférence des Parties à la Convention des Nations Unies contre la criminalité. ";
    const std::string packed = corpus::pack_piece(french);
    CHECK(packed.size() < french.size() / 4);
    CHECK(corpus::unpack_piece(packed).text == french);
    const std::string short_piece = corpus::pack_piece("Vienne");
    CHECK(short_piece.size() == 10); // "0 \n" (no anchors), then "r" and the bytes as they are
    CHECK(corpus::unpack_piece(short_piece).text == "Vienne");
    CHECK_THROWS_AS(corpus::unpack_piece(packed.substr(0, packed.size() / 2)),
                    corpus::StoredTextError);
    // A damaged byte of the compressed text is an error, never other text (the content's
    // checksum; a bit the decoder does not need may leave the same text).
    int wrong_text = 0;
    for (std::size_t at = packed.find(':') + 1; at < packed.size(); ++at) {
        std::string flipped = packed;
        flipped[at] ^= 0x20;
        try {
            wrong_text += corpus::unpack_piece(flipped).text != french;
        } catch (const corpus::StoredTextError&) {
        }
    }
    CHECK(wrong_text == 0);
    CHECK(corpus::unpack_piece(packed, 24).text == french.substr(0, 24));
    CHECK(corpus::unpack_piece(packed, 0).text.empty());
    CHECK(corpus::unpack_piece(packed, 0).size == french.size());
    CHECK_THROWS_AS(corpus::unpack_piece("x"), corpus::StoredTextError);
    CHECK_THROWS_AS(corpus::unpack_piece("1 5 9999 \nrabc"),
                    corpus::StoredTextError); // anchor past the end
    CHECK_THROWS_AS(corpus::TextTable::parse("t2 12 nope"), corpus::StoredTextError);
}
