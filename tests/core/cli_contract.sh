#!/usr/bin/env bash
# The command line as a user meets it: exit codes, one-line errors naming
# file and problem, and the bundled sample run twice without duplicates.
# Usage: cli_contract.sh AUDITFEED TEST_BUILD_DIR SOURCE_DIR
set -u
AF=$1; TB=$2; SRC=$3
. "$(dirname "$0")/../lib.sh"
scratch W cli
# Parts this machine cannot check are named here and make the whole test
# exit 77 (skipped, not passed) once everything else has passed.
skipped=()
skip_part() { skipped+=("$1"); echo "skip - $1"; }

"$AF" --help >"$W/o" 2>&1; expect_rc "--help" 0 $?
"$AF" frobnicate >"$W/o" 2>&1; expect_rc "unknown command" 2 $?
"$AF" version >"$W/o" 2>&1; expect_grep "version names the ABI" "plugin ABI 2\.[0-9]+" "$W/o"
"$AF" run >"$W/o" 2>&1; expect_rc "run without a pipeline" 2 $?

# A misspelt key: one line, file:line, a hint, exit 2.
cat >"$W/typo.conf" <<CONF
[source s]
plugin = tsource
[sink o]
plugin = tsink
pth = $W/out.txt
CONF
"$AF" check-config -c "$W/typo.conf" --plugin-dir "$TB/good" --state-dir "$W/st" >"$W/o" 2>&1
expect_rc "misspelt key" 2 $?
expect_grep "misspelt required key: file:line and the key it should be" "^auditfeed: .*typo.conf:5: unknown key 'pth' for plugin 'tsink' in \[sink o\] \(did you mean 'path'\?\)$" "$W/o"
sed -i 's/^pth/path/' "$W/typo.conf"
echo "pth = x" >>"$W/typo.conf"
"$AF" check-config -c "$W/typo.conf" --plugin-dir "$TB/good" --state-dir "$W/st" >"$W/o" 2>&1
expect_rc "unknown key" 2 $?
expect_grep "unknown key names file:line and a hint" "typo.conf:6: unknown key 'pth' for plugin 'tsink' in \[sink o\] \(did you mean 'path'\?\)" "$W/o"
[ "$(grep -c . "$W/o")" = 1 ] && ok "the error is one line" || bad "the error is not one line"

# Every configuration error has one form: "auditfeed: file:line: ...", one
# line, exit 2 (parse errors, [core] values, instance keys, plugins).
cfg_error() { # name expected-message config-text
  printf '%b' "$3" >"$W/e.conf"
  "$AF" check-config -c "$W/e.conf" --plugin-dir "$TB/good" --state-dir "$W/st" >"$W/o" 2>&1
  local rc=$?
  if [ "$rc" = 2 ] && [ "$(grep -c . "$W/o")" = 1 ] && grep -qF -- "auditfeed: $W/e.conf:$2" "$W/o"; then
    ok "$1"
  else
    bad "$1: exit $rc, expected one line 'auditfeed: $W/e.conf:$2' in:"; sed 's/^/    /' "$W/o"
  fi
}
P='[source s]\nplugin = tsource\n[sink o]\nplugin = tsink\npath = /dev/null\n'
cfg_error "queue_size = -1 refused" "2: queue_size = -1: expected 1 to 1000000" "[core]\nqueue_size = -1\n$P"
cfg_error "workers = -3 refused" "2: workers = -3: expected 0 to 1024 (0: one per CPU)" "[core]\nworkers = -3\n$P"
cfg_error "a key given twice names both lines" "6: 'path' given twice in [sink o] (first at line 5)" "$P""path = /tmp\n"
cfg_error "[core] twice names both" "3: [core] given twice (first at $W/e.conf:1)" "[core]\nqueue_size = 4\n[core]\nworkers = 2\n$P"
cfg_error "a bad log level names its line" "2: log_level = loud: expected error" "[core]\nlog_level = loud\n$P"
cfg_error "an unknown plugin, same form" "1: unknown plugin 'tsorce'" "[source s]\nplugin = tsorce\n[sink o]\nplugin = tsink\npath = /dev/null\n"
# A state directory that cannot be made: the same one-line form, exit 2.
"$AF" run -i tsource -o tsink -p path="$W/x.txt" --plugin-dir "$TB/good" \
  --state-dir "$W/typo.conf/st" >"$W/o" 2>&1
