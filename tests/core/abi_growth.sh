#!/usr/bin/env bash
# ABI growth: plugins built against today's headers (the bundled files
# source, and two test plugins that read every record member) run under a
# core whose records each have one more member at the end, as a later 2.N
# core's would.  What they read must be the same as under today's core;
# the records' own `size` members must show that the core was bigger.
# Under ABI 1, where sinks stepped through arrays by their own sizeof and
# speaker/report were embedded, this is the test that would have failed.
set -uo pipefail
AF=$1 GROWN=$2 GROWTH_PLUGINS=$3 PLUGINS=$4 SRC=$5
. "$(dirname "$0")/../lib.sh"
scratch W abi

mkdir -p "$W/pd"
cp "$PLUGINS/af_files.so" "$GROWTH_PLUGINS/tdump.so" "$GROWTH_PLUGINS/tfeedsrc.so" "$W/pd/"
chmod 755 "$W/pd" "$W"/pd/*.so

for core in today grown; do
  bin=$AF; [ "$core" = grown ] && bin=$GROWN
  "$bin" run -i files -p path="$SRC/contrib/sample" \
    -i tfeedsrc -p path="$SRC/contrib/sample/feeds/nao-press-releases.xml" \
    -o tdump -p path="$W/$core.dump" -p sizes="$W/$core.sizes" \
    --plugin-dir "$W/pd" --state-dir "$W/state-$core" >"$W/$core.log" 2>&1
  rc=$?
  [ $rc -eq 0 ] && ok "the $core core runs the pipeline" || { bad "the $core core exits $rc"; cat "$W/$core.log"; }
done

# Documents reach the sink in any order: compare them as sorted blocks.
python3 - "$W/today.dump" "$W/grown.dump" "$W/today.sizes" "$W/grown.sizes" <<'PY'
import sys
def blocks(path):
    out, cur = [], []
    for line in open(path, encoding="utf-8", errors="replace"):
        if line.startswith("document ") and cur:
            out.append("".join(cur)); cur = []
        cur.append(line)
    if cur:
        out.append("".join(cur))
    return sorted(out)
a, b = blocks(sys.argv[1]), blocks(sys.argv[2])
text = "".join(a)
fails = 0
def check(cond, what):
    global fails
    print(("ok - " if cond else "not ok - ") + what)
    fails += 0 if cond else 1
check(len(a) >= 15, f"the dump holds the sample's documents ({len(a)})")
check(text.count("source=tfeedsrc") >= 3, "documents built from feed entries were read")
for member in (" finding ", "  figure ", "  speaker ", "  report ", "  body=", " para "):
    check(member in text, f"records with{member.strip()} were read")
check(a == b, "every member of every record reads the same from the grown core")
if a != b:
    for x, y in zip(a, b):
        if x != y:
            print("first difference:\n--- today\n" + x[:600] + "\n--- grown\n" + y[:600])
            break
def sizes(path):
    d = {}
    for line in open(path):
        k, v = line.split()
        d.setdefault(k, set()).add(int(v))
    return d
s1, s2 = sizes(sys.argv[3]), sizes(sys.argv[4])
for k in ("document", "para", "finding", "figure", "speaker", "report"):
    grew = k in s1 and k in s2 and min(s2[k]) > max(s1[k])
    check(grew, f"the grown core's {k} records are bigger ({sorted(s1.get(k, []))} -> {sorted(s2.get(k, []))})")
sys.exit(1 if fails else 0)
PY
[ $? -eq 0 ] && ok "the two cores compared" || bad "the two cores differ (see above)"
finish
