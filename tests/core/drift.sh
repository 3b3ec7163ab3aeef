#!/usr/bin/env bash
# Yield-drift alarm: a site whose pages are read well for three runs, then
# a "redesigned" copy of the same site (the article text moved into a
# JavaScript app's data attribute, dates gone, only a standfirst left in
# the HTML).  Nothing fails to fetch and most pages still give a document,
# so only the drift alarm can tell: it must name the source and the
# measures, and set auditfeed_source_yield_drift; the good runs must not.
set -uo pipefail
AF=$1 PLUGINS=$2 SRC=$3
. "$(dirname "$0")/../lib.sh"
scratch W drift
val() { awk -v k="$1" '$1 == k { print $2 }' "$2"; }

mkdir -p "$W/site" "$W/p"
cp "$SRC"/contrib/sample/news/*.html "$W/site/"
cp "$PLUGINS"/af_files.so "$PLUGINS"/af_jsonl.so "$W/p/"
run() {
  "$AF" run -i files -p path="$W/site" -o jsonl -p path="$W/out.jsonl" \
    --plugin-dir "$W/p" --state-dir "$W/st" --no-progress --metrics-file "$W/m.prom" "$@"
}
for i in 1 2 3 4; do
  run 2>"$W/log$i"
done
check "four good runs raise no alarm" "! grep -q yield_drift $W/log1 $W/log2 $W/log3 $W/log4"
check "the baseline is exposed (findings per document)" \
  "[ -n \"$(val 'auditfeed_source_yield_baseline{source="files",measure="findings_per_doc"}' "$W/m.prom")\" ]"
check "no drift gauge is set" "! grep -E '^auditfeed_source_yield_drift.* 1$' $W/m.prom"

python3 - "$W/site" <<'PY'
import glob, html, os, re, sys
for f in glob.glob(os.path.join(sys.argv[1], "*.html")):
    s = open(f, encoding="utf-8").read()
    t = re.search(r"<title>(.*?)</title>", s, re.S)
    title = t.group(1).strip() if t else "Story"
    paras = [re.sub(r"<[^>]+>", "", p).strip() for p in re.findall(r"<p[^>]*>(.*?)</p>", s, re.S)]
    paras = [p for p in paras if len(p) > 80]
    blob = html.escape(" ".join(paras))
    open(f, "w", encoding="utf-8").write(
        '<!doctype html><html><head><meta charset="utf-8"><title>%s</title></head>\n'
        '<body><div id="root"><nav><a href="/">Home</a> <a href="/news">News</a></nav>\n'
        '<main><p class="standfirst">%s</p>\n<div id="app" data-state="%s"></div></main>\n'
        '<noscript>Please enable JavaScript to read the rest of this article.</noscript>'
        '</div></body></html>\n' % (title, paras[0] if paras else "", blob))
PY
run 2>"$W/log5"
check "the redesign raises the alarm, naming source and measure (findings)" \
  "grep -Eq 'level=warn .*comp=files event=yield_drift source=files measure=findings_per_doc value=[0-9.]+ baseline=[0-9.]+' $W/log5"
check "and the date share" "grep -q 'event=yield_drift source=files measure=date_share value=0 ' $W/log5"
check "and the body length" "grep -q 'event=yield_drift source=files measure=body_chars ' $W/log5"
check "the drift gauge is 1 for those measures" \
  "[ \"$(val 'auditfeed_source_yield_drift{source="files",measure="findings_per_doc"}' "$W/m.prom")\" = 1 ] &&
   [ \"$(val 'auditfeed_source_yield_drift{source="files",measure="date_share"}' "$W/m.prom")\" = 1 ]"
check "titles did not change: no alarm on them" \
  "[ \"$(val 'auditfeed_source_yield_drift{source="files",measure="title_share"}' "$W/m.prom")\" = 0 ]"
run 2>"$W/log6"
check "the alarm stays while the site stays broken" "grep -q 'measure=date_share' $W/log6"

[ $fail -eq 0 ] || { tail -3 "$W"/log5; }
finish
