#!/usr/bin/env bash
# The csv sink in real runs: a path it may not write (a clear log line, the
# batches spooled, exit 1), then the cause removed (everything delivered,
# once); kill -9 in the middle of a run, then a re-run (after folding rows
# by finding id, every finding present once).
# Usage: csv_recovery.sh AUDITFEED
set -u
AF=$1
. "$(dirname "$0")/lib.sh"
sink_workdir csv-e2e
chmod 755 "$W"

make_pages "$W/pages" 40
# the expected finding ids: a clean run into a fresh file
"$AF" run -i files -p path="$W/pages" -o csv -p path="$W/clean.csv" --state-dir "$W/s0" \
  --no-progress >"$W/o0" 2>&1 || { bad "clean run failed"; tail -3 "$W/o0"; }
ids() { python3 - "$1" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
ids = [r["finding_id"] for r in rows]
print(len(ids), len(set(ids)), " ".join(sorted(set(ids))))
PY
}
read -r n_clean u_clean clean_ids < <(ids "$W/clean.csv")
[ "$n_clean" = 80 ] && [ "$u_clean" = 80 ] && ok "clean run: 80 rows, 80 distinct ids" || bad "clean run: $n_clean rows, $u_clean ids"

# A read-only directory: the sink cannot create its file.
mkdir -p "$W/ro" "$W/s1"
give_away "$W/s1" "$W/ro"
chmod 555 "$W/ro"
"${AS_USER[@]}" "$AF" run -i files -p path="$W/pages" -o csv -p path="$W/ro/out.csv" \
  -p retries=1 --state-dir "$W/s1" --no-progress >"$W/o1" 2>&1
rc=$?
[ $rc = 1 ] && ok "read-only path: exit 1" || { bad "read-only path: exit $rc"; tail -5 "$W/o1"; }
grep "event=csv.write_failed" "$W/o1" | head -1 | grep -q "path=$W/ro/out.csv step=open error=\"Permission denied\"" \
  && ok "one clear line names the path and the cause" || { bad "no clear csv.write_failed line"; grep csv "$W/o1" | head -3; }
grep -q "event=run_summary.* spooled=40 " "$W/o1" && ok "all 40 documents spooled" || { bad "not spooled"; grep run_summary "$W/o1"; }

chmod 755 "$W/ro"
"${AS_USER[@]}" "$AF" run -i files -p path="$W/pages" -o csv -p path="$W/ro/out.csv" \
  --state-dir "$W/s1" --no-progress >"$W/o2" 2>&1
rc=$?
[ $rc = 0 ] && ok "path writable again: exit 0" || { bad "second run exit $rc"; tail -5 "$W/o2"; }
grep -q "event=run_summary.* unspooled=40 " "$W/o2" && ok "the spool was delivered" || bad "spool not delivered"
read -r n u got_ids < <(ids "$W/ro/out.csv")
[ "$n" = 80 ] && [ "$got_ids" = "$clean_ids" ] && ok "every finding once, as in the clean run" || bad "$n rows, $u ids after delivery"

# A file begun with the first 18 columns (before report_type and
# discrepancies) goes on with those 18, and the log says so once.
printf '\xef\xbb\xbffinding_id,document_id,revision,title,url,published,publisher,kind,text,attributed_to,topic,bodies,figure_value,figure_unit,figure_role,speaker,report_title,report_url\r\n' >"$W/old.csv"
"$AF" run -i files -p path="$W/pages" -o csv -p path="$W/old.csv" --state-dir "$W/s-old" \
  --no-progress >"$W/o-old" 2>&1 || bad "a run into an 18-column file failed"
python3 - "$W/old.csv" <<'PY' && ok "an 18-column file gets 18-column rows" || bad "an 18-column file got other rows"
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
assert len(rows) == 81 and all(len(r) == 18 for r in rows), (len(rows), {len(r) for r in rows})
PY
[ "$(grep -c 'event=csv.old_columns' "$W/o-old")" = 1 ] && ok "csv.old_columns logged once" ||
  bad "no csv.old_columns line"

# kill -9 in the middle of a bigger run, then a re-run.
make_pages "$W/many" 1000
"$AF" run -i files -p path="$W/many" -o csv -p path="$W/k.csv" -p batch_size=25 \
  --state-dir "$W/sk" --no-progress >"$W/ok" 2>&1 &
pid=$!
for _ in $(seq 1 400); do
  [ -f "$W/k.csv" ] && [ "$(wc -l <"$W/k.csv")" -ge 100 ] && break
  kill -0 $pid 2>/dev/null || break
  sleep 0.05
done
kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null; pid=0
read -r n _ _ < <(ids "$W/k.csv")
[ "$n" -lt 2000 ] && ok "killed with $n of 2000 rows written" || echo "note - run finished before the kill"
"$AF" run -i files -p path="$W/many" -o csv -p path="$W/k.csv" --state-dir "$W/sk" --no-progress >"$W/ok2" 2>&1
rc=$?
[ $rc = 0 ] && ok "re-run after kill -9: exit 0" || { bad "re-run exit $rc"; tail -3 "$W/ok2"; }
read -r n u _ < <(ids "$W/k.csv")
[ "$u" = 2000 ] && ok "after folding by id every finding is there ($n rows, $u ids)" || bad "$u distinct ids of 2000"
h=$(grep -c "^.*finding_id,document_id," "$W/k.csv")
[ "$h" = 1 ] && ok "one header row" || bad "$h header rows"
finish
