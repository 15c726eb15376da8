#pragma once

#include <ctoc/search/searcher.h>

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace ctoc::serve {

/// A fixed number of Searchers shared by the server's threads. A Xapian database handle must
/// not be used by two threads at once, so each request borrows one searcher for its duration;
/// the handles stay open across requests and see each new commit or rebuilt index.
class SearcherPool {
public:
    /// Opens the first searcher now, so that a bad --db fails at start (MissingDatabase with
    /// advice); the others open when first needed.
    SearcherPool(std::vector<std::string> databases, search::OpenOptions options, std::size_t size,
                 std::chrono::milliseconds refresh_interval = std::chrono::seconds(1));
    ~SearcherPool();
    SearcherPool(const SearcherPool&) = delete;
    SearcherPool& operator=(const SearcherPool&) = delete;

    /// A borrowed searcher, given back when the lease ends.
    class Lease {
    public:
        Lease(Lease&& other) noexcept : m_pool(other.m_pool), m_slot(other.m_slot) {
            other.m_pool = nullptr;
        }
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        Lease& operator=(Lease&&) = delete;
        ~Lease();
        search::Searcher& operator*() const;
        search::Searcher* operator->() const { return &**this; }

    private:
        friend class SearcherPool;
        Lease(SearcherPool* pool, std::size_t slot) : m_pool(pool), m_slot(slot) {}
        SearcherPool* m_pool;
        std::size_t m_slot;
    };

    /// Borrows a searcher, waiting while all are lent. It has seen the latest commit or rebuild
    /// of the index (checked at most once per refresh interval). While others are lent, its
    /// searches run on one thread each (the other requests keep the cores busy).
    Lease acquire();

    std::size_t size() const { return m_slots.size(); }

    /// Shards skipped at start because they did not answer (allow_partial), one line each.
    std::vector<std::string> warnings() const { return m_warnings; }

    /// Documents in the index when the pool opened it.
    std::size_t document_count() const { return m_document_count; }

private:
    struct Slot {
        std::unique_ptr<search::Searcher> searcher;
        std::chrono::steady_clock::time_point checked;
    };
    void give_back(std::size_t slot);

    std::vector<std::string> m_databases;
    search::OpenOptions m_options;
    std::chrono::milliseconds m_refresh_interval;
    std::vector<Slot> m_slots;
    std::vector<std::size_t> m_free;
    std::mutex m_mutex;
    std::condition_variable m_returned;
    std::vector<std::string> m_warnings;
    std::size_t m_document_count = 0;
};

} // namespace ctoc::serve
