#!/bin/bash
# ABI 2.2 appended af_plugin.deliver: a plugin built against 2.1 (minor 1,
# the shorter descriptor) still loads, and under engine = nats it runs
# whole inside the worker that takes its seed; its documents still reach
# the sink through the records stream, once each.
set -u
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/nats_single.sh"
ctest_env
scratch T dist-abi21
nats_single
A=$B/auditfeed
mkdir -p "$T/plugins"
cp "$B/tests/dist/plugins/af_abi21src.so" "$B/plugins/af_jsonl.so" "$T/plugins/"

"$A" plugins --plugin-dir "$T/plugins" >"$T/list" 2>&1
expect_rc "plugins lists a 2.1 plugin" 0 $?
expect_grep "the 2.1 source is loaded" 'abi21src' "$T/list"
expect_no "nothing refused" 'refused' "$T/list"

cat >"$T/a.conf" <<CONF
[core]
engine = nats
nats_url = $NATS_URL
shards = 2
state_dir = $T/state
plugin_dir = $T/plugins

[source old]
plugin = abi21src
count = 4

[sink out]
plugin = jsonl
path = $T/out.jsonl
CONF
"$A" run -c "$T/a.conf" 2>"$T/run.log"
expect_rc "run publishes the old source's seed" 0 $?
"$A" worker -c "$T/a.conf" --idle-exit 2 2>"$T/w.log"
expect_rc "the worker runs it and exits when idle" 0 $?
[ "$(lines "$T/out.jsonl")" = 4 ] && ok "its 4 documents reached the sink" ||
  { bad "documents: $(lines "$T/out.jsonl")"; cat "$T/w.log"; }
expect_grep "through the records stream (published, then committed)" \
  'event=worker_done .*published=4 committed=4' "$T/w.log"
"$A" cluster status -c "$T/a.conf" >/dev/null 2>&1
expect_rc "and the cluster is drained" 0 $?
finish
