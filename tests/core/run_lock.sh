#!/usr/bin/env bash
# One run at a time per state directory: two runs started together on one
# state directory give one run, one skip line and no duplicate output;
# --wait waits instead; separate state directories run side by side;
# run --every holds the lock between its cycles; kill -9 leaves no stale lock.
# Usage: run_lock.sh AUDITFEED
set -u
AF=$1
. "$(dirname "$0")/../lib.sh"
scratch W lock
pids=()
at_exit 'for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null; done'
N=1500
note_pages "$W/pages" $N "Audit note"
# exec: a run started with & has $! = auditfeed's own pid (call it in a
# subshell, "(run ...)", when not in the background).
run() { # output state log [extra args]
  local out=$1 st=$2 log=$3; shift 3
  exec "$AF" run -i files -p path="$W/pages" -o jsonl -p path="$out" --state-dir "$st" \
    --no-progress "$@" >"$log" 2>&1
}
# "lines distinct" of a JSON Lines file (documents by id)
count() { python3 -c 'import json,sys
ids=[json.loads(l)["id"] for l in open(sys.argv[1])]
print(len(ids), len(set(ids)))' "$1"; }

# Two runs started together on one state directory.
run "$W/a.jsonl" "$W/st" "$W/a1.log" & p1=$!
run "$W/a.jsonl" "$W/st" "$W/a2.log" & p2=$!
pids+=("$p1" "$p2")
wait "$p1"; r1=$?; wait "$p2"; r2=$?
[ "$r1" = 0 ] && [ "$r2" = 0 ] && ok "both exit 0" || bad "exits $r1 and $r2"
cat "$W/a1.log" "$W/a2.log" >"$W/a.log"
n_sum=$(grep -c "event=run_summary" "$W/a.log"); n_skip=$(grep -c "event=run_skipped" "$W/a.log")
[ "$n_sum" = 1 ] && [ "$n_skip" = 1 ] && ok "one run and one skip line" ||
  { bad "$n_sum summaries and $n_skip skip lines"; cat "$W/a.log" | tail -5; }
skip=$(grep -h "event=run_skipped" "$W/a.log")
for f in a1 a2; do
  grep -q "event=run_skipped" "$W/$f.log" && [ "$(grep -c . "$W/$f.log")" = 1 ] &&
    ok "the skipping run logs exactly one line"
done
echo "$skip" | grep -qE "lock=\"$W/st/run.lock\" holder_pid=[0-9]+" &&
  ok "the skip line names the lock file and the holder" || bad "skip line: $skip"
holder=$(echo "$skip" | sed -n 's/.*holder_pid=\([0-9]*\).*/\1/p')
{ [ "$holder" = "$p1" ] || [ "$holder" = "$p2" ]; } && ok "the holder is the other run ($holder)" ||
  bad "holder_pid=$holder, runs were $p1 and $p2"
read -r lines distinct < <(count "$W/a.jsonl")
[ "$lines" = $N ] && [ "$distinct" = $N ] && ok "output: $N documents, none twice" ||
  bad "output: $lines lines, $distinct distinct, expected $N"

# --wait: the second run waits for the first, then finds everything unchanged.
run "$W/b.jsonl" "$W/stb" "$W/b1.log" & p1=$!
pids+=("$p1")
for _ in $(seq 1 200); do [ -s "$W/stb/run.lock" ] && break; sleep 0.02; done
(run "$W/b.jsonl" "$W/stb" "$W/b2.log" --wait); r2=$?
wait "$p1"; r1=$?
[ "$r1" = 0 ] && [ "$r2" = 0 ] && ok "--wait: both exit 0" || bad "--wait: exits $r1 and $r2"
if grep -q "event=run_waiting" "$W/b2.log"; then
  grep -q "event=run_summary .*docs_unchanged=$N" "$W/b2.log" &&
    ok "--wait: waited, then ran and found all $N unchanged" || { bad "--wait run"; tail -3 "$W/b2.log"; }
else
  echo "note - the first run ended before the second started; --wait not exercised"
fi
grep -q "event=run_skipped" "$W/b1.log" "$W/b2.log" && bad "--wait skipped" || ok "--wait does not skip"
read -r lines distinct < <(count "$W/b.jsonl")
[ "$lines" = $N ] && [ "$distinct" = $N ] && ok "--wait output: $N documents, none twice" ||
  bad "--wait output: $lines lines, $distinct distinct"

# Separate state directories: both run.
run "$W/c1.jsonl" "$W/stc1" "$W/c1.log" & p1=$!
run "$W/c2.jsonl" "$W/stc2" "$W/c2.log" & p2=$!
pids+=("$p1" "$p2")
wait "$p1"; r1=$?; wait "$p2"; r2=$?
grep -q "event=run_summary .*docs_new=$N" "$W/c1.log" && grep -q "event=run_summary .*docs_new=$N" "$W/c2.log" &&
  [ "$r1" = 0 ] && [ "$r2" = 0 ] && ok "separate state directories both run" ||
  { bad "separate state directories ($r1, $r2)"; tail -2 "$W/c1.log" "$W/c2.log"; }

# run --every holds the lock between cycles.
"$AF" run -i files -p path="$W/pages" -o jsonl -p path="$W/d.jsonl" --state-dir "$W/std" \
  --every 1h >"$W/d1.log" 2>&1 & pe=$!
pids+=("$pe")
for _ in $(seq 1 600); do grep -q "event=run_summary" "$W/d1.log" 2>/dev/null && break; sleep 0.05; done
(run "$W/d.jsonl" "$W/std" "$W/d2.log"); r=$?
[ "$r" = 0 ] && grep -q "event=run_skipped .*holder_pid=$pe" "$W/d2.log" &&
  ok "run --every holds the lock while it sleeps" || { bad "run beside --every ($r)"; cat "$W/d2.log"; }
kill -TERM "$pe"; wait "$pe"; r=$?
[ "$r" = 0 ] && ok "--every stops on SIGTERM (0)" || bad "--every exit $r"

# kill -9 leaves no stale lock.
run "$W/e.jsonl" "$W/ste" "$W/e1.log" & p1=$!
pids+=("$p1")
for _ in $(seq 1 200); do [ -s "$W/ste/run.lock" ] && break; sleep 0.02; done
kill -9 "$p1"; wait "$p1" 2>/dev/null
(run "$W/e.jsonl" "$W/ste" "$W/e2.log"); r=$?
[ "$r" = 0 ] && grep -q "event=run_summary" "$W/e2.log" && ! grep -q run_skipped "$W/e2.log" &&
  ok "after kill -9 the next run runs" || { bad "after kill -9 ($r)"; cat "$W/e2.log"; }

finish
