#!/usr/bin/env python3
"""Hearback's call timing side by side with the PyPI package call-ai-metrics (0.1.0): the same
inputs through both, the numbers compared metric by metric, and the speed of each.

    python3 eval/timing/compare_call_ai_metrics.py [--generated 300] [--seed 6] [--speed-repeat 10]
                                                   [--no-audio] [--no-speed] [--details]

Inputs, the same for both:
  a) segments: every timed call of samples/, eval/heldout/ and eval/heldout2/ (as
     `hearback convert` reads them), and --generated segment lists (fixed seed) with known
     overlaps, back-channels, silences and holds in ru/hu/en → call-ai-metrics
     `analyze(segments)` and `hearback score --format jsonl` (its `timing`);
  b) audio: stereo WAVs spoken by espeak-ng and laid out with sox (agent left), with a known
     4.0 s silence (3.0–7.0), a known 1.2 s overlap (10.8–12.0) and a 25 s hold → call-ai-metrics
     on the WAV and `hearback score call.wav`;
  c) speed: each of a) and b) timed end to end (a whole process, start-up included) on one core
     (`taskset -c 0`).

Needs a release build (cargo build --release -p hearback), sox and espeak-ng (apt), and installs
call-ai-metrics==0.1.0 (numpy only) into target/caim-venv on first use; it refuses to install
under CI. Not part of CI: it reads the network once, and its speed figures vary with the load.
"""
import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import venv

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.environ.get("HEARBACK_BIN") or os.path.join(ROOT, "target", "release", "hearback")
VENV = os.path.join(ROOT, "target", "caim-venv")
CAIM_VERSION = "0.1.0"
WRITTEN = ["samples", "eval/heldout", "eval/heldout2"]

# Agreement bands per kind of figure: seconds, shares (0–1), words per minute, counts.
BANDS = {"s": (0.005, 0.1, "0.1 s"), "share": (0.0005, 0.01, "0.01"), "wpm": (0.05, 1.0, "1 wpm"),
         "n": (0, 0, "-")}


def caim_python():
    py = os.path.join(VENV, "bin", "python")
    if not os.path.exists(py):
        if os.environ.get("CI"):
            sys.exit("call-ai-metrics is not installed and this is CI: not installing from PyPI")
        venv.create(VENV, with_pip=True)
        subprocess.run([py, "-m", "pip", "install", "-q", f"call-ai-metrics=={CAIM_VERSION}"],
                       check=True)
    return py


# The call-ai-metrics side, run in its venv: one JSON input per line (segments or a WAV path),
# one JSON report per line, with the few figures compared here.
CAIM_RUNNER = r'''
import json, sys
from call_ai_metrics import analyze
def out(r):
    span = r.speech_span_s
    parties = {n: {"talk": s.talk_time_s, "share": s.talk_share, "interruptions": s.interruptions,
                   "words": s.words, "wpm": s.words_per_minute, "backchannels": s.backchannels}
               for n, s in r.speakers.items()}
    return {"span": span, "silence": r.silence_share * span, "longest_silence": r.longest_silence_s,
            "longest_silence_at": r.longest_silence_at_s, "overlap": r.overlap_share * span,
            "overlap_share": r.overlap_share, "parties": parties,
            "events": [[e.time_s, e.by, e.of, e.overlap_s] for e in r.interruption_events],
            "segments": [[s.start_s, s.end_s, s.speaker] for s in r.segments]}
quiet = "--quiet" in sys.argv
for line in sys.stdin:
    item = json.loads(line)
    if isinstance(item, str):
        r = analyze(item, speakers=["agent", "customer"])
    else:
        r = analyze([tuple(s) for s in item["segments"]])
    if not quiet:
        print(json.dumps({"id": item if isinstance(item, str) else item["id"], **out(r)}))
'''