expect_rc "an unusable state directory" 2 $?
[ "$(grep -c . "$W/o")" = 1 ] && grep -q "^auditfeed: cannot create state directory $W/typo.conf/st: Not a directory$" "$W/o" &&
  ok "the unusable state directory is one plain line" || { bad "unusable state directory:"; cat "$W/o"; }
"$AF" check-config -i tsource -o tsink -p path="$W/x.txt" --plugin-dir "$TB/good" \
  --state-dir "$W/typo.conf/st" >"$W/o" 2>&1
expect_rc "check-config: an unusable state directory" 2 $?
expect_grep "check-config names it" "^auditfeed: cannot create state directory $W/typo.conf/st: $W/typo.conf is not a directory$" "$W/o"
"$AF" check-config -i tsource -o tsink -p path="$W/x.txt" --plugin-dir "$TB/good" \
  --state-dir "$W/not-yet/st" >"$W/o" 2>&1
expect_rc "check-config: a state directory still to create" 0 $?
[ ! -e "$W/not-yet" ] && ok "check-config creates no state directory" || bad "check-config created $W/not-yet"
cfg_error "a negative sink retry count" "6: retries = -1: expected 0 to 100" "$P""retries = -1\n"

# check-config asks each sink whether it could write where it is told,
# without creating anything: an existing file that is not a database, a
# path under a regular file, a read-only database are refused with their
# reason; a path whose directories do not exist yet passes and is not made.
PD="$TB/../../plugins"
if [ -f "$PD/af_sqlite.so" ] && [ -f "$PD/af_jsonl.so" ]; then
  CK="$W/ck"; mkdir -p "$CK"; echo "not a database at all, just text" >"$CK/text.db"; : >"$CK/file"
  sink_check() { # name expected-rc plugin path [runner...]
    local name=$1 want=$2 plugin=$3 path=$4; shift 4
    printf '[source s]\nplugin = files\npath = %s\n[sink o]\nplugin = %s\npath = %s\n' \
      "$CK" "$plugin" "$path" >"$CK/c.conf"
    "$@" "$AF" check-config -c "$CK/c.conf" --plugin-dir "$PD" --state-dir "$CK/st" >"$W/o" 2>&1
    local rc=$?
    if [ "$rc" = "$want" ]; then ok "$name (exit $rc)"; else bad "$name: exit $rc, expected $want"; sed 's/^/    /' "$W/o"; fi
  }
  sink_check "sqlite check: a text file is not a database" 2 sqlite "$CK/text.db"
  expect_grep "the reason is named" "event=sqlite.check_failed path=$CK/text.db error=\"$CK/text.db is not an SQLite database\"" "$W/o"
  expect_grep "the config line names the instance" "^auditfeed: $CK/c.conf:4: \[sink o\] plugin 'sqlite' failed its check" "$W/o"
  sink_check "sqlite check: a path under a regular file" 2 sqlite "$CK/file/x.db"
  sink_check "jsonl check: a path under a regular file" 2 jsonl "$CK/file/out.jsonl"
  sink_check "jsonl check: a directory as the path" 2 jsonl "$CK"
  sink_check "sqlite check: directories still to create" 0 sqlite "$CK/new/deeper/x.db"
  sink_check "jsonl check: directories still to create" 0 jsonl "$CK/new2/out.jsonl"
  [ ! -e "$CK/new" ] && [ ! -e "$CK/new2" ] && ok "check-config created nothing" || bad "check-config created directories"
  "$AF" run -i files -p path="$SRC/contrib/sample/news" -o sqlite -p path="$CK/real.db" \
    --plugin-dir "$PD" --state-dir "$CK/st-real" >/dev/null 2>&1
  sink_check "sqlite check: an existing database" 0 sqlite "$CK/real.db"
  # Read-only: as an unprivileged user (root may write anything).
  if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
    chmod 755 "$W"; chmod 777 "$CK"; chmod 444 "$CK/real.db"; rm -rf "$CK/st"
    sink_check "sqlite check: a read-only database" 2 sqlite "$CK/real.db" \
      setpriv --reuid=65534 --regid=65534 --clear-groups
    expect_grep "read-only is named" "real.db cannot be written: Permission denied" "$W/o"
  elif [ "$(id -u)" != 0 ]; then
    chmod 444 "$CK/real.db"
    sink_check "sqlite check: a read-only database" 2 sqlite "$CK/real.db"
  else
    skip_part "read-only database check: running as root without setpriv (util-linux) to drop root"
  fi
