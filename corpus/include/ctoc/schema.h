// The one place that spells the index layout: every term prefix, value slot and metadata key,
// the database directory's names, and the keys of the JSON stored as each document's data
// (StoredDocument, read and written in corpus/src/schema.cpp).
// Xapian's conventions: 'Q' is the unique id, 'Z' the stemmed form, 'X...' user prefixes.
// It lives in the corpus library because the stored document is a corpus::Document as the
// index keeps it; the indexer writes this layout and the searcher reads it.
#pragma once

#include <ctoc/corpus/json.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ctoc::schema {

// Term prefixes.
/// Unique document key: a file's path; a JSON Lines record's id, else its symbol, else
/// path:line (see corpus::RecordInfo::id).
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
/// A thing the document names by any of its names (analysis/aliases.h: "XNonudc" for
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
    date_slot = 0,      ///< "YYYYMMDD", only when the full date is known
    year_slot = 1,      ///< "YYYY", when at least the year is known
    wg_slot = 2,        ///< "WG.7", for facets
    type_slot = 3,      ///< type slug, for facets
    session_slot = 4,   ///< Xapian::sortable_serialise(session number)
    symbol_slot = 5,    ///< own symbol, canonical
    family_slot = 6,    ///< base symbol of the document's family (without Add./Corr./Rev.)
    hash_slot = 7,      ///< content hash of the source record, for incremental runs
    sort_date_slot = 8, ///< "YYYYMMDD" with unknown month or day as "00", for sorting by date
    unique_slot = 9,    ///< the unique id (Q) term, read cheaply for a result (no termlist)
    /// The four facets (working group, year, type, session) in one value (pack_facets), so
    /// that counting them over every match reads one value stream, not four; the slots above
    /// stay for remote shards, whose server counts them with Xapian's own match spy.
    facets_slot = 10,
    /// A whole file's size and modification time when read (corpus::RecordInfo::stat): an
    /// incremental run skips the file unread while they stay the same. Absent from indexes
    /// built before it, whose files are read and hashed as before.
    stat_slot = 11,
};

/// The facets of facets_slot, in this order.
enum Facet : std::size_t { facet_wg, facet_year, facet_type, facet_session, facet_count };
/// Each facet as one byte of length (values longer than 255 bytes are cut) and its bytes.
std::string pack_facets(const std::array<std::string_view, facet_count>& values);
/// The facets of a facets_slot value; "" for those absent or past a truncated value.
std::array<std::string_view, facet_count> unpack_facets(std::string_view packed);

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
/// XID short id term; dates by one rule; 9: XN terms for the things a document names; 10: the
/// four facets together in facets_slot; "rés. 7/1" cites resolution 7/1; 11: the stored text's
/// pieces compressed with Zstandard, not zlib).
inline constexpr std::string_view format_version = "11";

// The database directory, shared by the indexer (writer) and the searcher (readers).
/// The Xapian stub naming the live generation: "auto gen-000002", or one line per shard
/// "auto gen-000002/shard-K". ctoc-index writes no other line.
inline constexpr std::string_view stub_file = "XAPIANDB";
/// Generation directories: "gen-" and six digits.
inline constexpr std::string_view generation_prefix = "gen-";
/// Shard directories inside a generation of a sharded index: "shard-" and the shard's number,
/// from 0. A document goes to shard corpus::hash64 of its unique id term (Q...) modulo the
/// number of shards: changing that rule would put documents twice in an incremental run
/// (pinned by tests/indexer/test_layout.cpp).
inline constexpr std::string_view shard_prefix = "shard-";
/// The directory name of shard k: "shard-3".
inline std::string shard_name(std::size_t k) {
    return std::string(shard_prefix) + std::to_string(k);
}
/// The file in a generation recording the size and time of each of its files when it was last
/// known whole (published, or checked since).
inline constexpr std::string_view whole_stamp_file = ".whole";
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

/// Keys of the JSON object stored as a document's data (Xapian::Document::get_data), one
/// per StoredDocument member; an empty text member is not written.
namespace key {
inline constexpr std::string_view id = "id";
inline constexpr std::string_view path = "path";
inline constexpr std::string_view format = "format";
inline constexpr std::string_view line = "line";
inline constexpr std::string_view offset = "offset";
inline constexpr std::string_view title = "title";
inline constexpr std::string_view symbol = "symbol";
inline constexpr std::string_view date = "date";
inline constexpr std::string_view year = "year";
inline constexpr std::string_view distribution = "distribution";
inline constexpr std::string_view original_language = "original_language";
inline constexpr std::string_view working_group = "working_group";
inline constexpr std::string_view body = "body";
inline constexpr std::string_view session = "session";
inline constexpr std::string_view session_kind = "session_kind";
inline constexpr std::string_view place = "place";
inline constexpr std::string_view meeting_dates = "meeting_dates";
inline constexpr std::string_view meeting_start = "meeting_start";
inline constexpr std::string_view meeting_end = "meeting_end";
inline constexpr std::string_view type = "type";
inline constexpr std::string_view agenda_item = "agenda_item";
inline constexpr std::string_view cites_symbols = "cites_symbols";
inline constexpr std::string_view cites_resolutions = "cites_resolutions";
inline constexpr std::string_view cites_resolutions_body = "cites_resolutions_body";
inline constexpr std::string_view cites_decisions = "cites_decisions";
inline constexpr std::string_view given = "given";
} // namespace key

/// A document as the index stores it (its data), typed: what a search result, --show and the
/// site print. Written by corpus::Document::to_json, read back by from_json.
struct StoredDocument {
    std::string id;         ///< the document's key (corpus::RecordInfo::id)
    std::string path;       ///< source file
    std::string format;     ///< "PDF", "DOCX", "DOC", "ODT", "HTML" or ""
    std::uint64_t line = 0; ///< line in a JSON Lines file, 0 for a whole file
    std::uint64_t offset = 0;
    std::string title;
    std::string symbol; ///< as the UN writes it (analysis::display_symbol)
    std::string date;   ///< ISO 8601
    std::string year;
    std::string distribution;
    std::string original_language;
    std::string working_group;
    std::string body;
    std::optional<int> session;
    std::string session_kind;
    std::string place;
    std::string meeting_dates;
    std::string meeting_start;
    std::string meeting_end;
    std::string type;
    std::string agenda_item;
    std::vector<std::string> cites_symbols; ///< as the UN writes them
    std::vector<std::string> cites_resolutions;
    std::map<std::string, std::string> resolution_bodies; ///< number -> body, when stated
    std::vector<std::string> cites_decisions;
    std::map<std::string, std::string> given; ///< metadata given by the input, as text

    /// The JSON object stored as the document's data.
    corpus::json::Object to_json() const;
    /// Reads stored data back; a member of another type than written is read as text
    /// (corpus::json::to_text), an absent one stays empty.
    static StoredDocument from_json(const corpus::json::Object& data);
};

} // namespace ctoc::schema
