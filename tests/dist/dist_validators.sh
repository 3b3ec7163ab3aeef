#!/bin/bash
# engine = nats: HTTP validators shared through the validators bucket.
# Worker A crawls a feed's two articles alone (tick 1); each article's ETag
# and Last-Modified go to the bucket when its job is acknowledged.  Tick 2
# (a re-crawl: `revisit` re-checks the articles with conditional requests)
# is listed by A, which is stopped before it can take the articles: the
# feed's host is one shard, held for the source's delay after the listing.
# Worker B, with a state directory of its own that never saw these pages,
# takes them: its requests must carry If-None-Match and If-Modified-Since
# (the fixture server answers 304 only to a matching ETag), and nothing new
# reaches the sink.  One nats-server on loopback; skips (77) without it.
set -u
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/nats_single.sh"
dist_start dist-validators tests/dist/fixtures-validators
die() { bad "$1"; for f in "$T"/*.log; do echo "--- $f"; tail -n 20 "$f"; done; finish; exit 1; }

conf() { # conf FILE STATE
  nats_core VAL "$2" >"$1"
  cat >>"$1" <<CONF
log_level = debug

[source news]
plugin = feed
url = $BASE/feed.xml
delay = 3s
schedule = 2s
revisit = 3650d

[sink out]
plugin = jsonl
path = $T/out.jsonl
CONF
}
conf "$T/a.conf" "$T/state-a"
conf "$T/b.conf" "$T/state-b"
# the articles' requests the fixture server saw: "PATH cond=C status=S"
articles_log() { get /__log | grep '^/articles/'; }

# tick 1: A alone fetches both articles in full
"$A" run -c "$T/a.conf" 2>"$T/run1.log"
expect_rc "tick 1 published" 0 $?
"$A" worker -c "$T/a.conf" --idle-exit 3 2>"$T/a1.log"
expect_rc "worker A: tick 1 done" 0 $?
articles_log >"$T/log1"
[ "$(grep -c 'cond=0 status=200' "$T/log1")" = 2 ] && [ "$(lines "$T/log1")" = 2 ] &&
  ok "tick 1: both articles fetched in full" || die "tick 1 requests: $(tr '\n' ' ' <"$T/log1")"
[ "$(lines "$T/out.jsonl")" = 2 ] || die "tick 1 documents: $(lines "$T/out.jsonl")"

# tick 2: A lists the feed, then stops while it holds the feed's shard
sleep 2.1 # the next period: a new tick (its message ids are new)
"$A" run -c "$T/a.conf" 2>"$T/run2.log"
expect_rc "tick 2 published" 0 $?
"$A" worker -c "$T/a.conf" --idle-exit 30 2>"$T/a2.log" &
apid=$!
at_exit_first "kill -9 $apid 2>/dev/null"
for _ in $(seq 1 100); do grep -q 'event=revisit ' "$T/a2.log" && break; sleep 0.05; done
grep -q 'event=revisit .*remembered=2' "$T/a2.log" || die "worker A did not list tick 2's revisits"
kill -TERM $apid
wait $apid
expect_rc "worker A stops, acknowledging the listing" 0 $?
[ "$(grep -c 'event=fetched .*/articles/' "$T/a2.log")" = 0 ] ||
  die "worker A took an article of tick 2 before it stopped"

# B takes the articles: conditional requests with A's validators
"$A" worker -c "$T/b.conf" --idle-exit 3 2>"$T/b.log"
expect_rc "worker B: tick 2 done" 0 $?
[ "$(grep -c 'event=fetched url="[^"]*/articles/[^ ]* host=.* status=304 ' "$T/b.log")" = 2 ] &&
  ok "worker B heard 304 for both articles" ||
  bad "worker B's fetches: $(grep 'event=fetched' "$T/b.log" | sed 's/.*url=/url=/' | tr '\n' ' ')"
articles_log | tail -n +3 >"$T/log2"
[ "$(grep -c 'cond=1 status=304' "$T/log2")" = 2 ] && [ "$(lines "$T/log2")" = 2 ] &&
  ok "the server saw If-None-Match/If-Modified-Since from B and answered 304" ||
  bad "tick 2 requests: $(tr '\n' ' ' <"$T/log2")"
[ "$(grep -c 'event=validators_shared' "$T/b.log")" = 2 ] &&
  ok "B took both articles' validators from the bucket" ||
  bad "validators_shared in B's log: $(grep -c 'event=validators_shared' "$T/b.log")"
[ "$(lines "$T/out.jsonl")" = 2 ] && ok "nothing new reached the sink (still 2 documents)" ||
  bad "documents after tick 2: $(lines "$T/out.jsonl")"
finish
