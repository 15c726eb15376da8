#!/usr/bin/env bash
# Damaged copies of an index: each table file of a generation deleted, emptied, cut in half or
# overwritten with 4 bytes at 6 places (45 copies). For each, what ctoc-search answers (the same
# documents as the sound index, a "damaged ... --rebuild" message, another error, or WRONG:
# other results with exit 0) and what an incremental ctoc-index run says.
#   bench/reliability/corruption.sh BIN_DIR [JSONL]   (BIN_DIR holds ctoc-index and ctoc-search)
set -uo pipefail
bin=${1:?usage: corruption.sh BIN_DIR [JSONL]}
input=${2:-$(dirname "$0")/../../../shared/corpora/unv1-fr/documents.jsonl}
[ -f "$input" ] || { echo "corruption.sh: $input not found" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$bin/ctoc-index" -q --db "$work/db" "$input" || exit 1
query=(--format csv --no-snippets -n 5000 "traite OR migrants OR armes OR conférence")
answer() { "$bin/ctoc-search" --db "$1" "${query[@]}" 2>>"$work/err" | cut -d, -f1,2,4-
           "$bin/ctoc-search" --db "$1" --format csv -n 50 '"traite des personnes"' 2>>"$work/err"; }
reference=$(answer "$work/db")
generation=$(basename "$(ls -d "$work"/db/gen-*)")
for file in iamglass postlist.glass termlist.glass docdata.glass position.glass; do
    for how in deleted emptied halved at1 at2 at3 at4 at5 at6; do
        rm -rf "$work/copy" "$work/err"
        cp -a "$work/db" "$work/copy"
        target="$work/copy/$generation/$file"
        size=$(stat -c %s "$target")
        case $how in
        deleted) rm "$target" ;;
        emptied) : >"$target" ;;
        halved) truncate -s $((size / 2)) "$target" ;;
        at*) printf '\xff\x00\x55\xaa' | dd of="$target" bs=1 seek=$((size * ${how#at} / 7)) conv=notrunc 2>/dev/null ;;
        esac
        got=$(answer "$work/copy"; echo "exit ${PIPESTATUS[0]}")
        if [ -s "$work/err" ]; then
            if grep -q "damaged" "$work/err"; then search="damaged"; else search="error: $(head -1 "$work/err" | cut -c1-90)"; fi
            grep -q "core dumped\|Segmentation" "$work/err" && search="CRASH"
        elif [ "$got" == "$reference"$'\n'"exit 0" ]; then search="same"
        else search="WRONG"; fi
        "$bin/ctoc-index" -q --db "$work/copy" "$input" 2>"$work/ierr"
        status=$?
        if [ $status -eq 0 ]; then index="exit 0"
        elif grep -q "damaged" "$work/ierr"; then index="exit $status, damaged"
        else index="exit $status: $(head -1 "$work/ierr" | cut -c1-90)"; fi
        printf '%-15s %-8s | search: %-30s | index: %s\n' "$file" "$how" "$search" "$index"
    done
done
