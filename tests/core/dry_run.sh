#!/usr/bin/env bash
# run --dry-run over the bundled sample: it prints what the sinks would get
# and writes nothing (the state directory and every sink's output are
# byte-for-byte what they were, and nothing is created); a real run after
# it still delivers everything; it takes no run lock, so it neither waits
# for a real run nor makes one skip.
# Usage: dry_run.sh AUDITFEED PLUGIN_DIR SOURCE_DIR
set -u
AF=$1 PLUGINS=$2 SRC=$3
. "$(dirname "$0")/../lib.sh"
scratch W dryrun
command -v python3 >/dev/null || { echo "skip: python3 missing"; exit 77; }

# The sample with one news page held back for the first real run.
mkdir -p "$W/sample" && cp -r "$SRC/contrib/sample/." "$W/sample/"
held=news/2017-02-08-better-care-fund-admissions.html
mkdir -p "$W/held" && mv "$W/sample/$held" "$W/held/"
conf() { # state_dir
  cat <<CONF
[core]
state_dir = $1
[source sample]
plugin = files
path = $W/sample
[sink db]
plugin = sqlite
path = $W/out/auditfeed.db
[sink lines]
plugin = jsonl
path = $W/out/findings.jsonl
records = findings
[sink sheet]
plugin = csv
path = $W/out/findings.csv
CONF
}
conf "$W/state" >"$W/af.conf"
af() { "$AF" run -c "$W/af.conf" --plugin-dir "$PLUGINS" --no-progress "$@"; }
# snapshot DIR...: every file under them with its sha256 (names included,
# so a file created or removed shows too)
snapshot() { find "$@" -type f -print0 2>/dev/null | sort -z | xargs -0 -r sha256sum; }
# ids FILE.jsonl: finding ids of a jsonl findings file, sorted
ids() { python3 -c 'import json,sys
print("\n".join(sorted(json.loads(l)["id"] for l in open(sys.argv[1]))))' "$1"; }
# dry_ids FILE: finding ids of every document a dry run printed, sorted
dry_ids() { python3 -c 'import json,sys
print("\n".join(sorted(f["id"] for l in open(sys.argv[1]) for f in json.loads(l)["findings"])))' "$1"; }

# 1. A dry run with no state and no output yet creates nothing at all.
af --dry-run >"$W/d0.out" 2>"$W/d0.log"; expect_rc "a first dry run" 0 $?
[ ! -e "$W/state" ] && [ ! -e "$W/out" ] && ok "no state directory, no output created" ||
  { bad "the dry run created files:"; find "$W/state" "$W/out" 2>/dev/null | sed 's/^/    /'; }
# (the feed file yields documents of its own: count what the summary counts)
docs=$(sed -n 's/.*event=run_summary.* docs_new=\([0-9]*\).*/\1/p' "$W/d0.log")
n=$(lines "$W/d0.out")
[ -n "$docs" ] && [ "$n" = "$docs" ] && [ "$n" -gt 10 ] &&
  ok "one line per new document ($n)" || bad "$n lines for ${docs:-?} new documents"
docs=$((docs + 1))  # with the held-back page
python3 - "$W/d0.out" <<'PY' && ok "each line: the document, its findings, outcome new, the three sinks" || bad "the printed lines are not as documented"
import json, sys
for l in open(sys.argv[1]):
    d = json.loads(l)
    assert d["id"] and d["url"] and isinstance(d["findings"], list), d.keys()
    assert d["dry_run"] == {"outcome": "new", "sinks": ["db", "lines", "sheet"]}, d["dry_run"]
PY
expect_grep "the summary says it was a dry run" "event=run_start .*dry_run=true" "$W/d0.log"

# 2. A real run over all but one page, then a dry run over all of them:
# nothing changes on disk, and only the held-back page is printed.
af >"$W/r1.out" 2>"$W/r1.log"; expect_rc "the first real run" 0 $?
mv "$W/held/$(basename "$held")" "$W/sample/news/"
snapshot "$W/state" "$W/out" >"$W/before.sum"
[ -s "$W/before.sum" ] || bad "the first run left nothing to compare"
af --dry-run --metrics-file "$W/out/metrics.prom" >"$W/d1.out" 2>"$W/d1.log"
expect_rc "a dry run over a known state" 0 $?
snapshot "$W/state" "$W/out" >"$W/after.sum"
if cmp -s "$W/before.sum" "$W/after.sum"; then
  ok "state directory and sink outputs byte-identical ($(lines "$W/before.sum") files)"
else bad "the dry run changed files:"; diff "$W/before.sum" "$W/after.sum" | sed 's/^/    /'; fi
[ "$(lines "$W/d1.out")" = 1 ] && grep -q "better-care-fund-admissions" "$W/d1.out" &&
  ok "only the new page is printed (the others are unchanged)" ||
  { bad "expected one line, for the held-back page:"; cut -c1-200 "$W/d1.out"; }
expect_grep "its summary counts one new, the rest unchanged" \
  "event=run_summary .*docs_new=1 docs_revised=0 docs_unchanged=$((docs - 1)) " "$W/d1.log"
expect_no "the dry run's summary says nothing was written" "written\.[a-z]+=[1-9]" "$W/d1.log"
dry_ids "$W/d1.out" | grep . >"$W/dry.ids"
[ -s "$W/dry.ids" ] && ok "the dry run printed $(lines "$W/dry.ids") finding(s)" ||
  bad "the held-back page printed no finding"

# 3. The real run after it still delivers the page, findings and all.
af >"$W/r2.out" 2>"$W/r2.log"; expect_rc "the real run after the dry run" 0 $?
expect_grep "it finds the page new" "event=run_summary .*docs_new=1 " "$W/r2.log"
ids "$W/out/findings.jsonl" >"$W/all.ids"
missing=$(comm -23 "$W/dry.ids" "$W/all.ids" | wc -l)
[ "$missing" = 0 ] && ok "every finding the dry run showed is in the jsonl sink" ||
  bad "$missing finding(s) shown by the dry run are not in the sink"
[ "$(sort -u "$W/all.ids" | wc -l)" = "$(lines "$W/all.ids")" ] &&
  ok "no finding twice in the jsonl sink" || bad "duplicate findings in the jsonl sink"
n_db=$(python3 -c 'import sqlite3,sys
print(sqlite3.connect(sys.argv[1]).execute("select count(*) from documents").fetchone()[0])' \
  "$W/out/auditfeed.db")
new1=$(sed -n 's/.*event=run_summary.* docs_new=\([0-9]*\).*/\1/p' "$W/r1.log")
[ "$n_db" = "$((new1 + 1))" ] &&
  ok "the sqlite sink holds every document ($n_db)" || bad "sqlite holds $n_db documents"

# 4. No run lock: a dry run goes on while a real run holds the lock, and
# leaves it to that run (a real run started then skips, as always).
exec 9>"$W/state/run.lock"
flock -n 9 || bad "cannot take the lock for the test"
af --dry-run >"$W/d2.out" 2>"$W/d2.log"; expect_rc "a dry run while the lock is held" 0 $?
expect_no "it does not skip" "event=run_skipped" "$W/d2.log"
expect_grep "it runs to its summary" "event=run_summary" "$W/d2.log"
af >"$W/r3.out" 2>"$W/r3.log"; expect_rc "a real run meanwhile skips" 0 $?
expect_grep "(the real run's skip line)" "event=run_skipped" "$W/r3.log"
exec 9>&-

# 5. A dry run cannot be a scheduler.
af --dry-run --every 1m >"$W/e.out" 2>"$W/e.err"; expect_rc "--dry-run with --every refused" 2 $?
expect_grep "the refusal names both" "dry-run.*every" "$W/e.err"
"$AF" check-config -c "$W/af.conf" --plugin-dir "$PLUGINS" --dry-run >/dev/null 2>"$W/c.err"
expect_rc "check-config refuses --dry-run" 2 $?
finish