def run_caim(py, items, quiet=False, core0=False):
    cmd = (["taskset", "-c", "0"] if core0 else []) + [py, "-c", CAIM_RUNNER] + (["--quiet"] if quiet else [])
    data = "".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items)
    t0 = time.perf_counter()
    p = subprocess.run(cmd, input=data, capture_output=True, text=True, check=False)
    secs = time.perf_counter() - t0
    if p.returncode != 0:
        sys.exit(f"call-ai-metrics failed ({p.returncode}): {p.stderr[-2000:]}")
    return [json.loads(line) for line in p.stdout.splitlines() if line.strip()], secs


def run_hearback(args, stdin=None, core0=False):
    cmd = (["taskset", "-c", "0"] if core0 else []) + [BIN, "score", *args, "--format", "jsonl",
                                                      "--no-progress"]
    t0 = time.perf_counter()
    p = subprocess.run(cmd, input=stdin, capture_output=True, text=True, check=False)
    secs = time.perf_counter() - t0
    if p.returncode not in (0, 1) or not p.stdout.strip():
        sys.exit(f"hearback score failed ({p.returncode}): {p.stderr[-2000:]}")
    return [json.loads(line) for line in p.stdout.splitlines() if line.strip()], secs


# --- inputs -------------------------------------------------------------------------------------

def written_calls():
    """Every timed conversation of the bundled sets, as `hearback convert` reads them."""
    convs = []
    for folder in WRITTEN:
        p = subprocess.run([BIN, "convert", os.path.join(ROOT, folder)], capture_output=True,
                           text=True, check=False)
        for line in p.stdout.splitlines():
            if not line.strip():
                continue
            c = json.loads(line)
            if any(t.get("start") is not None for t in c["turns"]):
                c["id"] = f"{folder}/{c['id']}"
                c.pop("source", None)
                c.pop("audio", None)
                convs.append(c)
    return convs


WORDS = {
    "ru": "добрый день меня зовут анна сейчас проверю ваш заказ доставка задерживается на два дня "
          "мы вернём деньги на карту я понимаю ваше недовольство это займёт немного времени".split(),
    "hu": "jó napot kívánok a nevem anna most megnézem a rendelését a szállítás két napot késik "
          "visszautaljuk az összeget a kártyájára megértem a bosszúságát ez eltart egy kicsit".split(),
    "en": "good morning my name is anna let me look at your order the delivery is two days late "
          "we will refund the money to your card i understand this is frustrating".split(),
}
LISTENING = {"ru": ["угу", "да", "ага", "понятно", "да да"], "hu": ["igen", "értem", "aha", "mhm"],
             "en": ["mhm", "I see", "yeah", "right", "okay"]}
CUT_IN = {"ru": ["подождите", "минуточку послушайте"], "hu": ["várjon", "bocsánat de"],
          "en": ["wait", "hold on a second"]}


def generated_calls(n, seed):
    """Segment lists with known structure: replies after ordinary gaps, replies that start early
    by 0.1–2 s (some exactly 0.5 s, the grace window), dead air of 1.5–19 s, holds of 20–60 s,
    back-channels and cut-ins said inside the other side's turn. Times to 0.01 s, as
    transcripts carry them."""
    rng = random.Random(seed)
    out = []
    for k in range(n):
        lang = ["ru", "hu", "en"][k % 3]
        turns, t, speaker = [], round(rng.uniform(0, 2), 2), "agent"
        for _ in range(rng.randint(6, 30)):
            words = rng.randint(2, 28)
            dur = round(words / rng.uniform(1.8, 3.2), 2)
            text = " ".join(rng.choice(WORDS[lang]) for _ in range(words))
            turns.append({"speaker": speaker, "text": text, "start": t, "end": round(t + dur, 2)})
            other = "customer" if speaker == "agent" else "agent"
            if dur > 2.5 and rng.random() < 0.35:
                # The other side says something inside this turn: mostly listening, sometimes a
                # cut-in that does not take the floor.
                s = round(t + rng.uniform(0.3, dur - 1.8), 2)
                bc = rng.random() < 0.7
                d = round(rng.uniform(0.25, 1.4), 2)
                said = rng.choice(LISTENING[lang] if bc else CUT_IN[lang])
                turns.append({"speaker": other, "text": said, "start": s, "end": round(s + d, 2)})
            r = rng.random()
            end = round(t + dur, 2)
            if r < 0.55:
                nxt = end + rng.uniform(0.05, 1.4)
            elif r < 0.65:
                nxt = end - 0.5  # exactly the grace window
            elif r < 0.78:
                nxt = end - rng.uniform(0.1, 2.0)
            elif r < 0.93:
                nxt = end + rng.choice([rng.uniform(1.5, 2.5), rng.uniform(2.0, 19.0)])
            else:
                nxt = end + rng.uniform(20.0, 60.0)
            t = round(max(nxt, t + 0.2), 2)
            speaker = other
        turns.sort(key=lambda x: x["start"])
        out.append({"id": f"generated/{k:03d}", "language": lang, "channel": "call",
                    "turns": turns})
    return out


