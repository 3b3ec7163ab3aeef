#!/bin/bash
# engine = nats: the key-value back-off.  A worker crawls a feed and its
# two articles (each response 300 ms late); once it has started, the
# streams behind both buckets (robots, validators) are deleted, so every
# call to them fails.  The buckets are caches: the job must still complete
# (both articles in the sink, once each), and after the first failure the
# worker must leave the buckets alone (one `kv_unavailable` in its log,
# not one per call: the robots look-up, and the validators of the feed and
# of each article on their acknowledgement).  This is the failing bucket,
# not the silent one (a stream electing a leader, whose calls wait the
# full API wait); the back-off is the same.  One nats-server on loopback;
# skips (77) without it.
set -u
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/nats_single.sh"
ctest_env
scratch T dist-kvoff
nats_single
A=$B/auditfeed
fixture_server "$S/tests/dist/fixtures-validators" --latency 300 ||
  { echo "fixture server did not start"; exit 1; }

nats_core KVOFF "$T/state" >"$T/w.conf"
cat >>"$T/w.conf" <<CONF
[source news]
plugin = feed
url = $BASE/feed.xml

[sink out]
plugin = jsonl
path = $T/out.jsonl
CONF

"$A" run -c "$T/w.conf" 2>"$T/run.log"
expect_rc "the scheduler publishes the seed" 0 $?
"$A" worker -c "$T/w.conf" --idle-exit 3 2>"$T/w.log" &
pid=$!
at_exit_first "kill -9 $pid 2>/dev/null"
for _ in $(seq 1 100); do grep -q 'event=worker_started' "$T/w.log" && break; sleep 0.05; done
for b in robots validators; do
  python3 "$S/tests/nats/jsclient.py" "$NATS_URL" stream-delete "KV_KVOFF_$b" ||
    bad "bucket $b not deleted"
done
wait $pid
expect_rc "the worker ends when idle" 0 $?
t=$(lines "$T/out.jsonl")
n=$(grep -o '"url":"[^"]*/articles/[a-z]*\.html"' "$T/out.jsonl" 2>/dev/null | sort -u | wc -l)
[ "$t" = 2 ] && [ "$n" = 2 ] && ok "both articles in the sink, once each" ||
  bad "articles in the sink: $n distinct of $t lines"
k=$(grep -c 'event=kv_unavailable' "$T/w.log")
[ "$k" = 1 ] && ok "one kv_unavailable: the buckets left alone after the first failure" ||
  { bad "kv_unavailable lines: $k (expected 1)"; grep 'kv_\|event=fetched' "$T/w.log"; }
finish
