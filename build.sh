#!/usr/bin/env bash
# Set-up, build and run for a fresh Debian 12 machine.
#   ./build.sh demo   install what is missing, build, index the bundled corpus, run a search
#   ./build.sh test   install what is missing, build, run the whole test suite
#   ./build.sh check  the layout (clang-format), the test suite under ASan+UBSan, then each
#                     fuzzer for FUZZ_SECONDS (60)
#   ./build.sh bench  install what is missing (omega, Recoll, PostgreSQL too), build, run the benchmarks
#   ./build.sh package  build, make the Debian package (cpack -G DEB), install it with apt-get, run
#                     the installed programs as a plain user, purge it (packaging/test-package.sh)
set -euo pipefail
cd "$(dirname "$0")"

BUILD_DIR=${BUILD_DIR:-build}
PACKAGES=(g++ cmake make pkg-config libxapian-dev xapian-tools libicu-dev libboost-program-options-dev nlohmann-json3-dev libsimdjson-dev libzstd-dev catch2
          libcpp-httplib-dev chromium python3-websocket
          libpoppler-cpp-dev libxml2-dev libzip-dev libgsf-1-dev libjemalloc-dev libreoffice-writer-nogui
          help2man zsh dpkg-dev)

install_missing() {
    local missing=()
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "build.sh: installing ${missing[*]}" >&2
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

build() {
    local dir=$1
    shift
    cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
    cmake --build "$dir" -j "$(nproc)"
}

case "${1:-}" in
demo)
    install_missing "${PACKAGES[@]}"
    build "$BUILD_DIR"
    "$BUILD_DIR/indexer/ctoc-index"
    "$BUILD_DIR/searcher/ctoc-search" "traite des personnes"
    ;;
test)
    install_missing "${PACKAGES[@]}"
    build "$BUILD_DIR"
    ctest --test-dir "$BUILD_DIR" --output-on-failure -j "$(nproc)"
    ;;
check)
    install_missing "${PACKAGES[@]}" clang libclang-rt-14-dev clang-format
    # Every C++ file as .clang-format lays it out (clang-format 14, Debian 12's).
    git ls-files '*.cpp' '*.h' | xargs clang-format --dry-run --Werror ||
        { echo "build.sh: run: git ls-files '*.cpp' '*.h' | xargs clang-format -i" >&2; exit 1; }
    # The whole suite under AddressSanitizer and UndefinedBehaviorSanitizer.
    build build-sanitize -DCTOC_SANITIZE=ON -DCTOC_BUILD_BENCH=OFF
    # new_delete_type_mismatch=0: Xapian 1.4.22's own Database::check (ctoc-index --check, and
    # incremental runs on changed files) deletes a table through a pointer of another class,
    # inside libxapian; every other ASan check stays on.
    # Leaks are reported but libgsf's own, on damaged Word 97-2003 files (tests/sanitizers/lsan.supp).
    export LSAN_OPTIONS="suppressions=$PWD/tests/sanitizers/lsan.supp:print_suppressions=0"
    ASAN_OPTIONS=detect_leaks=1:new_delete_type_mismatch=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        ctest --test-dir build-sanitize --output-on-failure -j "$(nproc)"
    # Each fuzzer for a bounded time, seeded from the bundled corpus; a crash, leak or
    # timeout fails the run and leaves its input in build-fuzz/artifacts/.
    CXX=clang++ build build-fuzz -DCTOC_BUILD_FUZZERS=ON -DCTOC_BUILD_TESTS=OFF -DCTOC_BUILD_BENCH=OFF -DCTOC_BUILD_MANPAGES=OFF
    mkdir -p build-fuzz/artifacts
    for target in fuzz_analyzer fuzz_metadata fuzz_jsonl fuzz_query fuzz_stored_text fuzz_doc; do
        work="build-fuzz/corpus-$target"
        mkdir -p "$work"
        seeds=(corpus/documents)
        [ -d "tests/fuzz/seeds/${target#fuzz_}" ] && seeds=("tests/fuzz/seeds/${target#fuzz_}")
        echo "build.sh: fuzzing $target for ${FUZZ_SECONDS:-60} s" >&2
        "build-fuzz/tests/fuzz/$target" -max_total_time="${FUZZ_SECONDS:-60}" -timeout=10 -rss_limit_mb=2048 \
            -max_len=65536 -print_final_stats=1 -artifact_prefix=build-fuzz/artifacts/ "$work" "${seeds[@]}" \
            2>"build-fuzz/$target.log" || { tail -50 "build-fuzz/$target.log"; exit 1; }
        grep -E "^stat::number_of_executed_units" "build-fuzz/$target.log" >&2 || true
    done
    ;;
bench)
    # The peers of bench/relevance/run.sh: omega, SQLite FTS5, Recoll, PostgreSQL, Xapian's Python bindings.
    install_missing "${PACKAGES[@]}" xapian-omega gnuplot-nox time wfrench sqlite3 recollcmd postgresql python3-xapian
    build "$BUILD_DIR"
    shift
    exec bench/run.sh "$BUILD_DIR" "$@"
    ;;
package)
    install_missing "${PACKAGES[@]}"
    build "$BUILD_DIR"
    rm -f "$BUILD_DIR"/ctocsearch_*.deb
    (cd "$BUILD_DIR" && cpack -G DEB >/dev/null)
    deb=$(ls "$BUILD_DIR"/ctocsearch_*.deb)
    echo "build.sh: made $deb" >&2
    timeout 600 packaging/test-package.sh "$deb"
    ;;
*)
    echo "usage: ./build.sh demo|test|check|bench|package" >&2
    exit 2
    ;;
esac
