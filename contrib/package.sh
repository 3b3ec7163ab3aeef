#!/usr/bin/env bash
# The Debian package, checked the way a user meets it: `cpack -G DEB`
# builds it (in BUILD_DIR, default build-deb), its contents are listed
# against what the README promises, lintian reports no errors, and it is
# installed with apt in a clean Debian 12 root (mmdebstrap, minbase) where
# the bundled sample runs as the `auditfeed` user.  Exit 77 (skipped) when
# this machine cannot do a part: no lintian, or no clean root (not root,
# no mmdebstrap, or no Debian mirror reachable for it).
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bdir=${1:-$root/build-deb}
cd "$root"
fails=0 skipped=0
ok() { echo "ok - $1"; }
bad() { echo "FAIL - $1"; fails=$((fails + 1)); }
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT

cmake -S . -B "$bdir" -DCMAKE_INSTALL_PREFIX=/usr -DBUILD_TESTING=OFF -DAF_WERROR=ON \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >"$W/log" 2>&1 &&
  cmake --build "$bdir" -j2 >>"$W/log" 2>&1 &&
  (cd "$bdir" && rm -f auditfeed_*.deb && cpack -G DEB) >>"$W/log" 2>&1 ||
  { tail -20 "$W/log"; echo "FAIL - cpack -G DEB"; exit 1; }
deb=$(ls "$bdir"/auditfeed_*.deb)
ok "cpack -G DEB built $(basename "$deb")"

dpkg-deb -c "$deb" | awk '{print $6}' >"$W/files"
for f in ./usr/bin/auditfeed ./usr/lib/x86_64-linux-gnu/auditfeed/plugins/af_sqlite.so \
         ./usr/include/auditfeed/plugin.h ./usr/lib/x86_64-linux-gnu/pkgconfig/auditfeed.pc \
         ./etc/auditfeed/auditfeed.conf ./lib/systemd/system/auditfeed.service \
         ./lib/systemd/system/auditfeed.timer ./etc/logrotate.d/auditfeed \
         ./usr/share/man/man1/auditfeed.1.gz ./usr/share/man/man5/auditfeed.conf.5.gz \
         ./usr/share/doc/auditfeed/copyright ./usr/share/auditfeed/normaliser/bodies.tsv; do
  grep -qx -- "$f" "$W/files" || bad "the package holds $f"
done
[ $fails -eq 0 ] && ok "binary, plugins, headers, pkg-config, config, units, logrotate, man pages"
dpkg-deb -I "$deb" >"$W/info"
grep -q 'Depends:.*adduser' "$W/info" && grep -q 'Depends:.*libuv1' "$W/info" &&
  ok "dependencies from shlibdeps, and adduser" || bad "dependencies: $(grep Depends "$W/info")"
grep -q 'ExecStart=/usr/bin/auditfeed run -c /etc/auditfeed/auditfeed.conf' \
  <(dpkg-deb --fsys-tarfile "$deb" | tar -xO ./lib/systemd/system/auditfeed.service) &&
  ok "the unit runs the installed binary with /etc/auditfeed/auditfeed.conf" || bad "unit paths"

if command -v lintian >/dev/null; then
  lintian --fail-on error --no-tag-display-limit "$deb" >"$W/lintian" 2>&1 &&
    ok "lintian: no errors ($(grep -c '^W:' "$W/lintian") warnings)" ||
    { bad "lintian errors"; grep '^E:' "$W/lintian"; }
else
  echo "skip - lintian is not installed"; skipped=1
fi

if [ "$(id -u)" -ne 0 ] || ! command -v mmdebstrap >/dev/null; then
  echo "skip - a clean root needs root and mmdebstrap"; skipped=1
else
  cp "$deb" "$W/auditfeed.deb"
  cat >"$W/sample.conf" <<'CONF'
[core]
state_dir = /var/lib/auditfeed/state
[source sample]
plugin = files
path = /usr/share/auditfeed/sample
[sink db]
plugin = sqlite
path = /var/lib/auditfeed/sample.db
CONF
  cat >"$W/inside.sh" <<'IN'
set -e
apt-get install -y -q --no-install-recommends /tmp/auditfeed.deb >/tmp/apt.log 2>&1 || { tail -20 /tmp/apt.log; exit 3; }
[ "$(stat -c %U /var/lib/auditfeed)" = auditfeed ] || { echo "NOT OWNED"; exit 4; }
cd /var/lib/auditfeed
runuser -u auditfeed -- auditfeed run -c /tmp/sample.conf --no-progress 2>/tmp/run.log || { tail -5 /tmp/run.log; exit 5; }
grep -o 'event=run_summary docs_seen=[0-9]* docs_new=[0-9]*' /tmp/run.log
runuser -u auditfeed -- auditfeed status --state-dir /var/lib/auditfeed/state
[ "$(stat -c %U /var/lib/auditfeed/sample.db)" = auditfeed ]
test -s /usr/share/man/man1/auditfeed.1.gz
echo INSIDE-OK
IN
  chmod 644 "$W/sample.conf"
  if mmdebstrap --variant=minbase --quiet --skip=cleanup/tmp \
       --customize-hook="copy-in $W/auditfeed.deb $W/sample.conf $W/inside.sh /tmp" \
       --customize-hook='chroot "$1" sh /tmp/inside.sh > "$1/tmp/inside.out" 2>&1; echo $? > "$1/tmp/inside.rc"' \
       --customize-hook="copy-out /tmp/inside.out /tmp/inside.rc $W" \
       bookworm "$W/root.tar" >"$W/mm.log" 2>&1; then
    if [ "$(cat "$W/inside.rc")" = 0 ] && grep -q INSIDE-OK "$W/inside.out"; then
      ok "installed in a clean Debian 12 root; the sample ran as the auditfeed user:"
      sed 's/^/    /' "$W/inside.out"
    else
      bad "in the clean root (exit $(cat "$W/inside.rc"))"; cat "$W/inside.out"
    fi
  else
    echo "skip - no clean root could be made here:"; tail -3 "$W/mm.log"; skipped=1
  fi
fi
[ $fails -eq 0 ] || { echo "$fails failed"; exit 1; }
[ $skipped -eq 0 ] || exit 77
echo "all passed"
