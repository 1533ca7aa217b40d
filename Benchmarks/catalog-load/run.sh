#!/usr/bin/env bash
# The catalog-load benchmark: a synthetic 1,000,000-track catalog with 64-dim embeddings, written as
# JSON and as SQLite, each loaded into memory --runs times through the loader every --catalog uses.
# Prints file sizes, write times, the median load time and peak memory of each form, and the ratio.
#
#   bash Benchmarks/catalog-load/run.sh [--tracks N] [--dimension N] [--runs N] [--skip-json]
#
# At 1M tracks the files take about 1.3 GB under TMPDIR, the JSON loads need a few GB of memory
# and several minutes (--skip-json times SQLite alone). Builds the release `segue-bench` first unless
# SEGUE names one.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
TRACKS=1000000 DIMENSION=64 RUNS=3 EXTRA=()
while [ $# -gt 0 ]; do
    case "$1" in
        --tracks) TRACKS="$2"; shift 2 ;;
        --dimension) DIMENSION="$2"; shift 2 ;;
        --runs) RUNS="$2"; shift 2 ;;
        --skip-json) EXTRA+=(--skip-json); shift ;;
        *) echo "run.sh: unknown option $1" >&2; exit 2 ;;
    esac
done
if [ -z "${SEGUE:-}" ]; then
    command -v swift >/dev/null 2>&1 || export PATH="$PATH:/opt/swift/usr/bin"
    make -s -C "$ROOT" deps
    (cd "$ROOT" && swift build -c release --product segue-bench >&2)
    SEGUE="$ROOT/.build/release/segue-bench"
fi
"$SEGUE" catalog --tracks "$TRACKS" --dimension "$DIMENSION" --runs "$RUNS" "${EXTRA[@]}"
