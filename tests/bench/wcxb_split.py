#!/usr/bin/env python3
"""The one split of ../shared/benchmarks/wcxb-dev into a development part
and a set-aside part (issue 17).  Made once; the lists it wrote are
committed (wcxb-dev.list, wcxb-heldout.list) and are what the bench reads.
Running it again must reproduce them byte for byte (--check).

Rule: a page's site is the host of its rel=canonical link, else of its
og:url, else the host most of its absolute links point to; a leading
"www." is dropped.  The site goes to the set-aside part when the first
8 hex digits of sha1(site) taken as a number, modulo 10, are 7, 8 or 9
(about 30%); otherwise to the development part.  Pages of one site are
always on the same side, so no site's template is seen in both.

Usage: wcxb_split.py WCXB_DIR OUT_DIR [--check]
"""
import collections
import gzip
import hashlib
import os
import re
import sys

CANON = [re.compile(p, re.I) for p in (
    r'<link[^>]+rel=["\']?canonical["\']?[^>]*href=["\']([^"\']+)',
    r'<link[^>]+href=["\']([^"\']+)["\'][^>]*rel=["\']?canonical',
    r'<meta[^>]+property=["\']og:url["\'][^>]*content=["\']([^"\']+)',
    r'<meta[^>]+content=["\']([^"\']+)["\'][^>]*property=["\']og:url')]
HOST = re.compile(r'https?://([^/:?#"\'\s]+)', re.I)


def site_of(html):
    for p in CANON:
        m = p.search(html)
        if m:
            h = HOST.match(m.group(1).strip())
            if h:
                return h.group(1).lower()
    links = collections.Counter(h.lower() for h in HOST.findall(
        " ".join(re.findall(r'href=["\'](https?://[^"\']+)', html, re.I))))
    return links.most_common(1)[0][0] if links else ""


def main():
    src, out = sys.argv[1], sys.argv[2]
    check = "--check" in sys.argv[3:]
    dev, held = [], []
    for name in sorted(os.listdir(os.path.join(src, "html"))):
        if not name.endswith(".html.gz"):
            continue
        html = gzip.open(os.path.join(src, "html", name)).read().decode(
            "utf-8", "replace")
        site = site_of(html)
        if site.startswith("www."):
            site = site[4:]
        key = site or name  # no host at all: the page is its own site
        bucket = int(hashlib.sha1(key.encode()).hexdigest()[:8], 16) % 10
        (held if bucket >= 7 else dev).append(
            "%s\t%s" % (name[: -len(".html.gz")], site or "-"))
    for part, rows in (("wcxb-dev.list", dev), ("wcxb-heldout.list", held)):
        text = "".join(r + "\n" for r in rows)
        path = os.path.join(out, part)
        if check:
            if open(path).read() != text:
                sys.exit("split differs from %s" % path)
        else:
            open(path, "w").write(text)
    print("development %d pages, set aside %d pages" % (len(dev), len(held)))


if __name__ == "__main__":
    main()
