#!/usr/bin/env python3
"""Reads the fixture server's request log (--reqlog: req_start and req_end
lines with a host and a monotonic time) and answers what the politeness
tests ask.

  reqlog.py LOG inflight        per host: requests, the most in flight at
                                once; last line "max=N" over all hosts
  reqlog.py LOG overlaps        each pair of overlapping requests of a host
  reqlog.py LOG after429 HOST   for each 429 answered to HOST: the seconds
                                from its end to the host's next request
                                ("gap=S path=P"), or "gap=none" when none came
  reqlog.py LOG paths           "host path status" of every finished request

A request still unanswered when the log ends counts as in flight to the
end.  An end with status 0 is a client that went away (killed) first.
"""
import sys


def parse(path):
    reqs = {}
    order = []
    with open(path) as f:
        for line in f:
            kv = dict(p.split("=", 1) for p in line.split() if "=" in p)
            rid = kv.get("id")
            if kv.get("event") == "req_start":
                reqs[rid] = {"host": kv["host"], "path": kv.get("path", ""),
                             "start": float(kv["t"]), "end": None, "status": None}
                order.append(rid)
            elif kv.get("event") == "req_end" and rid in reqs:
                reqs[rid]["end"] = float(kv["t"])
                reqs[rid]["status"] = int(kv["status"])
    return [reqs[r] for r in order]


def by_host(reqs):
    hosts = {}
    for r in reqs:
        hosts.setdefault(r["host"], []).append(r)
    return hosts


def inflight(rs):
    """The most requests of one host in flight at any moment."""
    ev = []
    for r in rs:
        ev.append((r["start"], 1))
        ev.append((r["end"] if r["end"] is not None else float("inf"), -1))
    # an end and a start at the same microsecond: the end came first
    ev.sort(key=lambda e: (e[0], e[1]))
    cur = best = 0
    for _, d in ev:
        cur += d
        best = max(best, cur)
    return best


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    reqs = parse(argv[1])
    cmd = argv[2]
    if cmd == "inflight":
        top = 0
        for h, rs in sorted(by_host(reqs).items()):
            n = inflight(rs)
            top = max(top, n)
            print("host=%s requests=%d max_inflight=%d" % (h, len(rs), n))
        print("max=%d" % top)
    elif cmd == "overlaps":
        for h, rs in sorted(by_host(reqs).items()):
            for i, a in enumerate(rs):
                for b in rs[i + 1:]:
                    ae = a["end"] if a["end"] is not None else float("inf")
                    if b["start"] < ae:
                        print("host=%s %s [%.6f..%s] overlaps %s [%.6f..]"
                              % (h, a["path"], a["start"], a["end"], b["path"], b["start"]))
    elif cmd == "after429":
        rs = by_host(reqs).get(argv[3], [])
        for i, r in enumerate(rs):
            if r["status"] != 429:
                continue
            later = [x for x in rs if x["start"] >= r["end"] and x is not r]
            if later:
                nxt = min(later, key=lambda x: x["start"])
                print("gap=%.3f path=%s" % (nxt["start"] - r["end"], nxt["path"]))
            else:
                print("gap=none")
    elif cmd == "paths":
        for r in reqs:
            if r["end"] is not None:
                print(r["host"], r["path"], r["status"])
    else:
        sys.exit(__doc__)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
