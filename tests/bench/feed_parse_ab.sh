#!/usr/bin/env bash
# The feed reader against an earlier version of itself: a 5,000-item RSS 2.0
# feed (the pipeline fixture's shape) parsed TIMES times in one process, by
# core/feeds/ as it is and as it was at REV, each linked with the rest of
# BUILD_DIR's libaf_core.a; whole-process A/B with farm-bench (A = now).
# Usage: tests/bench/feed_parse_ab.sh [REV] [BUILD_DIR]   env: TIMES (20), RUNS (11)
set -euo pipefail
cd "$(dirname "$0")/../.."
rev=${1:-main}
B=${2:-build}
lib="$B/core/libaf_core.a"
[ -f "$lib" ] || { echo "build first: cmake --build $B" >&2; exit 2; }
command -v farm-bench >/dev/null || { echo "farm-bench not found" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 - "$tmp/feed.xml" <<'PY'
import datetime, email.utils, sys
t0 = datetime.datetime(2026, 11, 20, 12, 0, 0, tzinfo=datetime.timezone.utc)
out = ['<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0">\n<channel>\n'
       '<title>bench</title>\n<link>http://127.0.0.1:8080/</link>\n']
for i in range(5000):
    url = f"http://127.0.0.1:8080/site/{i:05d}/news/2025/an-article-about-public-spending-{i}.html"
    date = email.utils.format_datetime(t0 - datetime.timedelta(minutes=i))
    out.append(f"<item><title>Spending watchdog finds delays in programme {i} &amp; more</title>"
               f"<link>{url}</link><guid isPermaLink=\"true\">{url}</guid>"
               f"<pubDate>{date}</pubDate></item>\n")
out.append("</channel>\n</rss>\n")
open(sys.argv[1], "w").write("".join(out))
PY
mkdir -p "$tmp/old"
for f in $(git ls-tree --name-only "$rev" core/feeds/); do
  git show "$rev:$f" > "$tmp/old/$(basename "$f")"
done
cflags="-O2 -std=c17 -D_GNU_SOURCE -Iinclude -Icore/base -Icore/net $(pkg-config --cflags libxml-2.0 jansson)"
libs="$lib $(pkg-config --libs libxml-2.0 zlib libcurl jansson) -lpthread -lm"
# shellcheck disable=SC2086
cc $cflags -Icore/feeds tests/bench/feed_parse.c core/feeds/*.c $libs -o "$tmp/now"
# shellcheck disable=SC2086
cc $cflags -I"$tmp/old" tests/bench/feed_parse.c "$tmp"/old/*.c $libs -o "$tmp/then"
farm-bench -n "${RUNS:-11}" --timeout 900 --vs "$tmp/then $tmp/feed.xml ${TIMES:-20}" \
  -- "$tmp/now" "$tmp/feed.xml" "${TIMES:-20}"
