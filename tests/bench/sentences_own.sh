#!/bin/bash
# ctest sentences_own: the required-sentence / boilerplate measure of
# wcxb_sentences.py on our own pages (tests/extract/unseen, no ../shared
# data).  Checks the measure itself (the gold scores 100 / 100; the whole
# page's text finds every sentence and fails the boilerplate side) and
# floors for the extractor a little below what it reaches.  Exit 77 (skip)
# without python3.
set -eu
src=${AF_SOURCE_DIR:?} build=${AF_BUILD_DIR:?}
command -v python3 >/dev/null || { echo "no python3: skipped"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
AF_SENT_JSON=$tmp/fig.json "$src/tests/bench/wcxb.sh" sentences own "$build"
python3 - "$tmp/fig.json" <<'PY'
import json, sys
rows = json.load(open(sys.argv[1]))["rows"]
checks = [
    ("gold finds every sentence", rows["gold"]["found_pooled"] == 100.0),
    ("gold keeps every line out", rows["gold"]["kept_out_pooled"] == 100.0),
    ("page text finds every sentence", rows["page"]["found_pooled"] == 100.0),
    ("page text fails the boilerplate side", rows["page"]["kept_out_pooled"] <= 5.0),
    ("empty output finds nothing", rows["empty"]["found_pooled"] == 0.0),
    ("extractor finds >= 93% (page mean)", rows["extractor"]["found_page_mean"] >= 93.0),
    ("extractor keeps >= 97% out (page mean)", rows["extractor"]["kept_out_page_mean"] >= 97.0),
]
bad = [name for name, ok in checks if not ok]
for name, ok in checks:
    print(("ok   " if ok else "FAIL ") + name)
sys.exit(1 if bad else 0)
PY
