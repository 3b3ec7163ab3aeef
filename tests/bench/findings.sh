#!/bin/sh
# Score the normaliser against the hand-labelled findings gold.
#
#   tests/bench/findings.sh [BUILD_DIR]     (or BUILD=... ; default: build)
#
# Then scores the project's blind articles the same way (roles, periods,
# bodies, report links included); AF_FINDINGS_HELDOUT=1 adds the held-out
# ones.
#
# Runs `auditfeed extract` on each document of ../shared/findings/docs (the
# development driver tests/normalise/af_norm_dump when extract is missing
# or does not print findings), writes one JSON per document into a
# temporary directory and prints the scorer's per-kind rows, the strict
# row, figures and quote-speaker accuracy.  Exits 0 with a message when the
# shared folder is absent.
set -eu

root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-${BUILD:-build}}
case $build in /*) ;; *) build=$root/$build ;; esac
# AF_FINDINGS_SHARED: the shared findings folder when the checkout is not
# beside it (a second working tree elsewhere).
shared=${AF_FINDINGS_SHARED:-$root/../shared/findings}
rules=$root/config/normaliser

if [ ! -d "$shared/docs" ] || [ ! -f "$shared/score_findings.py" ]; then
  echo "findings bench: $shared not found, skipping"
  exit 0
fi
command -v python3 >/dev/null 2>&1 || { echo "findings bench: python3 missing, skipping"; exit 0; }

driver=$build/tests/normalise/af_norm_dump
[ -x "$driver" ] || driver=$build/tests/af_norm_dump
extract=$build/auditfeed
use_extract=0
if [ -x "$extract" ] && "$extract" extract --help >/dev/null 2>&1; then
  use_extract=1
fi
if [ $use_extract = 0 ] && [ ! -x "$driver" ]; then
  echo "findings bench: neither $extract extract nor $driver found; build first" >&2
  exit 1
fi

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT INT TERM

has_findings() {
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if isinstance(d.get("findings"), list) else 1)' "$1" 2>/dev/null
}

for doc in "$shared"/docs/*.txt; do
  key=$(basename "$doc" .txt)
  if [ $use_extract = 1 ] && "$extract" extract --rules "$rules" "$doc" >"$out/$key.json" 2>/dev/null &&
     has_findings "$out/$key.json"; then
    continue
  fi
  if [ ! -x "$driver" ]; then
    echo "findings bench: extract gave no findings for $key and no driver" >&2
    exit 1
  fi
  "$driver" "$rules" "$doc" >"$out/$key.json"
done

python3 "$shared/score_findings.py" "$shared/gold/seeds.jsonl" "$out"
# The shared scorer reads no figure field but value and unit: the
# project's scorer adds role and measure agreement on the same output.
python3 "$root/tests/normalise/heldout_score.py" "$shared/gold/seeds.jsonl" "$out" \
  --fields-only

# The project's own blind articles (tests/fixtures/findings-blind): the
# development set always; the held-out set only when asked for
# (AF_FINDINGS_HELDOUT=1), since each look at it spends its blindness.
blind=$root/tests/fixtures/findings-blind
sets=dev
[ "${AF_FINDINGS_HELDOUT:-0}" = 1 ] && sets="dev heldout"
for set in $sets; do
  [ -f "$blind/$set/gold.jsonl" ] || continue
  echo "== blind $set ($blind/$set)"
  AF_HELDOUT_DIR=$blind/$set sh "$root/tests/normalise/heldout.sh" "$build"
done