def segments_of(conv):
    """The timed turns as call-ai-metrics segments `(start, end, speaker, text)`. A turn without
    an end is a moment (end = start), as Hearback reads it."""
    segs = []
    for t in conv["turns"]:
        if t.get("start") is None:
            continue
        s = float(t["start"])
        e = t.get("end")
        e = s if e is None or e < s else float(e)
        segs.append([s, e, t["speaker"], t.get("text") or None])
    return segs


# Audio: the layout of crates/hearback-audio/tests/recordings.rs, spoken by espeak-ng.
AUDIO_AGENT = [(0.0, 3.0), (10.8, 14.0), (14.5, 16.0), (44.3, 46.0)]
AUDIO_CUSTOMER = [(7.0, 12.0), (41.0, 44.0)]
AUDIO_LENGTH = 47.0
TRUTH = {"silence 3.0–7.0 (s)": 4.0, "overlap 10.8–12.0 (s)": 1.2, "hold 16.0–41.0 (s)": 25.0,
         "agent interruptions": 1, "agent talk (s)": 3.0 + 3.2 + 1.5 + 1.7,
         "customer talk (s)": 5.0 + 3.0}
SPEECH = {
    "ru": "Добрый день меня зовут Анна я сейчас проверю ваш заказ и всё вам расскажу подробно "
          "доставка задерживается на два дня мы вернём деньги на вашу карту сегодня же",
    "hu": "Jó napot kívánok a nevem Anna most megnézem a rendelését és mindent elmondok "
          "részletesen a szállítás két napot késik visszautaljuk az összeget a kártyájára",
    "en": "Good morning my name is Anna let me look at your order and tell you everything in "
          "detail the delivery is two days late we will refund the money to your card today",
}


def sh(*cmd):
    if cmd[0] == "sox" and cmd[1] != "-R":
        cmd = ("sox", "-R", *cmd[1:])  # repeatable noise and dither: the same WAVs every run
    subprocess.run(cmd, check=True, capture_output=True)


