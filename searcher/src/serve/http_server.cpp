#include <ctoc/serve/http_server.h>

#include <httplib.h>

#include <cerrno>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <deque>
#include <mutex>
#include <sys/socket.h>
#include <thread>
#include <vector>

namespace ctoc::serve {

namespace {

/// cpp-httplib's own pool queues connections without bound; this one holds at most
/// `capacity`, and then makes the accepting thread wait (new clients wait in the kernel's
/// listen backlog), so a flood costs neither memory nor threads.
class BoundedPool : public httplib::TaskQueue {
public:
    BoundedPool(std::size_t threads, std::size_t capacity) : m_capacity(capacity) {
        for (std::size_t i = 0; i < threads; ++i)
            m_threads.emplace_back([this] { work(); });
    }
    ~BoundedPool() override { shutdown(); }

    void enqueue(std::function<void()> job) override {
        std::unique_lock lock(m_mutex);
        m_not_full.wait(lock, [&] { return m_jobs.size() < m_capacity || m_stopping; });
        m_jobs.push_back(std::move(job));
        m_not_empty.notify_one();
    }

    void shutdown() override {
        {
            std::lock_guard lock(m_mutex);
            if (m_stopping && m_threads.empty())
                return;
            m_stopping = true;
        }
        m_not_empty.notify_all();
        m_not_full.notify_all();
        for (auto& t : m_threads)
            t.join();
        m_threads.clear();
    }

private:
    void work() {
        for (;;) {
            std::function<void()> job;
            {
                std::unique_lock lock(m_mutex);
                m_not_empty.wait(lock, [&] { return !m_jobs.empty() || m_stopping; });
                // Accepted connections are served even when stopping: each job closes its socket.
                if (m_jobs.empty())
                    return;
                job = std::move(m_jobs.front());
                m_jobs.pop_front();
            }
            m_not_full.notify_one();
            job();
        }
    }

    std::size_t m_capacity;
    std::vector<std::thread> m_threads;
    std::deque<std::function<void()>> m_jobs;
    std::mutex m_mutex;
    std::condition_variable m_not_empty, m_not_full;
    bool m_stopping = false;
};

const char* const content_security_policy = "default-src 'none'; style-src 'self'; img-src 'self' "
                                            "data:; form-action 'self'; base-uri 'none'; "
                                            "frame-ancestors 'none'";

void secure(httplib::Response& res) {
    res.set_header("Content-Security-Policy", content_security_policy);
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("Referrer-Policy", "no-referrer");
    res.set_header("X-Frame-Options", "DENY");
    if (!res.has_header("Cache-Control"))
        res.set_header("Cache-Control", "no-cache");
}

/// A request target for the log: bounded, and raw bytes the terminal could act on escaped.
std::string shown_target(const std::string& target) {
    std::string out;
    for (const char c : target.substr(0, 200)) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7f) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "%%%02X", u);
            out += buf;
        } else {
            out += c;
        }
    }
    return target.size() > 200 ? out + "..." : out;
}

/// A message for what the HTTP layer refused before the site saw the request.
std::string refusal(int status) {
    switch (status) {
    case 400:
        return "requête HTTP mal formée";
    case 404:
        return "aucune page à cette adresse";
    case 413:
        return "requête trop grosse : ce serveur ne prend pas de corps de requête";
    case 414:
        return "adresse trop longue (au plus 8 192 octets)";
    case 431:
        return "en-têtes trop longs";
    default:
        return "requête refusée";
    }
}

} // namespace

struct HttpServer::Impl {
    httplib::Server server;
};

