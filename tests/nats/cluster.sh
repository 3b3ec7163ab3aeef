# A real three-node nats-server cluster with JetStream, for the scale-out
# tests and benchmark.  Sourced (after tests/lib.sh, whose at_exit stops
# it); nothing is installed, everything lives in a temp directory and
# listens on 127.0.0.1 only.
#
#   nats_require                 exit 77 unless nats-server and python3 run
#   nats_cluster_start DIR [N]   N nodes (3) under DIR; sets NATS_URL
#                                (nats://127.0.0.1:P1,...), NATS_PORT[i],
#                                NATS_MON[i], NATS_PID[i] for i in 1..N
#   nats_wait_leader [SECS] [i...]  every node named (all running ones by
#                                default) sees the same meta leader, a
#                                running node, and answers
#                                /healthz?js-enabled-only=true
#   nats_leader                  the meta leader's server name (n1..nN)
#   nats_kill i [SIG]            kill node i (SIGKILL by default)
#   nats_restart i               start node i again on its ports and store
#   nats_cluster_stop            stop every node (at exit too)
#   nats_jsz i [QUERY]           node i's /jsz JSON (QUERY e.g. consumers=true)
#
# Logs are DIR/nats/nI.log; the config files DIR/nats/nI.conf.

NATS_SERVER=${NATS_SERVER:-$(command -v nats-server || echo /usr/sbin/nats-server)}
NATS_N=0
NATS_DIR=
declare -a NATS_PORT NATS_MON NATS_ROUTE NATS_PID

nats_require() {
  [ -x "$NATS_SERVER" ] || { echo "skip - nats-server not installed (contrib/deps.sh installs it)"; exit 77; }
  command -v python3 >/dev/null || { echo "skip - python3 missing"; exit 77; }
}

# Free loopback ports, distinct from each other (a port is only released
# when the probe socket closes, so they are all taken at once).
_nats_ports() {
  python3 -c '
import socket, sys
ss = []
for _ in range(int(sys.argv[1])):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); ss.append(s)
print(" ".join(str(s.getsockname()[1]) for s in ss))' "$1"
}

# _nats_http PORT PATH: the body of GET http://127.0.0.1:PORT/PATH, or
# nothing (status 1) when the node does not answer or says it is unwell.
_nats_http() {
  python3 -c '
import sys, urllib.request
try:
    with urllib.request.urlopen("http://127.0.0.1:%s%s" % (sys.argv[1], sys.argv[2]), timeout=2) as r:
        sys.stdout.write(r.read().decode())
except Exception:
    sys.exit(1)' "$1" "$2"
}

_nats_conf() {
  local i=$1 j routes=""
  for j in $(seq 1 "$NATS_N"); do
    routes+="    nats-route://127.0.0.1:${NATS_ROUTE[$j]}"$'\n'
  done
  cat >"$NATS_DIR/n$i.conf" <<EOF
server_name: n$i
listen: 127.0.0.1:${NATS_PORT[$i]}
http: 127.0.0.1:${NATS_MON[$i]}
jetstream {
  store_dir: "$NATS_DIR/store-n$i"
  max_memory_store: 64MB
  max_file_store: 1GB
}
cluster {
  name: af-test
  listen: 127.0.0.1:${NATS_ROUTE[$i]}
  routes: [
$routes  ]
}
EOF
}

_nats_spawn() {
  local i=$1
  "$NATS_SERVER" -c "$NATS_DIR/n$i.conf" >>"$NATS_DIR/n$i.log" 2>&1 &
  NATS_PID[$i]=$!
}

