// ctoc-serve as a user starts it: options, and the errors that stop it before it serves.
#include "support.h"

#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using ctoc::test::lines;
using ctoc::test::run;
using ctoc::test::TempDir;

TEST_CASE("ctoc-serve --help fits 80 columns and names the pages and the API", "[cli][serve]") {
    const auto r = run({CTOC_SERVE_BIN, "--help"});
    CHECK(r.status == 0);
    for (const auto& line : lines(r.out)) {
        INFO(line);
        CHECK(line.size() <= 80);
    }
    CHECK(r.out.find("/api/search") != std::string::npos);
    CHECK(r.out.find("--bind") != std::string::npos);
}

TEST_CASE("ctoc-serve: bad options are usage errors (exit 2) naming the option", "[cli][serve]") {
    for (const auto& [args, message] :
         std::vector<std::pair<std::vector<std::string>, std::string>>{
             {{"--port", "70000"}, "--port must be between 0 and 65535"},
             {{"--port", "http"}, "the argument ('http') for option '--port' is invalid"},
             {{"--threads", "0"}, "--threads must be between 1 and 256"},
             {{"--frobnicate"}, "unrecognised option '--frobnicate'"},
             // An index named without --db was once silently ignored.
             {{"/srv/ctoc.db"},
              "unexpected argument '/srv/ctoc.db' (ctoc-serve takes options "
              "only: the index to serve is --db DB)"},
         }) {
        std::vector<std::string> argv{CTOC_SERVE_BIN};
        argv.insert(argv.end(), args.begin(), args.end());
        const auto r = run(argv);
        INFO(r.err);
        CHECK(r.status == 2);
        CHECK(r.err.find("ctoc-serve: " + message) == 0);
    }
}

TEST_CASE("ctoc-serve: no index, or a port in use, is one line and exit 1", "[cli][serve]") {
    TempDir dir;
    const auto none = run({CTOC_SERVE_BIN, "--db", dir / "nothing", "--port", "0"});
    CHECK(none.status == 1);
    CHECK(none.err == "ctoc-serve: no index at " + (dir / "nothing") +
                          "; build it with: ctoc-index --db " + (dir / "nothing") +
                          " [FILES OR DIRECTORIES]\n");

    const std::string db = dir / "db";
    REQUIRE(run({CTOC_INDEX_BIN, "--db", db}).status == 0);
    // Hold a port, then ask ctoc-serve for it.
    const int sock = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(sock >= 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(sock, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    REQUIRE(::listen(sock, 1) == 0);
    socklen_t len = sizeof addr;
    REQUIRE(::getsockname(sock, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
    const std::string port = std::to_string(ntohs(addr.sin_port));
    const auto taken = run({CTOC_SERVE_BIN, "--db", db, "--port", port});
    ::close(sock);
    CHECK(taken.status == 1);
    CHECK(taken.err ==
          "ctoc-serve: cannot listen on 127.0.0.1:" + port +
              ": the port is in use (another ctoc-serve?); choose another with --port\n");
}
