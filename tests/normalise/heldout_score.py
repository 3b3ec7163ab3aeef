#!/usr/bin/env python3
"""Score normaliser output on the held-out articles against heldout/gold.jsonl.

Usage: heldout_score.py GOLD.jsonl PRED_DIR [--floor F1] [--figures-floor F1]
                        [--speaker-floor ACC] [--fields-floor SCORE]

PRED_DIR holds KEY.json per document: what `auditfeed extract` prints.
Matching follows the project's finding scorer: per document, pairs are taken
greedily by best word-token F1 (lower-cased \\w+ tokens), one-to-one.  The
"strict" row needs the same kind and token F1 >= 0.6; per-kind rows the same
kind and >= 0.5; "all" ignores kind (>= 0.5).  Figures match on unit and a
value within 0.5%.  Quote speakers are right when the gold surname is one of
the predicted name's tokens.  Fields, on strict pairs whose gold finding
labels them (older batches label only kind, text, figures and speakers):
bodies (micro F1 of the id sets), figure roles (gold figures matched by unit
and value: the same role), period years (the same start and end year) and
the report (the predicted title has token F1 >= 0.6 with the gold title; a
link to another report, or any link where the gold has none, is a wrong
link) and the measure (content-word F1 >= 0.5 with the gold measure: words
lower-cased, a plural "s" dropped, numbers, function words and words of
direction such as "rise" left out, since the role carries those).
--fields-only prints the field rows alone (for a gold scored elsewhere).
Exit status 1 when a floor is not met.
"""
import json
import os
import re
import sys
from collections import Counter, defaultdict

UNIT = {"gbp": "GBP", "£": "GBP", "usd": "USD", "$": "USD", "eur": "EUR",
        "€": "EUR", "percent": "percent", "%": "percent", "per cent": "percent",
        "pp": "pp", "percentage_points": "pp", "count": "count",
        "ratio": "ratio"}


def unit(u):
    u = str(u or "").strip()
    return UNIT.get(u.lower(), u.lower())


def tokens(s):
    return re.findall(r"\w+", (s or "").lower())


def token_f1(a, b):
    ta, tb = Counter(tokens(a)), Counter(tokens(b))
    common = sum((ta & tb).values())
    if not common:
        return 0.0
    p, r = common / sum(tb.values()), common / sum(ta.values())
    return 2 * p * r / (p + r)


def speaker_name(f):
    s = f.get("speaker")
    if isinstance(s, dict):
        s = s.get("name")
    return s or ""


def figures(findings):
    out = []
    for f in findings:
        for g in f.get("figures") or []:
            try:
                out.append((float(g.get("value")), unit(g.get("unit"))))
            except (TypeError, ValueError):
                pass
    return out


def figure_hits(gold, pred):
    used, hits = set(), 0
    for v, u in gold:
        for i, (pv, pu) in enumerate(pred):
            if i not in used and pu == u and abs(pv - v) <= 0.005 * max(abs(v), 1e-9):
                used.add(i)
                hits += 1
                break
    return hits


def match(gold, pred, same_kind, threshold):
    cand = []
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            if same_kind and g.get("kind") != p.get("kind"):
                continue
            s = token_f1(g.get("text"), p.get("text"))
            if s >= threshold:
                cand.append((s, i, j))
    cand.sort(key=lambda c: (-c[0], c[1], c[2]))
    gi, pj, out = set(), set(), []
    for _, i, j in cand:
        if i not in gi and j not in pj:
            gi.add(i)
            pj.add(j)
            out.append((i, j))
    return out


def prf(tp, npred, ngold):
    p = tp / npred if npred else (1.0 if not ngold else 0.0)
    r = tp / ngold if ngold else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def figure_pairs(gold, pred):
    """Gold and predicted figure dicts of one pair, matched by unit and value."""
    used, out = set(), []
    for g in gold or []:
        try:
            v = float(g.get("value"))
        except (TypeError, ValueError):
            continue
        for i, p in enumerate(pred or []):
            try:
                pv = float(p.get("value"))
            except (TypeError, ValueError):
                continue
            if i not in used and unit(p.get("unit")) == unit(g.get("unit")) and \
                    abs(pv - v) <= 0.005 * max(abs(v), 1e-9):
                used.add(i)
                out.append((g, p))
                break
    return out


