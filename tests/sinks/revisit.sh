#!/usr/bin/env bash
# The revisit policy against a real web server (nginx on loopback, ETags
# and 304s as sites send them): a feed that does not change, an article
# under it edited (one figure changed, one paragraph removed).  With
# revisit = 7d the edit is seen: a revision with history, the dropped
# findings withdrawn, the others keeping their ids; an article older than
# the window is not fetched again.  Without revisit the edit goes unseen.
# Usage: revisit.sh AUDITFEED SOURCE_DIR
set -u
AF=$1; SRC=$2
W=$(mktemp -d /tmp/af-revisit-XXXXXX)
chmod 755 "$W"
NGINX_PID=0
trap '[ "$NGINX_PID" -gt 0 ] && kill "$NGINX_PID" 2>/dev/null; rm -rf "$W"' EXIT
. "$(dirname "$0")/lib.sh"
command -v nginx >/dev/null || { echo "skip - nginx is not installed"; exit 77; }
command -v sqlite3 >/dev/null || { echo "skip - no sqlite3 shell"; exit 77; }
FX=$SRC/tests/sinks/fixtures
PORT=$(free_port)
mkdir -p "$W/site"
cp "$FX/v1/schools.html" "$FX/v1/academies.html" "$W/site/"
recent=$(date -u -d '-1 day' '+%a, %d %b %Y %H:%M:%S GMT')
old=$(date -u -d '-30 days' '+%a, %d %b %Y %H:%M:%S GMT')
cat >"$W/site/feed.xml" <<XML
<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>The Ledger</title><link>http://127.0.0.1:$PORT/</link>
<item><title>Watchdog says school buildings are crumbling</title><link>http://127.0.0.1:$PORT/schools.html</link><pubDate>$recent</pubDate></item>
<item><title>Academy conversions cost more than planned</title><link>http://127.0.0.1:$PORT/academies.html</link><pubDate>$old</pubDate></item>
</channel></rss>
XML
chmod -R a+rX "$W/site"
nginx_start "$W/site" "$PORT" 64 "access_log $W/ngx/access.log;"

run() { # name [extra -p]
  local n=$1; shift
  "$AF" run -i feed -p url="http://127.0.0.1:$PORT/feed.xml" -p robots=false "$@" \
    -o sqlite -p path="$W/$n.db" --state-dir "$W/state-$n" --no-progress >"$W/$n.log" 2>&1
}
run with -p revisit=7d && run without || { bad "first runs failed"; tail -3 "$W/with.log"; }
[ "$(sqlite3 "$W/with.db" 'SELECT count(*) FROM documents')" = 2 ] && ok "first run: two articles" || bad "first run"

# The article is edited; the feed is not (nginx answers it with a 304).
sleep 1
cp "$FX/v2/schools.html" "$W/site/schools.html"
sed 's/£850 million/£870 million/' "$FX/v1/academies.html" >"$W/site/academies.html"
a0=$(grep -c "GET /academies.html" "$W/ngx/access.log")
run with -p revisit=7d; rc=$?
a1=$(grep -c "GET /academies.html" "$W/ngx/access.log")
[ $rc = 0 ] && grep -q "event=feed_unchanged" "$W/with.log" && ok "second run: the feed answered 304" \
  || { bad "second run: exit $rc"; grep -E "feed_|run_summary" "$W/with.log"; }
grep -q "event=revisit window_s=604800 remembered=1 revisited=1 changed=1" "$W/with.log" \
  && ok "logged: one article revisited, changed" || { bad "no revisit line"; grep revisit "$W/with.log"; }
grep -q "event=run_summary.* docs_revised=1 " "$W/with.log" && ok "the core recorded it as a revision" \
  || { bad "no revision"; grep run_summary "$W/with.log"; }
doc=$(sqlite3 "$W/with.db" "SELECT id FROM documents WHERE canonical_url LIKE '%/schools'")
[ "$(sqlite3 "$W/with.db" "SELECT count(*) FROM document_revisions WHERE doc_id = '$doc'")" = 2 ] \
  && [ "$(sqlite3 "$W/with.db" "SELECT count(*) FROM findings WHERE doc_id = '$doc' AND withdrawn_in = 2")" = 2 ] \
  && [ "$(sqlite3 "$W/with.db" "SELECT count(*) FROM findings WHERE doc_id = '$doc' AND withdrawn_in IS NULL AND first_revision = 1")" = 2 ] \
  && [ "$(sqlite3 "$W/with.db" "SELECT count(*) FROM findings WHERE doc_id = '$doc' AND first_revision = 2")" = 1 ] \
  && ok "history row, two findings withdrawn, one new, two keep their ids" || bad "history not as expected"
[ "$(sqlite3 "$W/with.db" "SELECT max(revision) FROM documents WHERE canonical_url LIKE '%/academies'")" = 1 ] \
  && [ "$a1" = "$a0" ] \
  && ok "the article older than the window was left alone" || bad "the old article was fetched again"

run without; rc=$?
[ $rc = 0 ] && grep -q "docs_revised=0 " "$W/without.log" && [ "$(sqlite3 "$W/without.db" 'SELECT max(revision) FROM documents')" = 1 ] \
  && ok "without revisit the edit goes unseen (the feed is unchanged)" || { bad "control run"; grep run_summary "$W/without.log"; }
run with -p revisit=7d
grep -q "revisited=1 changed=0" "$W/with.log" && grep -q "docs_revised=0 " "$W/with.log" \
  && ok "third run: the revisit costs a 304" || { bad "third run"; grep -E "revisit|run_summary" "$W/with.log"; }
finish
