#!/usr/bin/env bash
# contrib/prometheus: the alert rules load (promtool check rules) and fire
# on the series they are meant for (promtool test rules); every expression
# of the Grafana dashboard parses as PromQL; and every auditfeed_ metric the
# rules and the dashboard use is one the binary writes.  Skips (77) when
# promtool is not installed.
set -uo pipefail
SRC=$1 METRICS_C=$2
command -v promtool >/dev/null || { echo "promtool not installed: skipped"; exit 77; }
. "$(dirname "$0")/../lib.sh"
scratch W alerts
R="$SRC/contrib/prometheus"
D="$SRC/contrib/grafana/auditfeed-dashboard.json"
promtool check rules "$R/auditfeed.rules.yml" >"$W/o" 2>&1 && ok "rules load" || { bad "rules load"; cat "$W/o"; }
(cd "$R" && promtool test rules auditfeed.rules.test.yml) >"$W/o" 2>&1 &&
  ok "each alert fires where it should and nowhere else" || { bad "rule unit tests"; cat "$W/o"; }
# The dashboard's queries as recording rules: promtool parses each one.
python3 - "$D" >"$W/dash.yml" <<'PY' || bad "the dashboard is valid JSON with panels"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["panels"], "no panels"
print("groups:\n  - name: dashboard\n    rules:")
for i, p in enumerate(d["panels"]):
    for t in p["targets"]:
        e = t["expr"].replace("$instance", ".*")
        print("      - record: dashboard:q%d_%s\n        expr: %s" % (i, t["refId"], json.dumps(e)))
PY
promtool check rules "$W/dash.yml" >"$W/o" 2>&1 && ok "every dashboard query parses" || { bad "dashboard queries"; cat "$W/o"; }
# Names used must exist in the code that writes them.
missing=0
for m in $(cat "$R/auditfeed.rules.yml" "$D" | grep -o 'auditfeed_[a-z_]*' | sort -u); do
  grep -qE "[\" ]$m[\" {]" "$METRICS_C" || { echo "  unknown metric $m"; missing=1; }
done
[ $missing -eq 0 ] && ok "rules and dashboard use only metrics auditfeed writes" || bad "unknown metrics used"
finish
