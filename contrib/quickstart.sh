#!/usr/bin/env bash
# Quick start: install what is missing, build, and run the pipeline on the
# bundled sample pages into var/auditfeed.db (SQLite) and var/findings.jsonl.
set -euo pipefail
cd "$(dirname "$0")/.."
. contrib/deps.sh
# shellcheck disable=SC2086
af_install_packages $AF_BUILD_PACKAGES sqlite3

cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBUILD_TESTING=OFF >/dev/null
cmake --build build -j"$(nproc)"

mkdir -p var
rc=0
./build/auditfeed run -c config/sample.conf || rc=$?

echo
echo "auditfeed: exit code $rc (0 all good, 1 some items failed, 2 configuration error)"
if [ -f var/auditfeed.db ]; then
  echo "auditfeed: SQLite database var/auditfeed.db:"
  sqlite3 var/auditfeed.db "SELECT '  documents: ' || count(*) FROM documents;
    SELECT '  findings:  ' || count(*) FROM findings;
    SELECT '    ' || kind || ': ' || count(*) FROM findings GROUP BY kind;"
fi
[ -f var/findings.jsonl ] && echo "auditfeed: JSON Lines file var/findings.jsonl ($(wc -l < var/findings.jsonl) lines)"
exit "$rc"
