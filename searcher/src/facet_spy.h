// Facet counts over the matches (working group, year, type, session): exact over every match,
// or, past a number of matches, estimated on a sample (see FacetCounter).
//
// Locally from the one packed value of schema::facets_slot: Xapian's ValueCountMatchSpy counts
// one slot, and four of them read four value streams a match, most of a facet search's cost
// (bench/results/query-profile.md); hence the hand-written spy. A remote shard's server knows
// Xapian's own spies only: with remote shards, four ValueCountMatchSpy on the separate slots.
#pragma once

#include <ctoc/schema.h>

#include <xapian.h>

#include <array>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace ctoc::search::detail {

/// Counts the four facets of schema::facets_slot.
class FacetSpy : public Xapian::MatchSpy {
public:
    void operator()(const Xapian::Document& doc, double weight) override;

    /// The values of one facet with their counts, in value order.
    std::vector<std::pair<std::string, Xapian::doccount>> counts(schema::Facet facet) const;
    /// The documents it was shown.
    Xapian::doccount seen() const { return m_seen; }
    /// Adds what another spy was shown (the same facets over other documents).
    void merge(const FacetSpy& other);

private:
    Xapian::doccount m_seen = 0;
    /// Each facet's values as met: a few dozen at most (working groups, years, types,
    /// sessions), where a linear search beats a map.
    std::array<std::vector<std::pair<std::string, Xapian::doccount>>, schema::facet_count> m_counts;
};

/// The facets of a search: attach() to the Enquire that visits the matches, then get(). When
/// it stopped before the last match, add_sample() what FacetSpy objects saw of one document in
/// stride (SampleSource), over one Enquire or several splitting the ids: get() then estimates
/// each value's count as the sample's times the stride, and never below what the first Enquire
/// saw (so that a value met there is never left out).
class FacetCounter {
public:
    /// packed: the database's shards are all local (read facets_slot).
    explicit FacetCounter(bool packed) : m_packed(packed) {}

    void attach(Xapian::Enquire& enquire);
    /// What a spy was shown of the sample, one document in stride, on some of the documents
    /// (add each part). Packed only (a remote shard cannot run the sample's posting source).
    void add_sample(const FacetSpy& part, Xapian::docid stride);
    /// The matches the first Enquire was shown (packed only).
    Xapian::doccount seen() const { return m_spy.seen(); }

    /// Facet name ("working_group", "year", "type", "session") -> values with their counts,
    /// most frequent first; session numbers as decimal text.
    std::map<std::string, std::vector<std::pair<std::string, Xapian::doccount>>> get() const;

private:
    bool m_packed;
    FacetSpy m_spy;
    FacetSpy m_sample;
    Xapian::docid m_stride = 0; ///< 0: no sample
    std::array<Xapian::ValueCountMatchSpy, schema::facet_count> m_slot_spies{
        Xapian::ValueCountMatchSpy(schema::wg_slot), Xapian::ValueCountMatchSpy(schema::year_slot),
        Xapian::ValueCountMatchSpy(schema::type_slot),
        Xapian::ValueCountMatchSpy(schema::session_slot)};
};

} // namespace ctoc::search::detail
