#!/bin/bash
# Fetch benchmark: a 500-article feed served by the fixture server on
# 127.0.0.1 with 20 ms of latency on every response, fetched by
# `auditfeed run` (feed source -> jsonl sink) at concurrency 32.
# Prints the wall time next to the ideal for that latency and concurrency.
#
#   tests/bench/fetch_latency.sh [BUILD_DIR] [ARTICLES] [LATENCY_MS] [CONCURRENCY]
set -eu
S=$(cd "$(dirname "$0")/../.." && pwd)
B=${1:-${AF_BUILD_DIR:-$S/build}}
N=${2:-500}
LAT=${3:-20}
CONC=${4:-32}
. "$S/tests/lib.sh"
scratch T fetch-bench
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy

fixture_server "$S/tests/http/fixtures" --latency "$LAT"

# Fetch only: the HTTP client alone, no pipeline behind it.
fetch_only=$("$B/tests/http/fetch_bench" "http://127.0.0.1:$PORT" "$N" "$CONC")

t0=$(date +%s%N)
"$B/auditfeed" run --plugin-dir "$B/plugins" --state-dir "$T/state" --no-progress \
  -i feed -p "url=http://127.0.0.1:$PORT/bigfeed.xml?n=$N" \
  -p concurrency="$CONC" -p per_host="$CONC" \
  -o jsonl -p path="$T/out.jsonl" >"$T/log" 2>&1 || { cat "$T/log"; exit 1; }
t1=$(date +%s%N)

docs=$(wc -l <"$T/out.jsonl" | tr -d ' ')
ms=$(((t1 - t0) / 1000000))
# robots.txt and the feed are sequential; the articles overlap CONC at a time
ideal=$(((N + CONC - 1) / CONC * LAT + 2 * LAT))
echo "articles=$N latency_ms=$LAT concurrency=$CONC docs_written=$docs"
echo "fetch_only: $fetch_only (ideal_ms=$((ideal - 2 * LAT)))"
echo "pipeline: wall_ms=$ms ideal_ms=$ideal ratio=$(awk "BEGIN{printf \"%.2f\", $ms/$ideal}")"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cpus"
grep -o 'event=run_summary.*' "$T/log" || true
[ "$docs" -eq "$N" ] || { echo "FAIL: wrote $docs of $N documents"; exit 1; }