def make_call(work, lang, rate):
    """One stereo call: each stretch is espeak-ng speech with its leading silence cut and the
    pauses between words shortened to under 0.1 s, trimmed to the stretch's exact length, over
    a quiet line (−60 dBFS noise, repeatable: `sox -R`)."""
    voice = os.path.join(work, f"voice-{lang}-{rate}")
    os.makedirs(voice, exist_ok=True)
    chans = []
    for side, spans, pitch in (("agent", AUDIO_AGENT, 60), ("customer", AUDIO_CUSTOMER, 30)):
        parts = []
        for i, (s, e) in enumerate(spans):
            raw = os.path.join(voice, f"{side}{i}-raw.wav")
            words = SPEECH[lang].split()
            text = " ".join(words[i * 3:] + words[:i * 3])
            sh("espeak-ng", "-v", lang, "-p", str(pitch), "-s", "165", "-w", raw, text)
            cut = os.path.join(voice, f"{side}{i}.wav")
            sh("sox", raw, "-r", str(rate), "-c", "1", "-b", "16", cut,
               "silence", "-l", "1", "0.02", "1%", "-1", "0.08", "1%",
               "trim", "0", f"{e - s:.3f}", "pad", f"{s:.3f}", "0")
            parts.append(cut)
        line = os.path.join(voice, f"{side}.wav")
        # Mixing: each stretch padded to its place, summed with the line noise.
        noise = os.path.join(voice, f"{side}-noise.wav")
        sh("sox", "-n", "-r", str(rate), "-c", "1", "-b", "16", noise, "synth",
           f"{AUDIO_LENGTH}", "whitenoise", "vol", "0.001")
        sh("sox", "-m", noise, *parts, line, "trim", "0", f"{AUDIO_LENGTH}")
        chans.append(line)
    path = os.path.join(work, f"call-{lang}-{rate // 1000}k.wav")
    sh("sox", "-M", chans[0], chans[1], path)
    return path


# --- comparison ----------------------------------------------------------------------------------

def ours_figures(t):
    """Hearback's `timing`, as the figures compared."""
    gaps = [g["duration"] for g in t.get("dead_air", [])] + [h["duration"] for h in t.get("holds", [])]
    ratio = t.get("talk_ratio_agent")
    return {
        "talk share, agent": ("share", ratio),
        "talk share, customer": ("share", None if ratio is None else 1 - ratio),
        "talk seconds, agent": ("s", t.get("agent_talk_seconds")),
        "talk seconds, customer": ("s", t.get("customer_talk_seconds")),
        "interruptions by the agent": ("n", len(t.get("interruptions", []))),
        "longest silence (≥ 2 s)": ("s", max(gaps) if gaps else None),
        "total silence": ("s", sum(gaps)),
        "speech seconds (anyone)": ("s", t.get("speech_seconds")),
        "overlap seconds": ("s", t.get("overtalk_seconds")),
        "overlap share": ("share", t.get("overtalk_share")),
        "words per minute, agent": ("wpm", t.get("words_per_minute_agent")),
        "words per minute, customer": ("wpm", t.get("words_per_minute_customer")),
    }


def caim_figures(r):
    p = r["parties"]
    get = lambda who, k: p.get(who, {}).get(k)  # noqa: E731
    return {
        "talk share, agent": get("agent", "share"),
        "talk share, customer": get("customer", "share"),
        "talk seconds, agent": get("agent", "talk"),
        "talk seconds, customer": get("customer", "talk"),
        "interruptions by the agent": get("agent", "interruptions") or 0,
        "longest silence (≥ 2 s)": r["longest_silence"] if r["longest_silence"] >= 2.0 else None,
        "total silence": r["silence"],
        "speech seconds (anyone)": r["span"] - r["silence"],
        "overlap seconds": r["overlap"],
        "overlap share": r["overlap_share"],
        "words per minute, agent": get("agent", "wpm"),
        "words per minute, customer": get("customer", "wpm"),
    }


def agreement(kind, ours, theirs):
    if ours is None and theirs is None:
        return "both none"
    if ours is None or theirs is None:
        return "one none"
    exact, near, _ = BANDS[kind]
    d = abs(ours - theirs)
    if d <= exact + 1e-9:
        return "exact"
    if d <= near + 1e-9:
        return "near"
    return "differs"


def backchannel_words():
    """Hearback's listening words, read from timing.rs so that there is one list."""
    src = open(os.path.join(ROOT, "crates/hearback-core/src/timing.rs"), encoding="utf-8").read()
    body = src.split("const BACKCHANNELS: &[&str] = &[", 1)[1].split("];", 1)[0]
    return set(re.findall(r'"([^"]+)"', body))


def agent_turns(conv):
    return [t for t in conv.get("turns", []) if t.get("start") is not None and t["speaker"] == "agent"]


