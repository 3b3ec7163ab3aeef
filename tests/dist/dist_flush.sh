#!/bin/bash
# engine = nats: a sink writes its partial batch once the records stream
# has nothing more for it, not a flush_interval later.  One worker crawls
# a feed's two articles into a jsonl sink whose batch (64) the job cannot
# fill and whose flush_interval (10 min) outlasts the test: the two
# documents must be in the file while the worker still runs.  Without the
# rule they wait for the interval, or for the worker's stop.  Then the
# worker stops on SIGTERM with nothing left to write (still 2 documents).
# One nats-server on loopback; skips (77) without it.
set -u
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/nats_single.sh"
dist_start dist-flush tests/dist/fixtures-validators

nats_core FLUSH "$T/state" >"$T/w.conf"
cat >>"$T/w.conf" <<CONF
[source news]
plugin = feed
url = $BASE/feed.xml

[sink out]
plugin = jsonl
path = $T/out.jsonl
batch_size = 64
flush_interval = 600s
log_level = debug
CONF

"$A" run -c "$T/w.conf" 2>"$T/run.log"
expect_rc "the scheduler publishes the seed" 0 $?
"$A" worker -c "$T/w.conf" --idle-exit 600 2>"$T/w.log" &
pid=$!
at_exit "kill -9 $pid 2>/dev/null"
n=0
for _ in $(seq 1 300); do
  n=$(lines "$T/out.jsonl")
  [ "$n" -ge 2 ] && break
  sleep 0.1
done
[ "$n" = 2 ] && ok "both documents written while the worker runs (batch not full, flush_interval 600s)" ||
  bad "documents in the sink after 30 s: $n"
grep -q 'event=batch_committed' "$T/w.log" && ok "the sink committed a partial batch" ||
  bad "no batch_committed in the worker's log"
kill -TERM $pid
wait $pid
expect_rc "the worker stops on SIGTERM" 0 $?
[ "$(lines "$T/out.jsonl")" = 2 ] && ok "still 2 documents after the stop" ||
  bad "documents after the stop: $(lines "$T/out.jsonl")"
finish
