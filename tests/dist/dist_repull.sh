#!/bin/bash
# engine = nats: a shard is pulled again right after its job's
# acknowledgement when more of its host's messages wait, instead of at the
# NATS thread's next pass.  One worker (one fetch at a time) crawls one
# generated host's feed and its six articles: every article must reach the
# sink exactly once, the host must never have two requests in flight (the
# fixture's request log), and the worker's log must show its next message
# taken right after an acknowledgement (`pulled_after_ack ... got=1`),
# which the thread before this rule never did.  One nats-server on
# loopback; skips (77) without it.
set -u
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/nats_single.sh"
ctest_env
scratch T dist-repull
nats_single
A=$B/auditfeed
fixture_server "$S/tests/dist/fixtures" --latency 50 --site 1 --articles 6 \
  --reqlog "$T/req.log" || { echo "fixture server did not start"; exit 1; }

nats_core REPULL "$T/state" >"$T/w.conf"
cat >>"$T/w.conf" <<CONF
log_level = debug

[source news]
plugin = feed
url = http://h01.localhost:$PORT/feed.xml
concurrency = 1

[sink out]
plugin = jsonl
path = $T/out.jsonl
records = documents
CONF

"$A" run -c "$T/w.conf" 2>"$T/run.log"
expect_rc "the scheduler publishes the seed" 0 $?
"$A" worker -c "$T/w.conf" --idle-exit 3 2>"$T/w.log"
expect_rc "the worker exits when idle" 0 $?
n=$(grep -o '"url":"[^"]*/news/[0-9]*\.html"' "$T/out.jsonl" 2>/dev/null | sort -u | wc -l)
t=$(lines "$T/out.jsonl")
[ "$n" = 6 ] && [ "$t" = 6 ] && ok "six articles, each once" ||
  bad "articles in the sink: $n distinct of $t lines"
m=$(python3 "$S/tests/http/reqlog.py" "$T/req.log" inflight | tail -1)
[ "$m" = max=1 ] && ok "at most one request of the host in flight" || bad "in flight: $m"
r=$(grep -c 'event=pulled_after_ack .*got=1' "$T/w.log")
[ "$r" -ge 1 ] && ok "the host's next message taken right after an ack ($r times)" ||
  { bad "no message taken right after its ack"; tail -n 20 "$T/w.log"; }
finish