def span_of(t):
    s = float(t["start"])
    e = t.get("end")
    return s, s if e is None or e < s else float(e)


def explain_interruptions(conv, ours_t, caim_r, listening):
    """Each agent interruption counted by one side only, with the reason from the two
    definitions (timing.rs `Timeline::interruptions`; call_ai_metrics/_metrics.py `measure`)."""
    ours = [(c["start"], c["overlap"]) for c in ours_t.get("interruptions", [])]
    theirs = [(e[0], e[3]) for e in caim_r["events"] if e[1] == "agent"]
    agent = agent_turns(conv)
    customer = [span_of(t) for t in conv.get("turns", [])
                if t.get("start") is not None and t["speaker"] == "customer"]
    reasons = []
    for s, ov in theirs:
        if any(abs(s - o) < 0.011 for o, _ in ours):
            continue
        turn = next((t for t in agent if abs(float(t["start"]) - s) < 0.005), None)
        words = re.findall(r"\w+", (turn or {}).get("text", "").lower())
        if turn and words and len(words) <= 4 and all(w in listening for w in words):
            why = ("a back-channel by its words («угу», \"igen\", \"I see\"): Hearback leaves it out; "
                   "call-ai-metrics has no word rule, only the 0.5 s grace window")
        elif turn is not None:
            # Hearback's overlap: with the customer turn reaching furthest among those started
            # before the agent. call-ai-metrics': with the customer's speech merged across
            # segments and with pauses under 0.25 s (JOIN_GAP_S) joined.
            e = span_of(turn)[1]
            single = max((min(e, ce) - s for cs, ce in customer if cs < s), default=0.0)
            why = f"other: agent at {s}, overlap {ov:.3f}"
            if single < 0.5 <= ov:
                why = ("the customer's speech goes on past a pause under 0.25 s or in a touching "
                       "segment: call-ai-metrics joins them (JOIN_GAP_S) before measuring the "
                       "overlap, Hearback measures it against the one customer turn under way")
        else:
            why = f"other: agent at {s}, overlap {ov:.3f}"
        reasons.append(("call-ai-metrics only", why))
    for s, ov in ours:
        if any(abs(s - o) < 0.011 for o, _ in theirs):
            continue
        already = any(float(t["start"]) < s - 1e-9 and span_of(t)[1] >= s - 1e-9 for t in agent)
        if abs(ov - 0.5) < 0.006:
            why = ("an overlap of exactly 0.5 s: Hearback counts ≥ 0.5 s, call-ai-metrics "
                   "> 0.5 s (grace_s + 1e-9)")
        elif already:
            why = ("the agent turn starts while the agent's previous turn is still going: "
                   "call-ai-metrics merges a side's overlapping segments, so it sees no new start "
                   "(it counts the customer as the interrupter instead); Hearback takes every "
                   "turn that starts inside the customer's")
        else:
            why = f"other: agent at {s}, overlap {ov}"
        reasons.append(("Hearback only", why))
    return reasons


def gaps_of(segments):
    gaps, reach = [], None
    for s, e in sorted((s, e) for s, e, _ in segments):
        if reach is not None and s > reach:
            gaps.append((reach, s))
        reach = e if reach is None else max(reach, e)
    return gaps


