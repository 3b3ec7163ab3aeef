#!/usr/bin/env bash
# The jsonl sink and kill -9: a run killed at several points of one file's
# life (early, mid-way, late), then a run that completes; after folding
# lines by document id every document is there once, every line parses
# (no torn line is left in the middle), and a batch is written again at
# most once per kill.  Plus the torn last line a crash in the middle of a
# write() leaves: the next run cuts it off, says so, and appends after it.
# Usage: jsonl_recovery.sh AUDITFEED
set -u
AF=$1
. "$(dirname "$0")/lib.sh"
sink_workdir jsonl-e2e
command -v python3 >/dev/null || { echo "skip - python3 missing"; exit 77; }

N=1500 BATCH=25
make_pages "$W/pages" $N
# exec: in the background $! is auditfeed itself, which kill -9 must hit
# (call it as "(run ...)" in the foreground).
run() { # extra args...
  exec "$AF" run -i files -p path="$W/pages" -o jsonl -p path="$W/k.jsonl" -p batch_size=$BATCH \
    --state-dir "$W/st" --no-progress "$@"
}
# check FILE: "lines distinct torn" (torn = lines that do not parse as JSON)
check() { python3 - "$1" <<'PY'
import json, sys
n = torn = 0
ids = set()
with open(sys.argv[1], "rb") as f:
    for raw in f:
        n += 1
        try:
            ids.add(json.loads(raw)["id"])
        except Exception:
            torn += 1
print(n, len(ids), torn)
PY
}

kills=0
for at in 100 600 1100; do
  run >>"$W/kill.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 600); do
    [ -f "$W/k.jsonl" ] && [ "$(wc -l <"$W/k.jsonl")" -ge $at ] && break
    kill -0 $pid 2>/dev/null || break
    sleep 0.02
  done
  if kill -9 $pid 2>/dev/null; then kills=$((kills + 1)); fi
  wait $pid 2>/dev/null; pid=0
  read -r n u torn < <(check "$W/k.jsonl")
  if [ "$u" -lt $N ]; then ok "killed at ~$at lines: $n lines, $u documents, $torn torn"
  else echo "note - the run finished before the kill at $at"; fi
done
[ "$kills" -ge 2 ] && ok "$kills runs killed with kill -9" || bad "only $kills run(s) could be killed"

(run >"$W/final.log" 2>&1); rc=$?
[ $rc = 0 ] && ok "the run after the kills: exit 0" || { bad "final run exit $rc"; tail -5 "$W/final.log"; }
read -r n u torn < <(check "$W/k.jsonl")
[ "$u" = $N ] && ok "every document present after folding by id ($u of $N)" ||
  bad "$u distinct documents of $N"
[ "$torn" = 0 ] && ok "no torn line in the file" || bad "$torn line(s) do not parse"
extra=$((n - u))
[ "$extra" -le $((kills * BATCH)) ] &&
  ok "$extra line(s) written twice, at most one batch per kill ($kills x $BATCH)" ||
  bad "$extra duplicate lines for $kills kills of batches of $BATCH"
summary=$(grep "event=run_summary" "$W/final.log" || true)
echo "$summary" | grep -q "docs_failed=0 " && ok "the final run failed no document" ||
  bad "final run: $summary"
"$AF" run -i files -p path="$W/pages" -o jsonl -p path="$W/k.jsonl" --state-dir "$W/st" \
  --no-progress >"$W/again.log" 2>&1
read -r n2 _ _ < <(check "$W/k.jsonl")
[ "$n2" = "$n" ] && grep -q "docs_unchanged=$N" "$W/again.log" &&
  ok "one more run adds nothing ($N unchanged)" || bad "one more run: $n -> $n2 lines"

# A torn last line (a crash in the middle of a write): cut off and reported.
make_pages "$W/few" 10
run_few() { "$AF" run -i files -p path="$W/few" -o jsonl -p path="$W/t.jsonl" \
  --state-dir "$W/st2" --no-progress "$@"; }
run_few >"$W/t1.log" 2>&1 || bad "the first run into t.jsonl failed"
head -c 60 "$W/t.jsonl" | tr -d '\n' >>"$W/t.jsonl"
torn_bytes=60
rm -rf "$W/st2"    # the next run delivers everything again, after the torn line
run_few >"$W/t2.log" 2>&1; rc=$?
[ $rc = 0 ] && ok "a run after a torn last line: exit 0" || { bad "exit $rc"; tail -3 "$W/t2.log"; }
grep -q "event=jsonl.partial_line_removed path=$W/t.jsonl bytes=$torn_bytes" "$W/t2.log" &&
  ok "the torn line is cut off and reported with its size" ||
  { bad "no partial_line_removed line"; grep jsonl "$W/t2.log"; }
read -r n u torn < <(check "$W/t.jsonl")
[ "$torn" = 0 ] && [ "$u" = 10 ] && [ "$n" = 20 ] &&
  ok "then appended whole: $n lines, $u documents, none torn" ||
  bad "after the repair: $n lines, $u documents, $torn torn"
finish
