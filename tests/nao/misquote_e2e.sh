#!/bin/bash
# Linking news to NAO reports and the misquote check, end to end: the nao
# source stores the fixture site's reports (and their figures) in the state
# store; a later run over two news articles citing one of them by title
# links their findings to it (report id = the report document's id), flags
# the article that quotes £8.1bn for the report's £1.8 billion, leaves the
# one quoting "£1.8bn" alone, and counts it in the run summary.  A third
# run with nothing new checks nothing again.  One run with both sources
# links and checks the news in that run, and later runs keep it.  The
# sinks keep it: sqlite
# (and postgres, when a server can be started here) store the report's
# type and the discrepancy in finding_discrepancies; csv has them in its
# report_type and discrepancies columns, jsonl (records = findings) on
# the finding's line.
set -u
. "$(dirname "$0")/lib.sh"
command -v python3 >/dev/null || { echo "python3 missing"; exit 77; }
nao_site nao-misquote
run() {
  "$B/auditfeed" run --plugin-dir "$B/plugins" --state-dir "$T/state" --no-progress \
    "$@" >>"$T/log" 2>&1
}

# Every sink that stores findings, in both runs.
PG=0
SINKS=(-o sqlite -p path=$T/all.db -o csv -p path=$T/all.csv
       -o jsonl -p path=$T/findings.jsonl -p records=findings)
if [ -f "$B/plugins/af_postgres.so" ] && . "$S/tests/sinks/lib.sh" && pg_bindir >/dev/null; then
  chmod 755 "$T"
  at_exit_first pg_teardown
  W=$T pg_setup "$T" >"$T/pg.log" 2>&1 || fail "cannot start a PostgreSQL cluster: $(tail -3 "$T/pg.log")"
  PG=1
  SINKS+=(-o postgres -p "conninfo=host=127.0.0.1 port=$PGPORT dbname=auditfeed")
else
  echo "note: no PostgreSQL server here: the postgres sink is not checked by this test"
fi
run -i nao -p base_url=http://127.0.0.1:$PORT/ -p max_pdf=100k -o jsonl -p path=$T/reports.jsonl \
  "${SINKS[@]}" || fail "reports run failed"
run -i files -p path=$S/tests/fixtures/news-on-nao -o jsonl -p path=$T/news.jsonl "${SINKS[@]}" ||
  fail "news run failed"
grep 'event=run_summary' "$T/log" | tail -n 1 | grep -q ' discrepancies=1 ' ||
  fail "the summary does not count one discrepancy"
python3 - "$T/reports.jsonl" "$T/news.jsonl" <<'PY' || exit 1
import json, sys
reports = [json.loads(l) for l in open(sys.argv[1])]
news = [json.loads(l) for l in open(sys.argv[2])]
estate = [d for d in reports if d["title"] == "Managing the school estate"]
assert len(estate) == 1, "the fixture report is missing"
rid = estate[0]["id"]
own = estate[0]["findings"]
assert own and all((f["report"] or {}).get("id") == rid and f["report"]["basis"] == "link"
                   and f["report"]["confidence"] == 1 for f in own), "the report's findings do not cite it"
found = {}
for d in news:
    for f in d["findings"]:
        r = f.get("report") or {}
        assert r.get("id") == rid and r.get("basis") == "title", ("not linked by title", f["text"], r)
        if "spent" in f["text"]:
            found[d["title"]] = f.get("discrepancies") or []
wrong = [v for k, v in found.items() if k.startswith("Crumbling")]
right = [v for k, v in found.items() if k.startswith("School buildings")]
assert len(wrong) == 1 and len(right) == 1, found
assert right[0] == [], ("rounding flagged as a misquote", right[0])
assert len(wrong[0]) == 1, wrong[0]
x = wrong[0][0]
assert x["report_id"] == rid and x["raw"] == "£8.1bn" and x["other_raw"] == "£1.8 billion", x
assert x["other_doc"] == rid and x["other_finding"] in {f["id"] for f in own}, x
assert abs(x["relative"] - 7 / 9) < 1e-6, x
PY
# The sinks: the report's type and the one discrepancy, as stored.
python3 - "$T/reports.jsonl" "$T/all.db" "$T/all.csv" "$T/findings.jsonl" <<'PY' || exit 1
import csv, json, sqlite3, sys
estate = [d for d in map(json.loads, open(sys.argv[1])) if d["title"] == "Managing the school estate"][0]
rid, rtype = estate["id"], estate["report"]["type"]
assert rtype, "the fixture report has no type"
db = sqlite3.connect(sys.argv[2])
assert db.execute("PRAGMA user_version").fetchone()[0] == 4
got = db.execute("SELECT type FROM reports WHERE id = ?", (rid,)).fetchone()
assert got == (rtype,), ("sqlite reports.type", got, rtype)
rows = db.execute("SELECT f.doc_id, x.report_id, x.other_finding, x.other_doc, x.raw, x.other_raw,"
                  " x.unit, x.relative FROM finding_discrepancies x JOIN findings f"
                  " ON f.id = x.finding_id").fetchall()
