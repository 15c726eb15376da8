// What the searcher's files share (searcher.cpp: opening, parsing, ranking, retries;
// snippets.cpp: snippets and stored text; searcher_graph.cpp: the citation graph, --like,
// families): the stored text reader, small helpers and the retry loop around every read.
#pragma once

#include <ctoc/corpus/json.h>
#include <ctoc/corpus/stored_text.h>
#include <ctoc/schema.h>
#include <ctoc/search/searcher.h>

#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <string_view>
#include <thread>

namespace ctoc::search::detail {

/// Reads retried before an error is the answer (a writer committing again and again).
inline constexpr int max_retries = 8;

/// A document's stored text (corpus::TextPieces), read piece by piece from the shard holding it.
class TextReader {
public:
    TextReader(const Xapian::Database& shard, std::string key)
        : m_shard(shard), m_key(std::move(key)) {}

    /// False when the document has no stored text.
    bool open() {
        if (m_key.empty())
            return false;
        const std::string table = m_shard.get_metadata(corpus::text_table_key(m_key));
        if (table.empty())
            return false;
        m_table = corpus::TextTable::parse(table);
        return true;
    }

    const corpus::TextTable& table() const { return m_table; }
    std::size_t pieces() const { return m_table.first_positions.size(); }

    std::string stored_piece(std::size_t n) const {
        return m_shard.get_metadata(corpus::text_piece_key(m_key, n));
    }
    corpus::TextPiece piece(std::size_t n) const { return corpus::unpack_piece(stored_piece(n)); }

private:
    const Xapian::Database& m_shard;
    std::string m_key;
    corpus::TextTable m_table;
};

/// The document's key (its stored "id"), or "".
inline std::string key_of(const corpus::json::Object& meta) {
    const auto it = meta.find(schema::key::id);
    return it == meta.end() ? std::string() : corpus::json::to_text(it->second);
}

inline std::string with_prefix(std::string_view prefix, std::string_view value) {
    std::string t(prefix);
    t += value;
    return t;
}

} // namespace ctoc::search::detail

namespace ctoc::search {

template <typename F> auto Searcher::retrying(F&& f) -> decltype(f()) {
    for (int attempt = 0;; ++attempt) {
        // A writer that commits in place (another tool, or an index served remotely) can make
        // a read fail several times in a row: wait a little longer each time.
        if (attempt > 0)
            std::this_thread::sleep_for(std::chrono::milliseconds(std::min(1 << attempt, 50)));
        try {
            return f();
        } catch (const Xapian::DatabaseModifiedError&) {
            // A writer committed twice while we read: reopen at the newest revision and retry.
            if (attempt >= detail::max_retries)
                throw;
            reopen_all();
        } catch (const Xapian::DatabaseOpeningError&) {
            // A generation or shard went away under us: open what the stubs name now.
            if (attempt >= detail::max_retries)
                throw;
            reopen_all();
        } catch (const Xapian::DatabaseError& e) {
            // Xapian reports a block a writer has just reused as corrupt ("Expected block N to
            // be level 1, not 0"): only an error that outlives reopening is damage, as are the
            // plain DatabaseErrors of a table cut short ("EOF reading block").
            const std::string_view type = e.get_type();
            if (type != "DatabaseCorruptError" && type != "DatabaseError")
                throw;
            if (attempt >= detail::max_retries)
                throw DamagedIndex("the index at " + m_shards.describe() + " is damaged (" +
                                   e.get_msg() + "); rebuild it with: ctoc-index --rebuild");
            reopen_all();
        } catch (const Xapian::NetworkError& e) {
            // A remote shard stopped answering during the search: without --allow-partial
            // that is the answer; with it, search again the shards that still answer.
            if (!m_shards.allow_partial() || attempt >= detail::max_retries)
                throw ShardUnavailable("a shard of " + m_shards.describe() +
                                       " stopped answering (" + e.get_msg() + ")" +
                                       (m_shards.allow_partial()
                                            ? std::string()
                                            : "; pass --allow-partial to search the other shards"));
            m_shards.reopen();
            m_db = m_shards.database();
        }
    }
}

} // namespace ctoc::search
