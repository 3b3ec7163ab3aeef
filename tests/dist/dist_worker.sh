#!/bin/bash
# engine = nats, phase two, on one nats-server: `run` publishes a feed's
# seed; two workers share the frontier.  The seed's worker lists the feed
# and hands each article to the frontier (with the feed item's fields in
# its tag); whichever worker gets an article fetches it and builds the
# document from the message alone; documents travel on the records stream
# and each sink acknowledges after its commit.  Checked: every article
# once, with the listing's fallbacks; requests to the host never closer
# than its delay across both workers (MaxAckPending 1 + the held ack); a
# 429's Retry-After holds the host for everyone; a URL that keeps failing
# goes to the dead-letter stream after 5 attempts; cluster status exits 0
# only when drained and clean; SIGTERM finishes what is in hand.
set -u
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/nats_single.sh"
dist_start dist-worker tests/dist/fixtures

conf() { # conf FILE PREFIX OUT STATE
  nats_core "$2" "$4" >"$1"
  cat >>"$1" <<CONF
[source news]
plugin = feed
url = $BASE/feed.xml
delay = 300ms

[sink out]
plugin = jsonl
path = $3
CONF
}
# fetch_gaps LOG...: the workers' fetches in time order in $T/fetches
# ("TS URL") and the time from each to the next in $T/gaps ("MS URL");
# prints the shortest gap in ms (nothing with fewer than two fetches).
fetch_gaps() {
  grep -h 'event=fetched' "$@" | sed -n 's/^ts=\([^ ]*\) .*url="\([^"]*\)".*/\1 \2/p' |
    sort >"$T/fetches"
  python3 - "$T/fetches" >"$T/gaps" <<'PY'
import sys, datetime
prev = None
for line in open(sys.argv[1]):
    ts, url = line.split()
    t = datetime.datetime.strptime(ts, "%Y-%m-%dT%H:%M:%S.%fZ").timestamp()
    if prev is not None:
        print("%d %s" % (round((t - prev) * 1000), url))
    prev = t
PY
  sort -n "$T/gaps" | head -1 | cut -d' ' -f1
}
# the sink side of two workers on one machine: same sink (one consumer),
# a file each, so that concurrent appends cannot interleave
conf "$T/w1.conf" JOB "$T/out1.jsonl" "$T/state1"
conf "$T/w2.conf" JOB "$T/out2.jsonl" "$T/state2"

seed_then_two_workers 10
cat "$T/out1.jsonl" "$T/out2.jsonl" 2>/dev/null >"$T/all.jsonl"

# every article exactly once (5 pages + the one that answered 429 first)
n=$(lines "$T/all.jsonl")
u=$(python3 -c 'import json,sys; print(len({json.loads(l)["id"] for l in open(sys.argv[1])}))' "$T/all.jsonl")
[ "$n" = 6 ] && [ "$u" = 6 ] && ok "6 documents, each once" || bad "documents: $n lines, $u ids"
python3 - "$T/all.jsonl" >"$T/fallbacks" <<'PY'
import json, sys
for l in open(sys.argv[1]):
    d = json.loads(l)
    if d["url"].endswith("/gen/1.html"):
        print("summary=%s published=%s" % (d.get("summary"), d.get("published")))
PY
expect_grep "the listing's fields reached the worker that fetched it (the tag)" \
  '^summary=Listing summary one. published=2024-01-01T10:00:00Z$' "$T/fallbacks"
cat "$T/w1.log" "$T/w2.log" >"$T/both.log"
f1=$(grep -c 'event=fetched' "$T/w1.log"); f2=$(grep -c 'event=fetched' "$T/w2.log")
echo "# fetches: worker 1 $f1, worker 2 $f2"

# politeness across the workers: one host, delay 300ms, so consecutive
# requests (fetch log lines end when the response is in) are >= 300ms apart
min=$(fetch_gaps "$T/w1.log" "$T/w2.log")
[ -n "$min" ] && [ "$min" -ge 290 ] && ok "requests to the host at least its delay apart, across workers (closest: ${min} ms)" ||
  { bad "requests closer than the delay (${min:-none} ms):"; cat "$T/gaps"; }

# 429 with Retry-After: 1 -> NakWithDelay(1000): nothing reaches that host
# (that shard) for a second, whichever worker
expect_grep "429 answered with a nak of Retry-After" 'event=nak_delay host=127.0.0.1 ms=1000 .*reason="429' "$T/both.log"
t429=$(grep -h 'event=fetched.*flaky/busy.*status=429' "$T/both.log" | sed 's/^ts=\([^ ]*\) .*/\1/')
python3 - "$T/fetches" "$t429" >"$T/after429" <<'PY'
import sys, datetime
p = lambda s: datetime.datetime.strptime(s, "%Y-%m-%dT%H:%M:%S.%fZ").timestamp()
t0 = p(sys.argv[2])
nxt = [p(l.split()[0]) for l in open(sys.argv[1]) if p(l.split()[0]) > t0]
print(round((min(nxt) - t0) * 1000) if nxt else -1)
PY
d=$(cat "$T/after429")
[ "$d" -ge 950 ] && ok "after the 429, the host's next request came ${d} ms later" ||
  bad "after the 429 the next request came ${d} ms later"
