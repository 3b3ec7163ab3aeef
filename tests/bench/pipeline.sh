#!/usr/bin/env bash
# The whole feed-to-JSON-Lines job beside its peers, with the harness in
# ../shared/benchmarks/pipeline (a loopback nginx serving an RSS feed of
# N real news pages; every tool fetches, extracts and writes JSON Lines).
# Usage: tests/bench/pipeline.sh [BUILD_DIR]    env: N, RUNS, PEERS, ... (see the harness)
set -euo pipefail
cd "$(dirname "$0")/../.."
B=${1:-${BUILD:-build}}
H=../shared/benchmarks/pipeline
if [ ! -d "$H" ]; then
  echo "pipeline benchmark: $H not found, skipping"
  exit 0
fi
[ -x "$B/auditfeed" ] || { echo "build first: cmake -S . -B $B && cmake --build $B" >&2; exit 2; }
sh "$H/setup.sh"
# Each timed run starts from an empty state directory (or the second run
# would be all 304s), and keeps one document per fetched URL: the fixture
# serves 181 pages under N URLs with their original rel=canonical links.
export OURS="$PWD/$B/auditfeed run -i feed -p url={FEED} -p dedup=url -p concurrency=16 -p per_host=16 -p robots=false -o jsonl -p path={OUT} -p records=documents --state-dir \"\$(mktemp -d)\" --no-progress --log-level warn"
export OURS_NAME=auditfeed
bash "$H/run.sh"