def why_differs(metric, conv, o, r, ov, cv):
    """Why a figure differs, checked against the two definitions rather than assumed."""
    audio = not conv.get("turns")
    if metric.startswith("talk share"):
        third = [n for n, p in r["parties"].items() if n not in ("agent", "customer") and p["talk"] > 0]
        if third:
            return ("a third party (" + ", ".join(third) + ") talks: call-ai-metrics' share is of "
                    "every party's talk, Hearback's of agent + customer")
    if metric == "total silence":
        long_gaps = sum(b - a for a, b in gaps_of(r["segments"]) if b - a >= 2.0 - 1e-6)
        if abs(long_gaps - ov) <= 0.011:
            return ("call-ai-metrics adds up every gap between the first and the last speech; "
                    "Hearback's silences are gaps of 2 s or more (dead air and holds), and "
                    "call-ai-metrics' own gaps of 2 s or more add up to Hearback's figure")
        if audio and abs(long_gaps - ov) <= 0.2:
            return ("every gap vs gaps of 2 s or more (call-ai-metrics' own gaps of 2 s or more "
                    "come within 0.2 s of Hearback's figure; the rest is segment edges)")
    if metric == "overlap share":
        if r["span"] > 0 and abs((o.get("overtalk_seconds") or 0) / r["span"] - cv) <= 0.0006:
            return ("the denominator: call-ai-metrics divides the same overlap seconds by the "
                    "span from first to last speech (silence included), Hearback by the seconds "
                    "in which anyone talked")
    if metric.startswith("words per minute"):
        side = metric.split(", ")[1]
        talk = o.get(f"{side}_talk_seconds") or 0
        if ov is None and talk < 10:
            return "under 10 s of that side's talk: Hearback gives no rate, call-ai-metrics does"
        # The same talk seconds and a different word count: the numerator is the difference.
        theirs = r["parties"][side]
        if ov is not None and abs(talk - theirs["talk"]) <= 0.01 and theirs["words"] is not None:
            ours_words = round(ov * talk / 60)
            if ours_words != theirs["words"]:
                return ("counting words, over the same talk seconds: Hearback cuts at Unicode "
                        "word boundaries, so \"four-four-one-seven\" is 4 words and «что-то» 2; "
                        "call-ai-metrics counts whitespace-separated tokens (1 each)")
    if audio:
        return ("the speech timeline: two voice-activity detectors (Hearback: earshot, 16 ms "
                "frames, ends trimmed by loudness; call-ai-metrics: an energy threshold over its "
                "noise floor, 10 ms frames) put segment edges a few frames apart; see the truth "
                "table below")
    return "other (run with --details)"


def compare(label, convs, ours_by_id, caim_by_id, listening, details, explanations, whys):
    table = {}
    for c in convs:
        o, r = ours_by_id.get(c["id"]), caim_by_id.get(c["id"])
        if o is None or r is None:
            continue
        of, cf = ours_figures(o), caim_figures(r)
        for metric, (kind, ov) in of.items():
            a = agreement(kind, ov, cf[metric])
            row = table.setdefault(metric, {"exact": 0, "near": 0, "differs": 0, "one none": 0,
                                            "both none": 0, "kind": kind, "worst": (0, None)})
            row[a] += 1
            if a in ("differs", "near") and ov is not None and cf[metric] is not None:
                d = abs(ov - cf[metric])
                if d > row["worst"][0]:
                    row["worst"] = (d, c["id"])
            if a in ("differs", "one none", "near") and metric != "interruptions by the agent":
                key = (label, metric, why_differs(metric, c, o, r, ov, cf[metric]))
                whys[key] = whys.get(key, 0) + 1
            if details and a in ("differs", "one none"):
                print(f"  {c['id']}: {metric}: hearback {ov} vs call-ai-metrics {cf[metric]}")
        for who, why in explain_interruptions(c, o, r, listening):
            explanations.setdefault((label, who, why), 0)
            explanations[(label, who, why)] += 1
    return table


def print_table(label, n, table):
    print(f"\n### {label} ({n} conversations)\n")
    print("| metric | exact | within band | differs | only one has it | neither | largest difference |")
    print("|---|---|---|---|---|---|---|")
    for metric, row in table.items():
        band = BANDS[row["kind"]][2]
        worst = f"{row['worst'][0]:.3f} ({row['worst'][1]})" if row["worst"][1] else "–"
        print(f"| {metric} | {row['exact']} | {row['near']} (≤ {band}) | {row['differs']} | "
              f"{row['one none']} | {row['both none']} | {worst} |")


