#!/usr/bin/env python3
"""Strict check of Prometheus text exposition format 0.0.4 (what
prometheus' own parser accepts, plus the naming conventions we promise):
every sample's family has one # TYPE before its samples, families are
contiguous, names and labels are well formed with escapes, values are
floats, no series twice, counters end in _total, and no metric name uses a
non-base unit.  Usage: check_prom.py FILE (or - for stdin).  Exit 1 with
the line number on the first problem."""
import re
import sys

NAME = r"[a-zA-Z_:][a-zA-Z0-9_:]*"
LABEL = r'[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*"'
SAMPLE = re.compile(r"^(%s)(\{(?:%s)(?:,%s)*\})? (\S+)( -?\d+)?$" % (NAME, LABEL, LABEL))
TYPES = {"counter", "gauge", "histogram", "summary", "untyped"}
BAD_UNITS = ("_milliseconds", "_ms", "_kilobytes", "_megabytes", "_minutes", "_hours")


def fail(n, msg, line):
    print("line %d: %s: %r" % (n, msg, line))
    sys.exit(1)


def main():
    f = sys.stdin if sys.argv[1] == "-" else open(sys.argv[1], encoding="utf-8")
    text = f.read()
    if not text.endswith("\n"):
        fail(0, "no newline at end", text[-40:])
    types, helps, seen, done = {}, set(), set(), set()
    current = None
    for n, line in enumerate(text.split("\n")[:-1], 1):
        if line.startswith("# HELP ") or line.startswith("# TYPE "):
            parts = line.split(" ", 3)
            if len(parts) < 4 or not re.fullmatch(NAME, parts[2]):
                fail(n, "bad comment", line)
            name = parts[2]
            if name in done:
                fail(n, "family split in two", line)
            if current and current != name:
                done.add(current)
            current = name
            if parts[1] == "TYPE":
                if name in types or parts[3] not in TYPES:
                    fail(n, "second or unknown TYPE", line)
                types[name] = parts[3]
            else:
                if name in helps:
                    fail(n, "second HELP", line)
                helps.add(name)
            continue
        if line.startswith("#") or line == "":
            continue
        m = SAMPLE.match(line)
        if not m:
            fail(n, "not a sample line", line)
        name, labels, value = m.group(1), m.group(2) or "", m.group(3)
        if name not in types:
            fail(n, "sample before its # TYPE", line)
        if name != current:
            fail(n, "sample outside its family", line)
        try:
            float(value)
        except ValueError:
            if value not in ("NaN", "+Inf", "-Inf"):
                fail(n, "value is not a float", line)
        if (name, labels) in seen:
            fail(n, "series given twice", line)
        seen.add((name, labels))
        if types[name] == "counter" and not name.endswith("_total"):
            fail(n, "counter without _total", line)
        if types[name] != "counter" and name.endswith("_total"):
            fail(n, "_total on a non-counter", line)
        if any(u in name for u in BAD_UNITS):
            fail(n, "not a base unit", line)
    if not seen:
        fail(0, "no samples", "")
    print("ok: %d families, %d series" % (len(types), len(seen)))


main()