else
  skip_part "sink checks of check-config: the bundled sqlite and jsonl plugins are not built in $PD"
fi

# Refused plugins: wrong ABI, no entry symbol.
for case in future notaplugin; do
  mkdir -p "$W/pd-$case"; chmod 755 "$W/pd-$case"
  cp "$TB/good/tsource.so" "$TB/good/tsink.so" "$TB/bad/$case.so" "$W/pd-$case/"
  "$AF" run -i tsource -o tsink -p path="$W/out.txt" --plugin-dir "$W/pd-$case" --state-dir "$W/st" >"$W/o" 2>&1
  expect_rc "run with $case.so in the plugin dir" 2 $?
done
"$AF" plugins --plugin-dir "$W/pd-future" >"$W/o" 2>&1; expect_rc "plugins with a wrong-ABI .so" 2 $?
expect_grep "wrong ABI is named" "future.so: plugin ABI 3.0 is not compatible" "$W/o"
# A run opens only the plugins it names (as af_NAME.so): a broken plugin it
# does not use neither stops it nor is mapped; `plugins` still checks all.
BP=$(dirname "$AF")/plugins
if [ -f "$BP/af_files.so" ] && [ -f "$BP/af_jsonl.so" ]; then
  mkdir -p "$W/pd-named"; chmod 755 "$W/pd-named"
  cp "$BP/af_files.so" "$BP/af_jsonl.so" "$W/pd-named/"
  cp "$TB/bad/future.so" "$W/pd-named/af_zzz.so"
  "$AF" run -i files -p path="$SRC/contrib/sample/news" -o jsonl -p path="$W/named.jsonl" \
    --plugin-dir "$W/pd-named" --state-dir "$W/st-named" --no-progress >"$W/o" 2>&1
  expect_rc "a run beside a broken plugin it does not name" 0 $?
  if grep -q "af_zzz" "$W/o"; then bad "the unused plugin file was opened"; else ok "the unused plugin file was not opened"; fi
  "$AF" plugins --plugin-dir "$W/pd-named" >"$W/o" 2>&1; expect_rc "plugins checks every file" 2 $?
  expect_grep "plugins names the broken file" "af_zzz.so: plugin ABI 3.0 is not compatible" "$W/o"
  cp "$TB/bad/future.so" "$W/pd-named/af_jsonl.so"
  "$AF" run -i files -p path="$SRC/contrib/sample/news" -o jsonl -p path="$W/named2.jsonl" \
    --plugin-dir "$W/pd-named" --state-dir "$W/st-named2" --no-progress >"$W/o" 2>&1
  expect_rc "a run whose named plugin is broken" 2 $?
  expect_grep "the broken named plugin is named" "af_jsonl.so: plugin ABI 3.0 is not compatible" "$W/o"
else
  skip_part "plugins opened by name: the bundled files and jsonl plugins are not built in $BP"
fi
mkdir -p "$W/pd-old"; chmod 755 "$W/pd-old"; cp "$TB/bad/old.so" "$W/pd-old/"
"$AF" plugins --plugin-dir "$W/pd-old" >"$W/o" 2>&1; expect_rc "plugins with an ABI 1 .so" 2 $?
expect_grep "an ABI 1 plugin is told to rebuild" "old.so: plugin built for ABI 1.0, which this core \\(ABI 2\\.[0-9]+\\) no longer loads.*rebuild" "$W/o"
"$AF" plugins --plugin-dir "$W/pd-notaplugin" >"$W/o" 2>&1; expect_rc "plugins with a broken .so" 2 $?
expect_grep "missing entry symbol is named" "notaplugin.so: no 'af_plugin_entry' symbol" "$W/o"

# A good command-line pipeline: exit 0, summary line, JSON logs on request.
"$AF" run -i tsource -p count=4 -o tsink -p path="$W/out.txt" --plugin-dir "$TB/good" \
  --state-dir "$W/st2" --log-format json >"$W/o" 2>&1
