#!/usr/bin/env bash
# Load test of ctoc-serve, one command (bounded: about two minutes, 127.0.0.1 only):
#   bench/serve.sh BUILD_DIR [--docs 10000] [--seed 42] [--clients 16] [--seconds 15]
# Generates the CTOC-like corpus (ctoc-bench-generate), indexes it with ctoc-index, then
# ctoc-bench-serve measures requests per second and latency of the real ctoc-serve with
# concurrent keep-alive clients, against the same requests answered in-process in the same
# run. Writes bench/results/serve.md. Generated data goes to bench/work/.
set -euo pipefail

usage() { echo "usage: bench/serve.sh BUILD_DIR [--docs N] [--seed N] [--clients N] [--seconds S]" >&2; exit 2; }
[ $# -ge 1 ] || usage
BUILD=$(cd "$1" && pwd); shift
DOCS=10000
SEED=42
CLIENTS=16
SECONDS_EACH=15
while [ $# -gt 0 ]; do
    case "$1" in
    --docs) DOCS=$2; shift 2 ;;
    --seed) SEED=$2; shift 2 ;;
    --clients) CLIENTS=$2; shift 2 ;;
    --seconds) SECONDS_EACH=$2; shift 2 ;;
    *) usage ;;
    esac
done

BENCH=$(cd "$(dirname "$0")" && pwd)
WORK=${CTOC_BENCH_WORK:-$BENCH/work}
RESULTS=${CTOC_BENCH_RESULTS:-$BENCH/results}
for tool in "$BUILD/bench/ctoc-bench-generate" "$BUILD/bench/ctoc-bench-serve" "$BUILD/indexer/ctoc-index" \
    "$BUILD/searcher/ctoc-serve"; do
    [ -x "$tool" ] || { echo "bench/serve.sh: $tool not found (build first: cmake --build $BUILD)" >&2; exit 1; }
done
mkdir -p "$WORK" "$RESULTS"
dir=$WORK/serve-n$DOCS-s$SEED
if [ ! -f "$dir/ground_truth.jsonl" ]; then
    echo "bench/serve.sh: generating $DOCS documents" >&2
    rm -rf "$dir"
    "$BUILD/bench/ctoc-bench-generate" --docs "$DOCS" --seed "$SEED" --out "$dir" >/dev/null
fi
echo "bench/serve.sh: indexing" >&2
rm -rf "$dir/ctoc.db"
"$BUILD/indexer/ctoc-index" --db "$dir/ctoc.db" "$dir/docs" >/dev/null 2>"$WORK/serve-index.log"
echo "bench/serve.sh: measuring ($CLIENTS clients, $SECONDS_EACH s per kind of request)" >&2
table=$("$BUILD/bench/ctoc-bench-serve" --serve "$BUILD/searcher/ctoc-serve" --db "$dir/ctoc.db" \
    --queries "$BENCH/queries.txt" --clients "$CLIENTS" --seconds "$SECONDS_EACH")
{
    echo "# ctoc-serve under load"
    echo
    echo "- Command: \`bench/serve.sh BUILD --docs $DOCS --seed $SEED --clients $CLIENTS --seconds $SECONDS_EACH\`"
    echo "  (commit $(git -C "$BENCH" rev-parse --short HEAD 2>/dev/null || echo unknown), $(date -u +%Y-%m-%d))."
    echo "- Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')),"
    echo "  $(free -g | awk '/Mem:/ {print $2}') GiB, shared with other work; clients, server and in-process"
    echo "  threads share the same cores; load average when the run ended: $(cut -d" " -f1-3 /proc/loadavg)."
    echo "- Corpus: \`ctoc-bench-generate --docs $DOCS --seed $SEED\`, indexed by ctoc-index."
    echo "- Requests: each query of bench/queries.txt as the search page (with its facets), as"
    echo "  /api/search, and the page of its first result with the query's words marked; then the"
    echo "  compiled-in stylesheet, the floor of what HTTP and the server cost by themselves."
    echo "  Keep-alive connections, as browsers use. In-process: the same requests to"
    echo "  ctoc::serve::Site on as many threads, without HTTP, alternating with the HTTP runs."
    echo "  In-process threads call back to back with no network pause between requests, and on"
    echo "  2 cores they have come out slower than the server in every run so far: read the"
    echo "  ratio as 'HTTP adds no measurable cost', and the stylesheet row for what HTTP costs."
    echo
    echo "$table"
} >"$RESULTS/serve.md"
cat "$RESULTS/serve.md"
