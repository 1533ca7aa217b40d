#!/usr/bin/env python3
"""numpy peer for `segue bench sequencer`: the same relevance scoring over the exported catalog
columns, then a top-400 candidate cut and an MMR rerank to 20 tracks. Prints median and p99 ms."""
import json
import sys
import time
from pathlib import Path

import numpy as np


def load(folder: Path):
    meta = json.loads((folder / "meta.json").read_text())
    n, d = meta["count"], meta["dimension"]
    cols = {
        "emb": np.fromfile(folder / "embeddings.f32", dtype="<f4").reshape(n, d),
        "pop_step": np.fromfile(folder / "popularity_step.u8", dtype="u1"),
        "bpm": np.fromfile(folder / "bpm.f32", dtype="<f4"),
        "energy": np.fromfile(folder / "energy.f32", dtype="<f4"),
        "decade": np.fromfile(folder / "decade.i32", dtype="<i4"),
        "genre": np.fromfile(folder / "genre.i32", dtype="<i4"),
        "artist": np.fromfile(folder / "artist.i32", dtype="<i4"),
    }
    return meta, cols


def closeness(values, stats):
    if stats is None:
        return np.full(values.shape, 0.5, dtype=np.float32)
    z = (values - stats[0]) / stats[1]
    out = np.exp(-0.5 * z * z)
    return np.where(np.isfinite(values), out, 0.5).astype(np.float32)


def score(cols, taste, artist_count, W):
    genre_w = np.asarray(taste["genre_weight"], dtype=np.float32)
    artist_w = np.zeros(artist_count, dtype=np.float32)
    for key, value in taste["artist_weight"].items():
        artist_w[int(key)] = value
    decade_w = np.zeros(300, dtype=np.float32)
    for key, value in taste["decade_weight"].items():
        if 0 <= int(key) < 300:
            decade_w[int(key)] = value
    rel = W["genre"] * np.where(cols["genre"] >= 0, genre_w[np.maximum(cols["genre"], 0)], 0)
    rel += W["artist"] * artist_w[cols["artist"]]
    dec = cols["decade"]
    rel += W["decade"] * np.where((dec >= 0) & (dec < 300), decade_w[np.clip(dec, 0, 299)], 0)
    rel += W["tempo"] * closeness(cols["bpm"], taste.get("tempo"))
    rel += W["energy"] * closeness(cols["energy"], taste.get("energy"))
    rel += W["popularity"] * np.asarray(taste["popularity_fit"], dtype=np.float32)[cols["pop_step"]]
    if taste["centroid"]:
        rel += W["embedding"] * (cols["emb"] @ np.asarray(taste["centroid"], dtype=np.float32))
    return rel


def mmr(rel, emb, candidates, k=20, lam=0.7):
    chosen = []
    sims = np.zeros(len(candidates), dtype=np.float32)
    vecs = emb[candidates]
    available = np.ones(len(candidates), dtype=bool)
    for _ in range(k):
        value = lam * rel[candidates] - (1 - lam) * sims
        value[~available] = -np.inf
        best = int(np.argmax(value))
        chosen.append(int(candidates[best]))
        available[best] = False
        sims = np.maximum(sims, vecs @ vecs[best])
    return chosen


def main():
    folder = Path(sys.argv[1])
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 50
    meta, cols = load(folder)
    artist_count = int(cols["artist"].max()) + 1
    listeners = meta["listeners"]
    times = []
    for run in range(runs):
        taste = listeners[run % len(listeners)]
        start = time.perf_counter()
        rel = score(cols, taste, artist_count, meta["weights"])
        candidates = np.argpartition(-rel, 400)[:400]
        lineup = mmr(rel, cols["emb"], candidates)
        times.append((time.perf_counter() - start) * 1000)
        assert len(lineup) == 20
    times.sort()
    median = times[len(times) // 2]
    p99 = times[min(len(times) - 1, int(np.ceil(len(times) * 0.99)) - 1)]
    print(f"numpy score+MMR: median {median:.2f} ms, p99 {p99:.2f} ms over {runs} runs ({meta['count']} tracks, top 20)")


if __name__ == "__main__":
    main()