def best_of(first, second, rounds):
    """The fastest of `rounds` runs of each, taken in turns so that a change in the machine's
    load falls on both."""
    a, b = [], []
    for _ in range(rounds):
        a.append(first())
        b.append(second())
    return min(a), min(b)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--generated", type=int, default=300)
    ap.add_argument("--seed", type=int, default=6)
    ap.add_argument("--speed-repeat", type=int, default=10,
                    help="copies of the segment inputs (and of the WAV list) timed for speed")
    ap.add_argument("--rounds", type=int, default=5, help="timed runs of each, the fastest kept")
    ap.add_argument("--no-audio", action="store_true")
    ap.add_argument("--no-speed", action="store_true")
    ap.add_argument("--details", action="store_true", help="list every differing figure")
    ap.add_argument("--keep", help="keep the generated WAVs and JSONL in this folder")
    args = ap.parse_args()
    if not os.path.exists(BIN):
        sys.exit("build first: cargo build --release -p hearback")
    py = caim_python()
    listening = backchannel_words()
    work = args.keep or tempfile.mkdtemp(prefix="caim-")
    os.makedirs(work, exist_ok=True)

    # a) segments
    sets = {"written calls (samples/, eval/heldout*)": written_calls(),
            f"generated segment lists (seed {args.seed})": generated_calls(args.generated, args.seed)}
    explanations, whys = {}, {}
    sets = {label: convs for label, convs in sets.items() if convs}
    for label, convs in sets.items():
        jsonl = os.path.join(work, re.sub(r"\W+", "-", label) + ".jsonl")
        with open(jsonl, "w", encoding="utf-8") as f:
            for c in convs:
                f.write(json.dumps(c, ensure_ascii=False) + "\n")
        ours, _ = run_hearback([jsonl])
        ours_by_id = {r["conversation_id"]: r.get("timing", {}) for r in ours}
        caim, _ = run_caim(py, [{"id": c["id"], "segments": segments_of(c)} for c in convs])
        caim_by_id = {r["id"]: r for r in caim}
        if args.details:
            print(f"\n{label}: differing figures")
        table = compare(label, convs, ours_by_id, caim_by_id, listening, args.details, explanations,
                        whys)
        print_table(label, len(convs), table)
    if whys:
        print("\nWhy figures differ (not exact), checked per conversation:\n")
        for (label, metric, why), n in sorted(whys.items()):
            print(f"- {label}: {metric} ×{n}: {why}")
    if explanations:
        print("\nAgent interruptions counted by one side only, and why:\n")
        for (label, who, why), n in sorted(explanations.items()):
            print(f"- {label}, {who} ×{n}: {why}")

    # b) audio
    wavs = []
    if not args.no_audio:
        for tool in ("sox", "espeak-ng"):
            if not shutil.which(tool):
                sys.exit(f"{tool} is missing: apt-get install -y sox espeak-ng (or --no-audio)")
        for lang in ("ru", "hu", "en"):
            for rate in (8000, 16000):
                wavs.append(make_call(work, lang, rate))
        ours, _ = run_hearback(wavs)
        caim, _ = run_caim(py, wavs)
        by_stem = {r["conversation_id"]: r for r in ours}
        ours = [by_stem[os.path.splitext(os.path.basename(w))[0]] for w in wavs]
        label = "audio: espeak-ng stereo calls, ru/hu/en at 8 and 16 kHz"
        names = [os.path.basename(w) for w in wavs]
        table = compare(label, [{"id": n, "turns": []} for n in names],
                        {n: o.get("timing", {}) for n, o in zip(names, ours)},
                        dict(zip(names, caim)), listening, args.details, explanations, whys)
        print_table(label, len(wavs), table)
        for (lab, metric, why), n in sorted(whys.items()):
            if lab == label:
                print(f"- {metric} ×{n}: {why}")
        print("\n### audio: espeak-ng calls, agent left (truth | Hearback | call-ai-metrics)\n")
        print("| call | silence 3.0–7.0 | overlap 10.8–12.0 | hold 16–41 | agent interruptions | "
              "agent talk 9.4 | customer talk 8.0 |")
        print("|---|---|---|---|---|---|---|")
        for w, o, r in zip(wavs, ours, caim):
            t = o.get("timing", {})
            dead = [g for g in t.get("dead_air", []) if abs(g["start"] - 3.0) < 0.5]
            hold = [h for h in t.get("holds", []) if abs(h["start"] - 16.0) < 0.5]
            # call-ai-metrics reports only the longest silence; the 4 s one is read from its
            # speech timeline (its own segments), the gap that starts near 3.0 s.
            segs = sorted((s, e) for s, e, _ in r["segments"])
            gaps, reach = [], None
            for s, e in segs:
                if reach is not None and s > reach:
                    gaps.append((reach, s))
                reach = e if reach is None else max(reach, e)
            c4 = [b - a for a, b in gaps if abs(a - 3.0) < 0.5]
            c25 = [b - a for a, b in gaps if abs(a - 16.0) < 0.5]
            f = lambda x: "–" if x is None else f"{x:.2f}"  # noqa: E731
            print(f"| {os.path.basename(w)} "
                  f"| {f(dead[0]['duration'] if dead else None)} / {f(c4[0] if c4 else None)} "
                  f"| {f(t.get('overtalk_seconds'))} / {f(r['overlap'])} "
                  f"| {f(hold[0]['duration'] if hold else None)} / {f(c25[0] if c25 else None)} "
                  f"| {len(t.get('interruptions', []))} / {r['parties']['agent']['interruptions']} "
                  f"| {f(t.get('agent_talk_seconds'))} / {f(r['parties']['agent']['talk'])} "
                  f"| {f(t.get('customer_talk_seconds'))} / {f(r['parties']['customer']['talk'])} |")

    # c) speed, one core, whole processes
    if not args.no_speed:
        print("\n### speed (one core: taskset -c 0; whole process, start-up included)\n")
        print("load average before: {:.1f}, {:.1f}, {:.1f}".format(*os.getloadavg()))
        convs = [c for cs in sets.values() for c in cs]
        many = []
        for i in range(args.speed_repeat):
            many += [dict(c, id=f"{c['id']}#{i}") for c in convs]
        jsonl = os.path.join(work, "speed.jsonl")
        with open(jsonl, "w", encoding="utf-8") as f:
            for c in many:
                f.write(json.dumps(c, ensure_ascii=False) + "\n")
        items = [{"id": c["id"], "segments": segments_of(c)} for c in many]
        hb, ca = best_of(lambda: run_hearback([jsonl], core0=True)[1],
                         lambda: run_caim(py, items, quiet=True, core0=True)[1], args.rounds)
        print(f"segments → metrics, {len(many)} conversations: Hearback {len(many) / hb:,.0f}/s "
              f"({hb:.2f} s, every criterion scored too), call-ai-metrics {len(many) / ca:,.0f}/s "
              f"({ca:.2f} s): Hearback {ca / hb:.1f}× the speed")
        if wavs:
            audio_wavs = wavs * args.speed_repeat
            seconds = AUDIO_LENGTH * len(audio_wavs)
            hb, ca = best_of(lambda: run_hearback(audio_wavs, core0=True)[1],
                             lambda: run_caim(py, audio_wavs, quiet=True, core0=True)[1],
                             args.rounds)
            print(f"audio → metrics, {len(audio_wavs)} WAVs of {AUDIO_LENGTH:.0f} s: Hearback "
                  f"{seconds / hb:,.0f}× real time ({hb:.2f} s), call-ai-metrics "
                  f"{seconds / ca:,.0f}× real time ({ca:.2f} s): Hearback {ca / hb:.1f}× the speed")
        print("load average after: {:.1f}, {:.1f}, {:.1f}".format(*os.getloadavg()))
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
