#include <ctoc/serve/searcher_pool.h>

#include <stdexcept>

namespace ctoc::serve {

SearcherPool::SearcherPool(std::vector<std::string> databases, search::OpenOptions options,
                           std::size_t size, std::chrono::milliseconds refresh_interval)
    : m_databases(std::move(databases)), m_options(options), m_refresh_interval(refresh_interval),
      m_slots(size) {
    if (size == 0)
        throw std::invalid_argument("a searcher pool needs at least one searcher");
    m_slots[0].searcher = std::make_unique<search::Searcher>(m_databases, m_options);
    m_slots[0].checked = std::chrono::steady_clock::now();
    m_warnings = m_slots[0].searcher->warnings();
    m_document_count = m_slots[0].searcher->database().get_doccount();
    // Lend the open one first.
    for (std::size_t i = size; i-- > 0;)
        m_free.push_back(i);
}

SearcherPool::~SearcherPool() = default;

SearcherPool::Lease SearcherPool::acquire() {
    std::size_t slot = 0;
    bool alone = false;
    {
        std::unique_lock lock(m_mutex);
        m_returned.wait(lock, [&] { return !m_free.empty(); });
        slot = m_free.back();
        m_free.pop_back();
        alone = m_free.size() + 1 == m_slots.size();
    }
    // From here the slot is ours alone: open or refresh it without holding the lock.
    Lease lease(this, slot);
    Slot& s = m_slots[slot];
    const auto now = std::chrono::steady_clock::now();
    if (!s.searcher) {
        s.searcher = std::make_unique<search::Searcher>(m_databases, m_options);
        s.checked = now;
    } else if (now - s.checked >= m_refresh_interval) {
        s.checked = now;
        s.searcher->refresh();
    }
    s.searcher->cap_threads(alone ? 0 : 1);
    return lease;
}

void SearcherPool::give_back(std::size_t slot) {
    {
        std::lock_guard lock(m_mutex);
        m_free.push_back(slot);
    }
    m_returned.notify_one();
}

SearcherPool::Lease::~Lease() {
    if (m_pool != nullptr)
        m_pool->give_back(m_slot);
}

search::Searcher& SearcherPool::Lease::operator*() const {
    return *m_pool->m_slots[m_slot].searcher;
}

} // namespace ctoc::serve
