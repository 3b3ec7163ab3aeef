# Shared by the shell tests (sourced, after `set -u`): a scratch directory
# removed at exit, TAP-style counters and expectations, and the fixture
# HTTP server on 127.0.0.1.

# ---- cleanup ----------------------------------------------------------------
# at_exit CMD: run CMD (with eval) when the script ends, in the order given.
_at_exit=()
at_exit() { _at_exit+=("$1"); }
# at_exit_first CMD: run CMD before everything registered so far (a server
# whose files live in a scratch directory stops before it is removed).
at_exit_first() { _at_exit=("$1" "${_at_exit[@]}"); }
_run_at_exit() {
  local c
  for c in "${_at_exit[@]}"; do eval "$c"; done
}
trap _run_at_exit EXIT
trap 'exit 1' INT TERM

# scratch VAR [NAME]: VAR becomes a fresh temp directory ($TMPDIR/af-NAME-*),
# removed at exit.
scratch() {
  local d
  d=$(mktemp -d -t "af-${2:-test}-XXXXXX") || exit 1
  printf -v "$1" '%s' "$d"
  at_exit "rm -rf '$d'"
}

# ---- counters ---------------------------------------------------------------
pass=0; fail=0
ok()  { pass=$((pass+1)); echo "ok - $1"; }
bad() { fail=$((fail+1)); echo "FAIL - $1"; }
# expect_rc NAME EXPECTED ACTUAL
# check NAME CONDITION: ok when CONDITION (evaluated) holds.
check() { if eval "$2"; then ok "$1"; else bad "$1"; fi; }
# wait_for PATTERN FILE SECONDS: 0 once FILE matches PATTERN, 1 after SECONDS.
wait_for() {
  for _ in $(seq $(($3 * 5))); do grep -Eq "$1" "$2" && return 0; sleep 0.2; done
  return 1
}
expect_rc() { if [ "$2" = "$3" ]; then ok "$1 (exit $3)"; else bad "$1: exit $3, expected $2"; fi; }
# expect_grep NAME ERE FILE: FILE has a line matching ERE (shown when not)
expect_grep() { if grep -qE -- "$2" "$3"; then ok "$1"; else bad "$1: no /$2/ in:"; sed 's/^/    /' "$3"; fi; }
# expect_no NAME ERE FILE: no line of FILE matches ERE
expect_no() { if grep -qE -- "$2" "$3"; then bad "$1: /$2/ found in:"; sed 's/^/    /' "$3"; else ok "$1"; fi; }
# summary_adds_up NAME LOG [SEEN]: in the last run summary of LOG,
# docs_seen = new + revised + unchanged + redelivered + duplicate + failed,
# the core agrees (docs_identity=ok), and docs_seen is SEEN when given.
summary_adds_up() {
  local line sum
  line=$(grep "event=run_summary" "$2" | tail -1)
  g() { echo "$line" | sed -n "s/.* $1=\([0-9]*\).*/\1/p"; }
  sum=$(( $(g docs_new) + $(g docs_revised) + $(g docs_unchanged) + $(g docs_redelivered) + $(g docs_duplicate) + $(g docs_failed) ))
  if [ -n "$(g docs_seen)" ] && [ "$sum" = "$(g docs_seen)" ] && [ "${3:-$sum}" = "$sum" ] &&
     echo "$line" | grep -q "docs_identity=ok"; then
    ok "$1: the summary adds up ($sum, $(g docs_redelivered) redelivered)"
  else bad "$1: the summary does not add up${3:+ to $3}: $line"; fi
}
# finish: the totals; the script's status is that of finish's
finish() { echo "$pass passed, $fail failed"; [ "$fail" -eq 0 ]; }

# lines FILE: its number of lines, 0 when it does not exist
lines() { if [ -f "$1" ]; then wc -l <"$1" | tr -d ' '; else echo 0; fi; }

# note_pages DIR N TITLE: N one-paragraph text pages DIR/p1.txt .. pN.txt
# titled "TITLE 1" .. "TITLE N", each with a figure of its own.
note_pages() {
  local i
  mkdir -p "$1"
  for i in $(seq 1 "$2"); do
    printf '%s %d\n\nThe audit office counted %d cases in district %d during the review.\n' \
      "$3" "$i" "$((i * 7))" "$i" >"$1/p$i.txt"
  done
}

# ---- the core's test plugins (tests/core/plugins) ----------------------------
# tsource NAME COUNT: the configuration section of a tsource instance NAME
# emitting COUNT documents under https://example.org/NAME (four lines).
tsource() {
  printf '[source %s]\nplugin = tsource\ncount = %s\nprefix = https://example.org/%s\n' \
    "$1" "$2" "$1"
}

# ---- ctest environment ------------------------------------------------------
# ctest_env: B (build dir) and S (source dir) from ctest's environment; no
# proxy may stand between a test and 127.0.0.1; sanitizer builds suppress
# libxml2's per-thread state in pool threads (see tests/lsan.supp).
ctest_env() {
  B=${AF_BUILD_DIR:?}
  S=${AF_SOURCE_DIR:?}
  unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy
  export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$S/tests/lsan.supp}"
}

# ---- the fixture server -----------------------------------------------------
# fixture_server DIR [ARGS...]: serve DIR on a free loopback port (needs B
# and T); sets SRV_PID, PORT and BASE (no trailing slash) and stops it at
# exit.  Returns 1 when it did not start.
fixture_server() {
  "$B/tests/http/fixture_server" "$@" >"$T/port" &
  SRV_PID=$!
  at_exit "kill $SRV_PID 2>/dev/null"
  local i=0
  while [ ! -s "$T/port" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
  PORT=$(cat "$T/port")
  BASE=http://127.0.0.1:$PORT
  [ -n "$PORT" ]
}

# get PATH: the body of a GET to the fixture server, without depending on
# a curl binary.
get() {
  exec 3<>"/dev/tcp/127.0.0.1/$PORT" || return 1
  printf 'GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' "$1" >&3
  sed '1,/^\r$/d' <&3
  exec 3<&-
}
