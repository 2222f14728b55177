#!/usr/bin/env python3
"""Dialogues of the USS data (Sun et al. 2021) rated dissatisfied (OVERALL <= 2) where Hearback
finds silent dissatisfaction and a plain sentiment score — VADER over the user's turns — calls
the user neutral or positive (compound > -0.05, VADER's own threshold).

    python3 eval/uss/silent_vs_vader.py [--data ../shared/data/uss-user-satisfaction] [--n 10]

Needs a release build (cargo build --release -p hearback) and the PyPI package vaderSentiment,
which it installs into target/vader-venv on first use (no other network use).
"""
import argparse
import collections
import json
import os
import subprocess
import sys
import venv

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def vader():
    env = os.path.join(ROOT, "target", "vader-venv")
    py = os.path.join(env, "bin", "python")
    if not os.path.exists(py):
        venv.create(env, with_pip=True)
        subprocess.run([py, "-m", "pip", "install", "-q", "vaderSentiment==3.3.2"], check=True)
    return py


def majority(votes):
    c = collections.Counter(int(v) for v in votes.split(","))
    best = max(c.values())
    return min(k for k, v in c.items() if v == best)


def dialogues(path, name):
    turns, first = [], 0
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            if not turns:
                first = n
            cols = line.rstrip("\n").split("\t")
            if cols[0] == "USER" and cols[1] == "OVERALL":
                yield {"id": f"{name}:{first}", "language": "en", "channel": "chat",
                       "meta": {"uss_rating": majority(cols[3])},
                       "turns": turns}
                turns = []
                continue
            turns.append({"speaker": "customer" if cols[0] == "USER" else "agent", "text": cols[1]})


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "data", "uss-user-satisfaction"))
    ap.add_argument("--n", type=int, default=10)
    args = ap.parse_args()
    convs = {}
    for name in ["SGD", "MWOZ", "ReDial", "CCPE"]:
        for d in dialogues(os.path.join(args.data, name + ".txt"), name):
            convs[d["id"]] = d
    unhappy = {k: d for k, d in convs.items() if d["meta"]["uss_rating"] <= 2}
    binary = os.path.join(ROOT, "target", "release", "hearback")
    out = subprocess.run([binary, "score", "-", "--format", "jsonl", "--no-progress"],
                         input="\n".join(json.dumps(d) for d in unhappy.values()),
                         capture_output=True, text=True, check=False)
    results = [json.loads(l) for l in out.stdout.splitlines() if l.strip()]
    silent = [r for r in results if r["signals"].get("silent_dissatisfaction")]
    texts = {r["conversation_id"]: " ".join(t["text"] for t in convs[r["conversation_id"]]["turns"]
                                            if t["speaker"] == "customer") for r in silent}
    py = vader()
    code = ("import sys,json\nfrom vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer as A\n"
            "a=A()\nfor l in sys.stdin:\n d=json.loads(l); print(json.dumps([d[0], a.polarity_scores(d[1])['compound']]))\n")
    v = subprocess.run([py, "-c", code], input="\n".join(json.dumps([k, t]) for k, t in texts.items()),
                       capture_output=True, text=True, check=True)
    compound = dict(json.loads(l) for l in v.stdout.splitlines())
    missed_by_vader = [r for r in silent if compound[r["conversation_id"]] > -0.05]
    print(f"{len(unhappy)} dialogues rated dissatisfied (OVERALL <= 2); Hearback calls "
          f"{len(silent)} of them silently dissatisfied; VADER calls {len(missed_by_vader)} "
          f"of those neutral or positive.\n")
    for r in missed_by_vader[: args.n]:
        cid = r["conversation_id"]
        s = r["signals"]
        print(f"{cid}  rating {convs[cid]['meta']['uss_rating']}  P(dissatisfied) {s['dissatisfaction']:.2f}  "
              f"VADER compound {compound[cid]:+.2f}  mood {s['sentiment_start']} -> {s['sentiment_end']}")
        for reason in s["dissatisfaction_reasons"]:
            q = (reason.get("evidence") or {}).get("quote", "")
            print(f"    {reason['kind']}: {q[:110]}")
        print()


if __name__ == "__main__":
    sys.exit(main())
