#!/bin/bash
# Politeness across schedule ticks: a second scheduler tick (a re-crawl,
# `run` again once the source's `schedule` period has passed) arrives
# while the first tick's articles are still being fetched.  Its feeds must
# wait for their hosts like any other request: the fixture's log must show
# at most one request per host in flight at any moment, across 2 workers
# and both ticks, and the job must still drain.  robots.txt is asked for
# once per host by the whole cluster (the robots bucket).  Three-node NATS on
# loopback; skips (77) only without nats-server.
set -u
. "${AF_SOURCE_DIR:?}/tests/lib.sh"
ctest_env
. "$S/tests/nats/cluster.sh"
nats_require
scratch T recrawl
AF=$B/auditfeed
HOSTS=6 ARTICLES=20 WORKERS=4 PERIOD=5
# h01 is listed first, so each tick's seed goes on h01's shard; with one
# article it is soon free, and the second tick's listing runs while the
# other hosts' articles are still being fetched.
TOTAL=$(((HOSTS - 1) * ARTICLES + 1))
R() { python3 "$S/tests/http/reqlog.py" "$T/req.log" "$@"; }
articles_started() { grep -c 'event=req_start .* path=/news/' "$T/req.log" 2>/dev/null; }
die() { bad "$1"; for f in "$T"/w*.log; do echo "--- $f"; tail -n 15 "$f"; done; finish; exit 1; }

nats_cluster_start "$T"
nats_wait_leader 60 || die "the NATS cluster has no leader"
mkdir -p "$T/www"
fixture_server "$T/www" --latency 300 --site $HOSTS --articles $ARTICLES --host-articles h01.localhost:1 \
  --reqlog "$T/req.log" || die "fixture server did not start"
{
  printf '[core]\nengine = nats\nnats_url = %s\nstream_prefix = AFR\nshards = 32\n' "$NATS_URL"
  printf 'plugin_dir = %s/plugins\nstate_dir = %s/state\nlog_level = debug\n\n' "$B" "$T"
  printf '[source news]\nplugin = feed\ndelay = 300ms\nschedule = %ss\n' "$PERIOD"
  for h in $(seq -f '%02g' 1 $HOSTS); do printf 'url = http://h%s.localhost:%s/feed.xml\n' "$h" "$PORT"; done
  printf '\n[sink out]\nplugin = jsonl\npath = %s/out.jsonl\nrecords = documents\n' "$T"
} >"$T/c.conf"

# Streams and consumers first (slow on a busy machine), then the first
# tick early in its period.
"$AF" cluster status -c "$T/c.conf" >"$T/status0" 2>&1
while [ $(( $(date +%s) % PERIOD )) -gt 0 ]; do sleep 0.1; done
"$AF" run -c "$T/c.conf" >"$T/run1.log" 2>&1
expect_rc "first tick published" 0 $?
declare -a WPID
for i in $(seq 1 $WORKERS); do
  "$AF" worker -c "$T/c.conf" --idle-exit 300 >"$T/w$i.log" 2>&1 &
  WPID[$i]=$!
  at_exit_first "kill -9 ${WPID[$i]} 2>/dev/null"
done
# The second tick once a quarter of the articles are asked for.
for _ in $(seq 1 600); do [ "$(articles_started)" -ge $((TOTAL / 4)) ] && break; sleep 0.1; done
tick1=$(( $(date +%s) / PERIOD ))
while [ $(( $(date +%s) / PERIOD )) = $tick1 ]; do sleep 0.1; done
mid=$(articles_started)
"$AF" run -c "$T/c.conf" >"$T/run2.log" 2>&1
expect_rc "second tick published" 0 $?
grep -q 'event=seed_published' "$T/run2.log" && ok "a new tick is a new seed ($mid of $TOTAL articles asked for by then)" ||
  bad "the second run published no seed: $(cat "$T/run2.log")"
[ "$mid" -ge $((TOTAL / 4)) ] && [ "$mid" -lt "$TOTAL" ] ||
  bad "not mid-job: $mid of $TOTAL articles asked for when the second tick came"

nats_drained "$T/c.conf" 150
expect_rc "cluster status: drained" 0 $?
for i in $(seq 1 $WORKERS); do kill -TERM "${WPID[$i]}"; wait "${WPID[$i]}"; done
n=$(grep -o '"url":"[^"]*/news/[0-9]*\.html"' "$T/out.jsonl" 2>/dev/null | sort -u | wc -l)
[ "$n" = $TOTAL ] && ok "all $TOTAL articles written" || bad "$n of $TOTAL articles written"
[ "$(grep -c 'event=req_start .* path=/feed.xml' "$T/req.log")" -ge $((2 * HOSTS)) ] &&
  ok "each tick asked for every feed" || bad "feeds asked: $(grep -c 'path=/feed.xml' "$T/req.log")"
# robots.txt is shared through the robots bucket: the first worker to meet a
# host reads it, every other worker (and the second tick) takes it from there.
rob=$(grep 'event=req_start .* path=/robots.txt' "$T/req.log" | grep -o 'host=[^ ]*' | sort | uniq -c |
  awk '{ printf "%s%s:%d", sep, substr($2, 6), $1; sep = " " }')
[ "$(grep -c 'event=req_start .* path=/robots.txt' "$T/req.log")" = $HOSTS ] && [ "$(echo "$rob" | wc -w)" = $HOSTS ] &&
  ok "each host's robots.txt asked for once by the $WORKERS workers" || bad "robots.txt requests per host: $rob"
R inflight >"$T/inflight"
[ "$(tail -1 "$T/inflight")" = max=1 ] && ok "at most one request per host in flight, across both ticks" ||
  { bad "requests of a host overlapped: $(grep -v 'max_inflight=1$' "$T/inflight" | tr '\n' ' ')"; R overlaps | head -5; }
finish
