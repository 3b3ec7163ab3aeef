#!/bin/bash
# The test cluster itself (tests/nats/cluster.sh): three nats-server nodes
# on loopback agree on a JetStream meta leader, a three-replica stream
# takes messages, the stream keeps them and takes more when the leader is
# killed with SIGKILL, the killed node comes back and catches up, and
# everything is stopped at the end.  Skips (77) without nats-server.
set -u
. "${AF_SOURCE_DIR:?}/tests/lib.sh"
ctest_env
. "$S/tests/nats/cluster.sh"
nats_require
scratch T nats
JS() { python3 "$S/tests/nats/jsclient.py" "$NATS_URL" "$@"; }
msgs() { JS stream-info "$1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["state"]["messages"])'; }

nats_cluster_start "$T"
if nats_wait_leader 60; then ok "three nodes agree on a meta leader ($(nats_leader))"
else bad "no meta leader"; finish; exit; fi
for i in 1 2 3; do
  size=$(nats_jsz "$i" | python3 -c 'import json,sys; print(json.load(sys.stdin)["meta_cluster"]["cluster_size"])')
  [ "$size" = 3 ] && ok "n$i sees a cluster of 3" || bad "n$i sees a cluster of '$size'"
  grep -q "127.0.0.1:${NATS_PORT[$i]}" "$T/nats/n$i.log" && ! grep -qE "Listening .* (0\.0\.0\.0|\[::\])" "$T/nats/n$i.log" &&
    ok "n$i listens on loopback only" || bad "n$i listens beyond loopback: $(grep Listening "$T/nats/n$i.log")"
done

JS stream-add SELFTEST "selftest.>" 3 && ok "a three-replica stream is created" || bad "stream create"
for k in 1 2 3; do JS pub selftest.a "m$k" "id-$k" >/dev/null || bad "publish m$k"; done
dup=$(JS pub selftest.a m1 id-1)
echo "$dup" | grep -q '"duplicate": true' && ok "a repeated Nats-Msg-Id is folded" || bad "no duplicate flag: $dup"
[ "$(msgs SELFTEST)" = 3 ] && ok "the stream holds 3 messages" || bad "stream holds $(msgs SELFTEST)"

# Kill the meta leader: the other two elect one and the stream goes on.
leader=$(nats_leader)
li=${leader#n}
nats_kill "$li"
others=()
for i in 1 2 3; do [ "$i" != "$li" ] && others+=("$i"); done
if nats_wait_leader 60 "${others[@]}" && [ "$(nats_leader)" != "$leader" ]; then
  ok "after kill -9 of $leader the others elect $(nats_leader)"
else bad "no new leader after killing $leader"; fi
n=0
for _ in $(seq 1 50); do JS pub selftest.b after >/dev/null 2>&1 && { n=1; break; }; sleep 0.2; done
[ $n = 1 ] && [ "$(msgs SELFTEST)" = 4 ] && ok "the stream takes a message with one node down" ||
  bad "stream with a node down: $(msgs SELFTEST 2>&1)"

nats_restart "$li"
if nats_wait_leader 60; then ok "$leader rejoins"; else bad "$leader does not rejoin"; fi
caught=0
for _ in $(seq 1 50); do
  m=$(nats_jsz "$li" "streams=true" | python3 -c '
import json, sys
d = json.load(sys.stdin)
print(sum(s["state"]["messages"] for a in d.get("account_details", []) for s in a.get("stream_detail", []) if s["name"] == "SELFTEST"))')
  [ "$m" = 4 ] && { caught=1; break; }
  sleep 0.2
done
[ $caught = 1 ] && ok "$leader's replica catches up (4 messages)" || bad "$leader's replica holds $m messages"

pids=("${NATS_PID[@]}")
nats_cluster_stop
alive=0
for p in "${pids[@]}"; do [ -n "$p" ] && kill -0 "$p" 2>/dev/null && alive=1; done
[ $alive = 0 ] && ok "every node is stopped" || bad "a node is still running"
finish
