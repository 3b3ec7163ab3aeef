#!/usr/bin/env bash
# kill -9 in the middle of a run, then run again: every document arrives,
# none twice.  SIGTERM in the middle: a clean drain, then the rest next run.
# Usage: crash_recovery.sh AUDITFEED PLUGIN_DIR
set -u
AF=$1; PD=$2
. "$(dirname "$0")/../lib.sh"
scratch W crash
pid=0
at_exit 'kill -9 $pid 2>/dev/null'
N=3000
note_pages "$W/pages" $N "Report note"
rows() { sqlite3 "$1" 'SELECT count(*) FROM documents' 2>/dev/null || echo 0; }
start() { # db state
  "$AF" run -i files -p path="$W/pages" -o sqlite -p path="$1" -p batch_size=25 \
    --state-dir "$2" --no-progress >>"$W/log" 2>&1 &
  pid=$!
}
wait_rows() { # db minimum
  for _ in $(seq 1 400); do
    [ "$(rows "$1")" -ge "$2" ] && return 0
    kill -0 $pid 2>/dev/null || return 0
    sleep 0.05
  done
}

start "$W/a.db" "$W/sa"
wait_rows "$W/a.db" 100
kill -9 $pid; wait $pid 2>/dev/null
got=$(rows "$W/a.db")
if [ "$got" -lt "$N" ]; then ok "killed mid-run with $got of $N documents committed"; else echo "note - run finished before the kill"; fi
"$AF" run -i files -p path="$W/pages" -o sqlite -p path="$W/a.db" --state-dir "$W/sa" --no-progress >"$W/o" 2>&1
rc=$?
[ $rc = 0 ] && ok "re-run after kill -9 exits 0" || { bad "re-run exit $rc"; tail -5 "$W/o"; }
summary_adds_up "the re-run after kill -9" "$W/o" "$N"
n=$(rows "$W/a.db"); d=$(sqlite3 "$W/a.db" 'SELECT count(DISTINCT url) FROM documents')
[ "$n" = "$N" ] && [ "$d" = "$N" ] && ok "all $N documents present once" || bad "$n rows, $d distinct urls, expected $N"
"$AF" run -i files -p path="$W/pages" -o sqlite -p path="$W/a.db" --state-dir "$W/sa" --no-progress >"$W/o" 2>&1
grep -q "docs_new=0 .*docs_unchanged=$N" "$W/o" && ok "third run: all unchanged" || { bad "third run"; tail -2 "$W/o"; }

start "$W/b.db" "$W/sb"
wait_rows "$W/b.db" 100
kill -TERM $pid; wait $pid; rc=$?
{ [ $rc = 0 ] || [ $rc = 1 ]; } && ok "SIGTERM drains and exits ($rc)" || bad "SIGTERM exit $rc"
grep -q "event=stopping signal=15" "$W/log" && ok "the stop is logged" || bad "no stopping line"
grep -q "event=run_summary" "$W/log" && ok "a summary line after SIGTERM" || bad "no summary after SIGTERM"
"$AF" run -i files -p path="$W/pages" -o sqlite -p path="$W/b.db" --state-dir "$W/sb" --no-progress >"$W/o" 2>&1
n=$(rows "$W/b.db")
[ "$n" = "$N" ] && ok "the next run completes the set ($n)" || bad "$n rows after the next run"
finish
