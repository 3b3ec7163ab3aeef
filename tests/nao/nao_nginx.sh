#!/bin/bash
# The fixture site served by a plain nginx (loopback, temp dir): what the
# issue's "done when" asks for.  nginx maps ?page=N to FILE.page-N with
# try_files and serves directory indexes; it sets no X-WP-TotalPages, so
# the source relies on the envelope and on short pages.  A second run must
# cost only 304s.  Skips (77) when nginx is not installed.
set -u
B=${AF_BUILD_DIR:?}
S=${AF_SOURCE_DIR:?}
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$NGINX" ] || { echo "nginx not installed (contrib/deps.sh installs nginx-light)"; exit 77; }
[ -f "$B/plugins/af_nao.so" ] || { echo "nao plugin not built"; exit 77; }
command -v sqlite3 >/dev/null || { echo "sqlite3 missing"; exit 77; }
T=$(mktemp -d)
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$S/tests/lsan.supp}"
NG_PID=
cleanup() {
  [ -n "$NG_PID" ] && kill "$NG_PID" 2>/dev/null && wait "$NG_PID" 2>/dev/null
  rm -rf "$T"
}
trap cleanup EXIT INT TERM
fail() { echo "FAIL: $*"; echo "--- log"; tail -n 60 "$T/log" 2>/dev/null; cat "$T/error.log" 2>/dev/null; exit 1; }

cp -r "$S/tests/fixtures/nao-site" "$T/site"
chmod -R a+rX "$T"
mkdir -p "$T/tmp"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
USER_LINE=""
[ "$(id -u)" -eq 0 ] && USER_LINE="user root root;"
cat >"$T/nginx.conf" <<EOF
$USER_LINE
worker_processes 1;
daemon off;
pid $T/nginx.pid;
error_log $T/error.log;
events { worker_connections 64; }
http {
  access_log $T/access.log;
  client_body_temp_path $T/tmp/body;
  proxy_temp_path $T/tmp/proxy;
  fastcgi_temp_path $T/tmp/fastcgi;
  uwsgi_temp_path $T/tmp/uwsgi;
  scgi_temp_path $T/tmp/scgi;
  types { text/html html; application/pdf pdf; application/rss+xml xml; }
  default_type application/octet-stream;
  server {
    listen 127.0.0.1:$PORT;
    root $T/site;
    index index.html index.xml;
    location /wp-json/ { default_type application/json; try_files \$uri.page-\$arg_page \$uri =404; }
  }
}
EOF
"$NGINX" -p "$T" -c "$T/nginx.conf" 2>"$T/nginx.err" &
NG_PID=$!
i=0
until (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; do
  sleep 0.1
  i=$((i + 1))
  [ $i -lt 50 ] || { cat "$T/nginx.err"; echo "nginx did not start"; exit 77; }
done
BASE=http://127.0.0.1:$PORT/
run() {
  "$B/auditfeed" run --plugin-dir "$B/plugins" --state-dir "$T/state" --no-progress "$@" \
    >>"$T/log" 2>&1
}

run -i nao -p base_url=$BASE -p per_page=5 -p max_pdf=100k -o sqlite -p path=$T/n.db
rc=$?
[ $rc -eq 0 ] || fail "first run exit $rc"
n=$(sqlite3 "$T/n.db" "select count(*) from documents where doc_kind='nao_report'")
[ "$n" -eq 8 ] || fail "stored $n reports, want 8"
t=$(sqlite3 "$T/n.db" "select text from documents where title='Managing the school estate'")
for s in 'Key findings' 'Conclusion on value for money' 'Recommendations' 'refurbishment work' \
  'Since then the Department has not repeated the survey'; do
  echo "$t" | grep -q "$s" || fail "'$s' missing from the stored report"
done
[ "$(sqlite3 "$T/n.db" "select count(*) from findings f join documents d on d.id = f.doc_id where d.doc_kind='nao_report'")" -gt 0 ] ||
  fail "no findings from the reports"

: >"$T/access.log"
run -i nao -p base_url=$BASE -p per_page=5 -p max_pdf=100k -o sqlite -p path=$T/n.db
rc=$?
[ $rc -eq 0 ] || fail "second run exit $rc"
req=$(grep -vc 'robots.txt' "$T/access.log")
nm=$(grep -v 'robots.txt' "$T/access.log" | grep -c '" 304 ')
[ "$req" -eq 11 ] && [ "$nm" -eq 11 ] || fail "second run: $nm of $req requests were 304, want 11 of 11"
echo "nao_nginx: all checks passed"
