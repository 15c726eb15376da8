// The one place that spells the index layout: every term prefix and every value slot.
// Xapian's conventions: 'Q' is the unique id, 'Z' the stemmed form, 'X...' user prefixes.
#pragma once

#include <algorithm>
#include <filesystem>
#include <set>
#include <string>
#include <string_view>

namespace ctoc::schema {

// Term prefixes.
/// Unique document key: a file's path; a JSON Lines record's id, else its symbol, else
/// path:line (see corpus::Document::id).
inline constexpr std::string_view unique_id = "Q";
/// The short number shown as a document's id (corpus::short_id of its key), for --show N.
inline constexpr std::string_view short_id = "XID";
/// Word forms as written, with positions: lower case, accents kept ("résolution", "traite");
/// an elided article is a form of its own at the position before its word ("l'", "qu'").
inline constexpr std::string_view word = "";
/// French stem of the accented word, folded after stemming ("resolu"); no positions.
inline constexpr std::string_view stem = "Z";
/// The common form of an ordinal at its word's position, whatever its spelling ("XO9e" for
/// "neuvième", "9ème", "9e"); the spelling itself is a word form.
inline constexpr std::string_view ordinal = "XO";
/// A thing the document names by any of its names (analysis::domain_aliases: "XNonudc" for
/// "ONUDC", "UNODC" or "Office des Nations Unies contre la drogue et le crime"); wdf counts them.
inline constexpr std::string_view named = "XN";
/// The document's own UN symbol, canonical (symbol.h): upper case, parts in parentheses kept
/// ("CTOC/COP/WG.7/2017/5", "A/70/6 (SECT. 16)", "S/RES/2214 (2015)").
inline constexpr std::string_view symbol = "XSYM";
/// A UN symbol the document cites, canonical upper case; wdf counts the citations.
inline constexpr std::string_view cites = "XCITE";
/// A resolution number the document cites ("5/3", "2178", "1514 (XV)"); wdf counts the citations.
inline constexpr std::string_view resolution = "XRES";
/// A decision number the document cites ("4/4"); wdf counts the citations.
inline constexpr std::string_view decision = "XDEC";
/// Working group the document is by or about ("WG.7").
inline constexpr std::string_view working_group = "XWG";
/// Body that issued the document: "COP" or "WG.n".
inline constexpr std::string_view body = "XBODY";
/// Document type slug ("note-du-secretariat").
inline constexpr std::string_view type = "XTYPE";
/// Session or meeting number ("9").
inline constexpr std::string_view session = "XSESS";
/// Original language, folded ("anglais").
inline constexpr std::string_view original_language = "XLANG";
/// Distribution, folded ("generale").
inline constexpr std::string_view distribution = "XDIST";
/// Year of the document ("2018").
inline constexpr std::string_view year = "XYEAR";
/// Source the document came from (file path); lets a re-run find vanished sources.
inline constexpr std::string_view source = "XSRC";

/// Value slots (as omega's values.h): one enum, never a bare number elsewhere.
enum Slot : unsigned {
    date_slot = 0,        ///< "YYYYMMDD", only when the full date is known
    year_slot = 1,        ///< "YYYY", when at least the year is known
    wg_slot = 2,          ///< "WG.7", for facets
    type_slot = 3,        ///< type slug, for facets
    session_slot = 4,     ///< Xapian::sortable_serialise(session number)
    symbol_slot = 5,      ///< own symbol, canonical
    family_slot = 6,      ///< base symbol of the document's family (without Add./Corr./Rev.)
    hash_slot = 7,        ///< content hash of the source record, for incremental runs
    sort_date_slot = 8,   ///< "YYYYMMDD" with unknown month or day as "00", for sorting by date
    unique_slot = 9,      ///< the unique id (Q) term, read cheaply for a result (no termlist)
};

/// Database metadata keys.
inline constexpr std::string_view meta_last_build = "ctoc:last_build";
inline constexpr std::string_view meta_sources = "ctoc:sources";
inline constexpr std::string_view meta_format = "ctoc:format";
/// A document's stored text (corpus::TextPieces), by the hash of its key (corpus::content_hash
/// of Document::id): "ctoc:text:HASH" holds the table of its pieces, "ctoc:text:HASH:N" piece N.
/// Metadata rather than document data or values, so that a search reads only the piece a
/// snippet needs, from a local or a remote shard alike.
inline constexpr std::string_view meta_text = "ctoc:text:";
/// Accent variants: "ctoc:acc:traite" -> "traité", the forms written with accents that fold to
/// that accent-free word, one per line; a query typed without accents reaches them. Kept as
/// metadata rather than Xapian synonyms because Xapian 1.4's remote backend serves metadata but
/// not synonyms; in a sharded index each shard holds its own and a search reads the union.
inline constexpr std::string_view meta_accent_variants = "ctoc:acc:";
/// A metadata value holding a set of strings, one per line.
inline std::set<std::string> split_lines(std::string_view value) {
    std::set<std::string> lines;
    while (!value.empty()) {
        const std::size_t end = std::min(value.find('\n'), value.size());
        if (end > 0)
            lines.emplace(value.substr(0, end));
        value.remove_prefix(std::min(end + 1, value.size()));
    }
    return lines;
}

inline std::string join_lines(const std::set<std::string>& lines) {
    std::string value;
    for (const auto& line : lines) {
        if (!value.empty())
            value += '\n';
        value += line;
    }
    return value;
}

/// Version of this layout and of what the extractor reads into it; a database of another
/// version is rebuilt by the next ctoc-index run (3: Security Council resolutions cited as
/// "résolution 2331 (2016)" are citations, symbols are stored as the UN writes them,
/// "WG7" in a symbol is "WG.7", ordinals carry their common form "9e"; 4: positional forms keep
/// their accents, elided articles have positions, numbers in words are not split at hyphens,
/// accent variants replace stem synonyms; 5: symbols keep their parts in parentheses and the
/// Parallel Corpus spelling is read back ("A/70/6 (SECT. 16)"), every item of a citation list
/// is read, bare numbers and old session numbers are citations; 6: the common form of an
/// ordinal has its own prefix, XO, so that a quoted "9e" is the spelling typed; 7: the unique
/// id term in a value slot too; 8: a JSON Lines record's key is its id, else its symbol; the
/// XID short id term; dates by one rule; 9: XN terms for the things a document names).
inline constexpr std::string_view format_version = "9";

// The database directory, shared by the indexer (writer) and the searcher (readers).
/// The Xapian stub naming the live generation: "auto gen-000002", or one line per shard
/// "auto gen-000002/shard-K". ctoc-index writes no other line.
inline constexpr std::string_view stub_file = "XAPIANDB";
/// Generation directories: "gen-" and six digits.
inline constexpr std::string_view generation_prefix = "gen-";
/// The lease of a generation, a file inside it. A reader holds a shared flock on it while it
/// opens and searches the generation, after checking that the file is still the one at that
/// path; the writer removes a generation only under an exclusive flock taken without waiting
/// (first renaming the directory, so no reader can reach it), and otherwise leaves it for a
/// later run.
inline constexpr std::string_view lease_file = ".lease";
/// The table a glass database of ctocsearch documents lacks, "" when whole. Xapian opens a
/// missing docdata, termlist or position table as an empty one, which would serve wrong
/// results instead of an error; every document has data and terms, and every document with
/// a word has positions. Database is any type with get_doccount() and get_total_length().
template <typename Database> std::string missing_table(const std::string& dir, const Database& db) {
    const auto has = [&](const char* table) {
        std::error_code ec;
        return std::filesystem::is_regular_file(std::filesystem::path(dir) / table, ec);
    };
    if (!has("postlist.glass"))
        return "postlist.glass";
    if (db.get_doccount() == 0)
        return {};
    for (const char* table : {"termlist.glass", "docdata.glass"})
        if (!has(table))
            return table;
    return db.get_total_length() > 0 && !has("position.glass") ? "position.glass" : "";
}

} // namespace ctoc::schema
