#pragma once

#include <ctoc/corpus/json.h>
#include <ctoc/search/query_parser.h>
#include <ctoc/search/shards.h>

#include <xapian.h>

#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace ctoc::search {

namespace detail {
struct TopMatches;
}

/// No document of the index answers to an id, key, path or own symbol.
class NoSuchDocument : public std::runtime_error {
public:
    explicit NoSuchDocument(const std::string& id)
        : std::runtime_error("no document '" + id +
                             "' in the index (give a result's id, its key, its path or its "
                             "symbol)"),
          m_id(id) {}
    const std::string& id() const { return m_id; }

private:
    std::string m_id;
};

/// Result order.
enum class Sort { relevance, date, date_descending };

/// One search, as the CLI or a script asks for it.
struct SearchRequest {
    std::string query; ///< in the query language (may be empty with filters)
    std::vector<FieldValue>
        fields; ///< options such as --wg 4, --from 2014: their field's query, ANDed
    std::vector<std::string> filters; ///< clauses of the query language every match must match too,
                                      ///< each read alone (a citation target: res:7/1)
    bool any = false;                 ///< OR between words
    Sort sort = Sort::relevance;
    std::size_t offset = 0;
    std::size_t limit = 10;
    bool facets = false; ///< count working groups, years, types and sessions of all matches
    /// Facets (and with them the count) are exact up to this many matches; beyond, estimated on
    /// a sample of about as many (SearchResult::facet_stride). 0: always exact, however many.
    Xapian::doccount facets_exact_up_to = 10000;
    bool collapse_family = false; ///< one result per document family
    bool snippets = true;
    bool citing_sentence = false; ///< snippet: the sentence holding the first match
    bool relax = true;            ///< when no document has all the words, show those with some
    double time_limit = 0;        ///< seconds the matcher may spend (0: no limit); past it the
                                  ///< results and counts are those found so far
    /// When the search of the best matches is split over threads, by ranges of document ids
    /// (the same results, sooner): only on one local database, and only a search expected to
    /// read many postings, since splitting costs about a quarter more work in all.
    struct Slicing {
        std::size_t threads = 0; ///< at most this many (0: one a core; 1: never split)
        Xapian::doccount min_documents = 20000; ///< not below this many documents
        Xapian::doccount min_postings = 50000;  ///< nor below this many postings of its terms
        /// A thread that is done takes the slices of those not started yet (off: each thread
        /// ranks its own slice however late it starts; for tests).
        bool steal = true;
    } slicing;
};

/// One result.
struct Hit {
    std::size_t rank = 0; ///< 1-based, over the whole result list
    Xapian::docid docid = 0;
    double score = 0;
    int percent = 0;
    corpus::json::Object meta; ///< stored facts of the document
    std::string snippet;       ///< passage with matches between "\x01" and "\x02"
};

/// The answer to a search.
struct SearchResult {
    std::vector<Hit> hits;
    Xapian::doccount estimated = 0;
    Xapian::doccount lower = 0;
    Xapian::doccount upper = 0;
    std::map<std::string, std::vector<std::pair<std::string, Xapian::doccount>>> facets;
    /// 0: the facets count every match. Else they are estimates: every facet_stride-th
    /// document's counts times facet_stride (a value never below the matches seen to hold it).
    Xapian::docid facet_stride = 0;
    std::string suggestion; ///< "did you mean" query, "" when nothing better is known
    bool relaxed = false;   ///< no document had all the words: these have some of them
    std::size_t slices = 1; ///< threads the search of the best matches was split over
};

/// One document's whole stored text, for `ctoc-search --text`.
struct DocumentText {
    Xapian::docid docid = 0;
    corpus::json::Object meta; ///< stored facts of the document
    std::string text;          ///< the cleaned text as indexed, matches between "\x01" and "\x02"
};

/// Something a document cites, and whether the collection holds it.
struct CitedItem {
    std::string kind;          ///< "symbol", "resolution" or "decision"
    std::string id;            ///< "CTOC/COP/2014/1", "5/3"
    std::uint32_t count = 0;   ///< times cited by the document
    bool present = false;      ///< a document of the index carries this symbol
    Xapian::docid docid = 0;   ///< that document, when present
    corpus::json::Object held; ///< facts of that document, when present
};

/// A symbol cited in the collection that no indexed document carries.
struct MissingItem {
    std::string symbol;
    Xapian::doccount citing = 0;       ///< documents citing it
    std::vector<std::string> cited_by; ///< titles or file names of (some of) them
};

/// Searches a ctocsearch database.
class Searcher {
public:
    /// Opens the database; throws MissingDatabase with advice when there is none.
    explicit Searcher(const std::string& database);

    /// Opens several databases or shards (see ShardSet) to search as one.
    Searcher(std::vector<std::string> locations, OpenOptions options);

    /// Sees the latest state of the index: everything opened again (and the old generation's
    /// lease let go) when the indexer published a new generation, else Xapian's newest commit
    /// of what is open. A long-lived reader (a server, a batch of queries) calls it between
    /// queries. Returns whether anything may have changed. Every search also retries, after
    /// reopening, when the index changed under it.
    bool refresh();

    /// Shards skipped because they did not answer (OpenOptions::allow_partial), one line each.
    const std::vector<std::string>& warnings() const { return m_shards.warnings(); }

