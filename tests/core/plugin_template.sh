#!/usr/bin/env bash
# contrib/plugin-template builds out of tree against the installed headers
# (pkg-config), and dropping its .so into a plugin directory makes the
# unchanged core list it and deliver its documents.
# Usage: plugin_template.sh BUILD_DIR SOURCE_DIR
set -u
B=$1; SRC=$2
. "$(dirname "$0")/../lib.sh"
scratch W tpl

if cmake --install "$B" --prefix "$W/prefix" >"$W/install.log" 2>&1; then ok "cmake --install"; else bad "cmake --install"; cat "$W/install.log"; fi
pc=$(dirname "$(find "$W/prefix" -name auditfeed.pc | head -1)")
[ -f "$pc/auditfeed.pc" ] && ok "auditfeed.pc installed" || bad "no auditfeed.pc"
[ -f "$W/prefix/include/auditfeed/plugin.h" ] && ok "ABI headers installed" || bad "no installed plugin.h"
if PKG_CONFIG_PATH="$pc" cmake -S "$SRC/contrib/plugin-template" -B "$W/tpl" >"$W/tpl.log" 2>&1 &&
   cmake --build "$W/tpl" >>"$W/tpl.log" 2>&1; then
  ok "template builds out of tree"
else
  bad "template build"; cat "$W/tpl.log"
fi
so=$(find "$W/tpl" -name '*.so' | head -1)
mkdir -p "$W/plugins"; chmod 755 "$W/plugins"
cp "$B"/plugins/*.so "$so" "$W/plugins/"
"$B/auditfeed" plugins --plugin-dir "$W/plugins" >"$W/list" 2>&1
grep -q '^template ' "$W/list" && ok "auditfeed plugins lists it" || { bad "not listed"; cat "$W/list"; }
"$B/auditfeed" run -i template -p count=3 -o jsonl -p path="$W/out.jsonl" \
  --plugin-dir "$W/plugins" --state-dir "$W/state" >"$W/run" 2>&1
rc=$?
[ $rc = 0 ] && ok "run with the template exits 0" || { bad "run exit $rc"; cat "$W/run"; }
n=$(wc -l <"$W/out.jsonl" 2>/dev/null || echo 0)
[ "$n" -ge 3 ] && ok "its documents reach the sink ($n lines)" || bad "$n lines delivered"
finish
