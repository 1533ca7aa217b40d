#!/usr/bin/env python3
"""Make a large, varied `segue check --jsonl` input from the labelled sets, for throughput runs and for
checking that a change to the checker leaves every verdict byte-identical.

Each output line is a fixture item (id, text, facts) either as it is or mutated: homoglyphs, control
and zero-width characters, leetspeak, spaced or stretched letters, URLs, e-mail addresses, emoji,
white space, long titles, numbers, and unusual JSON shapes (escapes, numbers and nulls as facts, a
numeric id, no facts, a few malformed lines). Same seed, same bytes.

    python3 Benchmarks/safety-peers/mutate.py --lines 30240 --seed 1 > /tmp/mutated.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "Tests/SegueSessionTests/Fixtures/safety"

HOMOGLYPHS = {"a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "x": "х", "i": "і", "u": "υ", "f": "ƒ", "s": "ѕ"}
LEET = {"a": "4", "e": "3", "i": "1", "o": "0", "s": "$", "t": "7", "g": "9"}
INVISIBLE = ["\u200b", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u202e", "\x07", "\x1b", "\x00", "\t", "\r"]
EMOJI = ["🎵", "🔥", "💯", "🎸", "👍🏽", "🇬🇧", "❤️", "😂"]
URLS = ["https://example.com/x", "www.promo.net", "visit tracks dot com", "radio.fm/live", "@djsegue", "me@mail.org",
        "call 555-0199", "+44 20 7946 0958", "12 Baker Street", "<b>bold</b>", "[[h@l'oU]]", "{{slot}}", "${x}"]
WORDS = ["fuck", "shit", "bitch", "crap", "damn", "weed", "cocaine", "kill", "number one", "Grammy", "died", "1962",
         "the 60s", "sexy", "hello Sam", "Happy birthday, Maria", "buy now", "promo code SAVE20", "your address"]


def mutate_text(rng: random.Random, text: str) -> str:
    kind = rng.randrange(14)
    chars = list(text)
    if kind == 0:  # homoglyphs
        return "".join(HOMOGLYPHS.get(c, c) if rng.random() < 0.3 else c for c in chars)
    if kind == 1:  # leetspeak
        return "".join(LEET.get(c.lower(), c) if rng.random() < 0.3 else c for c in chars)
    if kind == 2:  # invisible and control characters
        for _ in range(rng.randint(1, 4)):
            chars.insert(rng.randrange(len(chars) + 1), rng.choice(INVISIBLE))
        return "".join(chars)
    if kind == 3:  # spaced or dotted letters in one word
        words = text.split(" ")
        k = rng.randrange(len(words))
        words[k] = rng.choice([" ", ".", "-", "  "]).join(words[k])
        return " ".join(words)
    if kind == 4:  # stretched letters
        words = text.split(" ")
        k = rng.randrange(len(words))
        if words[k]:
            j = rng.randrange(len(words[k]))
            words[k] = words[k][:j] + words[k][j] * rng.randint(3, 6) + words[k][j + 1:]
        return " ".join(words)
    if kind == 5:  # a URL, handle, address or markup
        words = text.split(" ")
        words.insert(rng.randrange(len(words) + 1), rng.choice(URLS))
        return " ".join(words)
    if kind == 6:  # emoji
        for _ in range(rng.randint(1, 3)):
            chars.insert(rng.randrange(len(chars) + 1), rng.choice(EMOJI))
        return "".join(chars)
    if kind == 7:  # white space
        return rng.choice(["  ", "\t", " \n ", "\u00a0", "\u3000"]).join(text.split(" "))
    if kind == 8:  # an inserted word or phrase
        words = text.split(" ")
        words.insert(rng.randrange(len(words) + 1), rng.choice(WORDS))
        return " ".join(words)
    if kind == 9:  # case
        return rng.choice([text.upper(), text.lower(), text.title(), text.swapcase()])
    if kind == 10:  # accents and fullwidth letters
        table = {"e": "é", "a": "à", "o": "ö", "u": "ü", "n": "ñ", "A": "Ａ", "S": "Ｓ", "f": "ｆ"}
        return "".join(table.get(c, c) if rng.random() < 0.2 else c for c in chars)
    if kind == 11:  # punctuation
        return "".join(c + rng.choice("!?*.,'’") if c.isalpha() and rng.random() < 0.05 else c for c in chars)
    if kind == 12:  # a long line
        return " ".join([text] * rng.randint(2, 5))
    return text


def mutate_facts(rng: random.Random, facts: dict) -> dict:
    facts = dict(facts)
    if not facts or rng.random() < 0.5:
        return facts
    slot = rng.choice(sorted(facts))
    value = facts[slot]
    if isinstance(value, str):
        r = rng.randrange(5)
        if r == 0:
            facts[slot] = value + " " + rng.choice(URLS)
        elif r == 1:
            facts[slot] = (value + " ") * rng.randint(8, 20)  # a long title
        elif r == 2:
            facts[slot] = mutate_text(rng, value)
        elif r == 3:
            facts[slot] = value + rng.choice(INVISIBLE)
        else:
            facts[slot] = value.upper()
    return facts


def encode(rng: random.Random, item: dict) -> str:
    """One input line, sometimes in an unusual but valid JSON shape, rarely malformed."""
    r = rng.random()
    out: dict = {"id": item["id"], "text": item["text"]}
    if item.get("facts") is not None:
        out["facts"] = item["facts"]
    if r < 0.01:
        return rng.choice(['{"id": "bad", "text": 3}', '{"id": "x"', "[1, 2]", '{"text": "ok", "facts": [1]}', "not json"])
    if r < 0.03:
        out["id"] = rng.choice([7, 3.5, True, None, "ü"])
    if r < 0.06:
        out.setdefault("facts", {})["year"] = rng.choice([1962, 1999.0, 2.5e3, None, True, [1], {"x": 1}, "2001"])
    if r < 0.08:
        out["label"] = "safe"
        out["note"] = "extra keys"
    if r < 0.12:
        return json.dumps(out, ensure_ascii=True)  # \uXXXX escapes
    if r < 0.15:
        return json.dumps(out, ensure_ascii=False, indent=None, separators=(",", ":")).replace("/", "\\/")
    if r < 0.17:
        return "  " + json.dumps(dict(reversed(list(out.items()))), ensure_ascii=False) + " \r"
    return json.dumps(out, ensure_ascii=False)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lines", type=int, default=30240)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--plain-share", type=float, default=0.25, help="share of lines left unmutated (default 0.25)")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    items = []
    for name in ("labelled.jsonl", "heldout.jsonl"):
        for line in (FIXTURES / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                items.append(json.loads(line))
    out = sys.stdout
    for n in range(args.lines):
        item = dict(items[n % len(items)])
        item["id"] = f"{item['id']}#{n}"
        if rng.random() >= args.plain_share:
            item["text"] = mutate_text(rng, item["text"])
            item["facts"] = mutate_facts(rng, item.get("facts") or {})
        out.write(encode(rng, item) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
