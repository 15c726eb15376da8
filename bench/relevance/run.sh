#!/usr/bin/env bash
# Relevance against the peers, on generated query sets judged by an engine-independent matcher:
#   bench/relevance/run.sh BUILD_DIR [--sizes 1468,10000] [--seed 42]
#                          [--engines ours,fts5,recoll,omega,postgres] [--kinds KIND,...]
#                          [--counts known=1000,phrase=500,...]
# For each size: the 1,468 real documents (the bundled corpus and unv1-fr, one .txt file each),
# plus ctoc-bench-generate distractors up to the size; a query set drawn from the real documents
# (reference.py, fixed seed) and judged over all of them; each engine indexes the same folder
# and answers every query (engines.py); report.py writes bench/results/relevance-peers.md.
# Collections, query sets, peer indexes and peer results are cached in bench/work/relevance/,
# keyed by size and seed: rerunning with --engines ours re-indexes and re-queries ours only and
# reuses the peers' results. Skipped, with a message, when unv1-fr is absent.
set -euo pipefail

usage() {
    echo "usage: bench/relevance/run.sh BUILD_DIR [--sizes 1468,10000] [--seed 42] [--engines ours,fts5,recoll,omega,postgres] [--kinds known,phrase,phrase-folded,homograph,homograph2] [--counts KIND=N,...]" >&2
    exit 2
}
[ $# -ge 1 ] || usage
[ -d "$1" ] || { echo "bench/relevance/run.sh: $1: no such build directory" >&2; exit 2; }
BUILD=$(cd "$1" && pwd); shift
SIZES=1468,10000
SEED=42
ENGINES=ours,fts5,recoll,omega,postgres
KINDS=known,phrase,phrase-folded,homograph,homograph2
COUNTS=known=1000,phrase=500,phrase-folded=500,homograph=1000,homograph2=1000
while [ $# -gt 0 ]; do
    [ $# -ge 2 ] || usage
    case "$1" in
    --sizes) SIZES=$2 ;;
    --seed) SEED=$2 ;;
    --engines) ENGINES=$2 ;;
    --kinds) KINDS=$2 ;;
    --counts) COUNTS=$2 ;;
    *) usage ;;
    esac
    shift 2
done

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(dirname "$(dirname "$HERE")")
WORK=${CTOC_BENCH_WORK:-$REPO/bench/work}/relevance
RESULTS=${CTOC_BENCH_RESULTS:-$REPO/bench/results}
UNV=${CTOC_UNV_JSONL:-$REPO/../shared/corpora/unv1-fr/documents.jsonl}
PY=/usr/bin/python3 # Debian's, which has python3-xapian
export LC_ALL=C.UTF-8 PGCLIENTENCODING=UTF8 # queries and paths are UTF-8 for every engine
GEN=$BUILD/bench/ctoc-bench-generate
log() { echo "relevance: $*" >&2; }

if [ ! -f "$UNV" ]; then
    log "unv1-fr ($UNV) absent: the peer relevance bench needs its 1,463 documents; skipped"
    exit 0
fi
for e in ${ENGINES//,/ }; do
    case "$e" in
    ours) need=("$BUILD/indexer/ctoc-index" "$BUILD/searcher/ctoc-search") ;;
    fts5) need=() ;;
    recoll) need=(recollindex recollq) ;;
    omega) need=(omindex) ;;
    postgres) need=(psql /usr/lib/postgresql/15/bin/pg_ctl runuser) ;;
    *) echo "bench/relevance/run.sh: unknown engine '$e' (ours, fts5, recoll, omega, postgres)" >&2; exit 2 ;;
    esac
    for tool in "${need[@]}"; do
        command -v "$tool" >/dev/null || { echo "bench/relevance/run.sh: $tool not found (./build.sh bench installs the peers)" >&2; exit 1; }
    done
done
$PY -c 'import xapian' 2>/dev/null || { echo "bench/relevance/run.sh: python3-xapian missing (./build.sh bench installs it)" >&2; exit 1; }
[ -x "$GEN" ] || { echo "bench/relevance/run.sh: $GEN not found (build with CTOC_BUILD_BENCH=ON)" >&2; exit 1; }
mkdir -p "$WORK" "$RESULTS"

