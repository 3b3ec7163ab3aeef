#!/bin/sh
# Generality benchmark on WCXB (issue 17): body F1 (the article-extraction
# benchmark's own metric), title, author and date accuracy (the set's
# meta_score.py) on one part of the one split (wcxb_split.py).
#
#   tests/bench/wcxb.sh dev|heldout|own [BUILD_DIR]
#   tests/bench/wcxb.sh sentences dev|heldout|own [BUILD_DIR]
#
# sentences: instead, the share of the gold body's sentences the output
# contains and of the page's boilerplate lines it keeps out, with the
# gold, whole-page, <p>-text and empty outputs beside it as a sanity check
# (wcxb_sentences.py; needs no scorer, and own needs no ../shared data).
#
# dev: the part rules are developed on.  heldout: the part set aside, run
# only to report.  own: our own pages under tests/extract/unseen (written
# with their ground truth first).  Needs ../shared/benchmarks/wcxb-dev (or
# AF_WCXB_DIR) for dev and heldout; without it, says so and exits 0.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
mode=f1
if [ "${1:-}" = sentences ]; then
  mode=sentences
  shift
fi
part=${1:?usage: wcxb.sh [sentences] dev|heldout|own [BUILD_DIR]}
build=${2:-${BUILD:-build}}
case $build in /*) ;; *) build="$root/$build" ;; esac
wcxb=${AF_WCXB_DIR:-$root/../shared/benchmarks/wcxb-dev}
metric=${AF_BENCH_DIR:-$root/../shared/benchmarks/article-extraction}/eval_extraction.py

case $part in
dev | heldout)
  if [ ! -f "$wcxb/ground-truth.json" ]; then
    echo "wcxb benchmark: no data at $wcxb, skipping"
    exit 0
  fi
  list="$here/wcxb-$part.list" pages="$wcxb/html" gt="$wcxb/ground-truth.json" ;;
own)
  list="" pages="$root/tests/extract/unseen" gt="$root/tests/extract/unseen/truth.json" ;;
*)
  echo "wcxb.sh: part must be dev, heldout or own" >&2
  exit 2 ;;
esac
meta_score=$wcxb/meta_score.py
if [ "$mode" = f1 ] && { [ ! -f "$metric" ] || [ ! -f "$meta_score" ]; }; then
  echo "wcxb benchmark: no scorers at $metric and $meta_score, skipping"
  exit 0
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir "$tmp/in"
if [ -n "$list" ]; then
  cut -f1 "$list" | while read -r id; do cp "$pages/$id.html.gz" "$tmp/in/"; done
else
  cp "$pages"/*.html "$tmp/in/"
fi
"$build/auditfeed" extract --format jsonl --no-findings "$tmp/in" \
  >"$tmp/out.jsonl" 2>"$tmp/err" || true

python3 - "$tmp/out.jsonl" "$gt" "$tmp/in" "$tmp/pred.json" "$tmp/gt.json" <<'PY'
import json, os, sys
out = {}
for line in open(sys.argv[1], encoding="utf-8"):
    if line.strip():
        o = json.loads(line)
        pid = os.path.basename(o.get("input", "")).split(".")[0]
        out[pid] = {"articleBody": o.get("text") or "", "headline": o.get("title") or "",
                    "author": o.get("byline") or "", "datePublished": o.get("published") or ""}
ids = {n.split(".")[0] for n in os.listdir(sys.argv[3])}
gt = {k: v for k, v in json.load(open(sys.argv[2], encoding="utf-8")).items() if k in ids}
json.dump({"version": "auditfeed-extract", "output": out}, open(sys.argv[4], "w"))
json.dump(gt, open(sys.argv[5], "w"))
PY
if [ "$mode" = sentences ]; then
  echo "part       : $part ($(ls "$tmp/in" | wc -l) pages, $build)"
  python3 "$here/wcxb_sentences.py" --gt "$tmp/gt.json" --pred "$tmp/pred.json" \
    --pages "$tmp/in" --part "$part" --baselines ${AF_SENT_JSON:+--json "$AF_SENT_JSON"}
  exit 0
fi
python3 "$metric" --gt "$tmp/gt.json" --missing-as-empty "$tmp/pred.json" >"$tmp/eval" 2>&1 || {
  cat "$tmp/eval" >&2
  exit 1
}
row=$(grep '^pred ' "$tmp/eval" || true)
echo "part      : $part ($(ls "$tmp/in" | wc -l) pages, $build)"
echo "body      : F1 $(echo "$row" | awk '{print $3}')  P $(echo "$row" | awk '{print $6}')  R $(echo "$row" | awk '{print $9}')"
echo "empty     : $(python3 -c "import json,sys; o=json.load(open(sys.argv[1]))['output']; print(sum(1 for v in o.values() if not v['articleBody']))" "$tmp/pred.json") pages with no body"
echo "metadata  : $(python3 "$meta_score" "$tmp/gt.json" "$tmp/pred.json")"
