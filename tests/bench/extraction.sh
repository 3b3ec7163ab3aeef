#!/bin/sh
# Article-extraction benchmark: quality (F1, precision, recall against the
# hand-checked ground truth) and single-process speed, with libxml2's bare
# parse of the same pages as the speed yardstick.
#
#   tests/bench/extraction.sh [BUILD_DIR]     (or BUILD=dir; default: build)
#
# Needs the benchmark data in ../shared/benchmarks/article-extraction next
# to the source tree (or AF_BENCH_DIR); without it the script says so and
# exits 0.  RUNS=n repeats each timing n times (default 3) and keeps the
# fastest, because the machine is shared.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:-${BUILD:-build}}
case $build in /*) ;; *) build="$root/$build" ;; esac
bench=${AF_BENCH_DIR:-$root/../shared/benchmarks/article-extraction}
runs=${RUNS:-3}

if [ ! -f "$bench/ground-truth.json" ] || [ ! -d "$bench/html" ]; then
  echo "extraction benchmark: no data at $bench, skipping"
  exit 0
fi
bare="$build/tests/bench/bare_parse"
if [ ! -x "$bare" ]; then
  echo "extraction benchmark: $bare not built (cmake --build $build)" >&2
  exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

# Which extractor front end: the product CLI when it works, else the
# development driver (same library, same per-page timing rules).
mode=""
if [ -x "$build/auditfeed" ] &&
   "$build/auditfeed" extract --help >/dev/null 2>&1; then
  mode=cli
elif [ -x "$build/tests/extract/xbench" ]; then
  mode=xbench
else
  echo "extraction benchmark: neither $build/auditfeed nor xbench is built" >&2
  exit 1
fi

pages=$(ls "$bench/html" | grep -c '\.html')
best_ours=0
best_bare=0
peak=0
i=0
while [ "$i" -lt "$runs" ]; do
  i=$((i + 1))
  if [ "$mode" = cli ]; then
    /usr/bin/time -v -o "$tmp/time" "$build/auditfeed" extract \
      --format jsonl --no-findings --stats "$bench/html" \
      >"$tmp/out.jsonl" 2>"$tmp/stats" || true
    # Per-page busy time when the CLI reports it (start-up left out).
    pps=$(sed -n 's/.*pages_per_busy_s=\([0-9.]*\).*/\1/p' "$tmp/stats" | tail -1)
    [ -n "$pps" ] ||
      pps=$(sed -n 's/.*pages_per_s=\([0-9.]*\).*/\1/p' "$tmp/stats" | tail -1)
  else
    /usr/bin/time -v -o "$tmp/time" "$build/tests/extract/xbench" \
      "$bench/html" "$tmp/pred.json" >"$tmp/stats" 2>&1 || true
    pps=$(sed -n 's/.*pages_per_s \([0-9.]*\).*/\1/p' "$tmp/stats" | tail -1)
  fi
  kb=$(sed -n 's/.*Maximum resident set size (kbytes): *//p' "$tmp/time")
  bare_pps=$("$bare" "$bench/html" | sed -n 's/.*pages_per_s \([0-9.]*\).*/\1/p')
  best_ours=$(awk -v a="$best_ours" -v b="${pps:-0}" 'BEGIN{print (b>a)?b:a}')
  best_bare=$(awk -v a="$best_bare" -v b="${bare_pps:-0}" 'BEGIN{print (b>a)?b:a}')
  peak=$(awk -v a="$peak" -v b="${kb:-0}" 'BEGIN{print (b>a)?b:a}')
done

if [ "$mode" = cli ]; then
  python3 - "$tmp/out.jsonl" "$tmp/pred.json" "$best_ours" <<'PY'
import json, os, sys
out = {}
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        line = line.strip()
        if not line:
            continue
        o = json.loads(line)
        pid = os.path.basename(o.get("input", "")).split(".")[0]
        out[pid] = {"articleBody": o.get("text") or ""}
json.dump({"version": "auditfeed-extract", "meta": {"pages_per_s": float(sys.argv[3])},
           "output": out}, open(sys.argv[2], "w", encoding="utf-8"))
PY
fi

python3 "$bench/eval_extraction.py" --gt "$bench/ground-truth.json" \
  --missing-as-empty "$tmp/pred.json" >"$tmp/eval" 2>&1 || {
  cat "$tmp/eval" >&2
  exit 1
}
row=$(grep '^pred ' "$tmp/eval" || true)
f1=$(echo "$row" | awk '{print $3}')
prec=$(echo "$row" | awk '{print $6}')
rec=$(echo "$row" | awk '{print $9}')

echo "extractor front end : $mode ($build)"
echo "pages               : $pages"
echo "F1                  : $f1"
echo "precision           : $prec"
echo "recall              : $rec"
echo "pages/s (ours)      : $best_ours  (best of $runs, single process)"
echo "pages/s (bare parse): $best_bare  (libxml2 htmlReadMemory only)"
awk -v a="$best_ours" -v b="$best_bare" \
  'BEGIN{ if (b > 0) printf "speed vs bare parse : %.2fx\n", a / b }'
awk -v k="$peak" 'BEGIN{ printf "peak memory         : %.1f MB\n", k / 1024 }'
