#!/usr/bin/env python3
"""Compare Segue's safety checker with two Python profanity filters.

Reads the labelled set (JSONL: id, text, facts?, label, category, note), asks
each system whether every item should be flagged, and prints a Markdown report:
recall per unsafe category, the false-positive rate on safe items, the items
Segue got wrong, and throughput in lines/s.

Systems:
  Segue                 `segue check --jsonl FILE`: flagged when verdict != "pass"
  better-profanity      profanity.contains_profanity(text)
  alt-profanity-check   predict([texts])[i] == 1

This is a report, not a test: it exits 0 whenever it ran, whatever the numbers.
It exits 2 only when it could not run at all (no labelled set, peers missing).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

UNSAFE_CATEGORIES = [
    "profanity", "hate", "sexual", "harm", "drugs",
    "personal_data", "spam", "markup", "ungrounded",
]
SEGUE = "Segue"
BETTER = "better-profanity"
ALT = "alt-profanity-check"
SYSTEMS = [SEGUE, BETTER, ALT]
STATS_RE = re.compile(
    r"checked\s+(\d+)\s+lines\s+in\s+([0-9.eE+-]+)\s*s\s*\(\s*([0-9.eE+-]+)\s+lines/s\s*\)")
ALONE_RE = re.compile(r"the checker alone:\s*([0-9.eE+-]+)\s*s\s*\(\s*([0-9.eE+-]+)\s+lines/s\s*\)")


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- items

def load_items(path: Path) -> list[dict]:
    items = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            line = line.strip()
            if not line:
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError as e:
                log(f"warning: {path}:{n}: not JSON ({e}); skipped")
                continue
            if not isinstance(item, dict) or not isinstance(item.get("text"), str):
                log(f"warning: {path}:{n}: no \"text\" string; skipped")
                continue
            label = item.get("label")
            if label not in ("safe", "unsafe"):
                log(f"warning: {path}:{n}: label {label!r} is not safe/unsafe; skipped")
                continue
            item.setdefault("id", f"line{n}")
            item["id"] = str(item["id"])
            item.setdefault("category", "none" if label == "safe" else "uncategorised")
            items.append(item)
    return items


def segue_line(item: dict, id_: str | None = None) -> str:
    """One input line for `segue check`: id, text and facts (only when the item has them)."""
    out = {"id": id_ if id_ is not None else item["id"], "text": item["text"]}
    if "facts" in item:
        out["facts"] = item["facts"]
    return json.dumps(out, ensure_ascii=False)


# ---------------------------------------------------------------- Segue

def pin_prefix() -> tuple[list[str], str]:
    """`taskset -c N` when taskset exists and works, else nothing; plus a sentence saying so."""
    try:
        allowed = sorted(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        allowed = [0]
    core = 0 if 0 in allowed else allowed[0]
    taskset = shutil.which("taskset")
    if taskset:
        ok = subprocess.run([taskset, "-c", str(core), "true"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0
        if ok:
            return [taskset, "-c", str(core)], f"Segue ran pinned to CPU {core} with `taskset -c {core}`"
    return [], "Segue ran unpinned (taskset not available)"


class SegueUnavailable(Exception):
    pass


def stale_hint(segue: Path) -> str:
    """A hint when Swift sources under Sources/ are newer than the binary."""
    try:
        root = Path(__file__).resolve().parents[2]
        built = segue.stat().st_mtime
        newer = [p for p in (root / "Sources").rglob("*.swift") if p.stat().st_mtime > built]
    except OSError:
        return ""
    if newer:
        return (f" ({len(newer)} Swift source file(s) are newer than the binary: "
                "rebuild with `swift build -c release --product segue`, or run run.sh with SEGUE_REBUILD=1)")
    return ""


SEGUE_EXTRA: list[str] = []  # --segue-arg values


def run_segue_check(segue: Path, jsonl: Path, extra: list[str], prefix: list[str],
                    timeout: float, stdout_to_null: bool = False) -> subprocess.CompletedProcess:
    cmd = prefix + [str(segue), "check", "--jsonl", str(jsonl)] + SEGUE_EXTRA + extra
    return subprocess.run(cmd, stdout=subprocess.DEVNULL if stdout_to_null else subprocess.PIPE,
                          stderr=subprocess.PIPE, timeout=timeout)


def parse_output(stdout: bytes) -> list[dict]:
    rows = []
    for line in stdout.decode("utf-8", "replace").splitlines():
        line = line.strip()
        if not line:
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(obj, dict) and "verdict" in obj:
            rows.append(obj)
    return rows


def tail(b: bytes, n: int = 5) -> str:
    lines = b.decode("utf-8", "replace").strip().splitlines()
    return " | ".join(lines[-n:]) if lines else "(no output)"


def segue_probe(segue: Path, tmp: Path, timeout: float) -> None:
    """Raise SegueUnavailable unless `segue check --jsonl` answers one line as contracted."""
    if not segue.exists():
        raise SegueUnavailable(f"no binary at {segue}")
    if not os.access(segue, os.X_OK):
        raise SegueUnavailable(f"{segue} is not executable")
    probe = tmp / "probe.jsonl"
    probe.write_text(json.dumps({"id": "probe", "text": "Up next, a little jazz."}) + "\n", encoding="utf-8")
    try:
        p = run_segue_check(segue, probe, [], [], timeout)
    except subprocess.TimeoutExpired:
        raise SegueUnavailable(f"`{segue} check` did not answer one line within {timeout:.0f} s")
    except OSError as e:
        raise SegueUnavailable(f"cannot run {segue}: {e}")
    rows = parse_output(p.stdout)
    if p.returncode != 0 or not rows:
        raise SegueUnavailable(
            f"`{segue.name} check --jsonl` exited {p.returncode} with no verdict line; "
            f"stderr: {tail(p.stderr, 3)}{stale_hint(segue)}")


def segue_decisions(segue: Path, items: list[dict], tmp: Path, timeout: float):
    """Return (flagged list, verdict list) aligned with items."""
    path = tmp / "items.jsonl"
    ids = [it["id"] for it in items]
    unique = len(set(ids)) == len(ids)
    if not unique:
        log("warning: ids in the labelled set are not unique; Segue's answers are matched by line order")
    # Send positional ids when the set's ids repeat, so answers can still be matched.
    sent_ids = ids if unique else [f"#{i}" for i in range(len(items))]
    path.write_text("".join(segue_line(it, sid) + "\n" for it, sid in zip(items, sent_ids)), encoding="utf-8")
    p = run_segue_check(segue, path, [], [], timeout)
    if p.returncode != 0:
        raise SegueUnavailable(f"`segue check` exited {p.returncode} on the labelled set; stderr: {tail(p.stderr)}")
    rows = parse_output(p.stdout)
    by_id = {}
    for r in rows:
        by_id.setdefault(str(r.get("id")), r)
    verdicts = []
    missing = 0
    for sid in sent_ids:
        r = by_id.get(sid)
        if r is None:
            missing += 1
            verdicts.append(None)
        else:
            verdicts.append(str(r.get("verdict")))
    if missing:
        log(f"warning: segue check gave no answer for {missing} of {len(items)} items (counted as not flagged)")
    flagged = [v is not None and v != "pass" for v in verdicts]
    return flagged, verdicts, missing


# ---------------------------------------------------------------- peers

def load_peers():
    try:
        from better_profanity import profanity
        from profanity_check import predict
    except ImportError as e:
        log(f"error: cannot import the peer filters ({e}); run this through run.sh, which installs them")
        sys.exit(2)
    profanity.load_censor_words()
    predict(["warm up"])  # loads the model
    return profanity, predict


def peer_version(dist: str) -> str:
    try:
        from importlib.metadata import version
        return version(dist)
    except Exception:
        return "?"


def better_flags(profanity, texts: list[str]) -> list[bool]:
    return [bool(profanity.contains_profanity(t)) for t in texts]


def alt_flags(predict, texts: list[str]) -> list[bool]:
    return [int(x) == 1 for x in predict(texts)]


# ---------------------------------------------------------------- report

def pct(k: int, n: int) -> str:
    return f"{100.0 * k / n:.1f}% ({k}/{n})" if n else "– (0/0)"


def md_escape(s: str) -> str:
    return s.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").replace("\r", " ")


def truncate(s: str, n: int = 80) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


def fmt_rate(r: float | None) -> str:
    return "n/a" if r is None else f"{r:,.0f}"


def fmt_range(rates: list[float]) -> str:
    """The median of repeated rates, and their range when there are several."""
    if not rates:
        return "n/a"
    ordered = sorted(rates)
    median = ordered[len(ordered) // 2]
    return fmt_rate(median) if len(ordered) == 1 else f"{median:,.0f} ({ordered[0]:,.0f}–{ordered[-1]:,.0f})"


class SegueTiming:
    """Repeated `segue check --jsonl FILE --stats` runs of one configuration: end-to-end, checker-alone and
    wall-clock rates, one per run."""

    def __init__(self, label: str, extra: list[str]):
        self.label = label
        self.extra = extra
        self.end_to_end: list[float] = []
        self.alone: list[float] = []
        self.wall: list[float] = []
        self.lines = 0
        self.error = ""

    def run(self, segue: Path, bench: Path, n: int, prefix: list[str], timeout: float) -> None:
        try:
            t0 = time.perf_counter()
            p = run_segue_check(segue, bench, ["--stats"] + self.extra, prefix, timeout, stdout_to_null=True)
            wall = time.perf_counter() - t0
        except subprocess.TimeoutExpired:
            self.error = f"segue check --stats took over {timeout:.0f} s; stopped"
            return
        err = p.stderr.decode("utf-8", "replace")
        matches = STATS_RE.findall(err)
        if p.returncode != 0:
            self.error = f"segue check --stats exited {p.returncode}: {tail(p.stderr)}"
        elif not matches:
            self.error = f"no `checked N lines in S s (R lines/s)` line on stderr: {tail(p.stderr, 3)}"
        else:
            ln, _, r = matches[-1]
            self.lines = int(ln)
            self.end_to_end.append(float(r))
            alone = ALONE_RE.findall(err)
            if alone:
                self.alone.append(float(alone[-1][1]))
            if wall > 0:
                self.wall.append(n / wall)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--segue", required=True, type=Path, help="the segue binary")
    ap.add_argument("--items", required=True, type=Path, help="the labelled JSONL set")
    ap.add_argument("--min-lines", type=int, default=30000, help="throughput run size (default 30000)")
    ap.add_argument("--max-wrong", type=int, default=40, help="Segue mistakes to list (default 40)")
    ap.add_argument("--timeout", type=float, default=900, help="seconds allowed per segue run (default 900)")
    ap.add_argument("--better-max-lines", type=int, default=0,
                    help="time better-profanity on only the first N throughput lines (it is slow: "
                         "~70 lines/s, so 30,000 lines take ~7 min); default 0 = all")
    ap.add_argument("--segue-arg", action="append", default=[], metavar="ARG",
                    help="extra argument for every `segue check` run, e.g. --segue-arg=--no-sound (repeatable)")
    ap.add_argument("--no-throughput", action="store_true", help="skip the throughput part")
    ap.add_argument("--repeat", type=int, default=3,
                    help="runs of each Segue configuration for throughput (default 3; the report gives the median "
                         "and the range, since a shared machine makes single runs noisy)")
    args = ap.parse_args()

    SEGUE_EXTRA.extend(args.segue_arg)
    if not args.items.is_file():
        log(f"error: labelled set not found: {args.items}")
        return 2
    items = load_items(args.items)
    if not items:
        log(f"error: no usable items in {args.items}")
        return 2

    profanity, predict = load_peers()
    texts = [it["text"] for it in items]
    flags: dict[str, list[bool] | None] = {
        BETTER: better_flags(profanity, texts),
        ALT: alt_flags(predict, texts),
        SEGUE: None,
    }

    tmp = Path(tempfile.mkdtemp(prefix="segue-peers-"))
    segue = args.segue.absolute()  # a bare name would otherwise be looked up on PATH
    segue_note = ""
    verdicts: list[str | None] = [None] * len(items)
    missing = 0
    try:
        segue_probe(segue, tmp, timeout=min(args.timeout, 120))
        flags[SEGUE], verdicts, missing = segue_decisions(segue, items, tmp, args.timeout)
    except (SegueUnavailable, subprocess.TimeoutExpired) as e:
        segue_note = f"segue check not available: {e}"

    # ---- accuracy table
    safe_idx = [i for i, it in enumerate(items) if it["label"] == "safe"]
    unsafe_idx = [i for i, it in enumerate(items) if it["label"] == "unsafe"]
    present = {items[i]["category"] for i in unsafe_idx}
    cats = [c for c in UNSAFE_CATEGORIES if c in present] + sorted(present - set(UNSAFE_CATEGORIES))

    print("# Segue safety checker vs Python profanity filters\n")
    print(f"Labelled set: `{args.items}` — {len(items)} items ({len(unsafe_idx)} unsafe, {len(safe_idx)} safe).  ")
    print(f"Segue: `{segue} check --jsonl FILE{''.join(' ' + a for a in SEGUE_EXTRA)}`  ")
    print("An item counts as flagged when Segue's verdict is not `pass` (rewrite or block), "
          "when better-profanity's `contains_profanity` is true, or when alt-profanity-check's `predict` is 1.\n")
    if segue_note:
        print(f"**{segue_note}** — the Segue column is n/a; the peers' columns are still measured.\n")

    def cell(system: str, idx: list[int]) -> str:
        f = flags[system]
        if f is None:
            return "n/a"
        return pct(sum(1 for i in idx if f[i]), len(idx))

    print("## Detection\n")
    print("Unsafe rows give recall (flagged / items in the category); the last row is the false-positive rate.\n")
    print("| | " + " | ".join(SYSTEMS) + " |")
    print("|---|" + "---:|" * len(SYSTEMS))
    for c in cats:
        idx = [i for i in unsafe_idx if items[i]["category"] == c]
        print(f"| {md_escape(c)} (n={len(idx)}) | " + " | ".join(cell(s, idx) for s in SYSTEMS) + " |")
    print(f"| **all unsafe** (n={len(unsafe_idx)}) | " + " | ".join(cell(s, unsafe_idx) for s in SYSTEMS) + " |")
    print(f"| **safe: false-positive rate** (n={len(safe_idx)}) | "
          + " | ".join(cell(s, safe_idx) for s in SYSTEMS) + " |")
    missing_cats = [c for c in UNSAFE_CATEGORIES if c not in present]
    if missing_cats:
        print(f"\nUnsafe categories with no items in the set: {', '.join(missing_cats)}.")

    if flags[SEGUE] is not None:
        counts: dict[str, int] = {}
        for v in verdicts:
            counts[str(v) if v is not None else "(no answer)"] = counts.get(str(v) if v is not None else "(no answer)", 0) + 1
        print("\nSegue verdicts: " + ", ".join(f"{k} {n}" for k, n in sorted(counts.items())) + ".")

        # ---- Segue's mistakes
        wrong = [i for i, it in enumerate(items) if flags[SEGUE][i] != (it["label"] == "unsafe")]
        print(f"\n## Items Segue got wrong: {len(wrong)} of {len(items)}\n")
        if not wrong:
            print("None.")
        else:
            print("| id | label | category | verdict | text |")
            print("|---|---|---|---|---|")
            for i in wrong[: args.max_wrong]:
                it = items[i]
                print(f"| {md_escape(it['id'])} | {it['label']} | {md_escape(it['category'])} | "
                      f"{verdicts[i] or '(no answer)'} | {md_escape(truncate(it['text']))} |")
            if len(wrong) > args.max_wrong:
                print(f"\n({len(wrong) - args.max_wrong} more not shown; --max-wrong to change.)")

    # ---- throughput
    if not args.no_throughput:
        reps = max(1, math.ceil(args.min_lines / len(items)))
        bench_items = items * reps
        bench_texts = [it["text"] for it in bench_items]
        n = len(bench_texts)
        prefix, pin_note = pin_prefix()
        core = int(prefix[-1]) if prefix else None

        # Segue with the sound (espeak-ng phoneme) view, as in production, and without it; each run reports the
        # whole command (JSON in, check, JSON out) and the checker alone.
        configs = [SegueTiming("sound view on (as in production)", [])]
        if "--no-sound" not in SEGUE_EXTRA:
            configs.append(SegueTiming("`--no-sound` (text views only)", ["--no-sound"]))
        if flags[SEGUE] is not None:
            bench = tmp / "bench.jsonl"
            with bench.open("w", encoding="utf-8") as fh:
                for k, it in enumerate(bench_items):
                    fh.write(segue_line(it, f"{it['id']}#{k}") + "\n")
            for round_ in range(max(1, args.repeat)):
                for config in configs:
                    if config.error:
                        continue
                    log(f"throughput: segue check {' '.join(config.extra)} over {n} lines (run {round_ + 1} of {args.repeat})…")
                    config.run(segue, bench, n, prefix, args.timeout)
        seg_err = "; ".join(f"{c.label}: {c.error}" for c in configs if c.error)

        # Peers in this process, pinned to the same core as Segue so the ratio compares one core with one.
        old_aff = None
        if core is not None and hasattr(os, "sched_setaffinity"):
            try:
                old_aff = os.sched_getaffinity(0)
                os.sched_setaffinity(0, {core})
            except OSError:
                old_aff = None
        try:
            bp_n = min(n, args.better_max_lines) if args.better_max_lines > 0 else n
            log(f"throughput: better-profanity over {bp_n} texts (slow: minutes for 30,000)…")
            t0 = time.perf_counter()
            better_flags(profanity, bench_texts[:bp_n])
            bp_secs = time.perf_counter() - t0
            log(f"throughput: alt-profanity-check over {n} texts (one predict call)…")
            t0 = time.perf_counter()
            alt_flags(predict, bench_texts)
            alt_secs = time.perf_counter() - t0
        finally:
            if old_aff is not None:
                os.sched_setaffinity(0, old_aff)
        bp_rate = bp_n / bp_secs if bp_secs > 0 else None
        alt_rate = n / alt_secs if alt_secs > 0 else None

        print(f"\n## Throughput ({n:,} lines: the {len(items)} labelled items repeated {reps}×)\n")
        main = configs[0]
        ref_rates = main.end_to_end or main.wall
        ref = sorted(ref_rates)[len(ref_rates) // 2] if ref_rates else None

        def ratio(peer: float | None) -> str:
            if not (ref and peer):
                return "n/a"
            r = ref / peer
            if r >= 10:
                return f"{r:.0f}×"
            if r >= 1:
                return f"{r:.1f}×"
            return f"{r:.2g}× (peer {1 / r:.0f}× faster)" if r < 0.5 else f"{r:.2f}×"

        print("| system | lines | seconds | lines/s | Segue / peer |")
        print("|---|---:|---:|---:|---:|")
        if flags[SEGUE] is None:
            print("| Segue | – | – | n/a (segue check not available) | |")
        else:
            for config in configs:
                lines = f"{config.lines:,}" if config.lines else "–"
                print(f"| Segue, {config.label}: end to end (`--stats`: JSON in, check, JSON out) | {lines} | – | "
                      f"{fmt_range(config.end_to_end)} | |")
                print(f"| Segue, {config.label}: the checker alone (no JSON I/O) | {lines} | – | "
                      f"{fmt_range(config.alone)} | |")
                print(f"| Segue, {config.label}: wall clock around the process (start-up included) | {n:,} | – | "
                      f"{fmt_range(config.wall)} | |")
        print(f"| better-profanity {peer_version('better-profanity')} (`contains_profanity`, one call per text) | {bp_n:,} | {bp_secs:.3f} | "
              f"{fmt_rate(bp_rate)} | {ratio(bp_rate)} |")
        print(f"| alt-profanity-check {peer_version('alt-profanity-check')} (`predict`, one call for all texts) | {n:,} | {alt_secs:.3f} | "
              f"{fmt_rate(alt_rate)} | {ratio(alt_rate)} |")
        print()
        if seg_err:
            print(f"**Segue throughput: {md_escape(seg_err)}**\n")
        print(f"- {pin_note}" + (f"; the peers ran in this Python process pinned to CPU {core} "
                                 "(os.sched_setaffinity)." if core is not None else "; the peers ran unpinned."))
        if flags[SEGUE] is not None:
            which = "its end-to-end `--stats` figure" if main.end_to_end else "the wall-clock figure"
            print(f"- Segue rates are the median of {max(1, args.repeat)} runs, with the range in brackets. "
                  "\"End to end\" is what `segue check --jsonl --stats` times: parsing each input line, checking it "
                  "and writing its verdict line (to /dev/null); \"the checker alone\" is the time inside "
                  "`SafetyScreen.check` (with the sound view, that includes looking up or transcribing phonemes); "
                  "the wall-clock row adds process start-up (loading the policy, transcribing the lexicon). The peers "
                  "are timed in-process on Python strings, with no start-up or I/O. "
                  f"The Segue / peer ratio uses {which} with the sound view on.")
        print("- The peers only answer flagged / not flagged; Segue also checks markup, personal data "
              "and grounding against facts, and can rewrite a line instead of blocking it.")

    shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
