#!/usr/bin/env bash
# run --every as a scheduler: a source with a cron schedule waits for its
# minute and then runs on its own (the others keep their cycle); a bad
# schedule is a config error naming file:line; SIGHUP re-reads the
# configuration between cycles, and a broken new one is refused with its
# file:line while the running one carries on.
set -uo pipefail
AF=$1 TB=$2
. "$(dirname "$0")/../lib.sh"
scratch W every
DAEMON=
at_exit '[ -n "$DAEMON" ] && kill "$DAEMON" 2>/dev/null'

conf() {
cat >"$W/a.conf" <<CONF
$(tsource cal 1)
schedule = $1
$(tsource plain 1)
$2
[sink out]
plugin = tsink
path = $W/out.txt
CONF
}

conf "0 6 * * mon-fri Europe/Londn" ""
"$AF" check-config -c "$W/a.conf" --plugin-dir "$TB/good" --state-dir "$W/st" >"$W/o" 2>&1
check "a bad zone is a config error (exit 2) naming file:line" \
  "[ $? -eq 2 ] && grep -q 'a.conf:5: schedule .0 6 \* \* mon-fri Europe/Londn. in \[source cal\]: time zone' $W/o"
conf "0 6 * 13 *" ""
"$AF" check-config -c "$W/a.conf" --plugin-dir "$TB/good" --state-dir "$W/st" >"$W/o" 2>&1
check "a bad field is named" "[ $? -eq 2 ] && grep -q 'field 4 (month)' $W/o"

conf "* * * * * UTC" ""
"$AF" run -c "$W/a.conf" --plugin-dir "$TB/good" --state-dir "$W/st" --every 1h \
  >"$W/log" 2>&1 &
DAEMON=$!
wait_for 'event=cycle_start cycle=1 ' "$W/log" 20
wait_for 'event=run_summary' "$W/log" 20
check "the first cycle runs the plain source, not the calendar one" \
  "grep -q 'comp=plain event=source_done' $W/log && ! grep -q 'comp=cal event=source_done' $W/log"
check "the calendar source runs at its minute, on its own" \
  "wait_for 'comp=cal event=source_done' $W/log 80 &&
   grep -Eq 'event=cycle_start cycle=2 sources=1' $W/log"
check "the plain source did not run again (its cycle is an hour)" \
  "[ \$(grep -c 'comp=plain event=source_done' $W/log) -eq 1 ]"

# SIGHUP with a broken file: refused, named, the daemon goes on.
printf '[source x]\nplugin = tsource\nthis is not a key\n' >"$W/a.conf"
kill -HUP "$DAEMON"
check "a broken configuration is refused with its file:line" \
  "wait_for 'event=reload_failed .*a.conf:3' $W/log 20"
check "and the daemon keeps running" "kill -0 $DAEMON"
conf "* * * * * UTC" "schedule = 5m"
tsource more 1 >>"$W/a.conf"
kill -HUP "$DAEMON"
check "a good one replaces it" "wait_for 'event=config_reloaded path=$W/a.conf sources=3' $W/log 20"
kill -TERM "$DAEMON"; wait "$DAEMON"; rc=$?; DAEMON=
check "SIGTERM ends it with 0" "[ $rc -eq 0 ]"

[ $fail -eq 0 ] || { tail -20 "$W/log"; }
finish
