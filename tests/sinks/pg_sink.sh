#!/usr/bin/env bash
# The postgres sink against a real server: a throwaway cluster on a free
# loopback port in a temp dir (as `nobody` when run as root), stopped at
# the end.  Start-up refusals (bad conninfo, wrong password, missing
# database, a schema newer than the plugin), an idempotent re-run, the
# server stopped after the first batch and started again, kill -9 in the
# middle of a run.  Exit 77 (skipped) only when no server is installed.
# Usage: pg_sink.sh AUDITFEED
set -u
AF=$1
W=$(mktemp -d /tmp/af-pg-XXXXXX)
chmod 755 "$W"
pid=0
trap '[ "$pid" -gt 0 ] && kill -9 "$pid" 2>/dev/null; pg_teardown; rm -rf "$W"' EXIT
. "$(dirname "$0")/lib.sh"
pg_setup "$W" || { echo "FAIL - cannot start a PostgreSQL cluster"; exit 1; }
CI="host=127.0.0.1 port=$PGPORT user=$PGUSER"

run() { # db state log [extra -p ...]
  local db=$1 st=$2 log=$3; shift 3
  "$AF" run -i files -p path="$PAGES" -o postgres -p "conninfo=$CI dbname=$db" "$@" \
    --state-dir "$st" --no-progress >"$log" 2>&1
}
# Every table as sorted text, without the columns that differ between runs
# by nature (when it was fetched, the run's trace id).
dump() {
  q -d "$1" -c "SELECT id, canonical_url, url, final_url, source, plugin, plugin_version, http_status,
      published, publisher, title, byline, language, doc_kind, summary, text, content_hash,
      revision, extractor_version, normaliser_version FROM documents ORDER BY id" \
    -c "SELECT doc_id, revision, content_hash, prev_hash, title, text FROM document_revisions ORDER BY 1, 2" \
    -c "SELECT * FROM reports ORDER BY id" \
    -c "SELECT id, doc_id, kind, text, span_start, span_end, attributed_to, topic, speaker_name,
      speaker_role, speaker_organisation, report_id, report_title, report_basis, report_confidence,
      first_revision, last_revision, withdrawn_in FROM findings ORDER BY id" \
    -c "SELECT * FROM finding_figures ORDER BY 1, 2" -c "SELECT * FROM finding_bodies ORDER BY 1, 2"
}

# ---- refusals at start: one line naming the problem, exit 2 ----------------
PAGES=$W/pages; make_pages "$PAGES" 20
run nosuchdb "$W/s0" "$W/o"; rc=$?
[ $rc = 2 ] && grep -q "event=postgres.connect_failed .*database 'nosuchdb' does not exist" "$W/o" \
  && ok "missing database: exit 2, one line naming it" || { bad "missing database: exit $rc"; cat "$W/o"; }
"$AF" run -i files -p path="$PAGES" -o postgres -p "conninfo=$CI dbname=auditfeed password=hunter2x" \
  --state-dir "$W/s0" --no-progress >"$W/o" 2>&1; rc=$?
[ $rc = 2 ] && grep -q "event=postgres.connect_failed .*password authentication failed for user '$PGUSER'" "$W/o" \
  && ! grep -q hunter2x "$W/o" && ok "wrong password: exit 2, one line, the password not logged" \
  || { bad "wrong password: exit $rc"; cat "$W/o"; }
"$AF" run -i files -p path="$PAGES" -o postgres -p "conninfo=hots=127.0.0.1" \
  --state-dir "$W/s0" --no-progress >"$W/o" 2>&1; rc=$?
[ $rc = 2 ] && grep -q "event=postgres.bad_conninfo error=\"invalid connection option 'hots'\"" "$W/o" \
  && ok "bad conninfo: exit 2, one line" || { bad "bad conninfo: exit $rc"; cat "$W/o"; }
"$AF" check-config -i files -p path="$PAGES" -o postgres -p "conninfo=host 127.0.0.1" >"$W/o" 2>&1; rc=$?
[ $rc = 2 ] && ok "check-config refuses a bad conninfo without a server" || bad "check-config exit $rc"
"$AF" check-config -i files -p path="$PAGES" -o postgres -p "conninfo=$CI dbname=nosuchdb" >"$W/o" 2>&1; rc=$?
[ $rc = 2 ] && grep -q "postgres.connect_failed .*nosuchdb" "$W/o" \
  && ok "check-config asks the server: a missing database fails the check" || { bad "check-config missing db: exit $rc"; cat "$W/o"; }
