#!/bin/bash
# End to end: `auditfeed run` with the feed and web sources against the
# fixture server on 127.0.0.1.  Checks that good articles get through when
# others fail, that nothing disallowed is fetched, and that a second run
# over unchanged fixtures sends conditional requests and reports unchanged.
set -u
. "$(dirname "$0")/../lib.sh"
ctest_env
scratch T e2e-feed
fail() { echo "FAIL: $*"; echo "--- log"; cat "$T/log" 2>/dev/null; exit 1; }

fixture_server "$S/tests/http/fixtures" || fail "fixture server did not start"
hits() { get /__log | grep -c "^$1 " || true; }
run() {
  "$B/auditfeed" run --plugin-dir "$B/plugins" --state-dir "$T/state" \
    --no-progress "$@" >>"$T/log" 2>&1
}

# 1. A clean feed: every article arrives.
run -i feed -p url=$BASE/feed.xml -o jsonl -p path=$T/one.jsonl
rc=$?
[ $rc -eq 0 ] || fail "first run exit $rc"
[ "$(lines $T/one.jsonl)" -eq 3 ] || fail "first run wrote $(lines $T/one.jsonl) docs, want 3"
# the page's own title wins over the feed item's (which only fills gaps)
grep -q '"title":"Fixture article 1"' "$T/one.jsonl" || fail "page title did not win over the feed's"

# 2. Same feed again: conditional request, 304, nothing new.
get /__reset >/dev/null
run -i feed -p url=$BASE/feed.xml -o jsonl -p path=$T/two.jsonl
rc=$?
[ $rc -eq 0 ] || fail "second run exit $rc"
get /__log | grep -q '^/feed.xml cond=1 status=304' || fail "no conditional 304 for the feed"
grep -q 'event=feed_unchanged' "$T/log" || fail "unchanged feed not reported"
[ "$(lines $T/two.jsonl)" -eq 0 ] || fail "second run wrote documents"

# 3. Failures do not stop the others; policy refusals fetch nothing.
get /__reset >/dev/null
run -i feed -p url=$BASE/mixed.xml -p retries=1 -p backoff=50ms -p timeout=1s \
  -o jsonl -p path=$T/mixed.jsonl
rc=$?
[ $rc -eq 1 ] || fail "mixed run exit $rc, want 1 (some items failed)"
n=$(lines $T/mixed.jsonl)
# a1 unchanged since run 1 (304, not re-emitted), a2, flaky, cp1252
[ "$n" -eq 3 ] || fail "mixed run wrote $n docs, want 3"
grep -q '"title":"Flaky then fine"' "$T/mixed.jsonl" || fail "retried article missing"
grep -q 'café naïve' "$T/mixed.jsonl" || fail "cp1252 page not decoded"
[ "$(hits /private/secret.html)" -eq 0 ] || fail "robots.txt disallowed page was fetched"
[ "$(hits /status/500)" -eq 2 ] || fail "500 tried $(hits /status/500) times, want 2"
[ "$(hits /articles/a2.html)" -eq 1 ] || fail "duplicate article fetched twice"
[ "$(grep -c 'event=fetch_failed.*status/500' "$T/log")" -eq 1 ] || fail "failed article not logged exactly once"

# 3b. After a run with failures the next one must not trust validators:
# the feed is fetched in full again, so the failed items get another try.
get /__reset >/dev/null
run -i feed -p url=$BASE/mixed.xml -p retries=0 -p timeout=1s \
  -o jsonl -p path=$T/mixed2.jsonl
get /__log | grep -q '^/mixed.xml cond=0 status=200' || fail "feed fetched conditionally after a failed run"

# 3c. Filters: exclude, include (regex) and max_items.
run -i feed -p url=$BASE/feed.xml -p exclude='*/a1.html' -p include='re:/articles/a[0-9]' \
  -p max_items=1 -o jsonl -p path=$T/filtered.jsonl --state-dir "$T/state-filter"
