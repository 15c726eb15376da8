#include <ctoc/corpus/stored_text.h>

#include "support.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

using namespace ctoc;

TEST_CASE("a stored text is cut at line or word ends into pieces that give it back whole", "[corpus][stored_text]") {
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
        const std::string piece = corpus::unpack_piece(cut.pieces[n]);
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
            begin += corpus::unpack_piece(cut.pieces[m]).size();
        INFO("token " << k << " '" << tokens[k].term << "'");
        CHECK(tokens[k].begin >= begin);
        CHECK(tokens[k].begin < begin + corpus::unpack_piece(cut.pieces[n]).size());
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
        french += "La Conférence des Parties à la Convention des Nations Unies contre la criminalité. ";
    const std::string packed = corpus::pack_piece(french);
    CHECK(packed.size() < french.size() / 4);
    CHECK(corpus::unpack_piece(packed) == french);
    const std::string short_piece = corpus::pack_piece("Vienne");
    CHECK(short_piece.size() == 7);
    CHECK(corpus::unpack_piece(short_piece) == "Vienne");
    CHECK_THROWS_AS(corpus::unpack_piece(packed.substr(0, packed.size() / 2)), corpus::StoredTextError);
    CHECK_THROWS_AS(corpus::unpack_piece("x"), corpus::StoredTextError);
    CHECK_THROWS_AS(corpus::TextTable::parse("t1 12 nope"), corpus::StoredTextError);
}
