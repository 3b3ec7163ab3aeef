#!/usr/bin/env bash
# What the postgres sink costs the server: the pipeline benchmark's 5,000
# pages, read from disk by the files source (no fetching, so the same
# documents every time), written by the postgres sink into a fresh
# database of a throwaway cluster; then the same documents again from a
# fresh state directory into the same database (an unchanged re-delivery:
# a replayed spool, or a run after a crash), then every page edited at the
# same address (" and " becomes " and also " in each: a revision of every
# document, its text written again).  For each, the server's CPU
# seconds (every server process, including the exited backend: see
# pg_cpu in tests/sinks/lib.sh), auditfeed's CPU and the wall time.
# Several build directories are compared round by round (A/B in one run,
# rounds interleaved so that the machine's drift hits every build alike).
#
# Usage: tests/bench/pg_apply_cost.sh BUILD_DIR [BUILD_DIR...]
#   env: N=5000  RUNS=3  SINK_OPTS="" (more -p options for the sink, e.g.
#        "batch_size=256")
# The cluster runs with fsync on and autovacuum off, so that a run's
# figure is the sink's own work and not a vacuum that happens to fall in
# its window; pg_stat_statements (when it loads) gives the statements'
# execution time, summed per statement kind, for the last round.
set -euo pipefail
cd "$(dirname "$0")/../.."
H=${AF_PIPELINE:-../shared/benchmarks/pipeline} # the pipeline fixture
N=${N:-5000}
RUNS=${RUNS:-3}
[ $# -ge 1 ] || { echo "usage: $0 BUILD_DIR [BUILD_DIR...]" >&2; exit 2; }
if [ ! -d "$H" ]; then
  echo "pg_apply_cost: $H (the pipeline fixture) not found, skipping"
  exit 0
fi
for b in "$@"; do
  [ -x "$b/auditfeed" ] || { echo "build first: $b/auditfeed" >&2; exit 2; }
done
W=$(mktemp -d /tmp/af-pgcost-XXXXXX)
chmod 755 "$W"
cleanup() { pg_teardown; rm -rf "$W"; }
trap cleanup EXIT
. tests/sinks/lib.sh
export PG_FSYNC=on
STATS=
if [ -f "$(pg_bindir)/../lib/pg_stat_statements.so" ]; then
  STATS=1
  export PG_OPTS="-c autovacuum=off -c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track_utility=on"
else
  export PG_OPTS="-c autovacuum=off"
fi
python3 "$H/make_fixture.py" pages --site "$W/site" --n "$N" >/dev/null
# The edited pages: one edited copy per distinct page, hard-linked under
# the same names as the fixture's (its pages are hard links too).
python3 - "$W/site" <<'PY'
import os, sys
site = sys.argv[1]
src, dst = os.path.join(site, "a"), os.path.join(site, "a.rev")
os.makedirs(dst)
done = {}
for name in sorted(os.listdir(src)):
    path = os.path.join(src, name)
    ino = os.stat(path).st_ino
    if ino not in done:
        with open(path, "rb") as f:
            body = f.read().replace(b" and ", b" and also ")
        done[ino] = os.path.join(dst, name)
        with open(done[ino], "wb") as f:
            f.write(body)
    else:
        os.link(done[ino], os.path.join(dst, name))
PY
pg_setup "$W" >/dev/null
[ -n "$STATS" ] && q -c "CREATE EXTENSION pg_stat_statements" >/dev/null
echo "N=$N RUNS=$RUNS builds: $* ($(nproc) cores, $(date -u +%FT%TZ), server $(q -c 'SHOW server_version'))" >&2

opts=()
for o in ${SINK_OPTS:-}; do opts+=(-p "$o"); done

run_one() { # build label db kind round
  local b=$1 label=$2 db=$3 kind=$4 r=$5
  rm -rf "$W/state"
  q -c "CHECKPOINT" >/dev/null
  [ -n "$STATS" ] && q -c "SELECT pg_stat_statements_reset()" >/dev/null
  local c0 c1
  c0=$(pg_cpu)
  /usr/bin/time -f "%e %U %S" -o "$W/time" "$b/auditfeed" run -i files -p path="$W/site/a" \
    -p dedup=url -o postgres -p "conninfo=host=127.0.0.1 port=$PGPORT dbname=$db" "${opts[@]}" \
    --state-dir "$W/state" --no-progress --log-level warn >"$W/log" 2>&1 \
    || { echo "$label $kind round $r failed:" >&2; tail -3 "$W/log" >&2; exit 1; }
  pg_quiet "$db"
  c1=$(pg_cpu)
  if [ -n "$STATS" ]; then
    q -F $'\t' -c "SELECT '$label', '$kind', s.calls, round(s.total_exec_time::numeric, 1),
        regexp_replace(left(s.query, 60), '\s+', ' ', 'g')
        FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
        WHERE d.datname = '$db'" >"$W/stmts-$db-$kind"
  fi
  local docs
  docs=$(q -d "$db" -c "SELECT count(*) || '/' || (SELECT count(*) FROM document_revisions) FROM documents")
  read -r wall usr sys <"$W/time"
  echo "$label $kind $r $wall $(python3 -c "print(f'{$usr + $sys:.2f}')") \
$(python3 -c "print(f'{$c1 - $c0:.2f}')") $docs"
}

for r in $(seq 1 "$RUNS"); do
  i=0
  for b in "$@"; do
    i=$((i + 1))
    db=cost$i
    dropdb --if-exists "$db" 2>/dev/null
    createdb "$db"
    run_one "$b" "$b" "$db" first "$r" | tee -a "$W/results" >&2
    run_one "$b" "$b" "$db" again "$r" | tee -a "$W/results" >&2
    mv "$W/site/a" "$W/site/a.orig" && mv "$W/site/a.rev" "$W/site/a"
    run_one "$b" "$b" "$db" revised "$r" | tee -a "$W/results" >&2
    mv "$W/site/a" "$W/site/a.rev" && mv "$W/site/a.orig" "$W/site/a"
  done
done

python3 - "$W/results" "$N" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
by = {}
for label, kind, rnd, wall, cpu, srv, docs in rows:
    by.setdefault((label, kind), []).append((float(wall), float(cpu), float(srv), docs))
print("| build | delivery | server CPU s (median, min-max) | server ms/doc | auditfeed CPU s | wall s | documents / revisions |")
print("|---|---|---|---|---|---|---|")
n = int(sys.argv[2])
for (label, kind), v in by.items():
    srv = [s for _, _, s, _ in v]
    med = statistics.median(srv)
    what = {'first': 'first', 'again': 'unchanged again', 'revised': 'every page revised'}[kind]
    print(f"| {label} | {what} | {med:.2f} "
          f"({min(srv):.2f}-{max(srv):.2f}) | {1000 * med / n:.2f} "
          f"| {statistics.median(c for _, c, _, _ in v):.2f} "
          f"| {statistics.median(w for w, *_ in v):.2f} | {v[-1][3]} |")
PY
if [ -n "$STATS" ]; then
  echo
  echo "Statement execution time, last round (ms, pg_stat_statements; top 8 per build and delivery):"
  for f in "$W"/stmts-*; do
    sort -t $'\t' -k4,4 -g -r "$f" | head -8
  done
fi
