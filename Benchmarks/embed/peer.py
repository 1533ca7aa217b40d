#!/usr/bin/env python3
"""Peer for `segue-bench embed`: the same implicit ALS (Hu, Koren and Volinsky 2008, conjugate-gradient rows)
trained by the `implicit` library on the play matrix segue-bench exported, with the same confidence, width,
iterations and regularisation; then the same recall@K of the held-out tracks. --numpy trains with a numpy
transcription of the same algorithm instead (slow: for when `implicit` will not install).

    peer.py FOLDER --dim 64 --iterations 15 --regularization 0.1 --alpha 10 --seed 1 [--numpy]
"""
import argparse
import resource
import time
from pathlib import Path

import numpy as np
import scipy.sparse as sp


def load(folder: Path):
    with open(folder / "plays.tsv") as f:
        users, items = map(int, f.readline().split())
        rows = np.loadtxt(f, dtype=np.int64, ndmin=2)
    plays = sp.csr_matrix(
        (rows[:, 2].astype(np.float32), (rows[:, 0], rows[:, 1])), shape=(users, items), dtype=np.float32
    )
    plays.sum_duplicates()
    held = np.loadtxt(folder / "heldout.tsv", dtype=np.int64, ndmin=2)
    return plays, held


def numpy_als(conf, dim, iterations, reg, seed, cg_steps=3):
    """implicit's least_squares_cg, row by row; rows with no plays are 0 as in Segue."""
    rng = np.random.default_rng(seed)
    users, items = conf.shape
    X = (rng.random((users, dim), dtype=np.float32) * 0.01)
    Y = (rng.random((items, dim), dtype=np.float32) * 0.01)
    Ciu = conf.T.tocsr()
    X[np.diff(conf.indptr) == 0] = 0
    Y[np.diff(Ciu.indptr) == 0] = 0

    def half(C, X, Y):
        YtY = Y.T @ Y + reg * np.eye(dim, dtype=np.float32)
        for u in range(C.shape[0]):
            lo, hi = C.indptr[u], C.indptr[u + 1]
            if lo == hi:
                continue
            idx, c = C.indices[lo:hi], C.data[lo:hi]
            Yu = Y[idx]
            x = X[u]
            r = -YtY @ x + ((c - (c - 1) * (Yu @ x)) @ Yu)
            p = r.copy()
            rs = r @ r
            if rs < 1e-20:
                continue
            for _ in range(cg_steps):
                Ap = YtY @ p + (((c - 1) * (Yu @ p)) @ Yu)
                a = rs / (p @ Ap)
                x += a * p
                r -= a * Ap
                new = r @ r
                if new < 1e-20:
                    break
                p = r + (new / rs) * p
                rs = new
            X[u] = x

    for _ in range(iterations):
        half(conf, X, Y)
        half(Ciu, Y, X)
    return Y


def recall(Y, plays, held, listeners, depth):
    norms = np.linalg.norm(Y, axis=1)
    has = (np.diff(plays.tocsc().indptr) > 0) & (norms > 0)
    V = np.where(has[:, None], Y / np.where(norms > 0, norms, 1)[:, None], 0).astype(np.float32)
    by_user = {}
    for u, t in held:
        by_user.setdefault(int(u), []).append(int(t))
    total, counted = 0.0, 0
    for u in range(min(listeners, plays.shape[0])):
        if u not in by_user:
            continue
        lo, hi = plays.indptr[u], plays.indptr[u + 1]
        idx, w = plays.indices[lo:hi], plays.data[lo:hi]
        centre = (w[:, None] * V[idx]).sum(axis=0)
        scores = V @ centre
        scores[~has] = -np.inf
        scores[idx] = -np.inf
        top = np.argsort(-scores, kind="stable")[:depth]
        top = top[np.isfinite(scores[top])]
        total += len(set(top.tolist()) & set(by_user[u])) / len(by_user[u])
        counted += 1
    return total / max(counted, 1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("folder", type=Path)
    ap.add_argument("--dim", type=int, default=64)
    ap.add_argument("--iterations", type=int, default=15)
    ap.add_argument("--regularization", type=float, default=0.1)
    ap.add_argument("--alpha", type=float, default=10)
    ap.add_argument("--epsilon", type=float, default=1)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--recall-listeners", type=int, default=500)
    ap.add_argument("--recall-depth", type=int, default=100)
    ap.add_argument("--numpy", action="store_true")
    args = ap.parse_args()

    plays, held = load(args.folder)
    # Segue's confidence, c = 1 + α ln(1 + plays / ε), handed to implicit as the matrix with its own alpha at 1:
    # implicit then uses c and c − 1 exactly as Segue does.
    conf = plays.copy()
    conf.data = (1 + args.alpha * np.log1p(conf.data / args.epsilon)).astype(np.float32)
    if args.numpy:
        name = "numpy ALS"
        before = resource.getrusage(resource.RUSAGE_SELF)
        start = time.perf_counter()
        Y = numpy_als(conf, args.dim, args.iterations, np.float32(args.regularization), args.seed)
    else:
        import implicit
        from implicit.cpu.als import AlternatingLeastSquares

        name = f"implicit {implicit.__version__}"
        model = AlternatingLeastSquares(
            factors=args.dim, regularization=args.regularization, alpha=1.0, iterations=args.iterations,
            calculate_training_loss=False, random_state=args.seed, num_threads=0,
        )
        before = resource.getrusage(resource.RUSAGE_SELF)
        start = time.perf_counter()
        model.fit(conf, show_progress=False)
        Y = np.asarray(model.item_factors)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    print(
        f"peer train ({name}): {seconds:.2f} s wall, {cpu:.2f} CPU s, peak {after.ru_maxrss / 1e3:.0f} MB "
        f"(whole process); dim {args.dim}, {args.iterations} iterations"
    )
    r = recall(Y, plays, held, args.recall_listeners, args.recall_depth)
    print(f"peer recall@{args.recall_depth}: {r:.4f} (first {args.recall_listeners} listeners)")


if __name__ == "__main__":
    main()
