#!/bin/bash
# News and the report it cites in one run, news listed first, then twice
# more.  The nao source is a report source (AF_PLUGIN_REPORTS), so the run
# starts the files source only once the reports are processed: the news
# is linked and checked in that first run, nothing is marked for relinking
# (relink_pending), and the later runs neither relink nor check again; the
# sqlite sink keeps the findings' report_id and the one discrepancy.
set -u
. "$(dirname "$0")/lib.sh"
command -v python3 >/dev/null || { echo "python3 missing"; exit 77; }
nao_site nao-relink
run() { # log
  : >"$T/$1"
  "$B/auditfeed" run --plugin-dir "$B/plugins" --state-dir "$T/state" --no-progress \
    -i files -p path="$S/tests/fixtures/news-on-nao" \
    -i nao -p base_url="http://127.0.0.1:$PORT/" -p max_pdf=100k \
    -o sqlite -p path="$T/n.db" >"$T/$1" 2>&1
  cat "$T/$1" >>"$T/log"
}
# linked: news findings about the estate report's spending, linked to it
linked() { python3 - "$T/n.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
rid = db.execute("SELECT id FROM reports WHERE title = 'Managing the school estate'").fetchone()
rid = rid[0] if rid else None
n = db.execute("SELECT count(*) FROM findings f JOIN documents d ON d.id = f.doc_id"
               " WHERE d.doc_kind <> 'nao_report' AND f.text LIKE '%spent%'"
               " AND f.report_id IS ?", (rid,)).fetchone()[0]
x = db.execute("SELECT count(*) FROM finding_discrepancies WHERE raw = '£8.1bn'"
               " AND other_raw = '£1.8 billion' AND report_id IS ?", (rid,)).fetchone()[0]
print(n if rid else 0, x)
PY
}

run r1.log || fail "first run failed"
read -r n1 x1 < <(linked)
grep -q "event=reports_ready" "$T/r1.log" || fail "first run: the news did not wait for the reports"
grep -q "event=relink_pending" "$T/r1.log" && fail "first run: news marked for relinking"
[ "$n1" = 2 ] && [ "$x1" = 1 ] || fail "first run: $n1 of 2 linked, $x1 discrepancies"
echo "ok - first run: the report came first, both articles linked and the misquote stored"

run r2.log || fail "second run failed"
grep -q "event=doc_relinked\|event=relink_pending" "$T/r2.log" && fail "second run relinked"
read -r n2 x2 < <(linked)
[ "$n2" = 2 ] && [ "$x2" = 1 ] || fail "second run: $n2 linked, $x2 discrepancies"

run r3.log || fail "third run failed"
grep -q "event=doc_relinked\|event=relink_pending" "$T/r3.log" && fail "third run relinked again"
grep 'event=run_summary' "$T/r3.log" | grep -q ' discrepancies=0 ' || fail "third run checked again"
read -r n3 x3 < <(linked)
[ "$n3" = 2 ] && [ "$x3" = 1 ] || fail "third run: $n3 linked, $x3 discrepancies"
echo "ok - third run: nothing to relink, links and discrepancy kept"
echo "PASS"