# The real documents once: the bundled corpus and unv1-fr, one .txt file a document.
real=$WORK/real
if [ ! -f "$real/.complete" ]; then
    log "writing the real documents to $real"
    rm -rf "$real"
    mkdir -p "$real/docs/bundled"
    cp "$REPO"/corpus/documents/*.txt "$real/docs/bundled/"
    "$GEN" --export-jsonl "$UNV" --out "$real/unv" 2>/dev/null
    mv "$real/unv/docs" "$real/docs/unv" && rmdir "$real/unv"
    touch "$real/.complete"
fi
nreal=$(find "$real/docs" -name '*.txt' | wc -l)

PG=$WORK/postgres # one throw-away cluster, a database per collection
clean_postgres() { [ -d "$PG" ] && $PY "$HERE/engines.py" stop-postgres postgres --root "$real/docs" --work "$WORK" --pg "$PG" || true; }
trap clean_postgres EXIT

collections=()
for n in ${SIZES//,/ }; do
    [[ "$n" =~ ^[0-9]+$ ]] && [ "$n" -ge "$nreal" ] || { echo "bench/relevance/run.sh: --sizes: $n is not a number of at least $nreal (the real documents)" >&2; exit 2; }
    col=$WORK/n$n-s$SEED
    if [ ! -f "$col/.complete" ]; then
        log "$n documents: $nreal real ones and $((n - nreal)) generated (seed $SEED)"
        rm -rf "$col"
        mkdir -p "$col"
        cp -r "$real/docs" "$col/docs"
        if [ "$n" -gt "$nreal" ]; then
            "$GEN" --docs $((n - nreal)) --seed "$SEED" --out "$col/gen" 2>/dev/null
            mv "$col/gen/docs" "$col/docs/gen"
            rm -rf "$col/gen"
        fi
        (cd "$col/docs" && find . -name '*.txt' | sed 's|^\./||' | LC_ALL=C sort |
            awk '{ print $0 "\t" ($0 ~ /^gen\// ? "distractor" : "real") }') >"$col/manifest.tsv"
        touch "$col/.complete"
    fi
    # Keyed by the counts and the generator itself: a change to reference.py draws anew.
    queries=$col/queries-$( (echo "$COUNTS"; cat "$HERE/reference.py") | md5sum | cut -c1-8).jsonl
    if [ ! -f "$queries" ]; then
        log "$n: drawing the query sets (seed $SEED)"
        $PY "$HERE/reference.py" --root "$col/docs" --manifest "$col/manifest.tsv" --seed "$SEED" --counts "$COUNTS" --out "$queries"
    fi
    qkey=$(md5sum <"$queries" | cut -c1-8)
    # The known items' ties (documents holding the words in order in one sentence): the ceiling.
    if [ ! -f "$col/ties-$qkey.json" ]; then
        $PY "$HERE/ties.py" --root "$col/docs" --manifest "$col/manifest.tsv" --queries "$queries" --out "$col/ties-$qkey.json"
    fi
    mkdir -p "$col/results"
    for e in ${ENGINES//,/ }; do
        out=$col/results/$e-$qkey.jsonl
        if [ "$e" != ours ] && [ -f "$out" ]; then
            log "$n: $e: cached results"
            continue
        fi
        if [ "$e" = ours ] || [ ! -f "$col/.indexed-$e" ]; then
            log "$n: $e: indexing"
            $PY "$HERE/engines.py" index "$e" --root "$col/docs" --work "$col/engines" --build "$BUILD" --pg "$PG"
            touch "$col/.indexed-$e"
        fi
        log "$n: $e: querying"
        $PY "$HERE/engines.py" query "$e" --root "$col/docs" --work "$col/engines" --build "$BUILD" --pg "$PG" --queries "$queries" --out "$out"
    done
    collections+=("$n=$queries")
done
clean_postgres

# The ranking measured is that of the sources BUILD was built from (maybe another worktree).
SRC=$(sed -n 's/^CMAKE_HOME_DIRECTORY:INTERNAL=//p' "$BUILD/CMakeCache.txt" 2>/dev/null)
SRC=${SRC:-$REPO}
ranking=$(git -C "$SRC" log -1 --format=%h -- analyzers indexer searcher corpus 2>/dev/null || echo unknown)
commit="$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown); ours built from $SRC, ranking code of commit $ranking$(git -C "$SRC" diff --quiet HEAD -- analyzers indexer searcher corpus 2>/dev/null || echo ' with uncommitted changes')"
$PY "$HERE/report.py" --seed "$SEED" --commit "$commit" --kinds "$KINDS" \
    --command "bench/relevance/run.sh BUILD --sizes $SIZES --seed $SEED --counts $COUNTS" \
    --out "$RESULTS/relevance-peers.md" "${collections[@]}"
log "wrote $RESULTS/relevance-peers.md"
