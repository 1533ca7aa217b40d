#!/usr/bin/env bash
# The render benchmark (issue 15, "Speed"): one fixed 60-minute DJ timeline (16 Ogg tracks of Debian's
# singularity-music, 15 espeak-ng clips, 6 s equal-power crossfades, -12 dB linear duck, the timeline's -14 LUFS gains,
# a -1 dBFS limiter, 44.1 kHz 16-bit stereo WAV) rendered by Liquidsoap, ffmpeg and sox (the peers' script in
# shared/bench/peers, which also times the decode floors and writes timeline.json), then by Segue's SessionMixer
# (`segue-render-bench`) on the same timeline.json, right after the peers, with the same number of timed runs after a
# warm-up, each run its own process under /usr/bin/time -v as the peers' are. Prints one table and the targets.
#
#   bash Benchmarks/render/run.sh                                  # 60-minute session: about 7-9 min on 2 cores
#   PEERS_TOTAL=300 PEERS_RUNS=1 bash Benchmarks/render/run.sh     # 5-minute smoke test: about 1 min
#
# Environment (the peers' script's, honoured by both sides): PEERS_TOTAL (session seconds, 3600), PEERS_RUNS (timed
# runs after a warm-up, 2), PEERS_TMP (scratch and outputs, /tmp/peers), PEERS_PIN (a CPU list: taskset every run, Segue's
# too), PEERS_ONLY (a subset of the peers). Also BENCH (a segue-render-bench binary; default: built in release here) and
# PEERS_SCRIPT (default: shared/bench/peers/render_peers.sh beside the repository).
# Results: $PEERS_TMP/results.tsv (the peers), $PEERS_TMP/time/segue.tsv (Segue's runs), $PEERS_TMP/render.md (the table).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
PEERS_SCRIPT="${PEERS_SCRIPT:-$(dirname "$ROOT")/shared/bench/peers/render_peers.sh}"
export PEERS_TMP="${PEERS_TMP:-/tmp/peers}" PEERS_TOTAL="${PEERS_TOTAL:-3600}" PEERS_RUNS="${PEERS_RUNS:-2}"
T="$PEERS_TMP"
RUNS="$PEERS_RUNS"
say() { printf 'render/run.sh: %s\n' "$*" >&2; }

[ -f "$PEERS_SCRIPT" ] || { say "$PEERS_SCRIPT: missing (the peers' script, in shared/ beside the repository)"; exit 2; }

# 1. The peers, their music and the measuring tools, from Debian (only what is missing).
missing=""
for package in liquidsoap sox libsox-fmt-all ffmpeg espeak-ng singularity-music time bc python3; do
    dpkg -s "$package" >/dev/null 2>&1 || missing="$missing $package"
done
if [ -n "$missing" ]; then
    SUDO=""
    [ "$(id -u)" = 0 ] || SUDO=sudo
    say "installing Debian packages:$missing"
    $SUDO apt-get update -qq
    # shellcheck disable=SC2086 # one word per package
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >&2
fi

# 2. segue-render-bench, release.
if [ -z "${BENCH:-}" ]; then
    command -v swift >/dev/null 2>&1 || export PATH="$PATH:/opt/swift/usr/bin"
    make -s -C "$ROOT" deps
    (cd "$ROOT" && swift build -c release --product segue-render-bench >&2)
    BENCH="$ROOT/.build/release/segue-render-bench"
fi

echo "# before the peers: $(uptime)"
# 3. The peers: inputs and timeline.json, then a warm-up and $RUNS timed runs of each peer and floor.
bash "$PEERS_SCRIPT"
echo "# after the peers: $(uptime)"

# 4. Segue, right after: a warm-up and $RUNS timed runs, each its own process, measured as the peers are.
mkdir -p "$T/time" "$T/log" "$T/out"
TIMELINE="$T/inputs/timeline.json"
pin=()
[ -n "${PEERS_PIN:-}" ] && pin=(taskset -c "$PEERS_PIN")
tv() { awk -F': ' -v k="$2" 'index($0,k){print $NF}' "$1" | head -1; }
wall_s() { tv "$1" "Elapsed (wall clock)" | awk -F: '{s=0; for(i=1;i<=NF;i++) s=s*60+$i; printf "%.2f", s}'; }
: >"$T/time/segue.tsv"
# The machine's busy CPU time (jiffies, all CPUs): what other processes take during Segue's runs shows beside them.
busy() { awk '/^cpu /{print $2+$3+$4+$7+$8+$9}' /proc/stat; }
busy_before=$(busy)
say "timing segue (warm-up + $RUNS runs)"
for i in $(seq 0 "$RUNS"); do # run 0 = warm-up (not reported)
    rc=0
    "${pin[@]}" /usr/bin/time -v -o "$T/time/segue.$i.txt" "$BENCH" --timeline "$TIMELINE" \
        --out "$T/out/segue.wav" --runs 1 --no-measure >"$T/log/segue.$i.log" 2>&1 || rc=$?
    if [ "$rc" != 0 ]; then
        say "segue run $i failed (rc $rc): $(tail -3 "$T/log/segue.$i.log" | tr '\n' ' ')"
        exit 1
    fi
    if [ "$i" -gt 0 ]; then
        printf 'segue\t%d\t%s\t%.2f\t%.1f\t%d\n' "$i" "$(wall_s "$T/time/segue.$i.txt")" \
            "$(echo "$(tv "$T/time/segue.$i.txt" 'User time (seconds)') + $(tv "$T/time/segue.$i.txt" 'System time (seconds)')" | bc)" \
            "$(echo "scale=1; $(tv "$T/time/segue.$i.txt" 'Maximum resident set size') / 1024" | bc)" "$rc" \
            >>"$T/time/segue.tsv"
    fi
done
busy_after=$(busy)
own=$(for i in $(seq 0 "$RUNS"); do cat "$T/time/segue.$i.txt"; done | awk -F': ' '/User time|System time/{s+=$NF} END{printf "%.1f", s}')
echo "# after Segue: $(uptime)"
echo "# during Segue's runs the machine was busy $(echo "scale=1; ($busy_after - $busy_before) / $(getconf CLK_TCK)" | bc) CPU-s, Segue's runs (warm-up included) $own CPU-s"

# 5. Segue's output, measured (libebur128, and ffmpeg's ebur128 as the peers' outputs are) and compared with the
#    ffmpeg render outside the talk spans. Untimed.
compare=()
[ -s "$T/out/ffmpeg.wav" ] && compare=(--compare "$T/out/ffmpeg.wav")
"$BENCH" --timeline "$TIMELINE" --out "$T/out/segue.wav" --runs 0 "${compare[@]}" >"$T/log/segue.compare.log"
ffmpeg -nostdin -nostats -hide_banner -i "$T/out/segue.wav" -af ebur128=peak=true -f null - 2>&1 |
    awk '/Summary:/{s=1} s&&/ I:/{i=$2} s&&/Peak:/{p=$2} END{print i, p}' >"$T/log/segue.ffmpeg-ebur128.txt"

# 6. One table.
python3 "$HERE/table.py" "$T" "$PEERS_TOTAL" "$RUNS" | tee "$T/render.md"
echo "(outputs: $T/out/*.wav; Segue's compare: $T/log/segue.compare.log; raw time -v: $T/time/)"
