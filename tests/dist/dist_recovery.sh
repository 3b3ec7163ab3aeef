#!/bin/bash
# engine = nats, phase three, on one nats-server: nothing is lost when a
# worker dies or the server restarts.
#  - kill -9 of a worker holding a page: the server gives the page to
#    another worker after the ack wait (60 s), which fetches it (attempt 2);
#    every article reaches the sink.
#  - the server killed and restarted mid-job (same port, same store): the
#    worker reconnects, ensures its streams and consumers again (a pull
#    consumer can be lost on a leader change, nats-server#4412) and the job
#    completes with every article.
set -u
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/nats_single.sh"
ctest_env
scratch T dist-recovery
nats_single
fixture_server "$S/tests/dist/fixtures" --latency 300 || { echo "fixture server did not start"; exit 1; }
A=$B/auditfeed

conf() { # conf FILE PREFIX OUT STATE N
  nats_core "$2" "$4" >"$1"
  cat >>"$1" <<CONF
[source bulk]
plugin = feed
url = $BASE/bigfeed.xml?n=$5
delay = 200ms

[sink out]
plugin = jsonl
path = $3
CONF
}
count() { local n; n=$(grep -c "$1" "$2" 2>/dev/null); echo "${n:-0}"; }
wait_for() { # wait_for SECONDS CMD...: until CMD succeeds
  local end=$((SECONDS + $1)); shift
  until "$@"; do [ $SECONDS -ge $end ] && return 1; sleep 0.2; done
}
fetched_ge() { [ "$(count 'event=fetched' "$1")" -ge "$2" ]; }
ids() { cat "$@" 2>/dev/null | python3 -c 'import json,sys; print(len({json.loads(l)["id"] for l in sys.stdin}))'; }
drained() { "$A" cluster status -c "$1" >/dev/null 2>&1; }
# expect_drained WHAT CONF: the job of CONF drains within 150 s (what is
# still pending shown when not).
expect_drained() {
  if wait_for 150 drained "$2"; then ok "$1"
  else bad "$1: not drained after 150 s:"; "$A" cluster status -c "$2" | grep -v 'pending=0 ack_pending=0'; fi
}
# start_job CONF LOG N: the scheduler publishes CONF's seed and a worker
# starts on it (pid in WPID, log in LOG) and fetches N pages within 30 s.
start_job() {
  "$A" run -c "$1" 2>/dev/null
  "$A" worker -c "$1" 2>"$2" &
  WPID=$!
  wait_for 30 fetched_ge "$2" "$3" || bad "the worker of $1 fetched nothing"
}
# stop_worker PID WHAT LOG: SIGTERM, and the worker must exit 0 (its log's
# end shown when not).
stop_worker() {
  kill -TERM "$1"; wait "$1"
  local rc=$?
  expect_rc "$2" 0 $rc
  [ $rc = 0 ] || grep -v debug "$3" | tail -5
}

# ---- kill -9 of a worker ----------------------------------------------------
conf "$T/k1.conf" KILL "$T/k1.jsonl" "$T/sk1" 8
conf "$T/k2.conf" KILL "$T/k2.jsonl" "$T/sk2" 8
start_job "$T/k1.conf" "$T/k1.log" 2
p1=$WPID
kill -KILL $p1; wait $p1 2>/dev/null
held=$(( 8 - $(count 'event=fetched' "$T/k1.log") ))
echo "# worker 1 killed after $(count 'event=fetched' "$T/k1.log") fetches"
"$A" worker -c "$T/k2.conf" 2>"$T/k2.log" &
p2=$!
expect_drained "the job drains without the dead worker" "$T/k1.conf"
stop_worker $p2 "the surviving worker stops cleanly" "$T/k2.log"
[ "$(ids "$T/k1.jsonl" "$T/k2.jsonl")" = 8 ] && ok "all 8 articles reached the sink" ||
  bad "articles: $(ids "$T/k1.jsonl" "$T/k2.jsonl") of 8"
expect_grep "the page the dead worker held came back (second delivery)" \
  'event=fetched url="[^"]*/gen/[0-9]+.html" .* attempt=2' "$T/k2.log"
[ "$held" -ge 1 ] && ok "the dead worker left $held pages, none lost" || ok "the dead worker had fetched all"

# ---- the server restarts mid-job -------------------------------------------
conf "$T/r.conf" RESTART "$T/r.jsonl" "$T/sr" 10
start_job "$T/r.conf" "$T/r.log" 3
pw=$WPID
kill -KILL $NATS_PID; wait $NATS_PID 2>/dev/null
sleep 1
nats-server -a 127.0.0.1 -p "$NATS_PORT" -js -sd "$T/nats/js" >"$T/nats/server2.log" 2>&1 &
NATS_PID=$!
at_exit "kill $NATS_PID 2>/dev/null"
wait_for 30 grep -q 'event=consumers_ensured after=reconnect' "$T/r.log" &&
  ok "the worker reconnected and ensured its consumers again" ||
  { bad "no reconnect:"; grep -v debug "$T/r.log" | tail -5; }
expect_drained "the job drains after the restart" "$T/r.conf"
stop_worker $pw "the worker stops cleanly" "$T/r.log"
[ "$(ids "$T/r.jsonl")" = 10 ] && ok "all 10 articles reached the sink across the restart" ||
  bad "articles: $(ids "$T/r.jsonl") of 10"
finish