"$AF" check-config -i files -p path="$PAGES" -o postgres -p "conninfo=$CI dbname=auditfeed" >"$W/o" 2>&1; rc=$?
[ $rc = 0 ] && [ "$(q -d auditfeed -c "SELECT count(*) FROM pg_tables WHERE tablename = 'auditfeed_schema'")" = 0 ] \
  && ok "check-config on a good database passes and creates nothing" || { bad "check-config good db: exit $rc"; cat "$W/o"; }
createdb newer && q -d newer -c "CREATE TABLE auditfeed_schema (version integer PRIMARY KEY,
  description text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now());
  INSERT INTO auditfeed_schema VALUES (99, 'from the future')"
run newer "$W/s0" "$W/o"; rc=$?
[ $rc = 2 ] && grep -q "event=postgres.schema_too_new .*schema=99 supported=4" "$W/o" \
  && [ "$(q -d newer -c "SELECT count(*) FROM pg_tables WHERE tablename = 'findings'")" = 0 ] \
  && ok "a newer schema is refused and left untouched" || { bad "newer schema: exit $rc"; cat "$W/o"; }

# ---- PG* environment variables, migrations recorded, idempotent re-run ------
createdb env
PGDATABASE=env "$AF" run -i files -p path="$PAGES" -o postgres --state-dir "$W/s1" --no-progress >"$W/o" 2>&1; rc=$?
[ $rc = 0 ] && [ "$(q -d env -c 'SELECT count(*) FROM findings')" = 40 ] \
  && ok "PG* variables when conninfo is unset: 40 findings" || { bad "env run exit $rc"; tail -3 "$W/o"; }
[ "$(q -d env -c "SELECT string_agg(version::text, ' ' ORDER BY version) FROM auditfeed_schema")" = "1 2 3 4" ] \
  && ok "migrations 1 to 4 recorded" || bad "migration rows: $(q -d env -c 'SELECT version FROM auditfeed_schema')"
dump env >"$W/env1"
fx1=$(q -d env -c "SELECT string_agg(id || ':' || xmin::text, ' ' ORDER BY id) FROM findings")
tr1=$(q -d env -c "SELECT string_agg(DISTINCT trace_id, ' ') FROM documents")
blk() { q -d env -c "SELECT string_agg(id || ':' || (ctid::text::point)[0]::text, ' ' ORDER BY id) FROM documents"; }
bk1=$(blk)
PGDATABASE=env "$AF" run -i files -p path="$PAGES" -o postgres --state-dir "$W/s1b" --no-progress >"$W/o" 2>&1
dump env >"$W/env2"
cmp -s "$W/env1" "$W/env2" && ok "writing the same documents again changes no row" || bad "a re-delivery changed rows"
# The unchanged re-delivery (fresh state: new fetch time and trace id) writes
# the documents' new run metadata, but leaves findings that are equal in
# every column unwritten (the same row version), so their search vectors
# are not parsed again.
[ "$fx1" = "$(q -d env -c "SELECT string_agg(id || ':' || xmin::text, ' ' ORDER BY id) FROM findings")" ] \
  && ok "unchanged findings are not rewritten by a re-delivery" || bad "a re-delivery rewrote unchanged findings"
[ -n "$tr1" ] && [ "$(q -d env -c "SELECT count(*) FROM documents WHERE trace_id = ANY (string_to_array('$tr1', ' '))")" = 0 ] \
  && ok "an unchanged document takes the new run's trace id" || bad "an unchanged document kept the old run's metadata"
# Migration 4 leaves half of each page of documents free, so the new row
# version of an unchanged document (new fetch time and trace id) stays on its
# page: a HOT update, which adds no index entries (no GIN entry per word).
[ "$(q -d env -c "SELECT reloptions::text FROM pg_class WHERE oid = 'documents'::regclass")" = "{fillfactor=50}" ] \
  && [ "$bk1" = "$(blk)" ] && ok "an unchanged document's new row version stays on its page (HOT)" \
  || bad "re-delivered documents moved pages: $bk1 / $(blk)"
[ "$(q -d env -c 'SELECT count(*) FROM auditfeed_schema')" = 4 ] && ok "a second start applies nothing" || bad "migration applied twice"
# LZ4 for the big text columns where the server has it, pglz (unset) elsewhere.
lz4=$(q -d env -c "SELECT count(*) FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)")
want=$([ "$lz4" = 1 ] && echo "l l l l" || echo "   ")
[ "$(q -d env -c "SELECT string_agg(attcompression::text, ' ' ORDER BY attrelid::regclass::text, attname)
    FROM pg_attribute WHERE (attrelid = 'documents'::regclass AND attname IN ('text', 'summary', 'search'))
      OR (attrelid = 'document_revisions'::regclass AND attname = 'text')")" = "$want" ] \
  && ok "big text columns compressed with lz4 (server has it: $lz4)" || bad "text column compression not as expected"