[ "$(lines $T/filtered.jsonl)" -eq 1 ] || fail "filters let $(lines $T/filtered.jsonl) docs through, want 1"
grep -q 'a2.html' "$T/filtered.jsonl" || fail "filters picked the wrong article"

# 4. web source: sitemap index -> sitemap + gzip sitemap.
get /__reset >/dev/null
run -i web -p sitemap=$BASE/sitemap_index.xml -o jsonl -p path=$T/web.jsonl \
  --state-dir "$T/state-web"
rc=$?
[ $rc -eq 1 ] || fail "web run exit $rc, want 1 (robots refusal counts as failed)"
[ "$(lines $T/web.jsonl)" -eq 3 ] || fail "web run wrote $(lines $T/web.jsonl) docs, want 3"
grep -q 'a3.html' "$T/web.jsonl" || fail "gzip sitemap entry missing"

# 5. auditfeed feed URL
"$B/auditfeed" feed "$BASE/atom.xml" >"$T/feed.jsonl" 2>>"$T/log" || fail "auditfeed feed failed"
[ "$(lines $T/feed.jsonl)" -eq 2 ] || fail "auditfeed feed printed $(lines $T/feed.jsonl) lines"
grep -q "\"link\":\"$BASE/articles/a1.html\"" "$T/feed.jsonl" || fail "atom link not resolved"
# 6. WARC: record a run, then replay it without touching the server.
get /__reset >/dev/null
run -i feed -p url=$BASE/feed.xml -o jsonl -p path=$T/rec.jsonl \
  --state-dir "$T/state-rec" --record "$T/warc"
rc=$?
[ $rc -eq 0 ] || fail "recording run exit $rc"
ls "$T"/warc/*.warc.gz >/dev/null 2>&1 || fail "no WARC file written"
zcat "$T"/warc/*.warc.gz | grep -q '^WARC-Target-URI: .*/articles/a1.html' || fail "article not recorded"
get /__reset >/dev/null
run -i feed -p url=$BASE/feed.xml -o jsonl -p path=$T/rep.jsonl \
  --state-dir "$T/state-rep" --replay "$T/warc"
rc=$?
[ $rc -eq 0 ] || fail "replay run exit $rc"
[ -z "$(get /__log)" ] || fail "replay contacted the server: $(get /__log)"
hashes() { grep -o '"content_hash":"[0-9a-f]*"' "$1" | sort; }
[ "$(hashes $T/rec.jsonl)" = "$(hashes $T/rep.jsonl)" ] || fail "replayed documents differ"
[ "$(lines $T/rep.jsonl)" -eq 3 ] || fail "replay wrote $(lines $T/rep.jsonl) docs"

# 7. A run whose sink commits nothing must not leave validators behind that
#    would turn the next run into 304s: the next run fetches and delivers all.
if [ -f "$B/tests/core/good/tsink.so" ]; then
  mkdir -p "$T/pd" && chmod 755 "$T/pd"
  cp "$B"/plugins/*.so "$B/tests/core/good/tsink.so" "$T/pd/"
  get /__reset >/dev/null
  "$B/auditfeed" run --plugin-dir "$T/pd" --state-dir "$T/state-fail" --no-progress \
    -i feed -p url=$BASE/feed.xml -o tsink -p path="$T/fail.txt" -p fail=true >>"$T/log" 2>&1
  rc=$?
  [ $rc -eq 1 ] || fail "run with a failing sink exit $rc, want 1"
  "$B/auditfeed" run --plugin-dir "$T/pd" --state-dir "$T/state-fail" --no-progress \
    -i feed -p url=$BASE/feed.xml -o jsonl -p path="$T/after.jsonl" >>"$T/log" 2>&1
  [ "$(lines $T/after.jsonl)" -eq 3 ] || fail "after a failed sink the next run wrote $(lines $T/after.jsonl) docs, want 3"
  [ "$(hits /articles/a1.html)" -ge 2 ] || fail "a1 was not fetched again in full"
fi

echo "e2e_feed: all checks passed"