expect_rc "command-line pipeline" 0 $?
expect_grep "JSON run summary" '^\{"ts":"[^"]+","level":"info","run":"[0-9a-f]{16}","comp":"engine","event":"run_summary","docs_seen":"4"' "$W/o"
# failed items give exit 1
"$AF" run -i tsource -p count=4 -p fail_every=2 -o tsink -p path="$W/out2.txt" --plugin-dir "$TB/good" \
  --state-dir "$W/st3" >"$W/o" 2>&1
expect_rc "some documents failed" 1 $?
expect_grep "failed document logged with its URL" "event=doc_failed trace=[0-9a-f]{16} url=https://example.org/doc/1 " "$W/o"

# The conformance run for plugin authors.
"$AF" plugins --check "$TB/bad/future.so" >"$W/o" 2>&1; expect_rc "--check on a wrong-ABI plugin" 2 $?
expect_grep "--check names the ABI problem" "^FAIL  loads.*ABI 3.0 is not compatible" "$W/o"
"$AF" plugins --check "$TB/good/grumpy.so" >"$W/o" 2>&1; expect_rc "--check on a plugin whose create fails" 1 $?
expect_grep "--check reports the create failure" "^FAIL  create accepts a throwaway configuration" "$W/o"
"$AF" plugins --check "$TB/good/tsource.so" >"$W/o" 2>&1; expect_rc "--check on a good source" 0 $?
expect_grep "--check drives a source to the end" "^PASS  source_done is called" "$W/o"
for p in af_files af_jsonl af_sqlite; do
  if [ -f "$TB/../../plugins/$p.so" ]; then
    "$AF" plugins --check "$TB/../../plugins/$p.so" --plugin-dir "$TB/../../plugins" >"$W/o" 2>&1
    rc=$?; expect_rc "--check on the bundled $p" 0 $rc
    [ "$rc" = 0 ] || sed 's/^/    /' "$W/o"
  fi
done

# A sink that asks to retry waits the core's backoff: 0.4 s then 0.8 s,
# each with up to 50% jitter (never exactly the bare doubling every time).
"$AF" run -i tsource -p count=2 -o tsink -p path="$W/retry.txt" -p retry_first=2 \
  --plugin-dir "$TB/good" --state-dir "$W/retry-st" >"$W/o" 2>&1
expect_rc "a sink that retries twice, then commits" 0 $?
d1=$(sed -n 's/.*event=batch_retry docs=2 attempt=1 delay_ms=\([0-9]*\).*/\1/p' "$W/o")
d2=$(sed -n 's/.*event=batch_retry docs=2 attempt=2 delay_ms=\([0-9]*\).*/\1/p' "$W/o")
if [ -n "$d1" ] && [ -n "$d2" ] && [ "$d1" -ge 400 ] && [ "$d1" -le 600 ] && [ "$d2" -ge 800 ] &&
   [ "$d2" -le 1200 ] && { [ "$d1" != 400 ] || [ "$d2" != 800 ]; }; then
  ok "sink retries back off with jitter ($d1 ms, $d2 ms)"
else bad "sink retry delays: '$d1' '$d2'"; fi

# A sink that refuses its batches: the run says so (exit 1), the batch
# waits in the spool, `auditfeed spool` shows it (exit 1 while anything
# waits) and the next run delivers it although the source has nothing.
SP="$W/spool-state"
"$AF" run -i tsource -p count=3 -o tsink -p path="$W/spooled.txt" -p fail=true \
  --plugin-dir "$TB/good" --state-dir "$SP" >"$W/o" 2>&1
expect_rc "a failing sink fails the run" 1 $?
expect_grep "the failed batch is spooled" "event=batch_spooled docs=3 path=\"$SP/spool/tsink/" "$W/o"
"$AF" spool --state-dir "$SP" >"$W/o" 2>&1
expect_rc "spool with documents waiting" 1 $?
expect_grep "spool lists the sink" "^sink=tsink files=1 docs=3 bytes=[0-9]+ oldest=20[0-9-]+T" "$W/o"
"$AF" run -i tsource -p count=0 -o tsink -p path="$W/spooled.txt" \
  --plugin-dir "$TB/good" --state-dir "$SP" >"$W/o" 2>&1
