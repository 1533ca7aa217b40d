#!/usr/bin/env bash
# The engine benchmark: sessions per minute from one long-lived SegueEngine (loaded once, then one session per
# listener in a row) against one `segue session` process per listener with the same options, on the sample
# catalog and on a synthetic catalog (100,000 tracks written as SQLite, every track playing a sample file).
# Prints the engine's load time, sessions per minute of each side and their ratio, the peak memory of the engine
# process and of one `segue session` process, and how many session.wav files the two sides made byte-identical.
#
#   bash Benchmarks/engine/run.sh [--listeners N] [--count N] [--tracks N] [--only sample|synthetic]
#
# Sessions are short (--count 3 tracks) so that the fixed cost of each process shows. A full run takes about
# 5-10 minutes on 2 cores, the 100,000-track side the longer. Builds the release `segue` and `segue-bench`
# first unless BENCH names a segue-bench binary (the segue beside it is the one run).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
LISTENERS=20 COUNT=3 TRACKS=100000 ONLY=""
while [ $# -gt 0 ]; do
    case "$1" in
        --listeners) LISTENERS="$2"; shift 2 ;;
        --count) COUNT="$2"; shift 2 ;;
        --tracks) TRACKS="$2"; shift 2 ;;
        --only) ONLY="$2"; shift 2 ;;
        *) echo "run.sh: unknown option $1" >&2; exit 2 ;;
    esac
done
if [ -z "${BENCH:-}" ]; then
    command -v swift >/dev/null 2>&1 || export PATH="$PATH:/opt/swift/usr/bin"
    make -s -C "$ROOT" deps
    (cd "$ROOT" && swift build -c release --product segue >&2)
    (cd "$ROOT" && swift build -c release --product segue-bench >&2)
    BENCH="$ROOT/.build/release/segue-bench"
fi
echo "# $(uptime)"
for catalog in sample synthetic; do
    [ -n "$ONLY" ] && [ "$ONLY" != "$catalog" ] && continue
    echo
    "$BENCH" engine --catalog "$catalog" --tracks "$TRACKS" --listeners "$LISTENERS" --count "$COUNT"
done
echo
echo "# $(uptime)"
