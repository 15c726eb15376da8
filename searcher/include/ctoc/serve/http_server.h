#pragma once

#include <ctoc/serve/site.h>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>

namespace ctoc::serve {

/// The server could not start (address in use, not an address of this machine...).
class ServerError : public std::runtime_error {
    using std::runtime_error::runtime_error;
};

/// How the HTTP server listens, and the bounds on what a client can make it do.
struct ServerConfig {
    std::string bind = "127.0.0.1"; ///< loopback only unless asked
    int port = 8080;                ///< 0: any free port (bound_port() tells which)
    std::size_t threads = 16;       ///< connections served at once
    std::size_t queue = 64; ///< accepted connections waiting for a thread; then accept waits
    std::chrono::seconds read_timeout{
        5}; ///< a client slower than this to send a request is dropped
    std::chrono::seconds write_timeout{10}; ///< likewise to read the answer
    std::chrono::seconds keep_alive{
        2}; ///< an idle kept-alive connection frees its thread after this
    std::size_t keep_alive_requests = 100; ///< requests per connection
    std::size_t max_body = 4096;           ///< bytes of request body (the site takes none)
    /// One line per request (method, target, status, milliseconds), or none when empty.
    std::function<void(const std::string&)> log;
};

/// The HTTP/1.1 server of ctoc-serve, on cpp-httplib (Debian libcpp-httplib-dev). It only
/// carries bytes between clients and the Site, with a bounded thread pool, timeouts and
/// size limits, and the headers that keep browsers safe (a strict Content-Security-Policy
/// that allows no script at all).
///
/// Why cpp-httplib rather than Boost.Beast: the site needs HTTP/1.1 with keep-alive,
/// timeouts, size limits and a thread pool, which cpp-httplib has built in and Debian
/// packages; with Beast (a toolkit of parts) the connection loop, timeouts, parsing limits and
/// pool would all be ours to write and get right.
class HttpServer {
public:
    HttpServer(Site& site, ServerConfig config);
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    /// Binds the address and port; throws ServerError with advice.
    void bind();

    /// The port bound (after bind()).
    int bound_port() const { return m_port; }

    /// Serves until stop(); returns false when serving failed.
    bool listen();

    /// Stops listen() from another thread, even one that has not started listening yet;
    /// requests in progress finish.
    void stop();

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
    Site& m_site;
    ServerConfig m_config;
    int m_port = 0;
    std::mutex m_mutex;
    bool m_stop_requested = false;
    std::atomic<bool> m_listening{false};
};

} // namespace ctoc::serve
