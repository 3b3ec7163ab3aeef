#!/usr/bin/env bash
# One run into sqlite and postgres at once: the same tables, row for row;
# a revised article (one figure changed, one paragraph removed) keeps its
# history in both; contrib/queries*.sql run on both and agree.
# Usage: schema_both.sh AUDITFEED SOURCE_DIR
set -u
AF=$1; SRC=$2
W=$(mktemp -d /tmp/af-both-XXXXXX)
chmod 755 "$W"
trap 'pg_teardown; rm -rf "$W"' EXIT
. "$(dirname "$0")/lib.sh"
command -v sqlite3 >/dev/null || { echo "skip - no sqlite3 shell"; exit 77; }
pg_setup "$W" || { echo "FAIL - cannot start a PostgreSQL cluster"; exit 1; }
FX=$SRC/tests/sinks/fixtures
DB=$W/a.db

run() {
  "$AF" run -i files -p path="$W/site" -o sqlite -p path="$DB" \
    -o postgres -p "conninfo=host=127.0.0.1 port=$PGPORT dbname=auditfeed" \
    --state-dir "$W/state" --no-progress >"$W/log" 2>&1
}
# sqlite prints a whole REAL as 4500000000.0, PostgreSQL as 4500000000
sq() { sqlite3 -batch -separator '|' "$DB" | sed -E 's/(^|\|)(-?[0-9]+)\.0(\||$)/\1\2\3/g; s/(^|\|)(-?[0-9]+)\.0(\||$)/\1\2\3/g'; }
pq() { psql -X -q -A -t -F '|' -v ON_ERROR_STOP=1; }
same() { # name file
  sq <"$2" >"$W/s.out" 2>&1; pq <"$2" >"$W/p.out" 2>&1
  if [ -s "$W/s.out" ] && cmp -s "$W/s.out" "$W/p.out"; then ok "$1: sqlite and postgres agree ($(grep -c . "$W/s.out") lines)"
  else bad "$1: sqlite and postgres differ"; diff "$W/s.out" "$W/p.out" | head -6; fi
}

mkdir -p "$W/site"; cp "$FX"/v1/*.html "$W/site/"
run && ok "first run into both sinks" || { bad "first run: exit $?"; tail -3 "$W/log"; }
same "every table after the first run" "$SRC/tests/sinks/dump.sql"

# The article is revised at the same address: one figure changed, one
# paragraph (a recommendation) removed.
cp "$FX"/v2/*.html "$W/site/"
touch -d '+1 minute' "$W/site/schools.html"
run && grep -q "docs_revised=1 " "$W/log" && ok "second run sees one revision" \
  || { bad "second run"; grep run_summary "$W/log"; }
same "every table after the revision" "$SRC/tests/sinks/dump.sql"

doc=$(echo "SELECT id FROM documents WHERE canonical_url LIKE '%/schools'" | sq)
for eng in sq pq; do
  n=$(echo "SELECT count(*) FROM document_revisions WHERE doc_id = '$doc'" | $eng)
  old=$(echo "SELECT text FROM document_revisions WHERE doc_id = '$doc' AND revision = 1" | $eng)
  [ "$n" = 2 ] && [[ $old == *"£4.5 billion"* ]] && [[ $old == *"recommends"* ]] \
    && ok "$eng: both revisions kept, the first with its own text" || bad "$eng: revisions $n"
  w=$(echo "SELECT count(*) FROM findings WHERE doc_id = '$doc' AND withdrawn_in = 2" | $eng)
  [ "$w" = 2 ] && ok "$eng: the changed figure's and the removed paragraph's findings are withdrawn_in 2" \
    || bad "$eng: $w withdrawn"
  new=$(echo "SELECT count(*) FROM findings WHERE doc_id = '$doc' AND first_revision = 2 AND text LIKE '%4.7 billion%'" | $eng)
  [ "$new" = 1 ] && ok "$eng: the new figure is a new finding of revision 2" || bad "$eng: new finding $new"
  kept=$(echo "SELECT count(*) FROM findings WHERE doc_id = '$doc' AND first_revision = 1 AND last_revision = 2 AND withdrawn_in IS NULL" | $eng)
  [ "$kept" = 2 ] && ok "$eng: the two unchanged findings keep their ids" || bad "$eng: kept $kept"
done

# The search indexes follow the revised text: PostgreSQL's stored vectors
# are those of the rows' present title and text (a revised row is written
# by its own UPDATE, not the INSERT's conflict branch), and SQLite's FTS5
# tables pass their integrity check against the tables they index.
stale=$(echo "SELECT (SELECT count(*) FROM documents WHERE search IS DISTINCT FROM
    to_tsvector('english', coalesce(title, '') || ' ' || coalesce(text, '')))
  + (SELECT count(*) FROM findings WHERE search IS DISTINCT FROM to_tsvector('english', text))" | pq)
[ "$stale" = 0 ] && ok "pq: search vectors are the present text's after the revision" \
  || bad "pq: $stale stale search vectors"
echo "INSERT INTO documents_fts (documents_fts) VALUES ('integrity-check');
  INSERT INTO findings_fts (findings_fts) VALUES ('integrity-check');" | sq >"$W/ic" 2>&1
[ ! -s "$W/ic" ] && ok "sq: the FTS5 indexes match their tables after the revision" \
  || { bad "sq: FTS5 integrity check"; head -3 "$W/ic"; }

same "contrib/queries.sql" "$SRC/contrib/queries.sql"
q1=$(sed -n '/^-- 1\./,/^-- 2\./p' "$SRC/contrib/queries.sql" | sq)
[ "$(echo "$q1" | grep -c .)" = 1 ] && [[ $q1 == *"|4700000000|"* ]] \
  && ok "money over £100m about the DfE since 2018: the revised figure only" || bad "query 1: $q1"
q2=$(sed -n '/^-- 2\./,/^-- 3\./p' "$SRC/contrib/queries.sql" | sq)
[ "$(echo "$q2" | grep -c .)" = 2 ] && ok "every withdrawn finding: 2" || bad "query 2: $q2"
q3=$(sed -n '/^-- 3\./,/^-- 4\./p' "$SRC/contrib/queries.sql" | sq)
[ "$(echo "$q3" | grep -c .)" = 3 ] && ok "the findings of one report: 3" || bad "query 3: $q3"

sq <"$SRC/contrib/queries-search-sqlite.sql" >"$W/s.out"
pq <"$SRC/contrib/queries-search-postgres.sql" >"$W/p.out"
[ "$(sed -n 1p "$W/s.out")" = "$(sed -n 1p "$W/p.out")" ] && [[ $(sed -n 1p "$W/s.out") == *"4.7 billion on school buildings"* ]] \
  && [ "$(grep -c . "$W/s.out")" = 2 ] && cmp -s "$W/s.out" "$W/p.out" \
  && ok "full-text search: the same phrase and word matches in both" \
  || { bad "full-text search differs"; cat "$W/s.out" "$W/p.out"; }
finish