expect_rc "the next run delivers the spool" 0 $?
expect_grep "the summary counts it" "sink_failed=0 spooled=0 unspooled=3 " "$W/o"
[ "$(wc -l <"$W/spooled.txt")" = 3 ] && ok "the sink got the 3 spooled documents" \
  || bad "the sink has $(wc -l <"$W/spooled.txt") lines, expected 3"
"$AF" spool --state-dir "$SP" >"$W/o" 2>&1
expect_rc "spool when empty" 0 $?
expect_grep "spool says it is empty" "^spool=empty" "$W/o"
"$AF" spool --state-dir "$W/no-such-dir" >"$W/o" 2>&1
expect_rc "spool without a state directory" 2 $?

# A spool that cannot be written (here its directory is a file; a full
# disk looks the same): one error line naming the reason, and every
# document named as not written, so the log says exactly what was lost.
SP2="$W/spool-broken"
mkdir -p "$SP2" && : >"$SP2/spool"
"$AF" run -i tsource -p count=2 -o tsink -p path="$W/broken.txt" -p fail=true \
  --plugin-dir "$TB/good" --state-dir "$SP2" >"$W/o" 2>&1
expect_rc "a failing sink with an unwritable spool" 1 $?
expect_grep "the spool failure names the reason" "event=spool_failed docs=2 error=\"$SP2/spool/tsink: Not a directory\"" "$W/o"
[ "$(grep -c 'event=doc_not_written' "$W/o")" = 2 ] && ok "each unwritten document is named" \
  || bad "expected 2 doc_not_written lines"
summary_adds_up "sink and spool failing" "$W/o"
# The disk is back: the next run sends the two again, though the state
# store has them unchanged, and counts them as redelivered.
rm -f "$SP2/spool"
"$AF" run -i tsource -p count=2 -o tsink -p path="$W/broken.txt" \
  --plugin-dir "$TB/good" --state-dir "$SP2" >"$W/o" 2>&1
expect_rc "the run after the failure" 0 $?
expect_grep "the documents the sink lacked are redelivered" "docs_seen=2 docs_new=0 docs_revised=0 docs_unchanged=0 docs_redelivered=2 " "$W/o"
summary_adds_up "the run after the failure" "$W/o"
[ "$(wc -l <"$W/broken.txt")" = 2 ] && ok "the sink now holds both" || bad "the sink holds $(wc -l <"$W/broken.txt")"

# A second SIGTERM stops at once: what the sink had not committed is
# spooled and counted, and the exit code is 1 (documented), also when
# more signals arrive while it finishes.
"$AF" run -i tsource -p count=5 -o tsink -p path="$W/hang.txt" -p hang=true \
  --plugin-dir "$TB/good" --state-dir "$W/hang-st" >"$W/o" 2>&1 &
HP=$!
for _ in $(seq 1 200); do grep -q "event=source_done" "$W/o" && break; sleep 0.02; done
kill -TERM $HP; sleep 0.3; kill -TERM $HP; sleep 0.05; kill -TERM $HP 2>/dev/null
wait $HP; expect_rc "a forced stop with uncommitted documents" 1 $?
expect_grep "the forced stop is logged" "event=stop_forced signal=15" "$W/o"
expect_grep "the summary counts the spooled documents" "sink_failed=5 spooled=5 " "$W/o"
summary_adds_up "a forced stop" "$W/o"

# run --every: cycles until SIGTERM, each source on its own schedule, no
# duplicates across cycles, exit 0 when stopped.
cat >"$W/every.conf" <<CONF
$(tsource a 2)
schedule = 1h
$(tsource b 1)
[sink out]
plugin = tsink
path = $W/every.txt
CONF
"$AF" run -c "$W/every.conf" --plugin-dir "$TB/good" --state-dir "$W/every-st" \
  --every 1s >"$W/o" 2>&1 &
EP=$!
sleep 3.5 # cycles start at 0 s and 1 s (later under a sanitizer, on a slow machine)
kill -TERM $EP
wait $EP; expect_rc "run --every stopped by SIGTERM" 0 $?
cycles=$(grep -c 'event=cycle_start' "$W/o")
[ "$cycles" -ge 2 ] && ok "run --every ran $cycles cycles" || bad "run --every ran $cycles cycles"
na=$(grep -c 'comp=a event=source_done' "$W/o"); nb=$(grep -c 'comp=b event=source_done' "$W/o")
[ "$na" = 1 ] && [ "$nb" -ge 2 ] && ok "schedule = 1h ran once, the other in each cycle" \
  || bad "a ran $na times, b $nb times in $cycles cycles"
