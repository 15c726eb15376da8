// Random numbers for ctoc-bench-generate that are the same on every platform: a seed gives the
// same corpus, byte for byte.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace ctoc::bench {

/// splitmix64: small, fast and the same on every platform (std distributions are not).
class Rng {
public:
    explicit Rng(std::uint64_t seed) : m_state(seed) {}

    std::uint64_t next() {
        std::uint64_t z = (m_state += 0x9e3779b97f4a7c15ull);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        return z ^ (z >> 31);
    }
    /// Uniform in [0, n).
    std::size_t below(std::size_t n) { return n == 0 ? 0 : static_cast<std::size_t>(next() % n); }
    /// Uniform in [0, 1).
    double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
    bool chance(double p) { return unit() < p; }
    /// Uniform integer in [lo, hi].
    int between(int lo, int hi) {
        return lo + static_cast<int>(below(static_cast<std::size_t>(hi - lo + 1)));
    }
    /// Log-normal with the given median.
    double lognormal(double median, double sigma) {
        const double u1 = std::max(unit(), 1e-12), u2 = unit();
        const double n = std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
        return median * std::exp(sigma * n);
    }
    template <class T> const T& pick(const std::vector<T>& v) { return v[below(v.size())]; }

private:
    std::uint64_t m_state;
};

/// Ranks drawn with probability proportional to 1 / (rank + offset)^s.
class Zipf {
public:
    Zipf(std::size_t n, double s, double offset = 1.0) : m_cumulative(n) {
        double total = 0;
        for (std::size_t r = 0; r < n; ++r)
            m_cumulative[r] = total += 1.0 / std::pow(static_cast<double>(r) + offset, s);
        for (auto& c : m_cumulative)
            c /= total;
    }
    std::size_t draw(Rng& rng) const {
        const auto it = std::upper_bound(m_cumulative.begin(), m_cumulative.end(), rng.unit());
        return std::min(static_cast<std::size_t>(it - m_cumulative.begin()),
                        m_cumulative.size() - 1);
    }

private:
    std::vector<double> m_cumulative;
};

} // namespace ctoc::bench
