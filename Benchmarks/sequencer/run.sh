#!/usr/bin/env bash
# The sequencer benchmark: Segue scores a synthetic 1,000,000-track catalog (64-dim embeddings) for
# a listener and sequences 20 tracks, 50 times; a numpy peer does the same scoring and an MMR rerank
# on the same exported columns. Prints both and the ratio.
#
#   bash Benchmarks/sequencer/run.sh [--tracks N] [--runs N]
# (Loading the catalog from JSON and SQLite is Benchmarks/catalog-load.)
#
# Environment: SEGUE (a segue-bench binary; default built when missing), SEGUE_TARGET_CPU, SEGUE_REBUILD=1, BENCH_VENV.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
VENV="${BENCH_VENV:-$ROOT/.build/bench-venv}"
# The portable build never inspects the machine; this benchmark opts in to the build machine's CPU (AVX2 and
# friends, SEGUE_TARGET_CPU=haswell) when it has them, in its own build folder, and says which it measured.
if grep -q avx2 /proc/cpuinfo && grep -q fma /proc/cpuinfo && grep -q bmi2 /proc/cpuinfo && grep -q f16c /proc/cpuinfo \
    && grep -q movbe /proc/cpuinfo; then
    export SEGUE_TARGET_CPU="${SEGUE_TARGET_CPU-haswell}"
fi
SCRATCH="$ROOT/.build-native"
[ -n "${SEGUE_TARGET_CPU:-}" ] || SCRATCH="$ROOT/.build"
SEGUE="${SEGUE:-$SCRATCH/release/segue-bench}"
TRACKS=1000000 RUNS=50
while [ $# -gt 0 ]; do
    case "$1" in
        --tracks) TRACKS="$2"; shift 2 ;;
        --runs) RUNS="$2"; shift 2 ;;
        *) echo "run.sh: unknown option $1" >&2; exit 2 ;;
    esac
done
if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check numpy==2.3.5 || "$VENV/bin/python" -m pip install -q numpy
fi
if [ ! -x "$SEGUE" ] || [ "${SEGUE_REBUILD:-0}" = 1 ]; then
    command -v swift >/dev/null 2>&1 || export PATH="$PATH:/opt/swift/usr/bin"
    make -s -C "$ROOT" deps
    (cd "$ROOT" && swift build -c release --product segue-bench --scratch-path "$SCRATCH" >&2)
fi
echo "segue-bench built for: ${SEGUE_TARGET_CPU:-portable x86-64 (no -target-cpu)}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/segue-bench.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
SEGUE_OUT="$("$SEGUE" sequencer --tracks "$TRACKS" --runs "$RUNS" --export "$WORK/features")"
echo "$SEGUE_OUT"
PEER_OUT="$("$VENV/bin/python" "$HERE/peer.py" "$WORK/features" "$RUNS")"
echo "$PEER_OUT"
median() { sed -n 's/.*median \([0-9.]*\) ms.*/\1/p' | head -1; }
S="$(echo "$SEGUE_OUT" | grep 'segue score' | median)"
P="$(echo "$PEER_OUT" | median)"
python3 -c "print(f'ratio: numpy median / Segue median = {float($P)/float($S):.2f}x (Segue is faster when above 1)')"