HttpServer::HttpServer(Site& site, ServerConfig config)
    : m_impl(std::make_unique<Impl>()), m_site(site), m_config(std::move(config)) {
    auto& svr = m_impl->server;
    const std::size_t threads = m_config.threads, queue = m_config.queue;
    svr.new_task_queue = [threads, queue] { return new BoundedPool(threads, queue); };
    // SO_REUSEADDR alone: cpp-httplib's default SO_REUSEPORT would let a second server take
    // the same port silently and share its clients.
    svr.set_socket_options([](socket_t sock) {
        int yes = 1;
        ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    });
    // Headers and body go out in separate writes: without TCP_NODELAY, Nagle's algorithm and
    // the client's delayed ACK hold every answer back about 40 ms.
    svr.set_tcp_nodelay(true);
    svr.set_read_timeout(m_config.read_timeout);
    svr.set_write_timeout(m_config.write_timeout);
    svr.set_keep_alive_timeout(m_config.keep_alive.count());
    svr.set_keep_alive_max_count(m_config.keep_alive_requests);
    svr.set_payload_max_length(m_config.max_body);

    const auto handle = [this](const httplib::Request& req, httplib::Response& res) {
        const auto start = std::chrono::steady_clock::now();
        Request request;
        request.method = req.method;
        request.path = req.path;
        for (const auto& [name, value] : req.params)
            request.params.emplace_back(name, value);
        Response response = m_site.handle(request);
        res.status = response.status;
        for (const auto& [name, value] : response.headers)
            res.set_header(name.c_str(), value);
        res.set_content(std::move(response.body), response.content_type.c_str());
        secure(res);
        if (m_config.log) {
            const auto ms =
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                    .count();
            char took[32];
            std::snprintf(took, sizeof took, "%.1f ms", ms);
            m_config.log(req.method + " " + shown_target(req.target) + " " +
                         std::to_string(res.status) + " " + took);
        }
    };
    // Every method reaches the site, which answers 405 to all but GET and HEAD.
    svr.Get(".*", handle);
    svr.Post(".*", handle);
    svr.Put(".*", handle);
    svr.Patch(".*", handle);
    svr.Delete(".*", handle);
    svr.Options(".*", handle);
    svr.set_error_handler(httplib::Server::HandlerWithResponse([this](const httplib::Request& req,
                                                                      httplib::Response& res) {
        if (!res.body.empty())
            return httplib::Server::HandlerResponse::Unhandled;
        res.set_content("ctoc-serve : " + refusal(res.status) + "\n", "text/plain; charset=utf-8");
        secure(res);
        if (m_config.log)
            m_config.log(req.method + " " + shown_target(req.target) + " " +
                         std::to_string(res.status));
        return httplib::Server::HandlerResponse::Handled;
    }));
    svr.set_exception_handler(
        [](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
            res.status = 500;
            res.set_content("ctoc-serve : erreur interne\n", "text/plain; charset=utf-8");
            secure(res);
        });
}

HttpServer::~HttpServer() = default;

void HttpServer::bind() {
    auto& svr = m_impl->server;
    errno = 0;
    if (m_config.port == 0) {
        m_port = svr.bind_to_any_port(m_config.bind);
    } else {
        m_port = svr.bind_to_port(m_config.bind, m_config.port) ? m_config.port : -1;
    }
    if (m_port > 0)
        return;
    const int error = errno;
    const std::string where = m_config.bind + ":" + std::to_string(m_config.port);
    std::string why;
    if (error == EADDRINUSE)
        why = "the port is in use (another ctoc-serve?); choose another with --port";
    else if (error == EACCES)
        why = "ports below 1024 need privileges; choose another with --port";
    else if (error == EADDRNOTAVAIL)
        why =
            m_config.bind + " is not an address of this machine; give --bind one of its addresses";
    else
        why = (error != 0 ? std::string(std::strerror(error)) + "; " : std::string()) +
              "check --bind (an address of this machine, such as 127.0.0.1) and --port";
    throw ServerError("cannot listen on " + where + ": " + why);
}

bool HttpServer::listen() {
    {
        std::lock_guard lock(m_mutex);
        if (m_stop_requested)
            return true;
        m_listening = true;
    }
    const bool served = m_impl->server.listen_after_bind();
    m_listening = false;
    return served;
}

void HttpServer::stop() {
    {
        std::lock_guard lock(m_mutex);
        m_stop_requested = true;
        if (!m_listening)
            return;
    }
    // cpp-httplib's stop() does nothing until its loop has marked itself running: a stop
    // asked just after listen() began would be lost, and listen() would never return.
    while (m_listening && !m_impl->server.is_running())
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    m_impl->server.stop();
}

} // namespace ctoc::serve
