#!/bin/sh
# Held-out check of the normaliser: run `auditfeed extract` on the articles
# in heldout/ (written for this test and labelled before the normaliser ran
# on them; docs/benchmarks.md says which batches later shaped rules) and
# score the findings against heldout/gold.jsonl.  Floors are set below what
# the normaliser reaches so that a regression fails the test, not noise.
#
#   tests/normalise/heldout.sh [BUILD_DIR] [-v]     (-v lists misses/extras)
#
# AF_HELDOUT_DIR picks another folder of articles with its gold.jsonl (the
# set-aside articles in setaside/ are scored this way, once, at the end).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=${AF_SOURCE_DIR:-$(cd "$here/../.." && pwd)}
build=${1:-${AF_BUILD_DIR:-$root/build}}
shift $(( $# > 0 ? 1 : 0 ))
rules=$root/config/normaliser
extract=$build/auditfeed

command -v python3 >/dev/null 2>&1 || { echo "python3 missing, skipping"; exit 77; }
[ -x "$extract" ] || { echo "heldout: $extract not built" >&2; exit 1; }

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT INT TERM

dir=${AF_HELDOUT_DIR:-$here/heldout}

for doc in "$dir"/*.txt; do
  key=$(basename "$doc" .txt)
  "$extract" extract --rules "$rules" "$doc" >"$out/$key.json"
done

python3 "$here/heldout_score.py" "$dir/gold.jsonl" "$out" \
  --floor "${AF_HELDOUT_FLOOR:-0.0}" --figures-floor "${AF_HELDOUT_FIG_FLOOR:-0.0}" \
  --speaker-floor "${AF_HELDOUT_SPK_FLOOR:-0.0}" \
  --fields-floor "${AF_HELDOUT_FIELDS_FLOOR:-0.0}" "$@"