assert len(rows) == 1, ("sqlite finding_discrepancies", rows)
doc, xr, other, other_doc, raw, other_raw, unit, rel = rows[0]
assert (xr, other_doc, raw, other_raw) == (rid, rid, "£8.1bn", "£1.8 billion"), rows[0]
assert abs(rel - 7 / 9) < 1e-6 and unit == "GBP", rows[0]
assert db.execute("SELECT count(*) FROM findings WHERE id = ? AND doc_id = ?",
                  (other, rid)).fetchone()[0] == 1, "the other finding is not the report's"
rows = list(csv.DictReader(open(sys.argv[3], encoding="utf-8-sig", newline="")))
own = [r for r in rows if r["document_id"] == rid]
assert own and all(r["report_type"] == rtype for r in own), "csv report_type of the report's findings"
flagged = [r for r in rows if r["discrepancies"]]
assert len(flagged) == 1 and flagged[0]["discrepancies"] == \
    "£8.1bn against £1.8 billion (77.8% apart) in finding " + other, flagged
lines = [json.loads(l) for l in open(sys.argv[4])]
assert all(l["report"]["type"] == rtype for l in lines if l["doc"] == rid), "jsonl findings: type"
assert sum(1 for l in lines if l.get("discrepancies")) == 1, "jsonl findings: discrepancies"
open(sys.argv[2] + ".expect", "w").write("%s|%s|%s|%s\n" % (rid, rtype, raw, other))
PY
if [ "$PG" = 1 ]; then
  IFS='|' read -r rid rtype raw other <"$T/all.db.expect"
  got=$(psql -X -q -A -t -v ON_ERROR_STOP=1 -c "SELECT type FROM reports WHERE id = '$rid'")
  [ "$got" = "$rtype" ] || fail "postgres reports.type: '$got', expected '$rtype'"
  got=$(psql -X -q -A -t -v ON_ERROR_STOP=1 -c "SELECT raw, other_finding, round(relative::numeric, 6) FROM finding_discrepancies")
  [ "$got" = "$raw|$other|0.777778" ] || fail "postgres finding_discrepancies: '$got'"
  got=$(psql -X -q -A -t -v ON_ERROR_STOP=1 -c "SELECT max(version) FROM auditfeed_schema")
  [ "$got" = 4 ] || fail "postgres schema version $got"
fi
run -i files -p path=$S/tests/fixtures/news-on-nao -o jsonl -p path=$T/news2.jsonl ||
  fail "second news run failed"
grep 'event=run_summary' "$T/log" | tail -n 1 | grep -q ' discrepancies=0 ' ||
  fail "an unchanged article was checked again"

# One run with both sources, news listed first, on a fresh state: the
# report source runs first, so the news is linked and checked in that
# same run, not the next.  Run again, that run checks nothing again and
# the sqlite sink keeps the links and the discrepancy.
rm -rf "$T/state"
both() {
  run -i files -p path=$S/tests/fixtures/news-on-nao -i nao -p base_url=http://127.0.0.1:$PORT/ \
    -p max_pdf=100k -o sqlite -p path=$T/one-run.db "$@"
}
# linked: news findings about the estate report's spending linked to it,
# and its discrepancies, in the sqlite sink
linked() { python3 - "$T/one-run.db" <<'PY'
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
both -o jsonl -p path=$T/one-run.jsonl || fail "the run with both sources failed"
grep -q 'event=reports_ready' "$T/log" || fail "the news source did not wait for the reports"
grep 'event=run_summary' "$T/log" | tail -n 1 | grep -q ' discrepancies=1 ' ||
  fail "one run with both sources does not flag the misquote"
python3 - "$T/one-run.jsonl" <<'PY' || exit 1
import json, sys
docs = [json.loads(l) for l in open(sys.argv[1])]
rid = [d["id"] for d in docs if d["title"] == "Managing the school estate"][0]
news = [d for d in docs if d["title"].startswith(("Crumbling", "School buildings"))]
assert len(news) == 2, [d["title"] for d in docs]
for d in news:
    for f in d["findings"]:
        assert (f.get("report") or {}).get("id") == rid, ("not linked in the same run", f["text"])
PY
read -r n x < <(linked)
[ "$n" = 2 ] && [ "$x" = 1 ] || fail "one run: sqlite has $n of 2 linked, $x discrepancies"
for again in 2 3; do
  both || fail "run $again with both sources failed"
  grep 'event=run_summary' "$T/log" | tail -n 1 | grep -q ' discrepancies=0 ' ||
    fail "run $again checked the unchanged news again"
  read -r n x < <(linked)
  [ "$n" = 2 ] && [ "$x" = 1 ] || fail "run $again: sqlite has $n of 2 linked, $x discrepancies"
done
echo "PASS"
