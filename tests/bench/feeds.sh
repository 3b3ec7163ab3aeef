#!/usr/bin/env bash
# Feed conformance figure: the share of entry titles, links, dates and
# authors the feed parser gets right on the few hundred tiny feeds in
# tests/feeds/conformance/ (the behaviours feedparser's own test corpus
# asserts, in feeds written for this project).  Per file and per field.
# Usage: tests/bench/feeds.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
B=${1:-${BUILD:-build}}
exe="$B/tests/feeds/feed_conformance"
[ -x "$exe" ] || { echo "build first: cmake -S . -B $B -DBUILD_TESTING=ON && cmake --build $B --target feed_conformance" >&2; exit 2; }
# Malformed cases log their feed_malformed warnings on stderr; the figure is on stdout.
echo "== development cases (tests/feeds/conformance/)"
"$exe" --report tests/feeds/conformance/*.cases 2>/dev/null
echo "== held-out cases (tests/feeds/conformance-heldout/: written before the parser ran on them)"
"$exe" --report tests/feeds/conformance-heldout/*.cases 2>/dev/null