nats_cluster_start() {
  local n=${2:-3} i ports
  NATS_DIR=$1/nats
  NATS_N=$n
  mkdir -p "$NATS_DIR"
  read -r -a ports <<<"$(_nats_ports $((3 * n)))"
  NATS_URL=""
  for i in $(seq 1 "$n"); do
    NATS_PORT[$i]=${ports[$((3 * (i - 1)))]}
    NATS_MON[$i]=${ports[$((3 * (i - 1) + 1))]}
    NATS_ROUTE[$i]=${ports[$((3 * (i - 1) + 2))]}
    NATS_URL+="${NATS_URL:+,}nats://127.0.0.1:${NATS_PORT[$i]}"
  done
  for i in $(seq 1 "$n"); do
    _nats_conf "$i"
    _nats_spawn "$i"
  done
  export NATS_URL
  if declare -F at_exit_first >/dev/null; then
    at_exit_first nats_cluster_stop
  else
    trap nats_cluster_stop EXIT
  fi
}

# _nats_running i: node i's process is alive.
_nats_running() { [ -n "${NATS_PID[$1]:-}" ] && kill -0 "${NATS_PID[$1]}" 2>/dev/null; }

nats_jsz() { _nats_http "${NATS_MON[$1]}" "/jsz${2:+?$2}"; }

# The meta leader node i sees ("" when none).
_nats_leader_of() {
  nats_jsz "$1" | python3 -c '
import json, sys
try:
    print(json.load(sys.stdin).get("meta_cluster", {}).get("leader", ""))
except Exception:
    print("")'
}

nats_leader() {
  local i
  for i in $(seq 1 "$NATS_N"); do
    _nats_running "$i" || continue
    _nats_leader_of "$i" && return 0
  done
  return 1
}

nats_wait_leader() {
  local secs=${1:-30} nodes=("${@:2}") i leader l deadline
  if [ ${#nodes[@]} -eq 0 ]; then
    for i in $(seq 1 "$NATS_N"); do _nats_running "$i" && nodes+=("$i"); done
  fi
  deadline=$((SECONDS + secs))
  while [ $SECONDS -lt $deadline ]; do
    leader=""
    for i in "${nodes[@]}"; do
      if ! _nats_running "$i"; then
        echo "nats: node n$i exited; its log:" >&2
        tail -n 20 "$NATS_DIR/n$i.log" >&2
        return 1
      fi
      _nats_http "${NATS_MON[$i]}" "/healthz?js-enabled-only=true" >/dev/null || { leader=""; break; }
      l=$(_nats_leader_of "$i")
      # a leader that was killed is still named until the others notice
      if [ -z "$l" ] || ! _nats_running "${l#n}" ||
         { [ -n "$leader" ] && [ "$l" != "$leader" ]; }; then leader=""; break; fi
      leader=$l
    done
    [ -n "$leader" ] && return 0
    sleep 0.2
  done
  echo "nats: no meta leader agreed by nodes ${nodes[*]} within ${secs}s" >&2
  for i in "${nodes[@]}"; do tail -n 5 "$NATS_DIR/n$i.log" >&2; done
  return 1
}

nats_kill() {
  local i=$1
  _nats_running "$i" || return 0
  kill "-${2:-KILL}" "${NATS_PID[$i]}" 2>/dev/null
  wait "${NATS_PID[$i]}" 2>/dev/null
  NATS_PID[$i]=
}

nats_restart() {
  nats_kill "$1" TERM
  _nats_spawn "$1"
}

nats_cluster_stop() {
  local i
  for i in $(seq 1 "$NATS_N"); do
    _nats_running "$i" && kill -TERM "${NATS_PID[$i]}" 2>/dev/null
  done
  for i in $(seq 1 "$NATS_N"); do
    [ -n "${NATS_PID[$i]:-}" ] && wait "${NATS_PID[$i]}" 2>/dev/null
    NATS_PID[$i]=
  done
  return 0
}

# nats_drained CONF TRIES: `$AF cluster status -c CONF` until it exits 0
# (the job drained: nothing pending, nothing dead), at most TRIES times
# 2 s apart; its last output in $T/status, its last exit status returned.
nats_drained() {
  local rc=1
  for _ in $(seq 1 "$2"); do
    "$AF" cluster status -c "$1" >"$T/status" 2>&1 && return 0
    rc=$?
    sleep 2
  done
  return $rc
}
