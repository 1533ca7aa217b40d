#!/usr/bin/env bash
# The library import benchmark: analysis throughput (tags, decode, loudness, tempo, key, energy, silences, intro,
# fingerprint) in × realtime per core on synthetic Ogg Vorbis files, printed beside ffmpeg's EBU R128 meter alone
# (`ffmpeg -af ebur128`) on the same files in the same run; then the import of a 100,000-entry Spotify history
# against a 20,000-track catalog, and the same file imported again.
#
#   bash Benchmarks/import/run.sh [--files N] [--seconds S] [--plays N] [--tracks N]
#
# Installs ffmpeg (the peer) from Debian if missing, builds the release segue-bench unless BENCH names one.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
if ! command -v ffmpeg >/dev/null 2>&1; then
    apt-get install -y -qq ffmpeg >/dev/null || { apt-get update -qq && apt-get install -y -qq ffmpeg >/dev/null; }
fi
if [ -z "${BENCH:-}" ]; then
    command -v swift >/dev/null 2>&1 || export PATH="$PATH:/opt/swift/usr/bin"
    make -s -C "$ROOT" deps
    (cd "$ROOT" && swift build -c release --product segue-bench >&2)
    BENCH="$ROOT/.build/release/segue-bench"
fi
echo "# $(uptime)"
"$BENCH" import "$@"
echo "# $(uptime)"
