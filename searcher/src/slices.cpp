#include "slices.h"

#include <algorithm>

namespace ctoc::search::detail {

std::string DocidRange::get_description() const {
    return "DocidRange(" + std::to_string(m_first) + ".." + std::to_string(m_last) + ")";
}

std::vector<Xapian::docid> TopMatches::docids() const {
    std::vector<Xapian::docid> out;
    out.reserve(items.size());
    for (const auto& item : items)
        out.push_back(*item.it);
    return out;
}

TopMatches top_of(Xapian::MSet mset) {
    TopMatches top;
    top.items.reserve(mset.size());
    for (auto it = mset.begin(); it != mset.end(); ++it)
        top.items.push_back({it, it.get_percent()});
    top.lower = mset.get_matches_lower_bound();
    top.estimated = mset.get_matches_estimated();
    top.upper = mset.get_matches_upper_bound();
    top.mset = std::move(mset);
    return top;
}

TopMatches merge_slices(const std::vector<Xapian::MSet>& slices, Xapian::doccount depth) {
    std::vector<Xapian::MSetIterator> all;
    TopMatches top;
    top.slices = slices.size();
    for (const auto& mset : slices) {
        for (auto it = mset.begin(); it != mset.end(); ++it)
            all.push_back(it);
        top.lower += mset.get_matches_lower_bound();
        top.estimated += mset.get_matches_estimated();
        top.upper += mset.get_matches_upper_bound();
    }
    const auto better = [](const Xapian::MSetIterator& a, const Xapian::MSetIterator& b) {
        const double wa = a.get_weight(), wb = b.get_weight();
        return wa != wb ? wa > wb : *a < *b;
    };
    const std::size_t kept = std::min<std::size_t>(depth, all.size());
    std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(kept), all.end(),
                      better);
    top.items.reserve(kept);
    for (std::size_t k = 0; k < kept; ++k)
        top.items.push_back({all[k], all[k].get_percent()});
    return top;
}

std::pair<Xapian::docid, Xapian::docid> slice_range(Xapian::docid last_docid, std::size_t k,
                                                    std::size_t n) {
    const auto edge = [&](std::size_t i) {
        return static_cast<Xapian::docid>(static_cast<unsigned long long>(last_docid) * i / n);
    };
    return {edge(k) + 1, edge(k + 1)};
}

} // namespace ctoc::search::detail
