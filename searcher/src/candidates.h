// Posting sources of the searcher. CandidateSource: the documents a search's first pass chose;
// the second pass ranks them again with every form and the positional boosts
// (Searcher::execute). SampleSource: one document in n, the sample facets are estimated on
// when a query matches too many documents to count them all.
//
// Hand-written because Xapian 1.4 has no query over a list of document ids: the alternative,
// an OR of the documents' unique-id terms, opens one posting list per document (a B-tree
// descent each), which cost as much as the first pass itself (bench/results/query-profile.md).
#pragma once

#include <xapian.h>

#include <set>
#include <string>
#include <vector>

namespace ctoc::search::detail {

/// A fixed set of documents, weight 0 (a filter), on one database or on local shards.
class CandidateSource : public Xapian::PostingSource {
public:
    /// docids are those of the combined database; shard_uuids the UUID of each shard in the
    /// order they were added (Xapian numbers their documents in turn), so that each shard's
    /// copy of the source keeps its own documents.
    CandidateSource(std::vector<Xapian::docid> docids, std::vector<std::string> shard_uuids);

    Xapian::doccount get_termfreq_min() const override { return count(); }
    Xapian::doccount get_termfreq_est() const override { return count(); }
    Xapian::doccount get_termfreq_max() const override { return count(); }
    Xapian::docid get_docid() const override { return m_local[m_at]; }
    void next(double min_wt) override;
    void skip_to(Xapian::docid did, double min_wt) override;
    bool check(Xapian::docid did, double min_wt) override;
    bool at_end() const override { return m_at >= m_local.size(); }
    CandidateSource* clone() const override;
    void init(const Xapian::Database& db) override;
    std::string get_description() const override;

private:
    Xapian::doccount count() const { return static_cast<Xapian::doccount>(m_local.size()); }

    std::vector<Xapian::docid> m_docids; ///< combined numbering, sorted
    std::vector<std::string> m_shard_uuids;
    std::vector<Xapian::docid> m_local; ///< the shard's own numbering, after init()
    std::size_t m_at = 0;
    bool m_started = false;
};

/// One document in stride: in each run of stride consecutive ids, the one a hash of the run's
/// number chooses (the same at every run). Exactly one in stride, and blind to any period in
/// the order documents were indexed in, which a plain every-n-th would echo. Weight 0: a
/// filter. Hand-written because Xapian 1.4 has no sampling query. Each shard's copy samples
/// its own numbering, so a sharded database is sampled at the same rate.
class SampleSource : public Xapian::PostingSource {
public:
    explicit SampleSource(Xapian::docid stride) : m_stride(stride < 1 ? 1 : stride) {}

    Xapian::doccount get_termfreq_min() const override { return 0; }
    Xapian::doccount get_termfreq_est() const override { return m_last / m_stride; }
    Xapian::doccount get_termfreq_max() const override { return m_last / m_stride + 1; }
    Xapian::docid get_docid() const override { return m_at; }
    void next(double min_wt) override;
    void skip_to(Xapian::docid did, double min_wt) override;
    bool at_end() const override { return m_at > m_last; }
    SampleSource* clone() const override { return new SampleSource(m_stride); }
    void init(const Xapian::Database& db) override;
    std::string get_description() const override;

private:
    /// The first sampled id at or after did (m_last + 1 when none).
    Xapian::docid first_from(Xapian::docid did) const;

    Xapian::docid m_stride;
    Xapian::docid m_last = 0; ///< the shard's last document id
    Xapian::docid m_at = 0;   ///< 0 before the first next()
};

/// The documents of some families: those whose schema::family_slot value is one of a set (a
/// search collapsing families leaves out of a later tier the families an earlier one showed).
/// Weight 0: a filter. Reads the slot's values in order: hand-written because Xapian 1.4 has
/// no query on a set of values.
class FamilySource : public Xapian::ValuePostingSource {
public:
    explicit FamilySource(std::set<std::string> families);

    void next(double min_wt) override;
    void skip_to(Xapian::docid did, double min_wt) override;
    bool check(Xapian::docid did, double min_wt) override;
    double get_weight() const override { return 0; }
    FamilySource* clone() const override { return new FamilySource(m_families); }
    void init(const Xapian::Database& database) override;
    std::string get_description() const override;

private:
    /// Moves on to the first document at or after the current one of a family of the set.
    void settle(double min_wt);

    std::set<std::string> m_families;
};

/// Weight 0 for every match, as Xapian::BoolWeight gives, for counting matches without ranking
/// them (the matcher still ends a count at its threshold: nothing weighs more than 0), but
/// asking for each posting's wdf. That keeps Xapian 1.4.22 reading a term every document holds
/// from the term's own posting list: for BoolWeight it reads the list of document lengths
/// instead, under the term's name, and past that list's first chunk reports the index corrupt
/// ("Unexpected end of posting list for 'convention'") once a document has been deleted (an
/// incremental run after a file was removed). Hand-written because no Xapian weight is zero
/// and asks for the wdf; a remote shard's server knows Xapian's own weights only.
class CountWeight : public Xapian::Weight {
public:
    CountWeight() { need_stat(WDF); }

    std::string name() const override { return "ctoc::CountWeight"; }
    std::string serialise() const override { return {}; }
    CountWeight* unserialise(const std::string&) const override { return new CountWeight; }
    double get_sumpart(Xapian::termcount, Xapian::termcount, Xapian::termcount) const override {
        return 0;
    }
    double get_maxpart() const override { return 0; }
    double get_sumextra(Xapian::termcount, Xapian::termcount) const override { return 0; }
    double get_maxextra() const override { return 0; }

private:
    CountWeight* clone() const override { return new CountWeight; }
    void init(double) override {}
};

} // namespace ctoc::search::detail