[ "$(wc -l <"$W/every.txt")" = 3 ] && ok "no document written twice across cycles" \
  || bad "$(wc -l <"$W/every.txt") lines, expected 3"
expect_grep "a run summary per cycle" "event=run_summary" "$W/o"
# Restarted within the hour, the hourly source waits: its last run is in
# the state store.
"$AF" run -c "$W/every.conf" --plugin-dir "$TB/good" --state-dir "$W/every-st" \
  --every 1s >"$W/o" 2>&1 &
EP=$!
sleep 2.5
kill -TERM $EP
wait $EP; expect_rc "run --every restarted" 0 $?
[ "$(grep -c 'comp=a event=source_done' "$W/o")" = 0 ] && [ "$(grep -c 'comp=b event=source_done' "$W/o")" -ge 1 ] \
  && ok "after a restart the hourly source waits for its hour" \
  || bad "after a restart: a ran $(grep -c 'comp=a event=source_done' "$W/o") times"
"$AF" run -c "$W/every.conf" --plugin-dir "$TB/good" --state-dir "$W/every-st" \
  --every soon >"$W/o" 2>&1
expect_rc "run --every with a bad duration" 2 $?
expect_grep "the bad duration is named" "--every 'soon': expected a duration" "$W/o"

# isolate = true: the source's plugin runs in a child process.  Its
# documents arrive as if it ran in process; when the plugin crashes
# (abort() after two documents), the run goes on: the other source's
# documents and the two already sent are written, the crash is logged with
# its signal, the run exits 1, and the next run brings the rest.
cat >"$W/iso.conf" <<CONF
$(tsource good 2)
$(tsource boxed 5)
isolate = true
crash_after = 2
[sink out]
plugin = tsink
path = $W/iso.txt
CONF
"$AF" run -c "$W/iso.conf" --plugin-dir "$TB/good" --state-dir "$W/iso-st" >"$W/o" 2>&1
expect_rc "an isolated source that crashes fails the run, not the process" 1 $?
expect_grep "the child is named" "comp=boxed event=isolated pid=[0-9]+ plugin=tsource" "$W/o"
expect_grep "the crash is logged with its signal" "comp=boxed event=source_crashed plugin=tsource exit_status=0 signal=6" "$W/o"
[ "$(grep -c /good/ "$W/iso.txt")" = 2 ] && [ "$(grep -c /boxed/ "$W/iso.txt")" = 2 ] \
  && ok "the other source and the two documents sent before the crash are written" \
  || bad "expected 2 good and 2 boxed lines in: $(cat "$W/iso.txt")"
[ "$(grep -o 'run=[0-9a-f]*' "$W/o" | sort -u | wc -l)" = 1 ] \
  && ok "the child logs under the parent's run id" || bad "more than one run id in the log"
sed -i 's/^crash_after = 2/crash_after = 0/' "$W/iso.conf"
"$AF" run -c "$W/iso.conf" --plugin-dir "$TB/good" --state-dir "$W/iso-st" >"$W/o" 2>&1
expect_rc "the fixed isolated source runs clean" 0 $?
[ "$(grep -c /boxed/ "$W/iso.txt")" = 5 ] && [ "$(sort "$W/iso.txt" | uniq -d | wc -l)" = 0 ] \
  && ok "the next run brings the rest, with no duplicates" \
  || bad "after the second run: $(cat "$W/iso.txt")"

# A plugin that scribbles on the pipe: a line the parent does not know is
# reported and skipped; a line past 16 MiB stops the child, and nothing
# else is lost.
for g in 1 2; do
  "$AF" run -i tsource -p count=2 -p isolate=true -p garbage=$g -p prefix=https://example.org/g$g \
    -o tsink -p path="$W/garbage-$g.txt" --plugin-dir "$TB/good" \
    --state-dir "$W/garbage-st-$g" >"$W/o-$g" 2>&1
  echo $? >"$W/rc-$g"
