// ctoc-serve's HTTP layer over real sockets: safety headers, size limits, HEAD, a bounded
// pool under concurrent clients, and a clear error when the port is taken.
#include <ctoc/serve/http_server.h>
#include <ctoc/serve/searcher_pool.h>
#include <ctoc/serve/site.h>

#include "support.h"

#include <catch2/catch.hpp>

#include <httplib.h>

#include <atomic>
#include <thread>

using ctoc::test::run;
using ctoc::test::TempDir;
namespace serve = ctoc::serve;

namespace {

/// A server of the bundled corpus on a free port of 127.0.0.1, stopped on destruction.
struct Running {
    TempDir dir;
    std::string db = dir / "ctoc.db";
    std::unique_ptr<serve::SearcherPool> pool;
    std::unique_ptr<serve::Site> site;
    std::unique_ptr<serve::HttpServer> server;
    std::thread thread;

    explicit Running(std::size_t threads = 4) {
        REQUIRE(run({CTOC_INDEX_BIN, "--db", db}).status == 0);
        pool = std::make_unique<serve::SearcherPool>(std::vector<std::string>{db},
                                                     ctoc::search::OpenOptions{}, threads);
        site = std::make_unique<serve::Site>(*pool);
        serve::ServerConfig config;
        config.port = 0;
        config.threads = threads;
        config.queue = 4;
        server = std::make_unique<serve::HttpServer>(*site, config);
        server->bind();
        thread = std::thread([this] { server->listen(); });
    }
    ~Running() {
        server->stop();
        thread.join();
    }
    httplib::Client client() const {
        httplib::Client c("127.0.0.1", server->bound_port());
        c.set_connection_timeout(5);
        c.set_read_timeout(20);
        c.set_url_encode(false); // send targets as written, as a browser does
        return c;
    }
};

} // namespace

TEST_CASE("ctoc-serve over HTTP: pages carry headers that forbid scripts and framing",
          "[serve][http]") {
    Running s;
    auto c = s.client();
    const auto r = c.Get("/search?q=traite+des+personnes&wg=4");
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(r->get_header_value("Content-Type") == "text/html; charset=utf-8");
    const std::string csp = r->get_header_value("Content-Security-Policy");
    CHECK(csp.find("default-src 'none'") != std::string::npos);
    CHECK(csp.find("script-src") == std::string::npos); // so no script may run at all
    CHECK(r->get_header_value("X-Content-Type-Options") == "nosniff");
    CHECK(r->get_header_value("X-Frame-Options") == "DENY");
    CHECK(r->body.find("2 documents trouvés") != std::string::npos);
    // '+' and %XX in the query are decoded as a browser's form sends them.
    const auto encoded = c.Get("/search?q=r%C3%A9solution+7%2F1");
    REQUIRE(encoded);
    CHECK(encoded->body.find("value=\"résolution 7/1\"") != std::string::npos);
    // HEAD answers like GET, without the body.
    const auto head = c.Head("/search?q=traite");
    REQUIRE(head);
    CHECK(head->status == 200);
    CHECK(head->body.empty());
}

TEST_CASE("ctoc-serve over HTTP: request bodies, long URLs and other methods are refused",
          "[serve][http]") {
    Running s;
    auto c = s.client();
    const auto big = c.Post("/search", std::string(100000, 'x'), "text/plain");
    REQUIRE(big);
    CHECK(big->status == 413);
    const auto post = c.Post("/search", "q=traite", "application/x-www-form-urlencoded");
    REQUIRE(post);
    CHECK(post->status == 405);
    CHECK(post->get_header_value("Allow") == "GET, HEAD");
    const auto del = c.Delete("/doc/1");
    REQUIRE(del);
    CHECK(del->status == 405);
    const auto longer = c.Get("/search?q=" + std::string(10000, 'a'));
    REQUIRE(longer);
    CHECK(longer->status == 414);
    const auto missing = c.Get("/no/such/page");
    REQUIRE(missing);
    CHECK(missing->status == 404);
}

TEST_CASE("ctoc-serve over HTTP: 16 concurrent clients on a pool of 2 threads are all answered",
          "[serve][http]") {
    Running s(2);
    std::atomic<int> ok{0}, failed{0};
    std::vector<std::thread> clients;
    for (int i = 0; i < 16; ++i) {
        clients.emplace_back([&, i] {
            auto c = s.client();
            c.set_keep_alive(i % 2 == 0);
            for (int j = 0; j < 5; ++j) {
                const auto r = c.Get(j % 2 ? "/api/search?q=migrants" : "/search?q=traite&wg=7");
                if (r && r->status == 200)
                    ++ok;
                else
                    ++failed;
            }
        });
    }
    for (auto& t : clients)
        t.join();
    CHECK(ok == 80);
    CHECK(failed == 0);
}

TEST_CASE("ctoc-serve: a port already in use is one clear error, not a shared port",
          "[serve][http]") {
    Running s;
    serve::ServerConfig config;
    config.port = s.server->bound_port();
    serve::HttpServer second(*s.site, config);
    try {
        second.bind();
        FAIL("a second server bound the same port");
    } catch (const serve::ServerError& e) {
        CHECK(std::string(e.what()) ==
              "cannot listen on 127.0.0.1:" + std::to_string(config.port) +
                  ": the port is in use (another ctoc-serve?); choose another with --port");
    }
}
