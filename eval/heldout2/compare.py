#!/usr/bin/env python3
"""Compare Hearback's verdicts with the hand labels in expected.csv.

Usage: compare.py RESULTS.jsonl [expected.csv]
RESULTS.jsonl is the output of `hearback score eval/heldout2/ru eval/heldout2/hu eval/heldout2/en
--format jsonl`. Conversations are matched by id: each file's JSON carries "id", which is mapped
back to its path. Prints, per criterion x language, agreement and precision/recall of "fail"
(fail is the positive class), then every disagreement with Hearback's rationale.
Standard library only.
"""
import csv, json, os, sys
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
LANGS = ["ru", "hu", "en"]


def load_expected(path):
    exp = {}
    with open(path, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            exp[(row["file"], row["criterion"])] = (row["verdict"], row["why"])
    return exp


def id_to_file():
    out = {}
    for lang in LANGS:
        d = os.path.join(HERE, lang)
        for name in sorted(os.listdir(d)):
            if name.endswith(".json"):
                with open(os.path.join(d, name), encoding="utf-8") as f:
                    out[json.load(f)["id"]] = f"{lang}/{name}"
    return out


def fmt(x):
    return "  -  " if x is None else f"{x:5.2f}"


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    exp = load_expected(sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, "expected.csv"))
    ids = id_to_file()
    got = {}
    with open(sys.argv[1], encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            r = json.loads(line)
            fname = ids.get(r["conversation_id"])
            if fname is None:
                print(f"warning: unknown conversation {r['conversation_id']}", file=sys.stderr)
                continue
            for c in r["criteria"]:
                got[(fname, c["id"])] = (c["verdict"], c.get("rationale", ""))
    criteria = list(dict.fromkeys(c for _, c in exp))
    # counts[(criterion, lang)] = [n, agree, tp, fp, fn]
    counts = defaultdict(lambda: [0, 0, 0, 0, 0])
    dis = []
    missing = 0
    for (fname, crit), (ev, why) in exp.items():
        lang = fname.split("/")[0]
        if (fname, crit) not in got:
            missing += 1
            gv, rat = "missing", ""
        else:
            gv, rat = got[(fname, crit)]
        for key in ((crit, lang), (crit, "all"), ("ALL", lang), ("ALL", "all")):
            k = counts[key]
            k[0] += 1
            k[1] += ev == gv
            k[2] += ev == "fail" and gv == "fail"
            k[3] += ev != "fail" and gv == "fail"
            k[4] += ev == "fail" and gv != "fail"
        if ev != gv:
            dis.append((fname, crit, ev, gv, why, rat))

    cols = LANGS + ["all"]
    print(f"{'criterion':20}" + "".join(f"| {c:^23}" for c in cols))
    print(f"{'':20}" + "".join(f"| {'  agree   P(f)  R(f)':23}" for _ in cols))
    for crit in criteria + ["ALL"]:
        line = f"{crit:20}"
        for lang in cols:
            n, a, tp, fp, fn = counts[(crit, lang)]
            p = tp / (tp + fp) if tp + fp else None
            rc = tp / (tp + fn) if tp + fn else None
            line += "| " + f"{a:3d}/{n:<3d} {fmt(p)} {fmt(rc)}".ljust(23)
        print(line)
    print("\nagree = verdicts equal (pass/fail/na); P(f), R(f) = precision/recall of 'fail';"
          " '-' = no fail predicted / expected")
    if missing:
        print(f"{missing} expected verdicts missing from the results")
    print(f"\n{len(dis)} disagreements:")
    for fname, crit, ev, gv, why, rat in sorted(dis):
        print(f"- {fname} {crit}: expected {ev}, got {gv}\n    label: {why}\n    hearback: {rat}")


if __name__ == "__main__":
    main()
