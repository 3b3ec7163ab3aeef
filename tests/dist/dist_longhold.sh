#!/bin/bash
# engine = nats: a host's delay longer than the ack wait (60 s).  The site's
# robots.txt asks for a 65 s Crawl-delay (max_crawl_delay = 90s lets it
# through).  The feed's worker waits 65 s between robots.txt and the feed
# (in its HTTP client), then holds the feed's message 65 s before the
# article may go: twice longer than the ack wait, with a second worker
# pulling.  Every 20 s the worker tells the server it is still working
# (InProgress), so the message is never handed to the other worker: the
# feed and the article are fetched once each, 65 s or more apart.  About
# 2 min 20 s.
set -u
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/nats_single.sh"
dist_start dist-longhold tests/dist/fixtures-longdelay
for i in 1 2; do
  cat >"$T/w$i.conf" <<CONF
[core]
engine = nats
nats_url = $NATS_URL
stream_prefix = LONG
shards = 4
state_dir = $T/state$i
plugin_dir = $B/plugins
log_level = info

[source news]
plugin = feed
url = $BASE/feed.xml
delay = 100ms
max_crawl_delay = 90s

[sink out]
plugin = jsonl
path = $T/out$i.jsonl
CONF
done
seed_then_two_workers 5
grep -h 'event=fetched' "$T/w1.log" "$T/w2.log" | sed -n 's/^ts=\([^ ]*\) .*url="\([^"]*\)".*/\1 \2/p' |
  sort >"$T/fetches"
[ "$(grep -c '/feed.xml' "$T/fetches")" = 1 ] && [ "$(grep -c '/gen/21.html' "$T/fetches")" = 1 ] &&
  ok "the feed and the article fetched once each" || { bad "fetches:"; cat "$T/fetches"; }
gap=$(python3 - "$T/fetches" <<'PY'
import sys, datetime
t = [datetime.datetime.strptime(l.split()[0], "%Y-%m-%dT%H:%M:%S.%fZ").timestamp() for l in open(sys.argv[1])]
print(round((t[-1] - t[0]) * 1000) if len(t) >= 2 else -1)
PY
)
[ "$gap" -ge 64900 ] && ok "the article came ${gap} ms after the feed (Crawl-delay 65 s)" ||
  bad "the article came ${gap} ms after the feed, sooner than the 65 s Crawl-delay"
cat "$T/out1.jsonl" "$T/out2.jsonl" 2>/dev/null >"$T/all.jsonl"
[ "$(lines "$T/all.jsonl")" = 1 ] && ok "one document" || bad "$(lines "$T/all.jsonl") documents"
"$A" cluster status -c "$T/w1.conf" >"$T/st" 2>/dev/null
expect_rc "cluster status: drained and clean" 0 $?
grep '^event=consumer stream=LONG_FRONTIER' "$T/st" | grep -vq 'redelivered=0' &&
  { bad "a frontier message was redelivered (the ack wait ran out):"; grep 'LONG_FRONTIER' "$T/st"; } ||
  ok "no frontier message redelivered"
finish