# A database written before migration 2 takes it on the next start, rows kept.
q -d env -c "DROP TABLE finding_discrepancies; DELETE FROM auditfeed_schema WHERE version >= 2"
PGDATABASE=env "$AF" run -i files -p path="$PAGES" -o postgres --state-dir "$W/s1c" --no-progress >"$W/o" 2>&1; rc=$?
[ $rc = 0 ] && [ "$(q -d env -c 'SELECT max(version) FROM auditfeed_schema')" = 4 ] &&
  [ "$(q -d env -c "SELECT count(*) FROM pg_tables WHERE tablename = 'finding_discrepancies'")" = 1 ] &&
  [ "$(q -d env -c 'SELECT count(*) FROM findings')" = 40 ] \
  && ok "a version-1 database is migrated to 2 on start, its rows kept" || { bad "migration 1 -> 2: exit $rc"; tail -3 "$W/o"; }

# ---- the server goes away after the first batch ------------------------------
PAGES=$W/many; make_pages "$PAGES" 600
createdb clean && run clean "$W/sc" "$W/oc" || { bad "clean run failed"; tail -3 "$W/oc"; }
createdb flaky
"$AF" run -i files -p path="$PAGES" -o postgres -p "conninfo=$CI dbname=flaky" -p batch_size=20 \
  -p retries=1 --state-dir "$W/sf" --no-progress >"$W/of" 2>&1 &
pid=$!
for _ in $(seq 1 600); do
  [ "$(q -d flaky -c 'SELECT count(*) FROM documents' 2>/dev/null || echo 0)" -gt 0 ] && break
  sleep 0.02
done
pg_stop fast
wait $pid; rc=$?; pid=0
n=$(grep -o 'written.postgres=[0-9]*' "$W/of" | cut -d= -f2)
[ $rc = 1 ] && ok "server stopped mid-run: exit 1 ($n of 600 written)" || { bad "server stopped: exit $rc"; tail -3 "$W/of"; }
grep -q "event=postgres.unavailable" "$W/of" && grep -q "event=batch_retry" "$W/of" \
  && ok "the batch was retried with backoff" || bad "no retry logged"
grep -q "event=run_summary.* spooled=[1-9]" "$W/of" && ok "then spooled" || bad "nothing spooled"
pg_start
run flaky "$W/sf" "$W/of2"; rc=$?
[ $rc = 0 ] && grep -q "event=run_summary.* unspooled=[1-9]" "$W/of2" \
  && ok "server back: the next run delivers the spool, exit 0" || { bad "next run exit $rc"; tail -3 "$W/of2"; }
dump clean >"$W/clean"; dump flaky >"$W/flaky"
[ "$(grep -c . "$W/clean")" -gt 1200 ] && cmp -s "$W/clean" "$W/flaky" \
  && ok "the tables equal a clean run's, row for row" || { bad "tables differ from a clean run"; diff "$W/clean" "$W/flaky" | head -5; }

# ---- kill -9 in the middle of a run ------------------------------------------
createdb killed
"$AF" run -i files -p path="$PAGES" -o postgres -p "conninfo=$CI dbname=killed" -p batch_size=25 \
  --state-dir "$W/sk" --no-progress >"$W/ok" 2>&1 &
pid=$!
for _ in $(seq 1 600); do
  [ "$(q -d killed -c 'SELECT count(*) FROM documents' 2>/dev/null || echo 0)" -ge 60 ] && break
  sleep 0.02
done
kill -9 $pid; wait $pid 2>/dev/null; pid=0
n=$(q -d killed -c 'SELECT count(*) FROM documents')
[ "$n" -lt 600 ] && ok "killed with $n of 600 documents committed" || echo "note - run finished before the kill"
run killed "$W/sk" "$W/ok2"; rc=$?
[ $rc = 0 ] && ok "re-run after kill -9: exit 0" || { bad "re-run exit $rc"; tail -3 "$W/ok2"; }
dump killed >"$W/killed"
cmp -s "$W/clean" "$W/killed" && ok "every finding once: the tables equal a clean run's" \
  || { bad "tables differ after kill -9"; diff "$W/clean" "$W/killed" | head -5; }
finish
