#!/bin/bash
# Scale-out benchmark (issue 16): the same I/O-bound job run by 1, 2 and 4
# `auditfeed worker` processes sharing a JetStream frontier on a three-node
# nats-server cluster (tests/nats/cluster.sh), in one run.  The fixture
# server's generated site (HOSTS hosts x ARTICLES articles and a feed each)
# answers every request after LATENCY_MS; each worker fetches at most
# CONCURRENCY pages at once (the source's `concurrency`), so one worker is
# the bottleneck, as a real crawler's process is on a slow web.  Reports
# the throughput of each and its ratio to one worker, and checks that no
# host ever had two requests in flight (the fixture's request log).
# Timed: from the scheduler's `run` (publishing the seed) to the last
# article in the sinks; the workers are started and bound to their
# consumers before, as a cluster's long-lived workers are.
# Goal: >= 3.4x at 4 workers over 1.
#
#   tests/bench/scaleout.sh [BUILD_DIR] [HOSTS] [ARTICLES] [LATENCY_MS] [CONCURRENCY] [SHARDS]
#
# BENCH_WORKERS="1 4" picks the jobs; BENCH_KEEP=DIR keeps each job's logs
# (workers, request log) in DIR/wN.
#
# Exit 77 when nats-server is not installed; 1 when a run loses a page or
# breaks politeness.
set -u
S=$(cd "$(dirname "$0")/../.." && pwd)
B=${1:-${AF_BUILD_DIR:-$S/build}}
HOSTS=${2:-32}
ARTICLES=${3:-10}
LAT=${4:-200}
CONC=${5:-2}
SHARDS=${6:-${BENCH_SHARDS:-32}}
AF_BUILD_DIR=$B AF_SOURCE_DIR=$S
. "$S/tests/lib.sh"
ctest_env
. "$S/tests/nats/cluster.sh"
nats_require
scratch T bench-scaleout
TOTAL=$((HOSTS * ARTICLES))

nats_cluster_start "$T"
nats_wait_leader 60 || exit 1

# job W: the whole site with W workers, on streams of its own; prints
# "workers=W seconds=S pages_per_s=P max_inflight=M".
job() {
  local w=$1 d=$T/w$1 i h t0 t1 got pids=()
  mkdir -p "$d/www"
  : >"$d/req.log"
  "$B/tests/http/fixture_server" "$d/www" --latency "$LAT" --site "$HOSTS" \
    --articles "$ARTICLES" --reqlog "$d/req.log" >"$d/port" &
  local srv=$!
  for _ in $(seq 1 50); do [ -s "$d/port" ] && break; sleep 0.1; done
  local port
  port=$(cat "$d/port")
  for i in 0 $(seq 1 "$w"); do
    {
      printf '[core]\nengine = nats\nnats_url = %s\nstream_prefix = AFB%s\nshards = %s\n' "$NATS_URL" "$w" "$SHARDS"
      printf 'plugin_dir = %s/plugins\nstate_dir = %s/state%s\nlog_level = info\n\n' "$B" "$d" "$i"
      printf '[source news]\nplugin = feed\nconcurrency = %s\n' "$CONC"
      for h in $(seq -f '%02g' 1 "$HOSTS"); do printf 'url = http://h%s.localhost:%s/feed.xml\n' "$h" "$port"; done
      printf '\n[sink out]\nplugin = jsonl\npath = %s/out%s.jsonl\nrecords = documents\n' "$d" "$i"
    } >"$d/c$i.conf"
  done
  # The workers run first (as a cluster's do: long-lived, waiting for
  # work); the clock starts when the scheduler publishes the seeds.  The
  # streams and consumers are made before (by `cluster status`), as a
  # cluster's already are.
  "$B/auditfeed" cluster status -c "$d/c0.conf" >"$d/status0" 2>&1
  for i in $(seq 1 "$w"); do
    "$B/auditfeed" worker -c "$d/c$i.conf" --idle-exit 600 >"$d/worker$i.log" 2>&1 &
    pids+=($!)
  done
  for i in $(seq 1 "$w"); do
    for _ in $(seq 1 600); do grep -q 'event=worker_started' "$d/worker$i.log" 2>/dev/null && break; sleep 0.1; done
    grep -q 'event=worker_started' "$d/worker$i.log" || { echo "FAIL: worker $i did not start" >&2; cat "$d/worker$i.log" >&2; return 1; }
  done
  t0=$(date +%s%N)
  "$B/auditfeed" run -c "$d/c0.conf" >"$d/run.log" 2>&1 || { cat "$d/run.log" >&2; return 1; }
  got=0
  for _ in $(seq 1 6000); do
    got=$(cat "$d"/out*.jsonl 2>/dev/null | grep -o '"url":"[^"]*/news/[0-9]*\.html"' | sort -u | wc -l)
    [ "$got" -ge "$TOTAL" ] && break
    sleep 0.1
  done
  t1=$(date +%s%N)
  for _ in $(seq 1 60); do "$B/auditfeed" cluster status -c "$d/c0.conf" >"$d/status" 2>&1 && break; sleep 0.5; done
  kill -TERM "${pids[@]}" 2>/dev/null
  wait "${pids[@]}" 2>/dev/null
  kill "$srv" 2>/dev/null
  wait "$srv" 2>/dev/null
  [ -z "${BENCH_KEEP:-}" ] || { mkdir -p "$BENCH_KEEP" && cp -r "$d" "$BENCH_KEEP/"; }
  local m per=""
  m=$(python3 "$S/tests/http/reqlog.py" "$d/req.log" inflight | tail -1)
  for i in $(seq 1 "$w"); do per+="${per:+/}$(grep -c 'event=fetched' "$d/worker$i.log")"; done
  awk -v w="$w" -v ns=$((t1 - t0)) -v n="$got" -v m="${m#max=}" -v per="$per" \
    'BEGIN { s = ns / 1e9; printf "workers=%d seconds=%.2f articles=%d pages_per_s=%.2f fetches_per_worker=%s max_inflight=%s\n", w, s, n, n / s, per, m }'
  [ "$got" -ge "$TOTAL" ] || { echo "FAIL: $w workers stored $got of $TOTAL articles" >&2; tail -5 "$d/worker1.log" >&2; return 1; }
  grep -q 'event=cluster drained=true' "$d/status" || { echo "FAIL: $w workers: not drained" >&2; cat "$d/status" >&2; return 1; }
}

echo "hosts=$HOSTS articles=$TOTAL latency_ms=$LAT concurrency_per_worker=$CONC nats=3 nodes"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cpus"
rc=0
for w in ${BENCH_WORKERS:-1 2 4}; do job "$w" | tee "$T/res$w" || rc=1; done
[ $rc = 0 ] || exit 1
[ -s "$T/res1" ] && [ -s "$T/res4" ] || exit 0
p() { sed -n 's/.*pages_per_s=\([0-9.]*\).*/\1/p' "$T/res$1"; }
[ -s "$T/res2" ] && awk -v a="$(p 1)" -v b="$(p 2)" 'BEGIN { printf "ratio 2/1=%.2fx\n", b / a }'
awk -v a="$(p 1)" -v c="$(p 4)" 'BEGIN { printf "ratio 4/1=%.2fx (goal >= 3.4x)\n", c / a }'
bad=$(cat "$T"/res* | grep -vc 'max_inflight=1$')
[ "$bad" = 0 ] && echo "politeness: at most one request per host in flight in every run" ||
  { echo "FAIL: politeness broken in $bad runs"; exit 1; }
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
