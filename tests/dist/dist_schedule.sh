#!/bin/bash
# engine = nats, phase one: [core] keys checked, the streams, consumers and
# buckets created idempotently, `run` publishing each due source's seed
# with a tick-based Nats-Msg-Id (a second scheduler in the same tick adds
# nothing, a new tick is a new message), `run --every` on schedule, and
# `cluster status` lines and exit codes.  One nats-server on loopback.
set -u
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/nats_single.sh"
ctest_env
scratch T dist-sched
nats_single
A=$B/auditfeed

conf() { # conf FILE [extra core lines...]
  local f=$1; shift
  { echo "[core]"; echo "engine = nats"; echo "nats_url = $NATS_URL"
    echo "state_dir = $T/state"; echo "plugin_dir = $B/plugins"
    for l in "$@"; do echo "$l"; done
    printf '\n[source news]\nplugin = feed\nurl = http://news.example:8080/feed.xml\n'
    printf '\n[source other]\nplugin = feed\nurl = http://OTHER.example/rss\n'
    printf '\n[sink out]\nplugin = jsonl\npath = %s/out.jsonl\n' "$T"; } >"$f"
}
# shard HOST N: fnv1a-32(host) % N, computed apart from the code under test
shard() { python3 -c 'import sys
h=2166136261
for b in sys.argv[1].encode(): h=((h^b)*16777619)&0xffffffff
print(h%int(sys.argv[2]))' "$1" "$2"; }
msgs() { sed -n "s/^event=stream name=$1 messages=\([0-9]*\).*/\1/p" "$2"; }

conf "$T/a.conf" "shards = 8"
# The three runs below must fall in one tick (a minute, the default): one
# begun in the minute's last seconds would see its followers in the next
# tick, publish again, and fail the test for the clock's sake.
sec=$(date +%S)
sec=${sec#0}
[ "$sec" -le 40 ] || sleep $((61 - sec))
"$A" run -c "$T/a.conf" 2>"$T/run1.log"
expect_rc "run publishes the seeds" 0 $?
expect_grep "seed of news published" 'comp=news event=seed_published tick=[0-9]+ shard=' "$T/run1.log"
expect_grep "seed of other published" 'comp=other event=seed_published' "$T/run1.log"
"$A" run -c "$T/a.conf" 2>"$T/run2.log" &
"$A" run -c "$T/a.conf" 2>"$T/run3.log"
wait $!
cat "$T/run2.log" "$T/run3.log" >"$T/run23.log"
if [ "$(grep -c 'event=seed_duplicate' "$T/run23.log")" = 4 ]; then
  ok "two more schedulers in the same tick: every seed folded as a duplicate"
else bad "schedulers in the same tick:"; cat "$T/run23.log"; fi

"$A" cluster status -c "$T/a.conf" >"$T/st1" 2>"$T/st1.err"
expect_rc "cluster status: work pending" 1 $?
[ "$(msgs AF_FRONTIER "$T/st1")" = 2 ] && ok "the frontier holds 2 seeds" ||
  { bad "frontier messages:"; cat "$T/st1"; }
[ "$(grep -c '^event=consumer stream=AF_FRONTIER name=F[0-7] ' "$T/st1")" = 8 ] &&
  ok "one consumer per shard (8)" || { bad "shard consumers:"; cat "$T/st1"; }
sn=$(shard news.example 8); so=$(shard other.example 8)
if [ "$sn" = "$so" ]; then want=2; else want=1; fi
expect_grep "news's seed is on its host's shard F$sn" \
  "^event=consumer stream=AF_FRONTIER name=F$sn pending=$want ack_pending=0" "$T/st1"
expect_grep "other's seed is on its (lower-cased) host's shard F$so" \
  "^event=consumer stream=AF_FRONTIER name=F$so pending=$want ack_pending=0" "$T/st1"
expect_grep "a records consumer per sink" '^event=consumer stream=AF_RECORDS name=S_out pending=0' "$T/st1"
expect_grep "dead-letter depth shown" '^event=dead_letter stream=AF_DEAD messages=0' "$T/st1"
expect_grep "summary line" '^event=cluster drained=false dead=0' "$T/st1"

# the other objects: the key-value buckets exist (their streams are KV_*)
"$A" cluster status -c "$T/a.conf" >"$T/st2" 2>/dev/null
cmp -s "$T/st1" "$T/st2" && ok "status again: nothing created twice, same answer" ||
  { bad "status changed:"; diff "$T/st1" "$T/st2"; }
ls "$T/nats/js/jetstream/\$G/streams/" >"$T/streams" 2>/dev/null
expect_grep "validators bucket" '^KV_AF_validators$' "$T/streams"
expect_grep "robots bucket" '^KV_AF_robots$' "$T/streams"

# a prefix of one's own: separate streams, consumers and buckets
conf "$T/p.conf" "shards = 3" "stream_prefix = TT"
"$A" run -c "$T/p.conf" --source news 2>"$T/p.log"
expect_rc "run --source with another prefix" 0 $?
"$A" cluster status -c "$T/p.conf" >"$T/stp" 2>/dev/null
[ "$(msgs TT_FRONTIER "$T/stp")" = 1 ] && ok "--source: only that seed, on TT_FRONTIER" ||
  { bad "TT frontier:"; cat "$T/stp"; }
[ "$(grep -c '^event=consumer stream=TT_FRONTIER' "$T/stp")" = 3 ] && ok "3 shards, 3 consumers" ||
  { bad "TT consumers:"; cat "$T/stp"; }

# run --every: a new tick is a new seed (schedule = 1s), SIGTERM ends it with 0
conf "$T/e.conf" "shards = 2" "stream_prefix = EV"
sed -i 's|^url = http://news.example:8080/feed.xml|&\nschedule = 1s|' "$T/e.conf"
"$A" run -c "$T/e.conf" --every 60s --source news 2>"$T/every.log" &
pid=$!
sleep 3.5
kill -TERM $pid; wait $pid
expect_rc "run --every ends on SIGTERM" 0 $?
n=$(grep -c 'event=seed_published' "$T/every.log")
[ "$n" -ge 3 ] && [ "$n" -le 5 ] && ok "run --every: one seed per tick ($n in 3.5 s of 1 s ticks)" ||
  { bad "run --every published $n seeds:"; cat "$T/every.log"; }
"$A" cluster status -c "$T/e.conf" >"$T/ste" 2>/dev/null
[ "$(msgs EV_FRONTIER "$T/ste")" = "$n" ] && ok "the stream holds them all" ||
  { bad "EV frontier:"; cat "$T/ste"; }

# configuration errors, each naming what and where
# expect_refused CONF WHAT WHY ERE [COMMAND...]: `auditfeed COMMAND -c CONF`
# (COMMAND: run unless given) exits 2 (WHAT), saying what matches ERE (WHY).
expect_refused() {
  local conf=$1 what=$2 why=$3 ere=$4
  shift 4
  [ $# -gt 0 ] || set -- run
  "$A" "$@" -c "$conf" >/dev/null 2>"$conf.err"
  expect_rc "$what" 2 $?
  expect_grep "$why" "$ere" "$conf.err"
}
conf "$T/bad1.conf" "engine = nuts"
sed -i '0,/^engine = nats$/{/^engine = nats$/d}' "$T/bad1.conf"
expect_refused "$T/bad1.conf" "engine = nuts refused" "names the key and line" \
  'bad1.conf:[0-9]+: engine = nuts: expected local or nats'
conf "$T/bad2.conf"; sed -i '/^nats_url/d' "$T/bad2.conf"
expect_refused "$T/bad2.conf" "engine = nats without nats_url" "says what is missing" 'needs nats_url'
conf "$T/bad3.conf" "shards = 0"
expect_refused "$T/bad3.conf" "shards = 0 refused" "shards bound named" 'shards' cluster status
conf "$T/bad4.conf"; sed -i "s|^nats_url = .*|nats_url = nats://127.0.0.1:1|" "$T/bad4.conf"
expect_refused "$T/bad4.conf" "no server at nats_url" "says which URL" \
  'cannot connect to nats_url nats://127.0.0.1:1'
conf "$T/bad5.conf" "stream_prefix = a.b"
expect_refused "$T/bad5.conf" "a prefix with a dot refused" "says why" "stream_prefix 'a.b'"
"$A" cluster status -c "$T/a.conf" -i bogus >/dev/null 2>&1
[ $? -ne 0 ] && ok "cluster status with a bad pipeline fails" || bad "cluster status accepted -i bogus"
finish
