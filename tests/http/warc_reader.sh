#!/bin/bash
# What --record writes, read back by an independent WARC reader (warcio,
# from the npm registry): every record parses, each response has a request
# pointing at it, and the payload digests match the payloads.  Skips when
# node/npm or the package cannot be had (a machine without them).
set -u
. "$(dirname "$0")/../lib.sh"
ctest_env
scratch T warc-reader
fail() { echo "FAIL: $*"; cat "$T/log" 2>/dev/null; exit 1; }

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "skip: node and npm are not installed"; exit 77
fi
R="$B/tests/http/warcio-reader"
if [ ! -d "$R/node_modules/warcio" ]; then
  mkdir -p "$R"
  if ! npm install --prefix "$R" --no-audit --no-fund --silent warcio@2.4.11 >"$T/npm.log" 2>&1; then
    echo "skip: could not install warcio from the npm registry"; cat "$T/npm.log"; exit 77
  fi
fi

fixture_server "$S/tests/http/fixtures" || fail "fixture server did not start"
"$B/auditfeed" run --plugin-dir "$B/plugins" --state-dir "$T/state" --no-progress \
  --record "$T/warc" -i feed -p url=http://127.0.0.1:$PORT/feed.xml \
  -o jsonl -p path="$T/out.jsonl" >"$T/log" 2>&1 || fail "recording run failed"
# A gzip-encoded page too: the archive keeps it as it came over the wire.
"$B/auditfeed" run --plugin-dir "$B/plugins" --state-dir "$T/state2" --no-progress \
  --record "$T/warc" -i web -p url=http://127.0.0.1:$PORT/gzip \
  -o jsonl -p path="$T/out2.jsonl" >>"$T/log" 2>&1 || fail "recording the gzip page failed"
grep -q '"Fixture article 1"\|Fixture article 1' "$T/out2.jsonl" || fail "the gzip page was not decoded for the pipeline"
ls "$T"/warc/*.warc.gz >/dev/null 2>&1 || fail "no .warc.gz written"

cat >"$T/read.mjs" <<'JS'
import { createReadStream } from 'node:fs';
import { createHash } from 'node:crypto';
import { WARCParser } from 'warcio';
const b32 = (buf) => { const a = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'; let bits = 0, v = 0, o = '';
  for (const x of buf) { v = (v << 8) | x; bits += 8; while (bits >= 5) { o += a[(v >>> (bits - 5)) & 31]; bits -= 5; } }
  return o; };
const counts = {}; const responses = new Map(); const concurrent = []; let bad = 0;
for (const file of process.argv.slice(2)) {
  const parser = new WARCParser(createReadStream(file));
  for await (const rec of parser) {
    const type = rec.warcType; counts[type] = (counts[type] || 0) + 1;
    for (const h of ['WARC-Record-ID', 'WARC-Date']) if (!rec.warcHeader(h)) { console.log(`missing ${h}`); bad++; }
    if (type === 'response') {
      if (!rec.warcTargetURI) { console.log('response without target'); bad++; }
      // The payload as sent (content coding kept), which the digest covers.
      const payload = await rec.readFully(false);
      const want = rec.warcHeader('WARC-Payload-Digest');
      const got = 'sha1:' + b32(createHash('sha1').update(payload).digest());
      if (want !== got) { console.log(`payload digest ${want} != ${got} for ${rec.warcTargetURI}`); bad++; }
      responses.set(rec.warcHeader('WARC-Record-ID'), rec.warcTargetURI);
      if (rec.httpHeaders && rec.httpHeaders.headers.get('content-encoding') === 'gzip') {
        counts.gzip = (counts.gzip || 0) + 1;
        if (payload[0] !== 0x1f || payload[1] !== 0x8b) { console.log('gzip payload not stored as sent'); bad++; }
      }
    } else if (type === 'request') {
      concurrent.push([rec.warcHeader('WARC-Concurrent-To'), rec.warcTargetURI]);
      // the request as sent, not an outline: it carries our Accept header
      const hh = rec.httpHeaders;
      if (!hh || hh.method !== 'GET' || !hh.headers.get('accept')) {
        console.log(`request for ${rec.warcTargetURI} is not the request as sent`); bad++;
      }
      await rec.readFully(false);
    } else { await rec.readFully(false); }
  }
}
for (const [to, uri] of concurrent) if (responses.get(to) !== uri) { console.log(`request for ${uri} points at ${to}`); bad++; }
console.log(JSON.stringify(counts));
if (!counts.warcinfo || !counts.response || !counts.request || !counts.gzip) bad++;
process.exit(bad ? 1 : 0);
JS
cp "$T/read.mjs" "$R/read.mjs"
node "$R/read.mjs" "$T"/warc/*.warc.gz >"$T/reader.log" 2>&1 || { cat "$T/reader.log"; fail "warcio rejected the archive"; }
cat "$T/reader.log"
echo "1 passed, 0 failed"
