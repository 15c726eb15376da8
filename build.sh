#!/usr/bin/env bash
# Set-up, build and run for a fresh Debian 12 machine.
#   ./build.sh demo   install what is missing, build, index the bundled corpus, run a search
#   ./build.sh test   install what is missing, build, run the whole test suite
#   ./build.sh bench  install what is missing (omega too), build, run the benchmarks
set -euo pipefail
cd "$(dirname "$0")"

BUILD_DIR=${BUILD_DIR:-build}
PACKAGES=(g++ cmake make libxapian-dev xapian-tools libicu-dev libboost-program-options-dev catch2)

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
    cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
    cmake --build "$BUILD_DIR" -j "$(nproc)"
}

case "${1:-}" in
demo)
    install_missing "${PACKAGES[@]}"
    build
    "$BUILD_DIR/indexer/ctoc-index"
    "$BUILD_DIR/searcher/ctoc-search" "traite des personnes"
    ;;
test)
    install_missing "${PACKAGES[@]}"
    build
    ctest --test-dir "$BUILD_DIR" --output-on-failure -j "$(nproc)"
    ;;
bench)
    install_missing "${PACKAGES[@]}" xapian-omega gnuplot-nox time
    build
    shift
    exec bench/run.sh "$BUILD_DIR" "$@"
    ;;
*)
    echo "usage: ./build.sh demo|test|bench" >&2
    exit 2
    ;;
esac
