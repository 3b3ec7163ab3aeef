#!/bin/bash
# A truncated gzip file is an error naming the file in every reader the
# user meets: `extract`, `feed`, and the `files` source (which goes on with
# the other files).
set -u
. "$(dirname "$0")/../lib.sh"
ctest_env
scratch T gzip
fail() { echo "FAIL: $*"; echo "--- out"; cat "$T/out" 2>/dev/null; exit 1; }
half() { head -c $(($(stat -c %s "$1") / 2)) "$1"; }

mkdir -p "$T/pages"
gzip -c "$S/contrib/sample/news/2016-09-13-syrian-resettlement.html" >"$T/pages/whole.html.gz"
half "$T/pages/whole.html.gz" >"$T/pages/cut.html.gz"
gzip -c "$S/contrib/sample/feeds/nao-press-releases.xml" >"$T/feed.xml.gz"
half "$T/feed.xml.gz" >"$T/cut-feed.xml.gz"

"$B/auditfeed" extract "$T/pages/whole.html.gz" >"$T/out" 2>&1 || fail "extract: a whole gzip page failed"
"$B/auditfeed" extract "$T/pages/cut.html.gz" >"$T/out" 2>&1
rc=$?
[ $rc -ne 0 ] || fail "extract: a truncated gzip page exited 0"
grep -q "cut.html.gz: truncated gzip data" "$T/out" || fail "extract: the error does not name the file and the truncation"

"$B/auditfeed" feed "$T/feed.xml.gz" >"$T/out" 2>&1 || fail "feed: a whole gzip feed failed"
"$B/auditfeed" feed "$T/cut-feed.xml.gz" >"$T/out" 2>&1
rc=$?
[ $rc -ne 0 ] || fail "feed: a truncated gzip feed exited 0"
grep -q "cut-feed.xml.gz: truncated gzip data" "$T/out" || fail "feed: the error does not name the file and the truncation"

"$B/auditfeed" run --plugin-dir "$B/plugins" --state-dir "$T/state" --no-progress \
  -i files -p path="$T/pages" -o jsonl -p path="$T/docs.jsonl" >"$T/out" 2>&1
rc=$?
[ $rc -eq 1 ] || fail "files: exit $rc, expected 1 (one file failed)"
grep "event=files.unreadable" "$T/out" | grep -q "path=$T/pages/cut.html.gz error=\"truncated" ||
  fail "files: no line naming the truncated file"
[ "$(wc -l <"$T/docs.jsonl")" -eq 1 ] || fail "files: expected the whole page only"
grep -q "cut.html.gz" "$T/docs.jsonl" && fail "files: the truncated page was stored"
echo "ok: a truncated gzip is an error naming the file in extract, feed and files"
