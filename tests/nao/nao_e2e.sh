#!/bin/bash
# End to end: `auditfeed run -i nao` against the fixture site
# (tests/fixtures/nao-site/) served by the fixture server on 127.0.0.1.
# Checks the reports, their PDF sections and numbered paragraphs, the
# links, the log lines of every broken PDF, that a second run costs one
# 304 per listing and per report, that a report whose page gains a PDF is
# completed on a later run, the RSS and listing fallbacks, reading REST
# pages without X-WP-TotalPages, the type and date filters, and that a
# report without a title is an error naming the field and the page.
set -u
. "$(dirname "$0")/lib.sh"
command -v sqlite3 >/dev/null || { echo "sqlite3 missing"; exit 77; }
nao_site nao-e2e
BASE=$BASE/
run() {
  local state=$1
  shift
  "$B/auditfeed" run --plugin-dir "$B/plugins" --state-dir "$T/$state" --no-progress \
    --log-level debug "$@" >>"$T/log" 2>&1
}
logline() { grep "$1" "$T/log" | tail -n 1; }
# site_run WHICH OUT N: the whole site through the REST API (state, n.db,
# OUT.jsonl); the run must exit 0 and write N documents.
site_run() {
  run state -i nao -p base_url=$BASE -p per_page=5 -p max_pdf=100k \
    -o sqlite -p path=$T/n.db -o jsonl -p path=$T/$2.jsonl
  local rc=$?
  [ $rc -eq 0 ] || fail "$1 run exit $rc"
  [ "$(lines $T/$2.jsonl)" -eq "$3" ] || fail "$1 run wrote $(lines $T/$2.jsonl) documents, want $3"
}

# 1. The whole site through the REST API.
get /__reset >/dev/null
: >"$T/log"
site_run first n 8
grep -q 'event=done via=rest reports=8 emitted=8' "$T/log" || fail "not discovered through REST"
get /__log | grep -q '^/wp-json/wp/v2/report cond=0 status=200' || fail "REST page 1 not fetched"
[ "$(get /__log | grep -c '^/wp-json/wp/v2/report ')" -eq 2 ] || fail "REST pages: want 2 requests"
[ "$(sqlite3 "$T/n.db" "select count(*) from documents where doc_kind='nao_report'")" -eq 8 ] ||
  fail "sqlite holds $(sqlite3 "$T/n.db" "select count(*) from documents") reports"

school=$(grep '"title":"Managing the school estate"' "$T/n.jsonl")
[ -n "$school" ] || fail "school estate report missing"
for h in '"Key facts"' '"Summary"' '"Key findings"' '"Conclusion on value for money"' \
  '"Recommendations"' '"Part One"' '"Content and scope of the report"'; do
  echo "$school" | grep -q "\"kind\":\"heading\"[^}]*\"text\":$h" ||
    fail "heading $h missing from the school estate report"
done
echo "$school" | grep -q 'refurbishment work' || fail "hyphenated word not joined"
echo "$school" | grep -q '"text":"Since then the Department has not repeated the survey' ||
  fail "two-column paragraph 1.4 not whole"
echo "$school" | grep -q '£11.4bn estimated cost of bringing every school block' ||
  fail "key fact not kept with its caption"
echo "$school" | grep -q '"canonical_url":"http://127.0.0.1:[0-9]*/reports/managing-the-school-estate/"' ||
  fail "canonical landing URL"
echo "$school" | grep -q 'Report by the Comptroller and Auditor General"' &&
  fail "running footer left in the text"

