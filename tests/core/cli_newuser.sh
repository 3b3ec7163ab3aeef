#!/usr/bin/env bash
# Small things a new user trips on (issue 10, item 10): a directory given
# to extract is read recursively, one with nothing to read is an error; a
# directory given to feed is a clear error; check-config's help lists only
# its own flags and it refuses run-only ones; the files source neither
# lists nor takes HTTP keys.
# Usage: cli_newuser.sh AUDITFEED SOURCE_DIR
set -u
AF=$1; SRC=$2
. "$(dirname "$0")/../lib.sh"
scratch W newuser

# extract DIR: pages only in subdirectories (as in contrib/sample) are read,
# in name order, depth first; hidden entries skipped.
mkdir -p "$W/pages/b/deeper" "$W/pages/a" "$W/pages/.hidden" "$W/empty/sub"
cp "$SRC/contrib/sample/news/2016-09-13-syrian-resettlement.html" "$W/pages/b/deeper/one.html"
cp "$SRC/contrib/sample/news/2017-01-20-million-homes-target.txt" "$W/pages/a/two.txt"
cp "$SRC/contrib/sample/news/2016-10-12-child-protection-services.html" "$W/pages/.hidden/no.html"
"$AF" extract --no-findings "$W/pages" >"$W/o" 2>"$W/e"; expect_rc "extract DIR with pages in subdirectories" 0 $?
[ "$(wc -l <"$W/o")" = 2 ] && ok "extract DIR: two pages, the hidden one skipped" || bad "extract DIR: $(wc -l <"$W/o") lines, expected 2"
grep -o '"input":"[^"]*"' "$W/o" | tr '\n' ' ' >"$W/order"
expect_grep "extract DIR: depth-first name order" "a/two.txt.*b/deeper/one.html" "$W/order"
"$AF" extract "$W/empty" >"$W/o" 2>&1; expect_rc "extract DIR with nothing to read" 1 $?
expect_grep "extract DIR with nothing to read says so" "empty: no \.html.*files" "$W/o"

# extract on a feed: an error pointing at `feed`, not an article of raw
# feed fields; the pages beside it still come out.
mkdir -p "$W/mixed"
cp "$SRC/contrib/sample/feeds/nao-press-releases.xml" "$W/mixed/feed.xml"
cp "$SRC/contrib/sample/news/2016-09-13-syrian-resettlement.html" "$W/mixed/page.html"
"$AF" extract --no-findings "$W/mixed" >"$W/o" 2>"$W/e"; expect_rc "extract DIR holding a feed" 1 $?
expect_grep "the feed is named and sent to auditfeed feed" "mixed/feed.xml: a feed \(rss, [0-9]+ entries\), not an article: read it with auditfeed feed" "$W/e"
expect_grep "the page beside it still comes out" '"input":"[^"]*mixed/page.html"' "$W/o"
expect_no "no article made of the feed" '"title":"National Audit Office' "$W/o"

# feed DIR
"$AF" feed /etc >"$W/o" 2>&1; expect_rc "feed on a directory" 1 $?
expect_grep "feed on a directory says so" "^auditfeed feed: /etc: is a directory" "$W/o"
expect_no "feed on a directory: no parser noise" "Document is empty" "$W/o"

# check-config --help
"$AF" check-config --help >"$W/o" 2>&1; expect_rc "check-config --help" 0 $?
expect_grep "check-config --help lists its own flags" "--config FILE" "$W/o"
expect_no "check-config --help lists no run-only flag" "--record|--replay|--every|--no-progress" "$W/o"
"$AF" run --help >"$W/o" 2>&1
expect_grep "run --help still lists them" "--every DURATION" "$W/o"
"$AF" check-config --every 5m -i files -p path="$W/pages" -o null >"$W/o" 2>&1
expect_rc "check-config refuses a run-only flag" 2 $?
expect_grep "and names it" "--every is an option of run only" "$W/o"

# The files source reads local files: no HTTP keys listed or accepted.
"$AF" plugins >"$W/o" 2>&1
sed -n '/^files /,/^$/p' "$W/o" >"$W/files"
expect_grep "plugins lists the files source's own keys" "^ +path " "$W/files"
expect_no "plugins lists no HTTP key for the files source" "^ +(robots|user_agent|delay|schemes|concurrency) " "$W/files"
sed -n '/^feed /,/^$/p' "$W/o" >"$W/feed"
expect_grep "plugins still lists them for the feed source" "^ +robots " "$W/feed"
"$AF" check-config -i files -p path="$W/pages" -p robots=false -o null >"$W/o" 2>&1
expect_rc "an HTTP key on the files source" 2 $?
expect_grep "is an unknown key" "unknown key 'robots' for plugin 'files'" "$W/o"

finish
