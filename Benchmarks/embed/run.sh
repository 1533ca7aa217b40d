#!/usr/bin/env bash
# The embedding benchmark: Segue learns 64-dim track embeddings by implicit ALS from the synthetic world's training
# histories (5000 listeners × 50,000 tracks), and the `implicit` library (CPU, same algorithm: conjugate-gradient
# rows, 3 steps) trains on the same play matrix with the same confidence, width, iterations and regularisation.
# Prints both times, CPU seconds, peak memory, the ratio, and both vectors' recall@100 of the held-out tracks.
#
#   bash Benchmarks/embed/run.sh [--listeners N] [--tracks N] [--dim N] [--iterations N] [--numpy]
#
# Environment: SEGUE (a segue-bench binary; default built when missing), SEGUE_TARGET_CPU (build for that CPU, in
# .build-native), SEGUE_REBUILD=1, BENCH_VENV.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
VENV="${BENCH_VENV:-$ROOT/.build/bench-venv}"
SCRATCH="$ROOT/.build"
[ -z "${SEGUE_TARGET_CPU:-}" ] || SCRATCH="$ROOT/.build-native"
SEGUE="${SEGUE:-$SCRATCH/release/segue-bench}"
LISTENERS=5000 TRACKS=50000 DIM=64 ITERATIONS=15 REG=1 ALPHA=10 PEER_FLAGS=()
while [ $# -gt 0 ]; do
    case "$1" in
        --listeners) LISTENERS="$2"; shift 2 ;;
        --tracks) TRACKS="$2"; shift 2 ;;
        --dim) DIM="$2"; shift 2 ;;
        --iterations) ITERATIONS="$2"; shift 2 ;;
        --numpy) PEER_FLAGS+=(--numpy); shift ;;
        *) echo "run.sh: unknown option $1" >&2; exit 2 ;;
    esac
done
if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
fi
if ! "$VENV/bin/python" -c 'import numpy, scipy' 2>/dev/null; then
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check numpy scipy
fi
if ! "$VENV/bin/python" -c 'import implicit' 2>/dev/null; then
    # The peer falls back to a numpy transcription of the same algorithm when implicit will not install.
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check implicit || PEER_FLAGS+=(--numpy)
fi
if [ ! -x "$SEGUE" ] || [ "${SEGUE_REBUILD:-0}" = 1 ]; then
    command -v swift >/dev/null 2>&1 || export PATH="$PATH:/opt/swift/usr/bin"
    make -s -C "$ROOT" deps
    (cd "$ROOT" && swift build -c release --product segue-bench --scratch-path "$SCRATCH" >&2)
fi
echo "segue-bench built for: ${SEGUE_TARGET_CPU:-portable x86-64 (no -target-cpu)}; $(nproc) cores"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/segue-embed.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
COMMON=(--dim "$DIM" --iterations "$ITERATIONS" --regularization "$REG" --alpha "$ALPHA")
SEGUE_OUT="$("$SEGUE" embed --listeners "$LISTENERS" --tracks "$TRACKS" "${COMMON[@]}" --export "$WORK")"
echo "$SEGUE_OUT"
# implicit asks for single-threaded BLAS: its own threads do the parallel work.
PEER_OUT="$(OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 "$VENV/bin/python" "$HERE/peer.py" "$WORK" "${COMMON[@]}" \
    ${PEER_FLAGS[@]+"${PEER_FLAGS[@]}"})"
echo "$PEER_OUT"
wall() { sed -n 's/.*train[^:]*: \([0-9.]*\) s wall.*/\1/p' | head -1; }
S="$(echo "$SEGUE_OUT" | wall)"
P="$(echo "$PEER_OUT" | wall)"
python3 -c "print(f'ratio: peer wall / Segue wall = {float($P)/float($S):.2f}x (Segue is faster when above 1)')"
