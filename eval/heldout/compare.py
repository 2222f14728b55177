#!/usr/bin/env python3
"""Compare Hearback's default-scorecard verdicts with the held-out human labels.

Usage:
    cargo run --release -p hearback -- score eval/heldout --format jsonl > /tmp/heldout.jsonl
    python3 eval/heldout/compare.py /tmp/heldout.jsonl

Reads results as JSON (an array, or one object) or JSONL, matches them to the
conversation files through each file's "id", and prints per criterion x language the
agreement and the precision/recall of the "fail" verdict (fail = positive), then every
disagreement with the rationale Hearback gave. Python 3 standard library only.
"""
import argparse
import csv
import json
import os
import sys
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
LANGS = ("ru", "hu", "en")
CRITERIA = ("greeting", "introduction", "customer-name", "listening", "courtesy", "no-arguing",
            "respect-for-others", "benefits", "no-pressure", "hold-etiquette",
            "promise-specific", "closing")


def load_results(path):
    """Results as a list of dicts, whether the file is a JSON array/object or JSONL."""
    text = sys.stdin.read() if path == "-" else open(path, encoding="utf-8").read()
    try:
        data = json.loads(text)
        if isinstance(data, dict):
            data = data.get("results", [data])
        return data
    except json.JSONDecodeError:
        return [json.loads(line) for line in text.splitlines() if line.strip()]


def file_by_id():
    """Maps a conversation id to its file path relative to this folder."""
    out = {}
    for lang in LANGS:
        folder = os.path.join(HERE, lang)
        for name in sorted(os.listdir(folder)):
            if name.endswith(".json"):
                with open(os.path.join(folder, name), encoding="utf-8") as f:
                    out[json.load(f)["id"]] = f"{lang}/{name}"
    return out


def ratio(num, den):
    return f"{num / den:.2f}" if den else "  - "


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("results", help="hearback score output (json or jsonl), '-' for stdin")
    ap.add_argument("--expected", default=os.path.join(HERE, "expected.csv"))
    args = ap.parse_args()

    expected = {}
    with open(args.expected, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            expected[(row["file"], row["criterion"])] = row["verdict"]

    ids = file_by_id()
    got = {}
    for res in load_results(args.results):
        path = ids.get(res.get("conversation_id"))
        if path is None:
            print(f"warning: result for unknown conversation {res.get('conversation_id')!r}",
                  file=sys.stderr)
            continue
        for c in res.get("criteria", []):
            got[(path, c["id"])] = (c.get("verdict"), c.get("rationale", ""), c.get("evidence", []))

    # counts[(criterion, lang)] = [agree, total, tp, fp, fn, agree_fail_vs_not]
    counts = defaultdict(lambda: [0, 0, 0, 0, 0, 0])
    disagreements = []
    missing = []
    for (path, crit), exp in sorted(expected.items()):
        lang = path.split("/")[0]
        if (path, crit) not in got:
            missing.append((path, crit))
            continue
        verdict, rationale, evidence = got[(path, crit)]
        for key in ((crit, lang), (crit, "all"), ("ALL", lang), ("ALL", "all")):
            k = counts[key]
            k[1] += 1
            k[0] += verdict == exp
            k[2] += verdict == "fail" and exp == "fail"
            k[3] += verdict == "fail" and exp != "fail"
            k[4] += verdict != "fail" and exp == "fail"
            k[5] += (verdict == "fail") == (exp == "fail")
        if verdict != exp:
            quote = "; ".join(f"#{e.get('turn')} {e.get('quote', '')!r}" for e in evidence[:3])
            disagreements.append((path, crit, exp, verdict, rationale, quote))

    cols = LANGS + ("all",)
    print("agreement / fail-precision / fail-recall   (n = conversations; '-' = no fail expected or predicted)")
    header = f"{'criterion':<20}" + "".join(f"{c:>20}" for c in cols)
    print(header)
    print("-" * len(header))
    for crit in CRITERIA + ("ALL",):
        cells = []
        for lang in cols:
            agree, total, tp, fp, fn, _ = counts[(crit, lang)]
            cells.append(f"{ratio(agree, total)} {ratio(tp, tp + fp)} {ratio(tp, tp + fn)}".rjust(20))
        print(f"{crit:<20}" + "".join(cells))
    # Whether "nothing to judge" is N/A or pass is a scorecard convention (INTERFACES.md gives
    # no N/A for no-pressure, for example); this table shows agreement on fail vs not-fail only.
    print("\nagreement counting pass and na as one verdict (fail vs not fail)")
    print(f"{'criterion':<20}" + "".join(f"{c:>8}" for c in cols))
    for crit in CRITERIA + ("ALL",):
        print(f"{crit:<20}" + "".join(
            ratio(counts[(crit, lang)][5], counts[(crit, lang)][1]).rjust(8) for lang in cols))
    a, t, *_ = counts[("ALL", "all")]
    print(f"\n{a}/{t} verdicts agree; {len(disagreements)} disagreements; {len(missing)} missing")
    for path, crit in missing:
        print(f"MISSING {path} {crit}")
    if disagreements:
        print("\nfile\tcriterion\texpected\tgot\trationale\tevidence")
        for row in disagreements:
            print("\t".join(str(x) for x in row))
    return 0


if __name__ == "__main__":
    sys.exit(main())
