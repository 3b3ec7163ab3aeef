#!/usr/bin/env bash
# Plugins that misbehave: one whose create fails, one whose start fails,
# and descriptors that lie about their size (too small, too large).  The
# core names each in the log; a failing source is left out and the rest
# of the run completes; a lying descriptor is refused, and a pipeline that
# does not use it never opens it.
set -uo pipefail
AF=$1 TB=$2
. "$(dirname "$0")/../lib.sh"
scratch W misbehave

mkdir -p "$W/p" "$W/liars"
cp "$TB"/good/tsource.so "$TB"/good/tsink.so "$TB"/misbehave/balky.so "$TB"/misbehave/sulky.so "$W/p/"
cp "$TB"/misbehave/liar_*.so "$W/liars/"

"$AF" run -i tsource -p count=3 -i balky -i sulky -o tsink -p path="$W/out.txt" \
  --plugin-dir "$W/p" --state-dir "$W/st" --no-progress >"$W/o" 2>&1
expect_rc "the run completes, exit 1 (something to look at)" 1 $?
expect_grep "the failed create is logged with the config place" \
  "comp=sulky event=create_failed plugin=sulky config=command line:[0-9]+ error=" "$W/o"
expect_grep "the failed start is logged" "comp=balky event=start_failed plugin=balky" "$W/o"
expect_grep "the rest of the run completes" \
  "event=run_summary docs_seen=3 docs_new=3 .* written.tsink=3" "$W/o"
[ "$(wc -l < "$W/out.txt")" -eq 3 ] && ok "the good source's documents reached the sink" ||
  bad "the good source's documents reached the sink"

"$AF" check-config -i sulky -o tsink -p path="$W/x" --plugin-dir "$W/p" \
  --state-dir "$W/st2" >"$W/o" 2>&1
expect_rc "check-config still calls a failing create an error" 2 $?
expect_grep "and says which" "\\[source sulky\\] plugin 'sulky' refused its configuration" "$W/o"

"$AF" plugins --plugin-dir "$W/liars" >"$W/o" 2>&1
expect_rc "plugins: lying descriptors are refused" 2 $?
expect_grep "a descriptor smaller than the ABI's is named" \
  "liar_small.so: descriptor size 16 is smaller" "$W/o"
expect_grep "a descriptor larger than its ABI defines is named" \
  "liar_big.so: descriptor size [0-9]+ is larger than ABI" "$W/o"
cp "$W/liars"/*.so "$W/p/"
"$AF" run -i tsource -o tsink -p path="$W/y" --plugin-dir "$W/p" --state-dir "$W/st3" \
  >"$W/o" 2>&1
expect_rc "a run that would load them does not start" 2 $?
expect_grep "and names the file" "event=plugin_refused .*liar_big.so: descriptor size" "$W/o"

finish