# Words that carry no measure: function words, and the direction of a
# change, which the figure's role says.
MEASURE_STOP = set("""a an the of in on for to by at from with and or as than
its their his her this that these those all each per over under since
rise rises rising increase increases fall falls drop reduction reduce cut
growth change""".split())


def measure_tokens(s):
    out = Counter()
    for w in tokens(s):
        if w.isdigit() or w in MEASURE_STOP:
            continue
        if len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
            w = w[:-1]
        out[w] += 1
    return out


def measure_agrees(gold, pred):
    tg, tp = measure_tokens(gold), measure_tokens(pred)
    common = sum((tg & tp).values())
    if not common:
        return False
    p, r = common / sum(tp.values()), common / sum(tg.values())
    return 2 * p * r / (p + r) >= 0.5


def report_title(f):
    r = f.get("report")
    return (r.get("title") if isinstance(r, dict) else r) or ""


def score_fields(g, p, fld):
    """Add one strict pair's field scores to fld (name -> [hits, cases])."""
    if "bodies" in g:
        gb, pb = set(g.get("bodies") or []), set(p.get("bodies") or [])
        fld["bodies_tp"][0] += len(gb & pb)
        fld["bodies_pred"][0] += len(pb)
        fld["bodies_gold"][0] += len(gb)
    if "report" in g:
        gt, pt = report_title(g), report_title(p)
        if gt:
            fld["report"][1] += 1
            fld["report"][0] += token_f1(gt, pt) >= 0.6
        fld["report_wrong"][1] += 1
        fld["report_wrong"][0] += bool(pt) and (not gt or token_f1(gt, pt) < 0.6)
    for gf, pf in figure_pairs(g.get("figures"), p.get("figures")):
        if gf.get("role"):
            fld["figure_role"][1] += 1
            fld["figure_role"][0] += gf.get("role") == pf.get("role")
        if gf.get("measure"):
            fld["measure"][1] += 1
            fld["measure"][0] += measure_agrees(gf.get("measure"), pf.get("measure"))
        if "start_year" in gf:
            fld["period"][1] += 1
            fld["period"][0] += (gf.get("start_year"), gf.get("end_year")) == \
                (pf.get("start_year"), pf.get("end_year"))


def take(args, flag, default):
    if flag in args:
        k = args.index(flag)
        v = float(args[k + 1])
        del args[k:k + 2]
        return v
    return default