    /// Caps the threads any search of this searcher is split over (SearchRequest::Slicing),
    /// whatever its request asks; 0: no cap.
    void cap_threads(std::size_t threads) { m_thread_cap = threads; }

    /// Runs a search; throws QueryError for a malformed query.
    SearchResult search(const SearchRequest& request);

    /// Parses a query without running it (for --explain): what the parser understood where a
    /// reader could doubt it, one line each, then the Xapian query.
    std::string explain(const SearchRequest& request);

    /// What a query looks for in text, to mark its matches (mark_matches); throws QueryError.
    Highlight highlight(const SearchRequest& request);

    /// The whole stored text of one document (id, key, path or own symbol) with the matches of
    /// query marked (no marks for an empty query); docid 0 when there is no such document;
    /// throws QueryError for a malformed query. Read from the index: the source may be gone.
    DocumentText text(const std::string& id, const std::string& query = {});

    /// The stored text of a document of database(), as indexed ("" when it has none).
    std::string stored_text(Xapian::docid docid);

    /// Stored facts of one document, by its id, key, path or own symbol; empty if none.
    corpus::json::Object show(const std::string& id, Xapian::docid* docid = nullptr);

    /// Documents citing a symbol (or family, "CTOC/COP/WG.7/*") or a resolution or
    /// decision ("7/1", "résolution 7/1", "décision 4/4"), each with the citing sentence.
    SearchResult cited_by(const std::string& target, SearchRequest request);

    /// What one document cites, each item marked present in the index or missing.
    std::vector<CitedItem> citations_of(const std::string& id);

    /// Symbols cited across the collection that no indexed document carries, most cited first.
    std::vector<MissingItem> missing(std::size_t max_citers = 5);

    /// Documents most like a given one (relevance feedback on its own terms), ranked by
    /// likeness, among those matching the request's query and filters when it has any; throws
    /// NoSuchDocument when there is no such document.
    SearchResult like(const std::string& id, SearchRequest request);

    /// Other documents of the same family (base symbol with its Add., Corr., Rev.).
    std::vector<std::pair<Xapian::docid, corpus::json::Object>> family(const std::string& id);

    const Xapian::Database& database() const { return m_db; }

private:
    ParsedQuery parse(const SearchRequest& request);
    SearchResult run(const SearchRequest& request);
    /// Runs a query; boosts, when given, rank its best matches again (ParsedQuery::boosts).
    SearchResult execute(const Xapian::Query& query, const Highlight& highlight,
                         const SearchRequest& request,
                         const std::vector<Xapian::Query>& boosts = {},
                         const Xapian::Query& first = {}, const Xapian::Query& typed = {},
                         const Xapian::Query& context = {});
    using EnquireOn = std::function<Xapian::Enquire(const Xapian::Database&, const Xapian::Query&)>;
    /// Into how many slices of document ids a pass of q splits (1: none).
    std::size_t slices_of(const Xapian::Query& q, const SearchRequest::Slicing& slicing) const;
    /// Work on one slice: q filtered to the slice's documents, on a handle of its own thread.
    using SliceWork =
        std::function<void(const Xapian::Database& db, const Xapian::Query& slice, std::size_t k)>;
    /// Runs work on each of n slices of q on up to n threads, this one included (errors
    /// rethrown here); false, having run nothing, when q cannot be copied to another thread
    /// or a writer committed since the database was opened.
    bool on_slices(const Xapian::Query& q, std::size_t n, bool steal, const SliceWork& work);
    /// The best depth matches of q, on one thread or split over several (SearchRequest::Slicing).
    detail::TopMatches best_matches(const Xapian::Query& q, Xapian::doccount depth,
                                    Xapian::doccount check, const SearchRequest::Slicing& slicing,
                                    const EnquireOn& enquire_on);
    template <typename F> auto retrying(F&& f) -> decltype(f());
    void reopen_all();
    Xapian::docid resolve(const std::string& id);
    std::string suggest(const ParsedQuery& parsed, const std::string& query);
    std::string snippet_of(Xapian::docid docid, const corpus::json::Object& meta,
                           const Highlight& highlight, bool citing_sentence);
    std::uint32_t best_position(Xapian::docid docid, const Highlight& highlight,
                                std::uint32_t last_position);

    ShardSet m_shards;
    Xapian::Database m_db; ///< m_shards.database()
    /// Other handles on m_db's database, one a thread a split search runs on besides this one.
    std::vector<Xapian::Database> m_slice_dbs;
    std::size_t m_thread_cap = 0; ///< cap_threads()
};

/// The sentence holding the first match of the highlight (bounded), matches marked; "" if none.
std::string make_citing_sentence(const std::string& text, const Highlight& highlight,
                                 std::size_t max_chars = 400);

/// The whole text with every match of the highlight between "\x01" and "\x02", white space
/// kept as it is (for a document's page); the text's own control characters become spaces, so
/// that no document can fake a mark.
std::string mark_matches(const std::string& text, const Highlight& highlight);

/// The best passage of text for a query, matches marked with "\x01" ... "\x02".
std::string make_snippet(const std::string& text, const Highlight& highlight,
                         std::size_t max_chars = 240);

} // namespace ctoc::search
