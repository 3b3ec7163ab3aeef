#!/bin/bash
# A feed read from disk must not make the rest of the disk readable: its
# file:// items are read only when the source's `schemes` names file, and
# only below `file_root` (../ and symlinks leading out refused), each
# refusal a log line naming the URL.
set -u
. "$(dirname "$0")/../lib.sh"
ctest_env
scratch T file-scheme
fail() { echo "FAIL: $*"; echo "--- log"; cat "$T/log" 2>/dev/null; exit 1; }
run() {
  "$B/auditfeed" run --plugin-dir "$B/plugins" --state-dir "$T/state" \
    --no-progress "$@" >"$T/log" 2>&1
}

mkdir -p "$T/root"
page() { # FILE WORD: an article whose every paragraph carries WORD
  {
    echo "<!doctype html><html><head><title>$2 report</title></head><body><article><h1>$2 report</h1>"
    for i in 1 2 3 4; do
      echo "<p>The spending watchdog said the $2 programme had cost £$i.2 billion more than planned, and that the department still could not show what the money had bought for the people it was meant to help.</p>"
    done
    echo "</article></body></html>"
  } >"$1"
}
page "$T/root/inside.html" INSIDEWORD
page "$T/secret.html" SECRETWORD
ln -s ../secret.html "$T/root/link.html"
cat >"$T/root/feed.xml" <<XML
<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Local</title><link>file://$T/root/</link>
<item><title>Inside</title><link>file://$T/root/inside.html</link></item>
<item><title>Dot dot</title><link>file://$T/root/%2e%2e/secret.html</link></item>
<item><title>Symlink</title><link>file://$T/root/link.html</link></item>
<item><title>Passwd</title><link>file:///etc/passwd</link></item>
</channel></rss>
XML

# 1. Default schemes (http,https): not even the feed itself is read.
run -i feed -p url="file://$T/root/feed.xml" -o jsonl -p path="$T/default.jsonl"
rc=$?
[ $rc -eq 1 ] || fail "default schemes: exit $rc, expected 1"
grep -q "event=fetch_refused url=\"file://$T/root/feed.xml\" error=\"scheme file is not allowed" "$T/log" ||
  fail "default schemes: no fetch_refused line naming the feed"
[ ! -s "$T/default.jsonl" ] || fail "default schemes: something was written"

# 2. schemes names file but no file_root: a configuration error, nothing runs.
run -i feed -p url="file://$T/root/feed.xml" -p schemes=file -o jsonl -p path="$T/noroot.jsonl"
rc=$?
[ $rc -eq 2 ] || fail "no file_root: exit $rc, expected 2"
grep -q "file_root is required" "$T/log" || fail "no file_root: the error does not name file_root"

# 3. With a root: the item below it is read; ../, the symlink out and
#    /etc/passwd are refused, each with a line naming its URL.
run -i feed -p url="file://$T/root/feed.xml" -p schemes=file -p file_root="$T/root" \
  -o jsonl -p path="$T/root.jsonl"
rc=$?
[ $rc -eq 1 ] || fail "with file_root: exit $rc, expected 1 (three items refused)"
grep -q INSIDEWORD "$T/root.jsonl" || fail "the article inside the root was not read"
grep -q SECRETWORD "$T/root.jsonl" && fail "a file outside the root reached the output"
grep -q root: "$T/root.jsonl" && fail "/etc/passwd reached the output"
for u in "file://$T/root/%2e%2e/secret.html" "file://$T/root/link.html" "file:///etc/passwd"; do
  grep -F "event=fetch_refused url=\"$u\"" "$T/log" | grep -q "outside file_root" ||
    fail "no fetch_refused line for $u"
done
[ "$(wc -l <"$T/root.jsonl")" -eq 1 ] || fail "expected exactly one document"
echo "ok: file:// items only with schemes=file, only below file_root"