def main():
    args = sys.argv[1:]
    floor = take(args, "--floor", 0.0)
    fig_floor = take(args, "--figures-floor", 0.0)
    spk_floor = take(args, "--speaker-floor", 0.0)
    fld_floor = take(args, "--fields-floor", 0.0)
    verbose = "-v" in args
    fields_only = "--fields-only" in args
    if fields_only:
        args.remove("--fields-only")
    if verbose:
        args.remove("-v")
    if len(args) != 2:
        sys.exit(__doc__)
    gold = defaultdict(list)
    with open(args[0], encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                g = json.loads(line)
                gold[g["doc"]].append(g)
    tot = defaultdict(lambda: [0, 0, 0])
    fld = defaultdict(lambda: [0, 0])
    fg = fp = fh_ = sq = sh = 0
    for doc, gl in sorted(gold.items()):
        try:
            with open(os.path.join(args[1], doc + ".json"), encoding="utf-8") as fh:
                pl = json.load(fh).get("findings") or []
        except (OSError, ValueError):
            pl = []
        m = match(gl, pl, False, 0.5)
        strict = match(gl, pl, True, 0.6)
        for i, j in strict:
            score_fields(gl[i], pl[j], fld)
            if verbose:
                g, p = gl[i], pl[j]
                if "bodies" in g and set(g["bodies"]) != set(p.get("bodies") or []):
                    print(f"  {doc} BODIES gold={sorted(g['bodies'])} pred={sorted(p.get('bodies') or [])} {g['text'][:60]}")
                if "report" in g and report_title(g) and token_f1(report_title(g), report_title(p)) < 0.6:
                    print(f"  {doc} REPORT gold={report_title(g)!r} pred={report_title(p)!r}")
                for gf, pf in figure_pairs(g.get("figures"), p.get("figures")):
                    if gf.get("role") and gf.get("role") != pf.get("role"):
                        print(f"  {doc} ROLE {gf.get('raw')!r} gold={gf.get('role')} pred={pf.get('role')} measure={pf.get('measure')!r}")
                    if gf.get("measure") and not measure_agrees(gf["measure"], pf.get("measure")):
                        print(f"  {doc} MEASURE {gf.get('raw')!r} gold={gf['measure']!r} pred={pf.get('measure')!r}")
        for row, n in (("all", len(m)), ("strict", len(strict))):
            tot[row][0] += n
            tot[row][1] += len(pl)
            tot[row][2] += len(gl)
        for k in {g.get("kind") for g in gl} | {p.get("kind") for p in pl}:
            gk = [g for g in gl if g.get("kind") == k]
            pk = [p for p in pl if p.get("kind") == k]
            tot[k][0] += len(match(gk, pk, True, 0.5))
            tot[k][1] += len(pk)
            tot[k][2] += len(gk)
        gf, pf = figures(gl), figures(pl)
        fg += len(gf)
        fp += len(pf)
        fh_ += figure_hits(gf, pf)
        for i, j in m:
            if gl[i].get("kind") == "quote" and speaker_name(gl[i]):
                sq += 1
                sur = tokens(speaker_name(gl[i]))[-1:]
                sh += bool(sur and sur[0] in tokens(speaker_name(pl[j])))
        if verbose:
            gs = {i for i, _ in strict}
            ps = {j for _, j in strict}
            for i, g in enumerate(gl):
                if i not in gs:
                    print(f"  {doc} MISS {g['kind']:17s} {g['text'][:90]}")
            for j, p in enumerate(pl):
                if j not in ps:
                    print(f"  {doc} EXTRA {p.get('kind', ''):16s} {(p.get('text') or '')[:90]}")
    fpp, fr, ff = prf(fh_, fp, fg)
    qa = sh / sq if sq else 0.0
    if not fields_only:
        for k, (tp, npred, ngold) in sorted(tot.items()):
            p, r, f = prf(tp, npred, ngold)
            print(f"{k:18s} P={p:.3f} R={r:.3f} F1={f:.3f}  (gold {ngold}, predicted {npred})")
        print(f"{'figures':18s} P={fpp:.3f} R={fr:.3f} F1={ff:.3f}  (gold {fg}, predicted {fp})")
        print(f"{'quote speakers':18s} accuracy={qa:.3f}  ({sh}/{sq} matched quotes)")
    acc = {}
    for k in ("figure_role", "measure", "period", "report", "report_wrong"):
        h, n = fld[k]
        acc[k] = h / n if n else 0.0
        if not fields_only or k in ("figure_role", "measure"):
            print(f"{k:18s} accuracy={acc[k]:.3f}  ({h}/{n} on strict pairs)")
    if fields_only:
        return 0
    bt, bp, bg = (fld[k][0] for k in ("bodies_tp", "bodies_pred", "bodies_gold"))
    bf = prf(bt, bp, bg)[2]
    print(f"{'bodies':18s} F1={bf:.3f}  (gold {bg}, predicted {bp} on strict pairs)")
    sp, sr, sf = prf(*tot["strict"])
    print(f"RESULT heldout_f1={sf:.3f} precision={sp:.3f} recall={sr:.3f} "
          f"figures_f1={ff:.3f} speaker_acc={qa:.3f} bodies_f1={bf:.3f} "
          f"figure_role_acc={acc['figure_role']:.3f} measure_acc={acc['measure']:.3f} period_acc={acc['period']:.3f} "
          f"report_acc={acc['report']:.3f} wrong_link={acc['report_wrong']:.3f}")
    bad = []
    if sf < floor:
        bad.append(f"strict F1 {sf:.3f} < {floor:.3f}")
    if ff < fig_floor:
        bad.append(f"figures F1 {ff:.3f} < {fig_floor:.3f}")
    if qa < spk_floor:
        bad.append(f"speaker accuracy {qa:.3f} < {spk_floor:.3f}")
    for name, v in (("bodies F1", bf), ("figure role accuracy", acc["figure_role"]),
                    ("report accuracy", acc["report"])):
        if v < fld_floor:
            bad.append(f"{name} {v:.3f} < {fld_floor:.3f}")
    if acc["report_wrong"] > 0.05 and fld_floor > 0:
        bad.append(f"wrong links {acc['report_wrong']:.3f} > 0.05")
    if bad:
        print("FAIL: " + "; ".join(bad))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