done
expect_rc "an unknown line from the child" 0 "$(cat "$W/rc-1")"
expect_grep "the unknown line is reported" "event=isolated_line_unreadable" "$W/o-1"
[ "$(wc -l <"$W/garbage-1.txt")" = 2 ] && ok "the documents around it arrive" || bad "garbage=1: $(wc -l <"$W/garbage-1.txt") lines"
expect_rc "a 17 MiB line from the child" 1 "$(cat "$W/rc-2")"
expect_grep "the parent stops the child" "event=isolated_protocol_error error=\"a line longer than 16 MiB\"" "$W/o-2"
expect_grep "and reports it ended" "event=source_crashed .*signal=9" "$W/o-2"

# Pages with bodies cross the pipe byte for byte: the same pages, in
# process and isolated, give the same documents and findings counts.
for mode in false true; do
  "$AF" run -i tsource -p count=0 -p isolate=$mode \
    -p page="$SRC/tests/extract/fixtures/tricky_markup.html" \
    -p page="$SRC/tests/extract/fixtures/report_page.html" \
    -p page="$SRC/tests/extract/fixtures/press_release.html" \
    -o tsink -p path="$W/pages-$mode.txt" --plugin-dir "$TB/good" \
    --state-dir "$W/pages-st-$mode" >"$W/o" 2>&1
  expect_rc "pages with isolate = $mode" 0 $?
done
[ "$(wc -l <"$W/pages-true.txt")" = 3 ] && cmp -s <(sort "$W/pages-false.txt") <(sort "$W/pages-true.txt") \
  && ok "isolated pages give the same documents and findings" \
  || bad "isolated pages differ: $(diff <(sort "$W/pages-false.txt") <(sort "$W/pages-true.txt"))"

# The bundled sample, twice: one row per sample document, no duplicates.
if [ -f "$TB/../../plugins/files.so" ] || [ -f "$TB/../../plugins/af_files.so" ]; then
  cd "$SRC"
  SQ="$W/sample.db"
  sed -e "s#var/auditfeed.db#$SQ#; s#var/findings.jsonl#$W/sample.jsonl#; s#var/state#$W/sample-state#" \
    config/sample.conf >"$W/sample.conf"
  "$AF" run -c "$W/sample.conf" --plugin-dir "$TB/../../plugins" >"$W/o" 2>&1
  expect_rc "sample run" 0 $?
  n_files=$(find contrib/sample -type f \( -name '*.html' -o -name '*.htm' -o -name '*.txt' \) | wc -l)
  n1=$(sqlite3 "$SQ" 'SELECT count(*) FROM documents')
  f1=$(sqlite3 "$SQ" 'SELECT count(*) FROM findings')
  [ "$n1" -ge "$n_files" ] && ok "sample: $n1 documents for $n_files pages" || bad "sample: $n1 documents for $n_files pages"
  # The sample's NAO pages are stored as what they are, the rest as news.
  kinds=$(sqlite3 "$SQ" "SELECT doc_kind, count(*) FROM documents WHERE url LIKE '%/contrib/sample/nao/%' GROUP BY doc_kind ORDER BY doc_kind" | tr '\n' ' ')
  [ "$kinds" = "nao_press_release|2 nao_report_page|1 " ] && ok "sample: NAO pages by kind ($kinds)" \
    || bad "sample: NAO pages by kind: '$kinds'"
  "$AF" run -c "$W/sample.conf" --plugin-dir "$TB/../../plugins" >"$W/o" 2>&1
  expect_rc "sample run again" 0 $?
  n2=$(sqlite3 "$SQ" 'SELECT count(*) FROM documents')
  f2=$(sqlite3 "$SQ" 'SELECT count(*) FROM findings')
  [ "$n1" = "$n2" ] && [ "$f1" = "$f2" ] && ok "second run adds no rows ($n2 documents, $f2 findings)" \
    || bad "second run changed rows: $n1->$n2 documents, $f1->$f2 findings"
  expect_grep "second run reports unchanged documents" "docs_new=0 .*docs_unchanged=$n1" "$W/o"
else
  skip_part "the bundled sample run twice: the bundled plugins are not built"
fi

if [ ${#skipped[@]} -gt 0 ] && [ "$fail" -eq 0 ]; then
  echo "$pass passed, 0 failed; skipped (${#skipped[@]} part(s) not checked on this machine):"
  printf '  %s\n' "${skipped[@]}"
  exit 77
fi
finish
