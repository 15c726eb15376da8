// A ranking pass split by ranges of document ids over threads (intra-query parallelism, as
// Lucene's IndexSearcher searches the slices of an index on an executor): a pass over the
// words of a large index ("traite des personnes", 50,000 matches of 100,000 documents) scores
// every match, and Xapian 1.4 runs one query on one thread. Each slice runs the same query on
// its own handle on the same database at the same revision (Xapian's objects are not
// thread-safe), so its weights are the whole index's (the statistics are the database's, not
// the slice's), and the best of each slice merged by weight then id are the pass's own.
//
// Hand-written because Xapian 1.4 has neither a parallel matcher nor a query on a range of
// document ids.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace ctoc::search::detail {

/// The documents whose ids are in [first, last]; weight 0: a filter.
class DocidRange : public Xapian::PostingSource {
public:
    DocidRange(Xapian::docid first, Xapian::docid last) : m_first(first), m_last(last) {}

    Xapian::doccount get_termfreq_min() const override { return 0; }
    Xapian::doccount get_termfreq_est() const override { return size(); }
    Xapian::doccount get_termfreq_max() const override { return size(); }
    Xapian::docid get_docid() const override { return m_at; }
    void next(double) override { m_at = m_at < m_first ? m_first : m_at + 1; }
    void skip_to(Xapian::docid did, double) override {
        if (did > m_at)
            m_at = did < m_first ? m_first : did;
    }
    bool at_end() const override { return m_at > m_last; }
    DocidRange* clone() const override { return new DocidRange(m_first, m_last); }
    void init(const Xapian::Database&) override { m_at = 0; }
    std::string get_description() const override;

private:
    Xapian::doccount size() const { return m_last >= m_first ? m_last - m_first + 1 : 0; }

    Xapian::docid m_first;
    Xapian::docid m_last;
    Xapian::docid m_at = 0; ///< 0 before the first next()
};

/// The best matches of a ranking pass, best first, with the matcher's bounds on how many
/// documents match.
struct TopMatches {
    struct Item {
        Xapian::MSetIterator it; ///< in the MSet of the slice that found it
        int percent;             ///< as one pass over the whole index gives it
    };
    std::vector<Item> items;
    Xapian::doccount lower = 0;
    Xapian::doccount estimated = 0;
    Xapian::doccount upper = 0;
    /// The pass's own MSet when one thread ran it.
    std::optional<Xapian::MSet> mset;
    std::size_t slices = 1; ///< slices of document ids it was split into

    bool empty() const { return items.empty(); }
    std::vector<Xapian::docid> docids() const;
};

/// The best matches of one MSet (a pass on one thread).
TopMatches top_of(Xapian::MSet mset);

/// The best `depth` of several slices' MSets: by weight, then by id (Xapian's order for equal
/// weights), the bounds summed. Percentages as each slice gave them, on its own scale (where
/// its range filter counts among what its best match matched): the caller scales them again.
TopMatches merge_slices(const std::vector<Xapian::MSet>& slices, Xapian::doccount depth);

/// [first, last] of slice k of n over ids 1..last_docid, as equal as ids go.
std::pair<Xapian::docid, Xapian::docid> slice_range(Xapian::docid last_docid, std::size_t k,
                                                    std::size_t n);

} // namespace ctoc::search::detail
