# Shared by the sink tests: TAP-ish counters, fixture pages, running as an
# unprivileged user, and a throwaway PostgreSQL cluster on loopback.
# Sourced; expects W (a temp dir) to be set by the caller, or made by
# sink_workdir.
pass=0; fail=0
ok()  { pass=$((pass+1)); echo "ok - $1"; }
bad() { fail=$((fail+1)); echo "FAIL - $1"; }
finish() { echo "$pass passed, $fail failed"; [ "$fail" -eq 0 ]; }

# sink_workdir NAME: W becomes a fresh /tmp/af-NAME-XXXXXX, removed at
# exit, after the run whose pid is in $pid (0: none) is killed -9.
sink_workdir() {
  W=$(mktemp -d "/tmp/af-$1-XXXXXX") || exit 1
  pid=0
  trap '[ "$pid" -gt 0 ] && kill -9 "$pid" 2>/dev/null; rm -rf "$W"' EXIT
}

# make_pages DIR N [TAG]: N text articles with two findings each; TAG
# changes the wording so that a second set is a revision of the first.
make_pages() {
  mkdir -p "$1"
  local i
  for i in $(seq 1 "$2"); do
    printf 'Audit of district %d%s\n\nThe National Audit Office found that the Department for Education spent £%d million on school repairs in district %d, against a budget of £%d million.\n\nThe NAO said the Home Office had not met its target of %d checks in district %d.\n' \
      "$i" "${3:-}" "$((i * 3 + 10))" "$i" "$((i * 2 + 5))" "$((i + 1000))" "$i" >"$1/p$i.txt"
  done
}

# Unprivileged runs: root ignores file modes, so a test about permissions
# runs the program as `nobody` when it is root.
AS_USER=()
if [ "$(id -u)" -eq 0 ]; then
  AS_USER=(setpriv --reuid=nobody --regid=nogroup --clear-groups --)
fi
give_away() { [ "$(id -u)" -eq 0 ] && chown -R nobody:nogroup "$@"; return 0; }

# ---- PostgreSQL ---------------------------------------------------------

pg_bindir() {
  local d
  for d in /usr/lib/postgresql/*/bin; do
    [ -x "$d/initdb" ] && { echo "$d"; return 0; }
  done
  command -v initdb >/dev/null && { dirname "$(command -v initdb)"; return 0; }
  return 1
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# pg_setup DIR: a cluster in DIR/pg on a free loopback port, owned by an
# unprivileged user when we are root; exports PGHOST PGPORT PGUSER and
# PGDATABASE=auditfeed (created).  Exit 77 when no server is installed.
pg_setup() {
  PG_BIN=$(pg_bindir) || { echo "skip - no PostgreSQL server installed"; exit 77; }
  PG_DIR=$1/pg
  mkdir -p "$PG_DIR"
  PG_RUN=()
  PGUSER=$(id -un)
  if [ "$(id -u)" -eq 0 ]; then
    PG_RUN=(setpriv --reuid=nobody --regid=nogroup --clear-groups --)
    PGUSER=nobody
    chown nobody:nogroup "$PG_DIR"
  fi
  PGPORT=$(free_port)
  PGHOST=127.0.0.1
  export PGHOST PGPORT PGUSER
  # Passwords over TCP (the only way in: no socket), so that a wrong one
  # can be tested.
  PGPASSWORD=af-test-$$
  export PGPASSWORD
  echo "$PGPASSWORD" >"$PG_DIR/pw"
  chmod 644 "$PG_DIR/pw"
  "${PG_RUN[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" --auth-host=scram-sha-256 --auth-local=trust \
    --pwfile="$PG_DIR/pw" -U "$PGUSER" -E UTF8 --no-locale >"$1/initdb.log" 2>&1 \
    || { cat "$1/initdb.log"; return 1; }
  pg_start || return 1
  "$PG_BIN/createdb" auditfeed || return 1
  export PGDATABASE=auditfeed
}

# PG_OPTS: more server settings ("-c name=value ..."), for the benchmarks.
pg_start() {
  "${PG_RUN[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k '' -c fsync=${PG_FSYNC:-off} ${PG_OPTS:-}" \
    start >/dev/null
}

# pg_cpu: the CPU seconds the whole cluster has used so far: the
# postmaster, every live server process, and (through the postmaster's
# counters of reaped children) every backend and worker that has exited.
# A difference of two readings is the server's CPU in between.
pg_cpu() {
  python3 - "$(head -1 "$PG_DIR/data/postmaster.pid")" <<'PY'
import os, sys
pm, tck = sys.argv[1], os.sysconf("SC_CLK_TCK")
def fields(pid):
    with open(f"/proc/{pid}/stat") as f:
        return f.read().rsplit(")", 1)[1].split()
t = sum(int(x) for x in fields(pm)[11:15])  # utime stime cutime cstime
for p in os.listdir("/proc"):
    if p.isdigit() and p != pm:
        try:
            f = fields(p)
        except OSError:
            continue
        if f[1] == pm:
            t += int(f[11]) + int(f[12])
print(f"{t / tck:.2f}")
PY
}

# pg_quiet DB: waits (up to 10 s) until no backend serves DB, so that a
# finished run's backend has exited and its CPU is in pg_cpu.
pg_quiet() {
  local i
  for i in $(seq 100); do
    ps -o args= --ppid "$(head -1 "$PG_DIR/data/postmaster.pid")" | grep -q -- " $1 " || return 0
    sleep 0.1
  done
  return 0
}

pg_stop() { # [mode]
  "${PG_RUN[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m "${1:-fast}" -w stop >/dev/null 2>&1
}

pg_teardown() { [ -n "${PG_DIR:-}" ] && [ -f "$PG_DIR/data/postmaster.pid" ] && pg_stop immediate; return 0; }

# psql with no decoration, stops on error.
q() { psql -X -q -A -t -v ON_ERROR_STOP=1 "$@"; }

# ---- nginx --------------------------------------------------------------
# nginx_start SITE PORT CONNECTIONS [DIRECTIVE...]: a plain nginx in W/ngx
# serving SITE on 127.0.0.1:PORT (each DIRECTIVE one more line of its http
# block, e.g. "access_log $W/ngx/access.log;"); sets NGINX_PID (the
# caller stops it) and returns once SITE/feed.xml answers.
nginx_start() {
  local site=$1 port=$2 conns=$3 d
  shift 3
  mkdir -p "$W/ngx/tmp"
  {
    echo "worker_processes 1;"
    echo "error_log $W/ngx/error.log warn;"
    echo "pid $W/ngx/nginx.pid;"
    [ "$(id -u)" = 0 ] && echo "user www-data;"
    echo "events { worker_connections $conns; }"
    echo "http {"
    echo "  include /etc/nginx/mime.types;"
    echo "  charset utf-8;"
    for d in "$@"; do echo "  $d"; done
    for d in body proxy fastcgi uwsgi scgi; do
      echo "  ${d/body/client_body}_temp_path $W/ngx/tmp/$d;"
    done
    echo "  server { listen 127.0.0.1:$port; root $site; }"
    echo "}"
  } >"$W/ngx/nginx.conf"
  nginx -c "$W/ngx/nginx.conf" -p "$W/ngx/" -g 'daemon off;' 2>>"$W/ngx/error.log" &
  NGINX_PID=$!
  for _ in $(seq 50); do
    curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$port/feed.xml" && break
    sleep 0.1
  done
}
