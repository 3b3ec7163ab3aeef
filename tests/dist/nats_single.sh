# Sourced by the tests/dist scripts (after tests/lib.sh): one nats-server
# with JetStream on a free loopback port, in the test's scratch directory,
# stopped at exit.
#
# nats_single: sets NATS_PID, NATS_PORT, NATS_URL; exits 77 (skipped) when
# nats-server is not installed, 1 when it does not start.
nats_single() {
  command -v nats-server >/dev/null || { echo "skip: nats-server not installed"; exit 77; }
  mkdir -p "$T/nats"
  nats-server -a 127.0.0.1 -p -1 -js -sd "$T/nats/js" >"$T/nats/server.log" 2>&1 &
  NATS_PID=$!
  at_exit "kill $NATS_PID 2>/dev/null; wait $NATS_PID 2>/dev/null"
  local i=0
  NATS_PORT=
  while [ -z "$NATS_PORT" ] && [ $i -lt 100 ]; do
    sleep 0.1; i=$((i + 1))
    NATS_PORT=$(sed -n 's/.*Listening for client connections on 127.0.0.1:\([0-9]*\).*/\1/p' \
                "$T/nats/server.log")
  done
  [ -n "$NATS_PORT" ] || { echo "nats-server did not start:"; cat "$T/nats/server.log"; exit 1; }
  NATS_URL=nats://127.0.0.1:$NATS_PORT
}

# nats_core PREFIX STATE: the [core] section of a worker's configuration
# on this server: streams named PREFIX, 4 shards, STATE as its state
# directory, the build's plugins.
nats_core() {
  printf '[core]\nengine = nats\nnats_url = %s\nstream_prefix = %s\nshards = 4\n' \
    "$NATS_URL" "$1"
  printf 'state_dir = %s\nplugin_dir = %s\n\n' "$2" "$B/plugins"
}

# seed_then_two_workers IDLE_S: the scheduler publishes the seeds of
# $T/w1.conf, then workers on $T/w1.conf and $T/w2.conf run side by side
# until each has been idle IDLE_S seconds; logs in $T/run.log, $T/wN.log.
seed_then_two_workers() {
  local p1 p2 r1 r2
  "$A" run -c "$T/w1.conf" 2>"$T/run.log"
  expect_rc "the scheduler publishes the seed" 0 $?
  "$A" worker -c "$T/w1.conf" --idle-exit "$1" 2>"$T/w1.log" &
  p1=$!
  "$A" worker -c "$T/w2.conf" --idle-exit "$1" 2>"$T/w2.log" &
  p2=$!
  wait $p1; r1=$?; wait $p2; r2=$?
  expect_rc "worker 1 exits when idle" 0 $r1
  expect_rc "worker 2 exits when idle" 0 $r2
}

# dist_start NAME FIXTURES: what every single-server dist test does first:
# the ctest environment, a scratch directory $T, a nats-server, the fixture
# server on FIXTURES (under the source dir), and $A, the auditfeed binary.
dist_start() {
  ctest_env
  scratch T "$1"
  nats_single
  fixture_server "$S/$2" || { echo "fixture server did not start"; exit 1; }
  A=$B/auditfeed
}