expect_grep "the busy page was fetched again and kept" 'flaky/busy.*status=200' "$T/both.log"

# poison: /status/500 five times, then the dead-letter stream
[ "$(grep -c 'event=fetched url="[^"]*/status/500"' "$T/both.log")" = 5 ] &&
  ok "the failing URL was tried 5 times" || bad "attempts at /status/500: $(grep -c '/status/500" host' "$T/both.log")"
expect_grep "then dead-lettered with its reason" 'event=dead_letter url="[^"]*/status/500" .*reason="attempts=5 error=' "$T/both.log"
"$A" cluster status -c "$T/w1.conf" >"$T/st" 2>/dev/null
expect_rc "cluster status: drained but one dead letter" 1 $?
expect_grep "dead-letter depth 1" '^event=dead_letter stream=JOB_DEAD messages=1 ' "$T/st"
expect_grep "nothing pending anywhere" '^event=cluster drained=false dead=1$' "$T/st"
if grep '^event=consumer' "$T/st" | grep -qv 'pending=0 ack_pending=0'; then
  bad "a consumer still has work:"; cat "$T/st"; else ok "every consumer drained"; fi

# a clean job: status exits 0; SIGTERM in the middle finishes what is in hand
conf "$T/c.conf" CLEAN "$T/outc.jsonl" "$T/statec"
sed -i "s|^url = .*|url = $BASE/bigfeed.xml?n=12|; s|^delay = .*|delay = 100ms|" "$T/c.conf"
"$A" run -c "$T/c.conf" 2>/dev/null
"$A" worker -c "$T/c.conf" 2>"$T/c1.log" &
pc=$!
fetched() { local n; n=$(grep -c 'event=fetched' "$1" 2>/dev/null); echo "${n:-0}"; }
i=0; while [ "$(fetched "$T/c1.log")" -lt 4 ] && [ $i -lt 200 ]; do sleep 0.1; i=$((i+1)); done
kill -TERM $pc
i=0; while kill -0 $pc 2>/dev/null && [ $i -lt 300 ]; do sleep 0.1; i=$((i+1)); done
kill -0 $pc 2>/dev/null && { bad "the worker did not stop within 30 s of SIGTERM"; kill -KILL $pc; }
wait $pc
expect_rc "SIGTERM: the worker finishes what it holds and exits 0" 0 $?
expect_grep "it said why it stopped" 'event=worker_stopping reason=signal' "$T/c1.log"
expect_no "nothing it had started was handed back" 'event=nak_delay' "$T/c1.log"
"$A" worker -c "$T/c.conf" --idle-exit 3 2>"$T/c2.log"
expect_rc "a second worker finishes the job" 0 $?
n=$(lines "$T/outc.jsonl")
u=$(python3 -c 'import json,sys; print(len({json.loads(l)["id"] for l in open(sys.argv[1])}))' "$T/outc.jsonl")
[ "$n" = 12 ] && [ "$u" = 12 ] && ok "12 articles, each once, across the stop" || bad "after the stop: $n lines, $u ids"
"$A" cluster status -c "$T/c.conf" >"$T/stc" 2>/dev/null
expect_rc "cluster status: drained and clean" 0 $?

# robots.txt Crawl-delay (1 s) longer than the source's delay (100 ms):
# the held ack keeps every worker a second apart from that host
rm -f "$T/port" # fixture_server waits for this file to hold the new port
fixture_server "$S/tests/dist/fixtures-robots" || { echo "fixture server did not start"; exit 1; }
conf "$T/r1.conf" ROBOTS "$T/outr1.jsonl" "$T/stater1"
conf "$T/r2.conf" ROBOTS "$T/outr2.jsonl" "$T/stater2"
sed -i "s|^delay = .*|delay = 100ms|" "$T/r1.conf" "$T/r2.conf"
"$A" run -c "$T/r1.conf" 2>/dev/null
"$A" worker -c "$T/r1.conf" --idle-exit 4 2>"$T/r1.log" &
p1=$!
"$A" worker -c "$T/r2.conf" --idle-exit 4 2>"$T/r2.log"
wait $p1
cat "$T/outr1.jsonl" "$T/outr2.jsonl" 2>/dev/null >"$T/allr.jsonl"
[ "$(lines "$T/allr.jsonl")" = 4 ] && ok "the Crawl-delay site's 4 articles, once each" ||
  bad "Crawl-delay site: $(lines "$T/allr.jsonl") documents"
min=$(fetch_gaps "$T/r1.log" "$T/r2.log")
[ -n "$min" ] && [ "$min" -ge 990 ] && ok "across workers, the host's Crawl-delay held (closest: ${min} ms)" ||
  { bad "requests closer than the Crawl-delay (${min:-none} ms):"; cat "$T/gaps"; }
finish
