// Opening an index (one database or shards), reading a request into a query, ranking in two
// passes, counts and facets, spelling suggestions, and the retries around every read.
#include "candidates.h"
#include "facet_spy.h"
#include "searcher_detail.h"
#include "slices.h"

#include <pthread.h>
#include <sched.h>

#include <ctoc/analysis/analyzer.h>
#include <ctoc/analysis/stopwords.h>
#include <ctoc/analysis/unicode.h>
#include <ctoc/corpus/stored_text.h>
#include <ctoc/schema.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <exception>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <numeric>
#include <optional>
#include <set>
#include <sstream>
#include <system_error>
#include <thread>

namespace fs = std::filesystem;

namespace ctoc::search {

using namespace detail;

namespace {

/// Edit distance, giving up (returning limit + 1) once it must exceed limit.
std::size_t edit_distance(const std::string& a, const std::string& b, std::size_t limit) {
    if (a.size() > b.size() + limit || b.size() > a.size() + limit)
        return limit + 1;
    std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j)
        prev[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        std::size_t row_min = cur[0];
        for (std::size_t j = 1; j <= b.size(); ++j) {
            cur[j] = std::min(
                {prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
            row_min = std::min(row_min, cur[j]);
        }
        if (row_min > limit)
            return limit + 1;
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

} // namespace

Searcher::Searcher(const std::string& database)
    : Searcher(std::vector<std::string>{database}, OpenOptions{}) {}

Searcher::Searcher(std::vector<std::string> locations, OpenOptions options)
    : m_shards(std::move(locations), options), m_db(m_shards.database()) {}

ParsedQuery Searcher::parse(const SearchRequest& request) {
    QueryParserOptions options;
    options.any = request.any;
    // The accent variants each word reaches, read once for both parses below.
    std::map<std::string, std::set<std::string>> lines_read;
    VariantSource variants;
    variants.lines = [this, &lines_read](const std::string& key) {
        auto it = lines_read.find(key);
        if (it == lines_read.end())
            it = lines_read.emplace(key, m_shards.metadata_lines(key)).first;
        return it->second;
    };
    variants.keys = [this](const std::string& prefix, std::size_t limit) {
        return m_shards.metadata_keys(prefix, limit);
    };
    QueryParser parser(m_db, options, variants);
    ParsedQuery parsed = parser.parse(request.query, request.fields, request.filters);
    if (parsed.has_text && parsed.reaches_stems) {
        // The same query with the words' own forms only, which a search ranks first.
        options.forms_only = true;
        parsed.first = QueryParser(m_db, options, variants)
                           .parse(request.query, request.fields, request.filters)
                           .query;
    }
    if (parsed.has_text && parsed.reaches_forms && parsed.typed_narrows) {
        // And with the words as typed only, whose documents come before those of the other
        // forms (unless every document holds them: then the documents are the same, and
        // looking among them first would only read every one; words in all the generated
        // documents of bench/results/scale.md).
        options.forms_only = false;
        options.typed_only = true;
        parsed.typed = QueryParser(m_db, options, variants)
                           .parse(request.query, request.fields, request.filters)
                           .query;
    }
    return parsed;
}

std::string Searcher::explain(const SearchRequest& request) {
    const ParsedQuery parsed = parse(request);
    std::string out;
    for (const auto& note : parsed.notes)
        out += note + "\n";
    return out + parsed.ranked().get_description();
}

Highlight Searcher::highlight(const SearchRequest& request) {
    return retrying([&] { return parse(request).highlight; });
}

bool Searcher::refresh() {
    if (m_shards.stale()) {
        m_shards.reopen();
        m_db = m_shards.database();
        m_slice_dbs.clear(); // let the old generation's files go
        return true;
    }
    return m_db.reopen();
}

std::string Searcher::suggest(const ParsedQuery& parsed, const std::string& query) {
    std::map<std::string, std::string> replacements;
    analysis::Analyzer analyzer;
    // A word is known when the index holds it as typed, written with accents, or by its stem.
    const auto known = [&](const std::string& word) {
        if (m_db.get_termfreq(word) != 0 ||
            !m_shards.metadata_lines(std::string(schema::meta_accent_variants) + word).empty())
            return true;
        const std::string& stem = analyzer.stem_of(word);
        return !stem.empty() && m_db.get_termfreq(with_prefix(schema::stem, stem)) != 0;
    };
    // Index forms beginning with the word's first letter, written with or without an accent.
    static const std::map<char, std::vector<std::string>> accented_initials{
        {'a', {"\xC3\xA0", "\xC3\xA2"}},
        {'c', {"\xC3\xA7"}},
        {'e', {"\xC3\xA9", "\xC3\xA8", "\xC3\xAA"}},
        {'i', {"\xC3\xAE"}},
        {'o', {"\xC3\xB4", "\xC5\x93"}},
        {'u', {"\xC3\xBB"}}};
    for (const auto& word : parsed.words) {
        if (word.size() < 3 || word.find_first_of("0123456789/") != std::string::npos ||
            known(word))
            continue;
        const std::size_t limit = word.size() <= 4 ? 1 : 2;
        std::string best;
        Xapian::doccount best_freq = 0;
        std::size_t best_distance = limit + 1;
        std::vector<std::string> prefixes{word.substr(0, 1)};
        if (const auto it = accented_initials.find(word[0]); it != accented_initials.end())
            prefixes.insert(prefixes.end(), it->second.begin(), it->second.end());
        for (const auto& prefix : prefixes) {
            for (auto t = m_db.allterms_begin(prefix); t != m_db.allterms_end(prefix); ++t) {
                const std::string candidate = analysis::fold(*t);
                const std::size_t d = edit_distance(word, candidate, limit);
                if (d > limit)
                    continue;
                const Xapian::doccount freq = t.get_termfreq();
                if (d < best_distance || (d == best_distance && freq > best_freq)) {
                    best = candidate;
                    best_freq = freq;
                    best_distance = d;
                }
            }
        }
        if (!best.empty())
            replacements[word] = best;
    }
    if (replacements.empty())
        return {};
    std::string out;
    std::istringstream words(query);
    std::string chunk;
    while (words >> chunk) {
        if (!out.empty())
            out += ' ';
        const auto it = replacements.find(analysis::fold(chunk));
        out += it == replacements.end() ? chunk : it->second;
    }
    return out;
}

SearchResult Searcher::run(const SearchRequest& request) {
    const ParsedQuery parsed = parse(request);
    SearchResult result = execute(parsed.query, parsed.highlight, request, parsed.boosts,
                                  parsed.first, parsed.typed, parsed.context);
    std::string suggestion;
    if (parsed.has_text)
        suggestion = suggest(parsed, request.query);
    if (result.estimated == 0 && request.relax && !request.any && parsed.words.size() >= 2) {
        // No document has every word: rank those having some, and say so.
        SearchRequest any = request;
        any.any = true;
        const ParsedQuery relaxed = parse(any);
        SearchResult some = execute(relaxed.query, relaxed.highlight, any, relaxed.boosts,
                                    relaxed.first, relaxed.typed);
        if (some.estimated > 0) {
            some.relaxed = true;
            result = std::move(some);
        }
    }
    if (result.estimated == 0 && suggestion.empty() && !parsed.symbol_suggestions.empty()) {
        // Symbols are found whatever their case: look for them in an ASCII-lower-cased copy.
        const auto lower = [](std::string s) {
            std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) {
                return static_cast<char>(c < 0x80 ? std::tolower(c) : c);
            });
            return s;
        };
        suggestion = request.query;
        for (const auto& [typed, base] : parsed.symbol_suggestions) {
            if (const auto at = lower(suggestion).find(lower(typed)); at != std::string::npos)
                suggestion.replace(at, typed.size(), base);
        }
        if (suggestion == request.query)
            suggestion.clear();
    }
    result.suggestion = std::move(suggestion);
    return result;
}

namespace {

/// How many of a group's best matches the second pass ranks again, whatever the page (further
/// down, the first pass's order: pages of one order): on the relevance bench, 20 ranks known
/// items and homographs as well as 40 or 200 (at 1,468 documents, ranking the best 100 again
/// changed the first ten of 57 of the 1,000 one-word queries, no metric at the third decimal),
/// and each costs the positional checks of the boosts.
constexpr Xapian::doccount rerank_depth = 20;
/// The best matches by the words' own forms among which a search looks for the words standing
/// together first (ParsedQuery::context), when fewer documents than this hold the words as
/// typed. Not the page size: the pages of one query must be pages of one order (the second page
/// asks for 20 matches, the first for 10).
constexpr Xapian::doccount context_depth = 100;

/// Up to this many matches a count is exact (the matcher reads them all); beyond, Xapian's
/// estimate with its bounds, said as such. A researcher reading "7 documents match" must be
/// able to trust it; a few hundred is where an exact number stops mattering and reading every
/// match would cost more than the search.
constexpr Xapian::doccount exact_count_threshold = 200;

/// BM25 as Lucene and SQLite FTS5 set it (k1 1.2, b 0.75) rather than Xapian's defaults (1, 0.5):
/// with a low floor on document length (0.01 of the average, not 0.5), a short record holding
/// the words is not drowned by a long report mentioning them in passing. Chosen on the peer
/// relevance bench (bench/relevance): known-item MRR@10 0.950 -> 0.962 at 1,468 documents, 0.969
/// -> 0.975 at 10,000 (where generated reports make the average length 60 times a short record).
Xapian::BM25Weight ranking_weight() {
    return Xapian::BM25Weight(1.2, 0, 1, 0.75, 0.01);
}

/// The unique-id (Q) term of each document of an MSet, from its value slot (a termlist would
/// cost a whole compressed list a document), fetched in one exchange per remote shard.
std::vector<std::string> unique_terms(const Xapian::MSet& mset, Xapian::doccount count) {
    std::vector<std::string> out;
    const auto end = mset.begin() + std::min(count, mset.size());
    out.reserve(std::min(count, mset.size()));
    mset.fetch(mset.begin(), end);
    for (auto it = mset.begin(); it != end; ++it) {
        std::string unique = it.get_document().get_value(schema::unique_slot);
        if (!unique.empty())
            out.push_back(std::move(unique));
    }
    return out;
}

/// A filter holding the first pass's best `count` matches (all by default); shard_uuids as
/// ShardSet::local_uuids (empty: some shard is remote, and the pass ran on one thread).
Xapian::Query only_these(const detail::TopMatches& best, std::vector<std::string> shard_uuids,
                         Xapian::doccount count = std::numeric_limits<Xapian::doccount>::max()) {
    if (shard_uuids.empty()) {
        // Remote shards run the query themselves: a query they can read (unique-id terms).
        const std::vector<std::string> terms = unique_terms(*best.mset, count);
        return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
    }
    std::vector<Xapian::docid> ids = best.docids();
    ids.resize(std::min<std::size_t>(ids.size(), count));
    return Xapian::Query(
        (new detail::CandidateSource(std::move(ids), std::move(shard_uuids)))->release());
}

/// At most this many threads split one search (SearchRequest::Slicing): each slice sets the
/// query up again (a quarter more work in all at two slices, measured on 2 cores only), so a
/// many-core machine gains less from each further one.
constexpr std::size_t max_slices = 8;

/// The cores this process may run on (taskset, cgroup cpusets), not those of the machine.
std::size_t usable_cores() {
    cpu_set_t cores;
    if (sched_getaffinity(0, sizeof cores, &cores) == 0)
        return static_cast<std::size_t>(CPU_COUNT(&cores));
    return std::thread::hardware_concurrency();
}

/// Into how many slices to split a pass of q (1: none).
std::size_t slices_for(const Xapian::Database& db, const Xapian::Query& q,
                       const SearchRequest::Slicing& slicing) {
    std::size_t n = slicing.threads != 0 ? slicing.threads : usable_cores();
    n = std::min(n, max_slices);
    if (n < 2 || db.get_doccount() < slicing.min_documents)
        return 1;
    // A pass reads about the postings of its terms (a posting source counts as none).
    unsigned long long postings = 0;
    for (auto t = q.get_unique_terms_begin();
         t != q.get_unique_terms_end() && postings < slicing.min_postings; ++t)
        postings += db.get_termfreq(*t);
    return postings >= slicing.min_postings ? n : 1;
}

/// Lets a new thread run on any core this process may use but the one running the caller.
/// Linux queues a new thread on its parent's core, where on the 2-core virtual machines this
/// is measured on it waited 2.4 ms on average for a core, about half the search it was to
/// share; kept off the caller's core it starts within 0.04 to 0.12 ms.
void away_from_this_core(std::thread& t) {
    cpu_set_t cores;
    const int here = sched_getcpu();
    if (here < 0 || sched_getaffinity(0, sizeof cores, &cores) != 0)
        return;
    CPU_CLR(here, &cores);
    if (CPU_COUNT(&cores) > 0)
        pthread_setaffinity_np(t.native_handle(), sizeof cores, &cores);
}

} // namespace

std::size_t Searcher::slices_of(const Xapian::Query& q,
                                const SearchRequest::Slicing& slicing) const {
    SearchRequest::Slicing capped = slicing;
    if (m_thread_cap != 0 && (capped.threads == 0 || capped.threads > m_thread_cap))
        capped.threads = m_thread_cap;
    return m_shards.one_local() ? slices_for(m_db, q, capped) : 1;
}

bool Searcher::on_slices(const Xapian::Query& q, std::size_t n, bool steal, const SliceWork& work) {
    // Each other thread reads its own copy of the query (a Query's reference counts are not
    // atomic) on its own handle, at this handle's revision: the same statistics, the same
    // weights.
    std::string serialised;
    try {
        serialised = q.serialise();
    } catch (const Xapian::UnimplementedError&) {
        return false; // a posting source that cannot be copied
    }
    const std::string uuid = m_db.get_uuid();
    const Xapian::rev revision = m_db.get_revision();
    while (m_slice_dbs.size() < n - 1)
        m_slice_dbs.push_back(m_shards.another_handle());
    for (std::size_t k = 0; k + 1 < n; ++k) {
        auto& db = m_slice_dbs[k];
        if (db.get_uuid() != uuid || db.get_revision() != revision)
            db = m_shards.another_handle();
        // A writer committed since m_db was opened: one thread until it is reopened.
        if (db.get_uuid() != uuid || db.get_revision() != revision)
            return false;
    }
    const Xapian::docid last = m_db.get_lastdocid();
    std::vector<std::exception_ptr> errors(n);
    // Each thread takes the next slice nobody has taken, this one too: a thread that starts
    // late (its core busy) leaves its slice to the others rather than hold the search up.
    // (Without stealing, thread r runs slice r, and this one those of threads not started.)
    std::atomic<std::size_t> next{0};
    std::size_t started = 1; ///< threads running, this one included
    const auto runner = [&](std::size_t r) {
        const Xapian::Database& db = r == 0 ? m_db : m_slice_dbs[r - 1];
        std::optional<Xapian::Query> own;
        const auto run = [&](std::size_t k) {
            try {
                if (!own)
                    own = r == 0 ? q : Xapian::Query::unserialise(serialised);
                const auto [from, to] = detail::slice_range(last, k, n);
                const Xapian::Query range((new detail::DocidRange(from, to))->release());
                work(db, Xapian::Query(Xapian::Query::OP_FILTER, *own, range), k);
            } catch (...) {
                errors[k] = std::current_exception();
            }
        };
        if (steal) {
            for (std::size_t k; (k = next.fetch_add(1)) < n;)
                run(k);
            return;
        }
        run(r);
        for (std::size_t k = started; r == 0 && k < n; ++k)
            run(k);
    };
    std::vector<std::thread> threads;
    for (; started < n; ++started) {
        try {
            threads.emplace_back(runner, started);
        } catch (const std::system_error&) {
            break; // no more threads to be had: those running take the rest
        }
        away_from_this_core(threads.back());
    }
    runner(0);
    for (auto& t : threads)
        t.join();
    for (const auto& e : errors) {
        if (e)
            std::rethrow_exception(e);
    }
    return true;
}

detail::TopMatches Searcher::best_matches(const Xapian::Query& q, Xapian::doccount depth,
                                          Xapian::doccount check,
                                          const SearchRequest::Slicing& slicing,
                                          const EnquireOn& enquire_on) {
    const std::size_t n = slices_of(q, slicing);
    std::vector<Xapian::MSet> msets(n);
    if (n < 2 ||
        !on_slices(q, n, slicing.steal,
                   [&](const Xapian::Database& db, const Xapian::Query& slice, std::size_t k) {
                       msets[k] = enquire_on(db, slice).get_mset(0, depth, check);
                   }))
        return detail::top_of(enquire_on(m_db, q).get_mset(0, depth, check));
    detail::TopMatches top = detail::merge_slices(msets, depth);
    if (!top.empty()) {
        // Percentages as one pass gives them: Xapian scales them by what the best match
        // matches, and counts a slice's filter among it. The best match alone, filtered by its
        // unique-id term (a filter term counts nowhere), gives the scale of the whole pass.
        const std::string unique =
            m_db.get_document(*top.items.front().it).get_value(schema::unique_slot);
        if (!unique.empty()) {
            const Xapian::MSet scale =
                enquire_on(m_db, Xapian::Query(Xapian::Query::OP_FILTER, q, Xapian::Query(unique)))
                    .get_mset(0, 1);
            for (auto& item : top.items)
                item.percent = scale.convert_to_percent(item.it.get_weight());
        }
    }
    return top;
}

SearchResult Searcher::execute(const Xapian::Query& query, const Highlight& highlight,
                               const SearchRequest& request,
                               const std::vector<Xapian::Query>& boosts, const Xapian::Query& first,
                               const Xapian::Query& typed, const Xapian::Query& context) {
    const auto enquire_on = [&](const Xapian::Database& db, const Xapian::Query& q) {
        Xapian::Enquire enquire(db);
        enquire.set_query(q);
        enquire.set_weighting_scheme(ranking_weight());
        switch (request.sort) {
        case Sort::relevance:
            break;
        case Sort::date:
            enquire.set_sort_by_value_then_relevance(schema::sort_date_slot, false);
            break;
        case Sort::date_descending:
            enquire.set_sort_by_value_then_relevance(schema::sort_date_slot, true);
            break;
        }
        if (request.collapse_family)
            enquire.set_collapse_key(schema::family_slot);
        if (request.time_limit > 0)
            enquire.set_time_limit(request.time_limit);
        return enquire;
    };
    const auto enquire_for = [&](const Xapian::Query& q) { return enquire_on(m_db, q); };
    SearchResult result;
    const auto count = [&](const Xapian::MSet& m) {
        result.estimated = m.get_matches_estimated();
        result.lower = m.get_matches_lower_bound();
        result.upper = m.get_matches_upper_bound();
    };
    const auto count_of = [&](const detail::TopMatches& best) {
        result.estimated = best.estimated;
        result.lower = best.lower;
        result.upper = best.upper;
    };
    // Local shards run our own posting source and match spy; remote ones Xapian's.
    const std::vector<std::string> local_uuids = m_shards.local_uuids();
    // Matches counted without ranking (reading no document lengths), so that reading them costs
    // their posting lists alone: BoolWeight, but CountWeight on an index documents were deleted
    // from, where BoolWeight misreads a term every document holds (CountWeight says how; it is
    // a little slower: resolution queries' p95 1.2 -> 1.7 ms at 100,000 documents), unless a
    // shard is remote (its server knows Xapian's weights only).
    const bool deleted = m_db.get_lastdocid() != m_db.get_doccount();
    const auto unranked = [&](Xapian::Enquire& enquire) {
        if (deleted && !local_uuids.empty())
            enquire.set_weighting_scheme(detail::CountWeight());
        else
            enquire.set_weighting_scheme(Xapian::BoolWeight());
    };
    // The count, exact up to exact_count_threshold matches, unranked.
    const auto count_unranked = [&](const Xapian::Query& q) {
        if (local_uuids.size() > 1 && !request.collapse_family) {
            // Xapian 1.4.22 ends an unranked count at its threshold on one database only: over
            // several local ones it visits every match (a phrase over two shards of 100,000
            // documents was checked in every candidate, 15 times the instructions of one
            // database). So each shard is counted on its own, and the bounds are the sums of
            // theirs. (Remote shards end their counts themselves, in parallel; collapsed
            // families may span shards: both counted over the whole set.)
            result.estimated = result.lower = result.upper = 0;
            for (std::size_t k = 0; k < m_shards.open_count(); ++k) {
                Xapian::Enquire counter = enquire_on(m_shards.part(k), q);
                unranked(counter);
                const Xapian::MSet m = counter.get_mset(0, 0, exact_count_threshold);
                result.estimated += m.get_matches_estimated();
                result.lower += m.get_matches_lower_bound();
                result.upper += m.get_matches_upper_bound();
            }
            return;
        }
        Xapian::Enquire counter = enquire_for(q);
        unranked(counter);
        count(counter.get_mset(0, 0, exact_count_threshold));
    };
    // Families may span the slices of a split search: collapsed, a search (its facets too) runs on
    // one thread.
    SearchRequest::Slicing slicing = request.slicing;
    if (request.collapse_family)
        slicing.threads = 1;
    detail::FacetCounter facets(!local_uuids.empty());
    bool counted = false;
    if (request.facets) {
        // Facets count the matches without ranking them (reading no document lengths):
        // every one, or, past facets_exact_up_to, a sample of about as many (one document in
        // n), so that they read about as many values whatever the matches (the sample still
        // costs more in a larger collection, its postings and values read from longer lists:
        // bench/results/scale.md). A value the first matches held, when they were read, is
        // never counted below what they showed.
        const Xapian::doccount exact_up_to = request.facets_exact_up_to;
        const bool may_sample = exact_up_to != 0 && !local_uuids.empty();
        Xapian::Enquire all = enquire_for(query);
        unranked(all);
        Xapian::MSet seen;
        if (may_sample) {
            // The matcher's bounds, known without reading a match: when even the lower one is
            // past the threshold, straight to the sample.
            seen = all.get_mset(0, 0, Xapian::doccount(0));
        }
        if (!may_sample || seen.get_matches_lower_bound() <= exact_up_to) {
            facets.attach(all);
            seen = all.get_mset(0, 0, may_sample ? exact_up_to : m_db.get_doccount());
        }
        count(seen);
        // (A one-word query's count is known before its matches are read: hence the spy's.)
        if (may_sample && facets.seen() < seen.get_matches_upper_bound()) {
            // One document in stride, the stride from the matcher's upper bound: at most about
            // exact_up_to documents are read whatever the query, where its estimate (a product
            // of frequencies for a conjunction) can fall short of the matches many times over
            // for words that go together ("assistance technique") and draw a sample as large.
            const Xapian::docid stride = std::max<Xapian::docid>(
                2, (seen.get_matches_upper_bound() + exact_up_to - 1) / exact_up_to);
            // Read over slices of document ids on several threads when its lists are long: the
            // same sample (SampleSource chooses by id alone), counted slice by slice.
            const auto sample_of = [&](const Xapian::Database& db, const Xapian::Query& q,
                                       FacetSpy& spy) {
                Xapian::Enquire sample = enquire_on(
                    db,
                    Xapian::Query(Xapian::Query::OP_FILTER, q,
                                  Xapian::Query((new detail::SampleSource(stride))->release())));
                unranked(sample);
                sample.add_matchspy(&spy);
                return sample.get_mset(0, 0, db.get_doccount()).get_matches_estimated();
            };
            const std::size_t n = slices_of(query, slicing);
            std::vector<FacetSpy> spies(n);
            std::vector<Xapian::doccount> sampled(n);
            if (n < 2 ||
                !on_slices(query, n, slicing.steal,
                           [&](const Xapian::Database& db, const Xapian::Query& slice,
                               std::size_t k) { sampled[k] = sample_of(db, slice, spies[k]); })) {
                // (on one thread: nothing was read on the others)
                sampled.assign(1, sample_of(m_db, query, spies.front()));
            }
            for (const FacetSpy& spy : spies)
                facets.add_sample(spy, stride);
            // The sample's count is a better estimate than the matcher's (which reads posting
            // list lengths only), kept within the matcher's bounds.
            const Xapian::doccount in_sample =
                std::accumulate(sampled.begin(), sampled.end(), Xapian::doccount(0));
            result.estimated =
                std::clamp<Xapian::doccount>(in_sample * stride, result.lower, result.upper);
            result.facet_stride = stride;
        }
        counted = true;
    }
    const auto wanted = static_cast<Xapian::doccount>(request.offset + request.limit);
    const auto check = static_cast<Xapian::doccount>(wanted + 1);
    Xapian::MSet mset;
    Xapian::doccount skip = 0; ///< leading items of mset before the page asked for
    std::vector<detail::TopMatches::Item> shown; ///< the page
    bool shown_made = false;                     ///< shown made from a split pass, not mset
    // The page asked for, from a pass's best matches: its own MSet, or the merged slices'.
    const auto page_of = [&](const detail::TopMatches& best) {
        if (best.mset) {
            mset = *best.mset;
            skip = request.offset;
            return;
        }
        shown_made = true;
        for (std::size_t k = request.offset; k < best.items.size() && shown.size() < request.limit;
             ++k)
            shown.push_back(best.items[k]);
    };
    if (request.sort != Sort::relevance) {
        mset = enquire_for(query).get_mset(static_cast<Xapian::doccount>(request.offset),
                                           static_cast<Xapian::doccount>(request.limit), check);
    } else if (boosts.empty() && first.empty() && typed.empty()) {
        // One pass (a phrase, a symbol, filters alone), split over threads when long.
        const detail::TopMatches best = best_matches(query, wanted, check, slicing, enquire_on);
        result.slices = best.slices;
        page_of(best);
        if (!counted) {
            if (best.lower == best.upper)
                count_of(best);
            else
                count_unranked(query);
            counted = true;
        }
    } else {
        // Two passes. The first finds the best few dozen matches cheaply: without the boosts'
        // positional checks, and among the documents holding the words as typed first, then
        // among those holding them in their own forms, then the rest (a document reached
        // through another inflection or a stem alone ranks below them, whatever the page size).
        // The tiers: each with the query that chooses its documents and the one that ranks
        // them. Those chosen for holding the words as typed (by those forms alone: the fewer
        // posting lists) are ranked again by all their own forms, so that "applications" for
        // l'application weighs too. Those chosen by their own forms keep that order: the rest of
        // the stems would only add the weight of other words to documents already chosen for
        // holding the typed ones, at the cost of their long posting lists (the relevance bench
        // gives the same figures to the third decimal but one: homographs with a neighbour word
        // at 10,000 documents, nP@10 0.971 -> 0.970).
        const Xapian::Query& own = first.empty() ? query : first;
        struct Tier {
            const Xapian::Query* chooses; ///< the query choosing its documents
            const Xapian::Query* ranks;   ///< the one ranking them
            /// Its best matches when already read (the first tier only: nothing placed before).
            std::optional<detail::TopMatches> read;
        };
        std::vector<Tier> tiers;
        Xapian::Query in_context;
        // (Families collapsed over remote shards: one tier, the servers knowing no FamilySource.)
        if (!request.collapse_family || !local_uuids.empty()) {
            if (!typed.empty()) {
                tiers.push_back({&typed, &own, std::nullopt});
                if (!context.empty()) {
                    // The words typed may mean another word written with accents (forme, formé;
                    // ParsedQuery::context). Where fewer than context_depth documents hold them
                    // as typed, the best matches by the words' own forms that hold them together
                    // come first: positions read for those few only. (Where the words as typed
                    // are that common, what was typed is what is meant, and nothing more is
                    // read: the typed tier's best, read here, are its candidates.)
                    detail::TopMatches best_typed =
                        best_matches(typed, std::max(wanted, rerank_depth),
                                     std::max(wanted, context_depth) + 1, slicing, enquire_on);
                    if (!best_typed.empty() && best_typed.lower < context_depth) {
                        const detail::TopMatches pool =
                            best_matches(own, context_depth, context_depth, slicing, enquire_on);
                        if (!pool.empty()) {
                            Xapian::Query together(Xapian::Query::OP_FILTER, context,
                                                   only_these(pool, local_uuids));
                            const auto size = static_cast<Xapian::doccount>(pool.items.size());
                            const Xapian::MSet held = enquire_for(together).get_mset(0, 0, size);
                            if (held.get_matches_estimated() > 0) {
                                in_context = std::move(together);
                                tiers.insert(tiers.begin(), {&in_context, &own, std::nullopt});
                            }
                        }
                    }
                    // Read with nothing placed: good for the typed tier only while it is first.
                    if (tiers.front().chooses == &typed)
                        tiers.front().read = std::move(best_typed);
                }
            }
            if (!first.empty())
                tiers.push_back({&first, &first, std::nullopt});
        }
        tiers.push_back({&query, &query, std::nullopt});
        // The second pass adds the boosts to the few chosen: the chosen filtered first, then the
        // boosts. Xapian 1.4.22 weighs FILTER(AND_MAYBE(AND_MAYBE(a, b), PHRASE), f) wrong:
        // flattened into the filter's conjunction, the phrase adds weight to documents that do
        // not hold it (--any with a required word made that shape;
        // bench/results/query-profile.md).
        const auto ranked = [&](const Xapian::Query& ranks, const detail::TopMatches& chosen,
                                Xapian::doccount how_many) {
            Xapian::Query q(Xapian::Query::OP_FILTER, ranks,
                            only_these(chosen, local_uuids, how_many));
            if (boosts.empty())
                return q;
            return Xapian::Query(Xapian::Query::OP_AND_MAYBE, q,
                                 boosts.size() == 1 ? boosts.front()
                                                    : Xapian::Query(Xapian::Query::OP_OR,
                                                                    boosts.begin(), boosts.end()));
        };
        std::vector<detail::TopMatches::Item> placed; ///< the tiers' best, in order
        bool filled = false;                          ///< by the first tier alone
        // A tier's order, onto `out` up to `wanted`: its best rerank_depth by the query choosing
        // them ranked again (by `ranks` and the boosts), then the rest in the choosing query's
        // order. A window of a fixed size, so that every page is a page of one order: a page
        // further down reads more of the tier, it never ranks the first ones again (ranking the
        // best 30 again for the third page put a document of the first two there too, and left
        // out another: 9 of 500 relevance-bench queries at 1,468 documents, 29 at 10,000).
        const auto tier_order = [&](const Xapian::Query& ranks, const detail::TopMatches& chosen,
                                    std::vector<detail::TopMatches::Item>& out) {
            const auto head = static_cast<Xapian::doccount>(
                std::min<std::size_t>(rerank_depth, chosen.items.size()));
            const Xapian::MSet m = enquire_for(ranked(ranks, chosen, head)).get_mset(0, head);
            for (auto it = m.begin(); it != m.end() && out.size() < wanted; ++it)
                out.push_back({it, it.get_percent()});
            for (std::size_t k = head; k < chosen.items.size() && out.size() < wanted; ++k)
                out.push_back(chosen.items[k]);
        };
        // Percentages never rising down the list: a later tier's, or the rest of a tier after
        // its window, are on their own scale.
        const auto descending = [](std::vector<detail::TopMatches::Item>& items) {
            for (std::size_t k = 1; k < items.size(); ++k)
                items[k].percent = std::min(items[k].percent, items[k - 1].percent);
        };
        // The documents placed so far: all those of the tiers before (each had fewer than the
        // page asked for). As the documents themselves, not as the query that chose them: a
        // term every document holds reads wrong where it filters (QueryParser::boolean_term).
        const auto placed_documents = [&] {
            if (!local_uuids.empty()) {
                std::vector<Xapian::docid> ids;
                for (const auto& item : placed)
                    ids.push_back(*item.it);
                const Xapian::Query these(
                    (new detail::CandidateSource(std::move(ids), local_uuids))->release());
                if (!request.collapse_family)
                    return these;
                // With families collapsed, the other documents of their families too.
                std::set<std::string> families;
                for (const auto& item : placed)
                    families.insert(item.it.get_document().get_value(schema::family_slot));
                return Xapian::Query(
                    Xapian::Query::OP_OR, these,
                    Xapian::Query((new detail::FamilySource(std::move(families)))->release()));
            }
            std::vector<std::string> terms;
            for (const auto& item : placed) {
                if (std::string u = item.it.get_document().get_value(schema::unique_slot);
                    !u.empty())
                    terms.push_back(std::move(u));
            }
            return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
        };
        for (std::size_t t = 0; t < tiers.size() && placed.size() < wanted; ++t) {
            const Xapian::Query* chooses = tiers[t].chooses;
            const Xapian::Query* ranks = tiers[t].ranks;
            const bool rank_again = !boosts.empty() || chooses != ranks;
            // This tier's best, the documents of the tiers before left out.
            const auto need = static_cast<Xapian::doccount>(wanted - placed.size());
            detail::TopMatches candidates;
            if (tiers[t].read) {
                candidates = std::move(*tiers[t].read); // (the first tier: nothing placed)
            } else {
                candidates =
                    best_matches(placed.empty() ? *chooses
                                                : Xapian::Query(Xapian::Query::OP_AND_NOT, *chooses,
                                                                placed_documents()),
                                 std::max(need, rerank_depth), need + 1, slicing, enquire_on);
            }
            if (t == 0) {
                result.slices = candidates.slices;
                if (!counted && tiers.size() == 1 && candidates.lower == candidates.upper) {
                    count_of(candidates);
                    counted = true;
                }
                if (tiers.size() == 1 || candidates.lower >= wanted) {
                    // The first tier fills the page: its order is the answer.
                    if (candidates.empty() || !rank_again) {
                        page_of(candidates);
                    } else if (candidates.items.size() <= rerank_depth) {
                        // All in the window: tier_order's order, the page straight from one
                        // MSet (its documents fetched in one exchange a remote shard).
                        mset = enquire_for(ranked(*ranks, candidates, rerank_depth))
                                   .get_mset(static_cast<Xapian::doccount>(request.offset),
                                             static_cast<Xapian::doccount>(request.limit));
                    } else {
                        detail::TopMatches ordered;
                        tier_order(*ranks, candidates, ordered.items);
                        descending(ordered.items);
                        page_of(ordered);
                    }
                    filled = true;
                    break;
                }
                // Fewer documents than the page asks for hold the words as typed: they all come
                // first, then the next tier's.
            }
            if (candidates.empty())
                continue;
            if (rank_again) {
                tier_order(*ranks, candidates, placed);
            } else {
                for (std::size_t k = 0; k < candidates.items.size() && placed.size() < wanted; ++k)
                    placed.push_back(candidates.items[k]);
            }
        }
        if (!filled) {
            descending(placed);
            detail::TopMatches tiered;
            tiered.items = std::move(placed);
            page_of(tiered);
        }
        if (!counted)
            count_unranked(query);
        counted = true;
    }
    if (!counted) {
        if (mset.get_matches_lower_bound() == mset.get_matches_upper_bound())
            count(mset);
        else
            count_unranked(query);
    }
    std::size_t rank = request.offset;
    // Ask for every hit's document at once: one exchange per remote shard, not one per hit.
    // (The iterator form: Xapian 1.4.22's argument-less fetch() crashes past the first page.)
    if (!shown_made) {
        const auto page_begin = mset.begin() + std::min(skip, mset.size());
        const auto page_end = mset.size() - std::min(skip, mset.size()) > request.limit
                                  ? page_begin + static_cast<Xapian::doccount>(request.limit)
                                  : mset.end();
        mset.fetch(page_begin, page_end);
        for (auto it = page_begin; it != page_end; ++it)
            shown.push_back({it, it.get_percent()});
    }
    for (const auto& [it, percent] : shown) {
        Hit hit;
        hit.rank = ++rank;
        hit.docid = *it;
        hit.score = it.get_weight();
        hit.percent = percent;
        try {
            hit.meta = corpus::json::parse_object(it.get_document().get_data());
        } catch (const corpus::json::ParseError&) {
        }
        if (request.snippets)
            hit.snippet = snippet_of(hit.docid, hit.meta, highlight, request.citing_sentence);
        result.hits.push_back(std::move(hit));
    }
    if (request.facets)
        result.facets = facets.get();
    return result;
}

void Searcher::reopen_all() {
    if (m_shards.stale()) {
        m_shards.reopen();
        m_db = m_shards.database();
        m_slice_dbs.clear();
        return;
    }
    try {
        m_db.reopen();
    } catch (const Xapian::Error&) {
        m_shards.reopen();
        m_db = m_shards.database();
        m_slice_dbs.clear();
    }
}

SearchResult Searcher::search(const SearchRequest& request) {
    return retrying([&] { return run(request); });
}

Xapian::docid Searcher::resolve(const std::string& id) {
    // The key itself first (a record's own id may well be a number), then the short id shown
    // with results, then the own symbol, then a path as typed.
    std::vector<std::string> candidates{with_prefix(schema::unique_id, id)};
    const bool numeric =
        !id.empty() && id.size() <= 10 &&
        std::all_of(id.begin(), id.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (numeric) {
        const std::string term = with_prefix(schema::short_id, std::to_string(std::stoull(id)));
        if (m_db.get_termfreq(term) > 1) {
            std::string keys;
            for (auto p = m_db.postlist_begin(term); p != m_db.postlist_end(term); ++p) {
                const auto data = corpus::json::parse(m_db.get_document(*p).get_data());
                if (const auto* key = corpus::json::find(data, schema::key::id))
                    keys += (keys.empty() ? "" : ", ") + corpus::json::to_text(*key);
            }
            throw QueryError("id " + id + " is shared by several documents (" + keys +
                                 "); give one of their keys",
                             0);
        }
        candidates.push_back(term);
    }
    candidates.push_back(with_prefix(schema::symbol, analysis::canonical_symbol(id)));
    std::error_code ec;
    const fs::path abs = fs::absolute(id, ec);
    if (!ec)
        candidates.push_back(with_prefix(schema::unique_id, abs.lexically_normal().string()));
    for (const auto& term : candidates) {
        const auto p = m_db.postlist_begin(term);
        if (p != m_db.postlist_end(term))
            return *p;
    }
    return 0;
}

corpus::json::Object Searcher::show(const std::string& id, Xapian::docid* docid_out) {
    return retrying([&]() -> corpus::json::Object {
        const Xapian::docid docid = resolve(id);
        if (docid == 0)
            return {};
        if (docid_out)
            *docid_out = docid;
        try {
            return corpus::json::parse_object(m_db.get_document(docid).get_data());
        } catch (const corpus::json::ParseError&) {
            return {};
        }
    });
}

} // namespace ctoc::search
