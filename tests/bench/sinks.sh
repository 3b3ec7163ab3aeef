#!/usr/bin/env bash
# The pipeline benchmark's job (tests/bench/pipeline.sh: an RSS feed of N
# article URLs served by a loopback nginx, fetch, extract, normalise) into
# each sink, beside the built-in null sink, in the same run: wall time,
# pages/s and peak RSS (/usr/bin/time -v), rounds interleaved so that the
# machine's drift hits every sink alike.  The goal: every database sink
# within 1.25x of null's wall time.  Figures go to docs/benchmarks.md.
#
# Usage: tests/bench/sinks.sh [BUILD_DIR...]
#   env: N=5000  RUNS=3  SINKS="null jsonl csv sqlite postgres"
# With several build directories (A/B in one run) every round runs every
# sink of every build, and each row is named sink@build, its ratio taken
# against the same build's null.
# PostgreSQL runs as a throwaway cluster (tests/sinks/lib.sh) with fsync on,
# as a real server would; its CPU (every server process, the run's exited
# backend included: pg_cpu) is reported beside auditfeed's, and the total is
# the two together (nginx's, the same for every sink, is in neither).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
BUILDS=("$@")
[ ${#BUILDS[@]} -gt 0 ] || BUILDS=(build)
H=${AF_PIPELINE:-../shared/benchmarks/pipeline} # the pipeline fixture
N=${N:-5000}
RUNS=${RUNS:-3}
SINKS=${SINKS:-"null jsonl csv sqlite postgres"}
if [ ! -d "$H" ]; then
  echo "sinks benchmark: $H (the pipeline fixture) not found, skipping"
  exit 0
fi
for B in "${BUILDS[@]}"; do
  [ -x "$B/auditfeed" ] || { echo "build first: cmake -S . -B $B && cmake --build $B" >&2; exit 2; }
done
for t in nginx /usr/bin/time curl sqlite3; do
  command -v "$t" >/dev/null || { echo "needs $t (sh $H/setup.sh installs it)" >&2; exit 2; }
done
W=$(mktemp -d /tmp/af-sinkbench-XXXXXX)
chmod 755 "$W"
NGINX_PID=
cleanup() {
  [ -n "$NGINX_PID" ] && kill -TERM "$NGINX_PID" 2>/dev/null && wait "$NGINX_PID" 2>/dev/null
  pg_teardown
  rm -rf "$W"
}
trap cleanup EXIT
. tests/sinks/lib.sh
export PG_FSYNC=on

python3 "$H/make_fixture.py" pages --site "$W/site" --n "$N" >/dev/null
PORT=$(free_port)
python3 "$H/make_fixture.py" feed --site "$W/site" --base "http://127.0.0.1:$PORT" --out "$W/site/feed.xml"
nginx_start "$W/site" "$PORT" 4096 "access_log off;" "sendfile on;" \
  "keepalive_requests 100000;"
case " $SINKS " in *" postgres "*) pg_setup "$W" >/dev/null ;; esac

FEED="http://127.0.0.1:$PORT/feed.xml"
run_one() { # sink round build label
  local s=$1 r=$2 B=$3 label=$4 out=$W/out-$1 args=()
  rm -rf "$out" "$W/state"; mkdir -p "$out"
  case $s in
    null) args=(-o null) ;;
    jsonl) args=(-o jsonl -p path="$out/docs.jsonl") ;;
    csv) args=(-o csv -p path="$out/findings.csv") ;;
    sqlite) args=(-o sqlite -p path="$out/a.db") ;;
    postgres) dropdb --if-exists bench 2>/dev/null; createdb bench
              args=(-o postgres -p "conninfo=host=127.0.0.1 port=$PGPORT dbname=bench") ;;
  esac
  sync
  local s0=0 s1=0
  [ "$s" = postgres ] && s0=$(pg_cpu)
  /usr/bin/time -v -o "$W/time" "$B/auditfeed" run -i feed -p url="$FEED" -p dedup=url \
    -p concurrency=16 -p per_host=16 -p robots=false "${args[@]}" --state-dir "$W/state" \
    --no-progress --log-level warn >"$W/log" 2>&1 || { echo "$s round $r failed:" >&2; tail -3 "$W/log" >&2; exit 1; }
  if [ "$s" = postgres ]; then pg_quiet bench; s1=$(pg_cpu); fi
  local docs=-
  case $s in
    jsonl) docs=$(wc -l <"$out/docs.jsonl") ;;
    postgres) docs=$(q -d bench -c "SELECT count(*) || '(' || (SELECT count(*) FROM findings) || '_findings)' FROM documents") ;;
    csv) docs=0; [ -f "$out/findings.csv" ] && docs=$(python3 -c 'import csv,sys; print(len(list(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig", newline="")))))' "$out/findings.csv")
         docs="${docs}_findings" ;;
    sqlite) docs=$(sqlite3 "$out/a.db" "SELECT count(*) || '(' || (SELECT count(*) FROM findings) || '_findings)' FROM documents") ;;
  esac
  python3 - "$W/time" "$label" "$r" "$N" "$docs" "$s0" "$s1" <<'PY'
import re, sys
tf, sink, rnd, n, docs, s0, s1 = sys.argv[1:]
tv = open(tf).read()
m = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)", tv)
wall = int(m.group(1) or 0) * 3600 + int(m.group(2)) * 60 + float(m.group(3))
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", tv).group(1))
cpu = sum(float(x) for x in re.findall(r"(?:User|System) time \(seconds\): ([\d.]+)", tv))
print(f"{sink} {rnd} {wall:.2f} {rss} {cpu:.2f} {docs} {float(s1) - float(s0):.2f}")
PY
}

echo "N=$N RUNS=$RUNS sinks: $SINKS builds: ${BUILDS[*]} ($(nproc) cores, $(date -u +%FT%TZ))" >&2
for r in $(seq 1 "$RUNS"); do
  for B in "${BUILDS[@]}"; do
    label=
    [ ${#BUILDS[@]} -gt 1 ] && label=@$(basename "$B")
    for s in $SINKS; do run_one "$s" "$r" "$B" "$s$label" | tee -a "$W/results" >&2; done
  done
done
python3 - "$W/results" "$N" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
n = int(sys.argv[2])
by = {}
for sink, rnd, wall, rss, cpu, docs, srv in rows:
    by.setdefault(sink, []).append((float(wall), int(rss) / 1024, float(cpu), docs, float(srv)))
def null_of(sink):  # the same build's null sink
    key = "null" + sink[sink.index("@"):] if "@" in sink else "null"
    return statistics.median(w for w, *_ in by[key]) if key in by else None
print("| sink | pages/s (median, min-max) | wall s | x null wall | peak RSS MB | auditfeed CPU s "
      "| server CPU s | total CPU s | stored (last run) |")
print("|---|---|---|---|---|---|---|---|---|")
for sink, v in by.items():
    walls = [w for w, *_ in v]
    med = statistics.median(walls)
    null = null_of(sink)
    ratio = f"{med / null:.2f}" if null else "-"
    print(f"| {sink} | {n / med:.0f} ({n / max(walls):.0f}-{n / min(walls):.0f}) | {med:.2f} | {ratio} "
          f"| {statistics.median(x[1] for x in v):.0f} | {statistics.median(x[2] for x in v):.1f} "
          f"| {statistics.median(x[4] for x in v):.1f} "
          f"| {statistics.median(x[2] + x[4] for x in v):.1f} | {v[-1][3].replace('_', ' ')} |")
PY
