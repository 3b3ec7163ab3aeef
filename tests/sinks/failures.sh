#!/usr/bin/env bash
# What a sink's surroundings can do to it, in real runs: SQLite locked by
# another writer for longer than the busy timeout; a full disk (a small
# tmpfs) under the jsonl, csv and sqlite sinks.  Each time: a clear log line,
# the batches spooled, exit 1; once the cause is gone, the next run
# delivers everything, once.  The full-disk part needs root (mount); it is
# skipped (exit 77, when nothing else ran) without it.
# Usage: failures.sh AUDITFEED
set -u
AF=$1
W=$(mktemp -d /tmp/af-fail-XXXXXX)
chmod 755 "$W"
lockpid=0; mnt=
trap '[ "$lockpid" -gt 0 ] && kill "$lockpid" 2>/dev/null; [ -n "$mnt" ] && umount "$mnt" 2>/dev/null; rm -rf "$W"' EXIT
. "$(dirname "$0")/lib.sh"
command -v sqlite3 >/dev/null || { echo "skip - no sqlite3 shell"; exit 77; }

# ---- SQLite locked by another writer -------------------------------------
make_pages "$W/p1" 10
make_pages "$W/p2" 60 " (second set)"
DB=$W/locked.db
"$AF" run -i files -p path="$W/p1" -o sqlite -p path="$DB" --state-dir "$W/sl" --no-progress >"$W/o" 2>&1 \
  || { bad "first run"; tail -3 "$W/o"; }
for f in "$W"/p2/*; do cp "$f" "$W/p1/x-$(basename "$f")"; done
# another writer holds the write lock for 15 s
python3 - "$DB" "$W/locked" <<'PY' &
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN IMMEDIATE")
open(sys.argv[2], "w").close()
time.sleep(15)
c.execute("ROLLBACK")
PY
lockpid=$!
for _ in $(seq 100); do [ -f "$W/locked" ] && break; sleep 0.1; done
"$AF" run -i files -p path="$W/p1" -o sqlite -p path="$DB" -p busy_timeout=300ms -p retries=1 \
  --state-dir "$W/sl" --no-progress >"$W/o" 2>&1; rc=$?
[ $rc = 1 ] && ok "locked database: exit 1" || { bad "locked database: exit $rc"; tail -3 "$W/o"; }
grep -q "event=sqlite.busy path=\"$DB\" error=\"database is locked\" retry=true" "$W/o" \
  && ok "a clear line names the database and the lock" || { bad "no sqlite.busy line"; grep sqlite "$W/o" | head -3; }
grep -q "event=run_summary.* spooled=60 " "$W/o" && ok "the 60 new documents were spooled" || { bad "not spooled"; grep run_summary "$W/o"; }
wait $lockpid; lockpid=0
"$AF" run -i files -p path="$W/p1" -o sqlite -p path="$DB" --state-dir "$W/sl" --no-progress >"$W/o" 2>&1; rc=$?
n=$(sqlite3 "$DB" 'SELECT count(*) FROM documents'); f=$(sqlite3 "$DB" 'SELECT count(*) FROM findings')
[ $rc = 0 ] && [ "$n" = 70 ] && [ "$f" = 140 ] && grep -q "unspooled=60 " "$W/o" \
  && ok "lock released: the spool delivered, 70 documents and 140 findings, once" \
  || { bad "after the lock: exit $rc, $n documents, $f findings"; grep run_summary "$W/o"; }

# ---- a full disk -----------------------------------------------------------
if [ "$(id -u)" -ne 0 ] || ! { mkdir -p "$W/mnt" && mount -t tmpfs -o size=48k tmpfs "$W/mnt"; }; then
  echo "skip - full disk: cannot mount a small tmpfs (needs root)"
  finish; exit $?
fi
mnt=$W/mnt
make_pages "$W/big" 300
for s in jsonl csv sqlite; do
  case $s in
    jsonl) out=$mnt/f.jsonl; count() { wc -l <"$out"; } ;;
    csv) out=$mnt/f.csv; count() { python3 -c 'import csv,sys; print(len({r["document_id"] for r in csv.DictReader(open(sys.argv[1], encoding="utf-8-sig", newline=""))}))' "$out"; } ;;
    sqlite) out=$mnt/f.db; count() { sqlite3 "$out" 'SELECT count(*) FROM documents'; } ;;
  esac
  if [ $s = sqlite ]; then # the schema first, then only a little room for rows
    mkdir -p "$W/none"; mount -o remount,size=64m "$mnt"
    "$AF" run -i files -p path="$W/none" -o sqlite -p path="$out" --state-dir "$W/s0" --no-progress >"$W/o" 2>&1
    mount -o remount,size=$(( $(du -sk "$mnt" | cut -f1) + 48 ))k "$mnt"
  fi
  "$AF" run -i files -p path="$W/big" -o $s -p path="$out" -p retries=0 --state-dir "$W/s-$s" \
    --no-progress >"$W/o" 2>&1; rc=$?
  [ $rc = 1 ] && grep -q "spooled=[1-9]" "$W/o" && ok "$s on a full disk: exit 1, batches spooled" \
    || { bad "$s full disk: exit $rc"; grep -E "run_summary|start_failed" "$W/o"; }
  grep -Eq "event=$s.write_failed path=$out .*(No space left on device|database or disk is full)" "$W/o" \
    && ok "$s: a clear line names the file and the full disk" || { bad "$s: no clear line"; grep -m2 "$s\." "$W/o"; }
  mount -o remount,size=64m "$mnt"
  "$AF" run -i files -p path="$W/big" -o $s -p path="$out" --state-dir "$W/s-$s" --no-progress >"$W/o" 2>&1; rc=$?
  n=$(count)
  [ $rc = 0 ] && [ "$n" = 300 ] && ok "$s: room again, every document delivered ($n)" \
    || { bad "$s after the disk was freed: exit $rc, $n documents"; grep run_summary "$W/o"; }
  [ $s = jsonl ] && { d=$(python3 -c 'import json,sys; ids=[json.loads(l)["id"] for l in open(sys.argv[1])]; print(len(ids)-len(set(ids)))' "$out")
    [ "$d" = 0 ] && ok "jsonl: no document twice" || bad "jsonl: $d duplicates"; }
  rm -f "$mnt"/*; mount -o remount,size=48k "$mnt"
done
finish
