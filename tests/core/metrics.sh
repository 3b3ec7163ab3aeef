#!/usr/bin/env bash
# Metrics: the file a run writes parses as Prometheus text (our strict
# check, and promtool's when it is installed), its counters add up and only
# grow across runs, and run --every serves the same on /metrics and
# /health on loopback only.
set -uo pipefail
AF=$1 PLUGINS=$2 SRC=$3 TESTPLUGINS=$4
. "$(dirname "$0")/../lib.sh"
scratch W metrics
DAEMON=
at_exit '[ -n "$DAEMON" ] && kill "$DAEMON" 2>/dev/null'
val() { # the value of one series in a metrics file
  awk -v k="$1" '$1 == k { print $2 }' "$2"
}
prom_ok() {
  python3 "$SRC/tests/core/check_prom.py" "$1" || return 1
  if command -v promtool >/dev/null; then promtool check metrics < "$1" || return 1; fi
}

mkdir -p "$W/news" "$W/p"
cp "$SRC"/contrib/sample/news/*.html "$W/news/"
n=$(ls "$W/news" | wc -l)
cp "$PLUGINS"/af_files.so "$PLUGINS"/af_jsonl.so "$TESTPLUGINS"/good/tsink.so "$W/p/"
run() {
  "$AF" run -i files -p path="$W/news" -o jsonl -p path="$W/out.jsonl" \
    --plugin-dir "$W/p" --state-dir "$W/st" --no-progress "$@"
}

run --metrics-file "$W/m.prom" 2>"$W/log1"; rc=$?
check "first run exits 0" "[ $rc -eq 0 ]"
check "the metrics file parses as Prometheus text" "prom_ok $W/m.prom"
check "new documents counted per source" \
  "[ \"$(val 'auditfeed_source_documents_total{source="files",outcome="new"}' "$W/m.prom")\" = $n ]"
check "sink rows counted" \
  "[ \"$(val 'auditfeed_sink_documents_written_total{sink="jsonl"}' "$W/m.prom")\" = $n ]"
check "findings written equal the findings in the file" \
  "[ \"$(val 'auditfeed_sink_findings_written_total{sink="jsonl"}' "$W/m.prom")\" = $(python3 -c 'import json,sys; print(sum(len(json.loads(l).get("findings") or []) for l in open(sys.argv[1])))' "$W/out.jsonl") ] &&
   [ \"$(val 'auditfeed_sink_findings_written_total{sink="jsonl"}' "$W/m.prom")\" -gt 0 ]"
check "a good run is a success" \
  "[ \"$(val 'auditfeed_runs_total{result="ok"}' "$W/m.prom")\" = 1 ] &&
   [ -n \"$(val auditfeed_last_success_timestamp_seconds "$W/m.prom")\" ]"
check "no temporary file is left beside it" "[ \$(ls $W | grep -c 'm.prom.tmp') -eq 0 ]"

# The config key, a second run: counters grow, nothing new.
cat > "$W/a.conf" <<CONF
[core]
metrics_file = $W/m2.prom
[source files]
plugin = files
path = $W/news
[sink jsonl]
plugin = jsonl
path = $W/out.jsonl
CONF
"$AF" run -c "$W/a.conf" --plugin-dir "$W/p" --state-dir "$W/st" --no-progress 2>"$W/log2"; rc=$?
check "second run (metrics_file in [core]) exits 0" "[ $rc -eq 0 ]"
check "its file parses" "prom_ok $W/m2.prom"
check "counters carry over: new stays, unchanged counted, two runs" \
  "[ \"$(val 'auditfeed_source_documents_total{source="files",outcome="new"}' "$W/m2.prom")\" = $n ] &&
   [ \"$(val 'auditfeed_source_documents_total{source="files",outcome="unchanged"}' "$W/m2.prom")\" = $n ] &&
   [ \"$(val 'auditfeed_runs_total{result="ok"}' "$W/m2.prom")\" = 2 ]"

# A sink that cannot commit: failure counted, spool depth shown.  How many
# spool files its documents fill depends on how the run's timing cut them
# into batches (a slow build makes more), so the depth is checked as > 0.
chmod 755 "$W/p"
run --metrics-file "$W/m3.prom" -o tsink -p path="$W/t.txt" -p fail=true 2>"$W/log3"
check "a sink that cannot commit: the run counts as failed" \
  "prom_ok $W/m3.prom >/dev/null &&
   [ \"$(val 'auditfeed_runs_total{result="failed"}' "$W/m3.prom")\" = 1 ]"
check "its failures and its spool are shown" \
  "[ \"$(val 'auditfeed_sink_documents_failed_total{sink="tsink"}' "$W/m3.prom")\" = $n ] &&
   [ \"$(val 'auditfeed_sink_spool_files{sink="tsink"}' "$W/m3.prom")\" -ge 1 ]"

# auditfeed status: what the runs left in the state store.
"$AF" status --state-dir "$W/st" >"$W/status" 2>&1; rc=$?
check "status exits 1 while a spool waits" "[ $rc -eq 1 ]"
check "status: the source line" \
  "grep -Eq '^source=files last_run=[0-9T:-]+Z last_run_ok=yes last_success=[0-9T:-]+Z documents_known=$n ' $W/status"
check "status: the good sink holds every document" \
  "grep -Eq '^sink=jsonl last_run=[0-9T:-]+Z documents_held=$n .* spool_files=0' $W/status"
check "status: the failing sink's spool is shown" "grep -Eq '^sink=tsink .*documents_failed_total=$n spool_files=[1-9][0-9]*$' $W/status"
"$AF" status --state-dir "$W/none" >"$W/o" 2>&1; rc=$?
check "status without state exits 2" "[ $rc -eq 2 ] && grep -q 'no state in' $W/o"

# --source NAME: one source of the configuration, or a clear error.
"$AF" run -c "$W/a.conf" --plugin-dir "$W/p" --state-dir "$W/st" --source files \
  --no-progress 2>"$W/o"; rc=$?
check "--source runs the named source" "[ $rc -eq 0 ] && grep -q 'docs_seen=$n ' $W/o"
"$AF" run -c "$W/a.conf" --plugin-dir "$W/p" --state-dir "$W/st" --source nope \
  --no-progress 2>"$W/o"; rc=$?
check "--source with an unknown name: exit 2, says so" \
  "[ $rc -eq 2 ] && grep -q 'no source of that name' $W/o"

# run --every: /metrics and /health on loopback.
runs=$(( $(val 'auditfeed_runs_total{result="ok"}' "$W/m2.prom") + 1 ))
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$AF" run -c "$W/a.conf" --plugin-dir "$W/p" --state-dir "$W/st" --every 1h \
  --metrics-listen "127.0.0.1:$port" 2>"$W/log4" &
DAEMON=$!
get() { python3 - "$1" <<'PY'
import sys, urllib.request, urllib.error
try:
    r = urllib.request.urlopen(sys.argv[1], timeout=5)
    sys.stdout.write("%d\n%s" % (r.status, r.read().decode()))
except urllib.error.HTTPError as e:
    sys.stdout.write("%d\n" % e.code)
except Exception:
    sys.exit(1)
PY
}
for _ in $(seq 100); do
  get "http://127.0.0.1:$port/metrics" > "$W/served" 2>/dev/null &&
    grep -q "auditfeed_runs_total{result=\"ok\"} $runs\$" "$W/served" && break
  sleep 0.2
done
tail -n +2 "$W/served" > "$W/served.prom"
check "/metrics serves the cycle's counters" "grep -q 'auditfeed_runs_total{result=\"ok\"} $runs\$' $W/served.prom"
check "/metrics parses" "prom_ok $W/served.prom"
check "/health says ok" "[ \"\$(get http://127.0.0.1:$port/health | head -1)\" = 200 ]"
check "anything else is 404" "[ \"\$(get http://127.0.0.1:$port/x | head -1)\" = 404 ]"
kill -TERM "$DAEMON"; wait "$DAEMON"; rc=$?; DAEMON=
check "SIGTERM ends it with 0" "[ $rc -eq 0 ]"
check "the daemon logged where it listens" "grep -q 'event=metrics_listening address=127.0.0.1:$port' $W/log4"
"$AF" run -c "$W/a.conf" --plugin-dir "$W/p" --state-dir "$W/st" --every 1h \
  --metrics-listen "0.0.0.0:$port" 2>"$W/log5"; rc=$?
check "a non-loopback address is refused (exit 2, says why)" \
  "[ $rc -eq 2 ] && grep -q 'only loopback' $W/log5"

[ $fail -eq 0 ] || { for f in "$W"/log*; do echo "== $f"; tail -5 "$f"; done; }
finish