# the report's own record: id from the canonical URL, type, HC, session,
# PDF links from the page, page count, audited bodies; numbered paragraphs
echo "$school" | python3 -c '
import hashlib, json, sys
d = json.loads(sys.stdin.read())
r = d["report"]
want = hashlib.sha1(d["canonical_url"].encode()).hexdigest()[:16]
assert r["id"] == want == d["id"], ("report id", r["id"], want)
assert (r["type"], r["hc"], r["session"], r["pages"]) == ("Value for money report", "HC 412", "2023-24", 7), r
assert r["pdf_url"].endswith("/wp-content/uploads/2024/03/Managing-the-school-estate.pdf"), r
assert r["summary_pdf_url"].endswith("/Managing-the-school-estate-Summary.pdf"), r
assert r["bodies"] == ["Department for Education"], r
nums = {p.get("number"): p["text"] for p in d["paragraphs"] if p.get("number")}
assert nums["8"].startswith("The Department has kept schools open and safe"), nums.get("8")
assert nums["1.4"].startswith("Since then the Department"), nums.get("1.4")
assert nums["c"].startswith("The Department should report progress"), nums.get("c")
fs = d["findings"]
assert len(fs) >= 10, len(fs)
assert all(f["report"] and f["report"]["id"] == r["id"] for f in fs), "a finding without the report id"
kinds = {f["kind"] for f in fs}
assert "recommendation" in kinds and "figure" in kinds and "verdict" in kinds, kinds
' || fail "report record of the school estate report"
[ "$(sqlite3 "$T/n.db" "select count(*) from findings f join documents d on d.id = f.doc_id
     where d.title = 'Managing the school estate'
       and json_extract(f.json, '$.report.id') = json_extract(d.json, '$.report.id')")" -ge 10 ] ||
  fail "sqlite findings do not carry the report id"
grep '"title":"Supporting local bus services"' "$T/n.jsonl" | grep -q '"pages":0' ||
  fail "a report whose PDF could not be read claims pages"

# every broken PDF is logged with its URL and reason; its report still emitted
chk() { logline "event=pdf_unusable url=\"[^\"]*$1\"" | grep -q "$2" || fail "no pdf_unusable for $1 ($2)"; }
chk Supporting-local-bus-services.pdf 'encrypted PDF'
chk Rolling-out-digital-services-in-prisons.pdf 'soft 404'
chk Investigation-into-flood-defence-contracts.pdf 'HTTP status 404'
chk NHS-estate-maintenance-backlog.pdf 'damaged or truncated PDF'
chk Departmental-overview-2023-24-Cabinet-Office.pdf 'over the size limit'
chk 12011701.pdf 'without a text layer'
logline 'event=pdf_missing' | grep -q 'apprenticeships-programme-progress' ||
  fail "report without a PDF not logged"
grep -q '"title":"Supporting local bus services"' "$T/n.jsonl" || fail "encrypted PDF's report not emitted"
grep -q '"title":"Progress with the apprenticeships programme"' "$T/n.jsonl" ||
  fail "report without a PDF not emitted"

# 2. Nothing changed: every request is a conditional 304, nothing is written.
get /__reset >/dev/null
site_run second n2 0
log2=$(get /__log | grep -v "^/robots.txt ")
[ "$(echo "$log2" | grep -c .)" -eq 11 ] || fail "second run made $(echo "$log2" | grep -c .) requests, want 11: $log2"
[ "$(echo "$log2" | grep -c 'cond=1 status=304')" -eq 11 ] || fail "second run not all 304: $log2"

# 3. The apprenticeships page now links its PDF: the next run completes it.
cp "$T/site/later/apprenticeships-with-pdf.html" "$T/site/reports/apprenticeships-programme-progress/index.html"
get /__reset >/dev/null
site_run third n3 1
grep -q '"revision":2' "$T/n3.jsonl" || fail "completed report is not revision 2"
grep -q 'This paragraph describes finding 1 of the progress with the apprenticeships' "$T/n3.jsonl" ||
  fail "completed report lacks its PDF text"
get /__log | grep -q '^/wp-content/uploads/2025/01/Apprenticeships-programme-progress.pdf cond=0 status=200' ||
  fail "new PDF not fetched"
[ "$(get /__log | grep -c 'status=200')" -eq 2 ] || fail "third run fetched more than the page and its PDF"

