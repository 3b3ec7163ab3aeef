#!/bin/bash
# Linking news to NAO reports and the misquote check, end to end: the nao
# source stores the fixture site's reports (and their figures) in the state
# store; a later run over two news articles citing one of them by title
# links their findings to it (report id = the report document's id), flags
# the article that quotes £8.1bn for the report's £1.8 billion, leaves the
# one quoting "£1.8bn" alone, and counts it in the run summary.  A third
# run with nothing new checks nothing again.
set -u
B=${AF_BUILD_DIR:?}
S=${AF_SOURCE_DIR:?}
T=$(mktemp -d)
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$S/tests/lsan.supp}"
SRV_PID=
cleanup() {
  [ -n "$SRV_PID" ] && kill "$SRV_PID" 2>/dev/null
  rm -rf "$T"
}
trap cleanup EXIT INT TERM
fail() { echo "FAIL: $*"; echo "--- log"; tail -n 40 "$T/log" 2>/dev/null; exit 1; }
command -v python3 >/dev/null || { echo "python3 missing"; exit 77; }
[ -f "$B/plugins/af_nao.so" ] || { echo "nao plugin not built"; exit 77; }

cp -r "$S/tests/fixtures/nao-site" "$T/site"
"$B/tests/http/fixture_server" "$T/site" >"$T/port" &
SRV_PID=$!
i=0
while [ ! -s "$T/port" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
PORT=$(cat "$T/port")
[ -n "$PORT" ] || fail "fixture server did not start"
run() {
  "$B/auditfeed" run --plugin-dir "$B/plugins" --state-dir "$T/state" --no-progress \
    "$@" >>"$T/log" 2>&1
}

run -i nao -p base_url=http://127.0.0.1:$PORT/ -p max_pdf=100k -o jsonl -p path=$T/reports.jsonl ||
  fail "reports run failed"
run -i files -p path=$S/tests/fixtures/news-on-nao -o jsonl -p path=$T/news.jsonl ||
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
run -i files -p path=$S/tests/fixtures/news-on-nao -o jsonl -p path=$T/news2.jsonl ||
  fail "second news run failed"
grep 'event=run_summary' "$T/log" | tail -n 1 | grep -q ' discrepancies=0 ' ||
  fail "an unchanged article was checked again"
echo "PASS"
