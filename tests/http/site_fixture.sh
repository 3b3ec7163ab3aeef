#!/bin/bash
# The fixture server's generated multi-host site (fixture_site.c) and its
# request-log reader (reqlog.py), which the scale-out tests rely on:
# several *.localhost names on one loopback port, a feed and articles per
# host, a 429 with Retry-After on a host's Nth request, a log from which
# overlapping requests of a host are found (two at once are seen as two),
# and a local run of auditfeed that reads every host's feed and articles
# with at most one request per host in flight.
set -u
. "${AF_SOURCE_DIR:?}/tests/lib.sh"
ctest_env
command -v python3 >/dev/null || { echo "skip - python3 missing"; exit 77; }
scratch T site
R() { python3 "$S/tests/http/reqlog.py" "$T/req.log" "$@"; }
# hget HOST PATH: the whole response to GET PATH with that Host header
hget() {
  exec 3<>"/dev/tcp/127.0.0.1/$PORT" || return 1
  printf 'GET %s HTTP/1.1\r\nHost: %s:%s\r\nConnection: close\r\n\r\n' "$2" "$1" "$PORT" >&3
  cat <&3
  exec 3<&-
}

mkdir -p "$T/www"
fixture_server "$T/www" --latency 300 --site 3 --articles 4 \
  --host-articles h02.localhost:6 --throttle h02.localhost:2:3 --reqlog "$T/req.log" || { bad "fixture server did not start"; finish; exit; }

hget h01.localhost /feed.xml >"$T/feed"
[ "$(grep -o "<link>http://h01.localhost:$PORT/news/[0-9]*.html</link>" "$T/feed" | wc -l)" = 4 ] &&
  ok "h01's feed lists its 4 articles by absolute URL" || bad "h01 feed: $(head -c 400 "$T/feed")"
hget h03.localhost /news/4.html >"$T/a"
grep -q '^HTTP/1.1 200' "$T/a" && grep -q 'h03 story 4' "$T/a" && grep -q 'National Audit Office found' "$T/a" &&
  ok "h03 serves its own article 4" || bad "h03 article: $(head -c 300 "$T/a")"
hget h03.localhost /news/5.html | grep -q '^HTTP/1.1 404' && ok "an article past --articles is a 404" || bad "no 404"
hget h02.localhost /robots.txt | grep -q 'Allow: /' && ok "robots.txt per host" || bad "robots.txt"
hget h02.localhost /news/1.html | grep -q '^HTTP/1.1 200' || bad "h02 first request"
r=$(hget h02.localhost /news/2.html)
echo "$r" | grep -q '^HTTP/1.1 429' && echo "$r" | grep -q '^Retry-After: 3' &&
  ok "h02's 2nd request is a 429 with Retry-After: 3" || bad "no 429: $r"
hget h02.localhost /news/2.html | grep -q '^HTTP/1.1 200' && ok "the request after it is served" || bad "no 200 after the 429"
R after429 h02.localhost | grep -E '^gap=[0-9.]+ path=/news/2.html$' >/dev/null &&
  ok "the log gives the gap after the 429 ($(R after429 h02.localhost))" || bad "after429: $(R after429 h02.localhost)"

hget h02.localhost /feed.xml | grep -o "<link>http://h02.localhost:$PORT/news/[0-9]*.html</link>" | wc -l >"$T/n2"
[ "$(cat "$T/n2")" = 6 ] && hget h02.localhost /news/6.html | grep -q '^HTTP/1.1 200' &&
  ok "--host-articles gives h02 6 articles" || bad "h02 lists $(cat "$T/n2") articles"

# Two requests of h03 at once: the reader must see them overlap.
hget h03.localhost /news/1.html >/dev/null &
hget h03.localhost /news/2.html >/dev/null
wait $!
R inflight >"$T/inflight"
grep -q '^host=h03.localhost requests=[0-9]* max_inflight=2$' "$T/inflight" &&
  [ -n "$(R overlaps)" ] && ok "two concurrent requests of a host are seen as 2 in flight" ||
  bad "overlap not seen: $(R inflight)"
grep -q '^host=h01.localhost requests=1 max_inflight=1$' "$T/inflight" && ok "h01: one request, one in flight" ||
  bad "h01: $(R inflight)"

# A local run over the three feeds, one request per host at a time.
: >"$T/req.log"
"$B/auditfeed" run --plugin-dir "$B/plugins" --state-dir "$T/state" --no-progress \
  -i feed -p url="http://h01.localhost:$PORT/feed.xml" -p url="http://h02.localhost:$PORT/feed.xml" \
  -p url="http://h03.localhost:$PORT/feed.xml" \
  -p per_host=1 -p concurrency=8 -p delay=100ms \
  -o jsonl -p path="$T/docs.jsonl" -p records=documents >"$T/log" 2>&1
expect_rc "local run over three hosts" 0 $?
n=$(grep -c '"url":"http://h0[123].localhost:[0-9]*/news/[0-9]*.html"' "$T/docs.jsonl" 2>/dev/null)
[ "$n" = 14 ] && ok "14 articles from 3 hosts (4 + 6 + 4)" || { bad "$n articles, want 14"; tail -20 "$T/log"; }
[ "$(R inflight | tail -1)" = max=1 ] && ok "the local run kept one request per host in flight" ||
  bad "local run: $(R inflight) $(R overlaps | head -3)"
[ "$(R inflight | grep -c 'requests=')" = 3 ] && ok "all three hosts were asked" || bad "hosts: $(R inflight)"
finish
