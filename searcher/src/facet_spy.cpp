#include "facet_spy.h"

#include <algorithm>

namespace ctoc::search::detail {

void FacetSpy::operator()(const Xapian::Document& doc, double) {
    ++m_seen;
    const std::string packed = doc.get_value(schema::facets_slot);
    const auto values = schema::unpack_facets(packed);
    for (std::size_t f = 0; f < values.size(); ++f) {
        const std::string_view v = values[f];
        if (v.empty())
            continue;
        auto& seen = m_counts[f];
        const auto it = std::find_if(seen.begin(), seen.end(),
                                     [&](const auto& entry) { return entry.first == v; });
        if (it != seen.end())
            ++it->second;
        else
            seen.emplace_back(std::string(v), 1);
    }
}

void FacetSpy::merge(const FacetSpy& other) {
    m_seen += other.m_seen;
    for (std::size_t f = 0; f < m_counts.size(); ++f) {
        auto& seen = m_counts[f];
        for (const auto& theirs : other.m_counts[f]) {
            const auto it = std::find_if(seen.begin(), seen.end(), [&](const auto& entry) {
                return entry.first == theirs.first;
            });
            if (it != seen.end())
                it->second += theirs.second;
            else
                seen.push_back(theirs);
        }
    }
}

std::vector<std::pair<std::string, Xapian::doccount>> FacetSpy::counts(schema::Facet facet) const {
    auto out = m_counts[facet];
    std::sort(out.begin(), out.end());
    return out;
}

void FacetCounter::attach(Xapian::Enquire& enquire) {
    if (m_packed) {
        enquire.add_matchspy(&m_spy);
        return;
    }
    for (auto& spy : m_slot_spies)
        enquire.add_matchspy(&spy);
}

void FacetCounter::add_sample(const FacetSpy& part, Xapian::docid stride) {
    m_stride = stride;
    m_sample.merge(part);
}

std::map<std::string, std::vector<std::pair<std::string, Xapian::doccount>>>
FacetCounter::get() const {
    static constexpr std::array<const char*, schema::facet_count> names{"working_group", "year",
                                                                        "type", "session"};
    std::map<std::string, std::vector<std::pair<std::string, Xapian::doccount>>> facets;
    for (std::size_t f = 0; f < schema::facet_count; ++f) {
        std::vector<std::pair<std::string, Xapian::doccount>> counts;
        if (m_packed) {
            counts = m_spy.counts(static_cast<schema::Facet>(f));
            if (m_stride != 0) {
                // Both sorted by value: merged, each count the larger of the two.
                std::vector<std::pair<std::string, Xapian::doccount>> merged;
                auto seen = counts.begin();
                for (auto& [value, n] : m_sample.counts(static_cast<schema::Facet>(f))) {
                    for (; seen != counts.end() && seen->first < value; ++seen)
                        merged.push_back(*seen);
                    Xapian::doccount estimate = n * m_stride;
                    if (seen != counts.end() && seen->first == value)
                        estimate = std::max(estimate, (seen++)->second);
                    merged.emplace_back(value, estimate);
                }
                merged.insert(merged.end(), seen, counts.end());
                counts = std::move(merged);
            }
        } else {
            const auto& spy = m_slot_spies[f];
            for (auto v = spy.values_begin(); v != spy.values_end(); ++v)
                counts.emplace_back(*v, v.get_termfreq());
        }
        if (f == schema::facet_session) {
            // Session numbers are stored sortable (Xapian::sortable_serialise).
            for (auto& [value, n] : counts)
                value = std::to_string(static_cast<long long>(Xapian::sortable_unserialise(value)));
        }
        std::stable_sort(counts.begin(), counts.end(),
                         [](const auto& a, const auto& b) { return a.second > b.second; });
        facets[names[f]] = std::move(counts);
    }
    return facets;
}

} // namespace ctoc::search::detail
