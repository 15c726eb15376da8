#!/usr/bin/env bash
# Indexing throughput against peers, measured in the same run:
#   bench/indexing/run.sh BUILD_DIR [--sizes 20000,100000] [--seed 42] [--rounds 3]
# For each size: a generated corpus (ctoc-bench-generate, cached in $CTOC_BENCH_WORK or
# bench/work/), then ROUNDS rounds, each indexing it in turn with ctoc-index --rebuild, omindex
# (its default flush, and XAPIAN_FLUSH_THRESHOLD=1000), and SQLite FTS5 (fts5_load.py), each
# under /usr/bin/time (wall, CPU, peak RSS); then 1% of the files are edited and ctoc-index runs
# again (incremental). Ratios are taken within a round and their median printed, as the machine
# may be shared. Prints a Markdown table on standard output.
set -euo pipefail

usage() { echo "usage: bench/indexing/run.sh BUILD_DIR [--sizes 20000,100000] [--seed 42] [--rounds 3]" >&2; exit 2; }
[ $# -ge 1 ] || usage
[ -d "$1" ] || { echo "bench/indexing/run.sh: $1: no such build directory" >&2; exit 2; }
BUILD=$(cd "$1" && pwd); shift
SIZES=20000,100000
SEED=42
ROUNDS=3
while [ $# -gt 0 ]; do
    [ $# -ge 2 ] || usage
    case "$1" in
    --sizes) SIZES=$2 ;;
    --seed) SEED=$2 ;;
    --rounds) ROUNDS=$2 ;;
    *) usage ;;
    esac
    shift 2
done
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=${CTOC_BENCH_WORK:-$(dirname "$HERE")/work}
GEN=$BUILD/bench/ctoc-bench-generate
INDEX=$BUILD/indexer/ctoc-index
for tool in "$GEN" "$INDEX" omindex python3 /usr/bin/time; do
    command -v "$tool" >/dev/null || { echo "bench/indexing/run.sh: $tool not found (./build.sh bench installs what is needed)" >&2; exit 1; }
done
mkdir -p "$WORK"
export LC_ALL=C
log() { echo "indexing: $*" >&2; }

# Runs a command under /usr/bin/time; prints "wall cpu rss_kib". Exit 3 of ctoc-index
# (some inputs skipped) is not a failure.
timed() {
    local out=$WORK/indexing-time.txt rc=0
    /usr/bin/time -f "%e %U %S %M" -o "$out" "$@" >"$WORK/indexing-last.log" 2>&1 || rc=$?
    if [ $rc -ne 0 ] && [ $rc -ne 3 ]; then
        cat "$WORK/indexing-last.log" >&2
        echo "bench/indexing/run.sh: '$*' failed ($rc)" >&2
        exit 1
    fi
    awk '{ printf "%s %.2f %s\n", $1, $2 + $3, $4 }' "$out"
}
bytes() { du -sb "$1" | cut -f1; }
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
div() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }

echo "| documents | MB of text | system | wall s (median) | CPU s | MB/s | peak RSS MiB | index MB | ours' throughput / its (median of rounds) | ours' peak / its | ours' size / its |"
echo "|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|"
IFS=, read -ra sizes <<<"$SIZES"
for n in "${sizes[@]}"; do
    dir=$WORK/n$n
    if [ ! -d "$dir/docs" ]; then
        log "$n: generating"
        "$GEN" --docs "$n" --seed "$SEED" --out "$dir" >&2
    fi
    mb=$(awk -v b="$(bytes "$dir/docs")" 'BEGIN { printf "%.1f", b / 1e6 }')
    declare -A wall=() cpu=() rss=() size=() ratio=()
    for ((r = 1; r <= ROUNDS; r++)); do
        for sys in ours omindex omindex1000 fts5; do
            log "$n: round $r: $sys"
            rm -rf "$dir/bench-$sys.db"
            case $sys in
            ours) res=$(timed "$INDEX" --rebuild --db "$dir/bench-$sys.db" "$dir/docs") ;;
            omindex) res=$(timed omindex --db "$dir/bench-$sys.db" --url / --stemmer french --overwrite "$dir/docs") ;;
            omindex1000) res=$(XAPIAN_FLUSH_THRESHOLD=1000 timed omindex --db "$dir/bench-$sys.db" --url / --stemmer french --overwrite "$dir/docs") ;;
            fts5) res=$(timed python3 "$HERE/fts5_load.py" "$dir/docs" "$dir/bench-$sys.db") ;;
            esac
            read -r w c m <<<"$res"
            wall[$sys]+="$w "; cpu[$sys]+="$c "; rss[$sys]+="$m "
            size[$sys]=$(bytes "$dir/bench-$sys.db")
        done
        for sys in omindex omindex1000 fts5; do
            ratio[$sys]+="$(div "$(echo "${wall[$sys]}" | awk '{ print $NF }')" "$(echo "${wall[ours]}" | awk '{ print $NF }')") "
        done
        # 1% of the files edited, then an incremental run, against this round's full build.
        log "$n: round $r: 1% edited, incremental run"
        find "$dir/docs" -name '*.txt' | sort | awk 'NR % 100 == 1' | while read -r f; do
            printf '\nModification %s du document, paragraphe ajouté.\n' "$r" >>"$f"
        done
        read -r w c m <<<"$(timed "$INDEX" --db "$dir/bench-ours.db" "$dir/docs")"
        wall[incr]+="$w "; cpu[incr]+="$c "; rss[incr]+="$m "
        ratio[incr]+="$(div "$w" "$(echo "${wall[ours]}" | awk '{ print $NF }')") "
    done
    med() { tr ' ' '\n' <<<"$1" | grep . | median; }
    for sys in ours omindex omindex1000 fts5; do
        w=$(med "${wall[$sys]}")
        label=$sys
        case $sys in
        ours) label="ctoc-index --rebuild" ;;
        omindex1000) label="omindex, XAPIAN_FLUSH_THRESHOLD=1000" ;;
        fts5) label="SQLite FTS5 (python3)" ;;
        esac
        peak=$(awk -v k="$(med "${rss[$sys]}")" 'BEGIN { printf "%.0f", k / 1024 }')
        if [ "$sys" = ours ]; then
            rel="" relpeak="" relsize=""
        else
            rel="**$(med "${ratio[$sys]}")**"
            relpeak=$(div "$(med "${rss[ours]}")" "$(med "${rss[$sys]}")")
            relsize=$(div "${size[ours]}" "${size[$sys]}")
        fi
        echo "| $n | $mb | $label | $w | $(med "${cpu[$sys]}") | $(div "$mb" "$w") | $peak | $(awk -v b="${size[$sys]}" 'BEGIN { printf "%.1f", b / 1e6 }') | $rel | $relpeak | $relsize |"
    done
    echo "| $n | | ctoc-index, 1% of the files edited (incremental) | $(med "${wall[incr]}") | $(med "${cpu[incr]}") | | $(awk -v k="$(med "${rss[incr]}")" 'BEGIN { printf "%.0f", k / 1024 }') | | time / full build: **$(med "${ratio[incr]}")** | | |"
    log "$n: walls: ours ${wall[ours]}| omindex ${wall[omindex]}| omindex1000 ${wall[omindex1000]}| fts5 ${wall[fts5]}| incremental ${wall[incr]}"
    log "$n: ratios: omindex ${ratio[omindex]}| omindex1000 ${ratio[omindex1000]}| fts5 ${ratio[fts5]}| incremental ${ratio[incr]}"
    unset wall cpu rss size ratio
done
