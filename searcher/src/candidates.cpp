#include "candidates.h"

#include <ctoc/schema.h>

#include <algorithm>
#include <cstdint>
#include <stdexcept>

namespace ctoc::search::detail {

CandidateSource::CandidateSource(std::vector<Xapian::docid> docids,
                                 std::vector<std::string> shard_uuids)
    : m_docids(std::move(docids)), m_shard_uuids(std::move(shard_uuids)) {
    std::sort(m_docids.begin(), m_docids.end());
    m_docids.erase(std::unique(m_docids.begin(), m_docids.end()), m_docids.end());
}

void CandidateSource::init(const Xapian::Database& db) {
    m_local.clear();
    m_at = 0;
    m_started = false;
    const auto shards = static_cast<Xapian::docid>(m_shard_uuids.size());
    if (shards <= 1) {
        m_local = m_docids;
        return;
    }
    const auto it = std::find(m_shard_uuids.begin(), m_shard_uuids.end(), db.get_uuid());
    if (it == m_shard_uuids.end())
        throw std::logic_error("CandidateSource: a shard not among those it was made for");
    const auto shard = static_cast<Xapian::docid>(it - m_shard_uuids.begin());
    for (const Xapian::docid did : m_docids) {
        if ((did - 1) % shards == shard)
            m_local.push_back((did - 1) / shards + 1);
    }
}

void CandidateSource::next(double) {
    if (m_started)
        ++m_at;
    m_started = true;
}

void CandidateSource::skip_to(Xapian::docid did, double) {
    const auto from = m_local.begin() + static_cast<std::ptrdiff_t>(m_started ? m_at : 0);
    m_at = static_cast<std::size_t>(std::lower_bound(from, m_local.end(), did) - m_local.begin());
    m_started = true;
}

bool CandidateSource::check(Xapian::docid did, double min_wt) {
    skip_to(did, min_wt);
    return true;
}

CandidateSource* CandidateSource::clone() const {
    return new CandidateSource(m_docids, m_shard_uuids);
}

std::string CandidateSource::get_description() const {
    return "CandidateSource(" + std::to_string(m_docids.size()) + " documents)";
}

FamilySource::FamilySource(std::set<std::string> families)
    : Xapian::ValuePostingSource(schema::family_slot), m_families(std::move(families)) {}

void FamilySource::init(const Xapian::Database& database) {
    Xapian::ValuePostingSource::init(database);
    // At most every document with a family value; no fewer than none.
    set_termfreq_min(0);
    set_termfreq_est(std::min<Xapian::doccount>(
        get_termfreq_max(), static_cast<Xapian::doccount>(4 * m_families.size())));
}

void FamilySource::settle(double min_wt) {
    while (!Xapian::ValuePostingSource::at_end() && m_families.count(get_value()) == 0)
        Xapian::ValuePostingSource::next(min_wt);
}

void FamilySource::next(double min_wt) {
    Xapian::ValuePostingSource::next(min_wt);
    settle(min_wt);
}

void FamilySource::skip_to(Xapian::docid did, double min_wt) {
    Xapian::ValuePostingSource::skip_to(did, min_wt);
    settle(min_wt);
}

bool FamilySource::check(Xapian::docid did, double min_wt) {
    skip_to(did, min_wt);
    return true;
}

std::string FamilySource::get_description() const {
    return "FamilySource(" + std::to_string(m_families.size()) + " families)";
}

void SampleSource::init(const Xapian::Database& db) {
    m_last = db.get_lastdocid();
    m_at = 0;
}

Xapian::docid SampleSource::first_from(Xapian::docid did) const {
    // Runs [1 + k * stride, (k + 1) * stride], each holding the id its hash of k chooses.
    const auto chosen = [this](Xapian::docid run) {
        std::uint32_t x = run; // a 32-bit integer hash (xorshift-multiply rounds)
        x ^= x >> 16;
        x *= 0x7feb352dU;
        x ^= x >> 15;
        x *= 0x846ca68bU;
        x ^= x >> 16;
        return run * m_stride + 1 + x % m_stride;
    };
    const Xapian::docid run = (did - 1) / m_stride;
    const Xapian::docid here = chosen(run);
    return here >= did ? here : chosen(run + 1);
}

void SampleSource::next(double) {
    m_at = first_from(m_at + 1);
}

void SampleSource::skip_to(Xapian::docid did, double) {
    if (did > m_at)
        m_at = first_from(did);
}

std::string SampleSource::get_description() const {
    return "SampleSource(1 in " + std::to_string(m_stride) + ")";
}

} // namespace ctoc::search::detail
