#!/bin/sh
# Extraction speed A/B in one run: two builds of auditfeed (A, usually the
# previous extractor; B, the one under test) and libxml2's bare parse,
# taking turns on the same pages (A and B swap places every round).  The
# machine is shared, so each program is timed by the CPU time it used
# (user + system, from /usr/bin/time), not by the clock, and the figure
# is the median over the rounds of each round's own ratio.
#
#   tests/bench/extract_ab.sh BUILD_A BUILD_B [PAGES_DIR]
#
# PAGES_DIR defaults to the article-extraction benchmark's pages
# (../shared/benchmarks/article-extraction/html, or AF_BENCH_DIR); without
# them the script says so and exits 0.  RUNS=n rounds (default 10).  The
# bare parse is BUILD_B's tests/bench/bare_parse, else BUILD_A's.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
a=${1:?usage: extract_ab.sh BUILD_A BUILD_B [PAGES_DIR]}
b=${2:?usage: extract_ab.sh BUILD_A BUILD_B [PAGES_DIR]}
case $a in /*) ;; *) a="$root/$a" ;; esac
case $b in /*) ;; *) b="$root/$b" ;; esac
pages=${3:-${AF_BENCH_DIR:-$root/../shared/benchmarks/article-extraction}/html}
runs=${RUNS:-10}

if [ ! -d "$pages" ]; then
  echo "extraction A/B: no pages at $pages, skipping"
  exit 0
fi
bare="$b/tests/bench/bare_parse"
[ -x "$bare" ] || bare="$a/tests/bench/bare_parse"
for x in "$a/auditfeed" "$b/auditfeed" "$bare" /usr/bin/time; do
  if [ ! -x "$x" ]; then
    echo "extraction A/B: $x not found or not built" >&2
    exit 1
  fi
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

# CPU seconds (user + system) one command used.
cpu() {
  /usr/bin/time -f "%U %S" -o "$tmp/t" "$@" >/dev/null 2>&1 || true
  awk '{printf "%.3f\n", $1 + $2}' "$tmp/t"
}
ext() { cpu "$1/auditfeed" extract --format jsonl --no-findings "$pages"; }

: >"$tmp/rows"
i=0
while [ "$i" -lt "$runs" ]; do
  i=$((i + 1))
  if [ $((i % 2)) -eq 1 ]; then
    ta=$(ext "$a")
    tb=$(ext "$b")
  else
    tb=$(ext "$b")
    ta=$(ext "$a")
  fi
  tp=$(cpu "$bare" "$pages")
  echo "$ta $tb $tp" >>"$tmp/rows"
done

n=$(ls "$pages" | grep -c '\.html')
echo "pages          : $n ($pages), $runs rounds, CPU seconds per run (median)"
python3 - "$tmp/rows" "$a" "$b" "$n" <<'PY'
import statistics, sys
rows = [list(map(float, l.split())) for l in open(sys.argv[1]) if l.strip()]
med = lambda xs: statistics.median(xs)
ta, tb, tp = (med([r[k] for r in rows]) for k in range(3))
n = int(sys.argv[4])
print(f"A              : {ta:.2f} s, {n / ta:.0f} pages/s  ({sys.argv[2]})")
print(f"B              : {tb:.2f} s, {n / tb:.0f} pages/s  ({sys.argv[3]})")
print(f"bare parse     : {tp:.2f} s, {n / tp:.0f} pages/s  (libxml2 htmlReadMemory only)")
print(f"B / A time     : {med([r[1] / r[0] for r in rows]):.2f}  (median of the rounds' ratios; < 1: B faster)")
print(f"A / bare time  : {med([r[0] / r[2] for r in rows]):.2f}")
print(f"B / bare time  : {med([r[1] / r[2] for r in rows]):.2f}")
PY