# 4. No REST API: the RSS feed; old-style links with utm_* are one report each.
rm -rf "$T/site/wp-json"
run state-rss -i nao -p base_url=$BASE -p max_pdf=100k -o jsonl -p path=$T/rss.jsonl
grep -q 'event=done via=rss reports=8 emitted=8' "$T/log" || fail "RSS fallback"
grep -q '"canonical_url":"http://127.0.0.1:[0-9]*/report/rolling-out-digital-prisons/"' "$T/rss.jsonl" ||
  fail "utm_* not stripped from an old-style report URL"

# 5. Neither: the /reports/ listing page.
mv "$T/site/feed" "$T/feed.off"
run state-list -i nao -p base_url=$BASE -p max_pdf=100k -o jsonl -p path=$T/list.jsonl
grep -q 'event=done via=listing reports=8 emitted=8' "$T/log" || fail "listing fallback"

# 6. REST without X-WP-TotalPages (a bare array): read until a short page.
mv "$T/feed.off" "$T/site/feed"
cp -r "$S/tests/fixtures/nao-site/wp-json" "$T/site/wp-json"
python3 -c 'import json,sys; p=sys.argv[1]; d=json.load(open(p)); json.dump(d["body"], open(p,"w"))' \
  "$T/site/wp-json/wp/v2/report" || fail "python3"
get /__reset >/dev/null
run state-bare -i nao -p base_url=$BASE -p per_page=5 -p max_pdf=100k -o jsonl -p path=$T/bare.jsonl
grep -q 'event=done via=rest reports=8 emitted=8' "$T/log" || fail "REST without the header"
[ "$(get /__log | grep -c '^/wp-json/wp/v2/report ')" -eq 2 ] || fail "bare REST: want 2 pages"

# 7. Filters: by report type, and by date.
run state-type -i nao -p base_url=$BASE -p per_page=5 -p max_pdf=100k \
  -p exclude_type='Departmental overview' -p exclude_type=Investigation -o jsonl -p path=$T/type.jsonl
[ "$(lines $T/type.jsonl)" -eq 6 ] || fail "exclude_type kept $(lines $T/type.jsonl), want 6"
run state-inc -i nao -p base_url=$BASE -p include_type=investigation -o jsonl -p path=$T/inc.jsonl
[ "$(lines $T/inc.jsonl)" -eq 1 ] || fail "include_type kept $(lines $T/inc.jsonl), want 1"
hours=$(( ($(date +%s) - $(date -d 2024-06-01 +%s)) / 3600 ))
run state-since -i nao -p base_url=$BASE -p since=${hours}h -p max_pdf=100k -o jsonl -p path=$T/since.jsonl
[ "$(lines $T/since.jsonl)" -eq 5 ] || fail "since kept $(lines $T/since.jsonl), want 5"

# 7b. Recording: the original PDFs are kept in the WARC archive beside the pages.
run state-rec -i nao -p base_url=$BASE -p per_page=5 -p include_type='value for money report' \
  -o jsonl -p path=$T/rec.jsonl --record "$T/warc"
zcat "$T"/warc/*.warc.gz | grep -aq '^WARC-Target-URI: .*/Managing-the-school-estate.pdf' ||
  fail "report PDF not recorded"

# 8. A report with no title anywhere is an error naming the field and page;
#    the others are still emitted.
rm -rf "$T/site/wp-json" "$T/site/feed"
sed -i -e 's|<h1 class="entry-title">[^<]*</h1>||' -e 's|<title>[^<]*</title>||' \
  "$T/site/reports/local-bus-services/index.html"
run state-bad -i nao -p base_url=$BASE -p max_pdf=100k -o jsonl -p path=$T/bad.jsonl
rc=$?
[ $rc -eq 1 ] || fail "run with an invalid report exit $rc, want 1"
logline 'event=report_invalid' | grep -q 'field=title url="http://127.0.0.1:[0-9]*/reports/local-bus-services/"' ||
  fail "invalid report not named"
[ "$(lines $T/bad.jsonl)" -eq 7 ] || fail "invalid report run wrote $(lines $T/bad.jsonl), want 7"

echo "nao_e2e: all checks passed"
