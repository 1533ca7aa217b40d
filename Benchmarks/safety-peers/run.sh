#!/usr/bin/env bash
# Compare Segue's safety checker with better-profanity and alt-profanity-check
# on the labelled set, and measure throughput. Prints a Markdown report.
#
#   bash Benchmarks/safety-peers/run.sh [compare.py options, e.g. --min-lines 60000]
#
# Environment:
#   SEGUE           segue binary (default: <repo>/.build/release/segue; built when missing)
#   ITEMS           labelled JSONL (default: Tests/SegueSessionTests/Fixtures/safety/labelled.jsonl)
#   SEGUE_REBUILD=1 rebuild segue (release) even when the binary exists
#   PEERS_VENV      the Python venv (default: <repo>/.build/peers-venv, git-ignored)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
VENV="${PEERS_VENV:-$ROOT/.build/peers-venv}"
ITEMS="${ITEMS:-$ROOT/Tests/SegueSessionTests/Fixtures/safety/labelled.jsonl}"
DEFAULT_SEGUE="$ROOT/.build/release/segue"
SEGUE="${SEGUE:-$DEFAULT_SEGUE}"

# Pinned to versions that install from wheels on Python 3.11 (alt-profanity-check
# pins the scikit-learn its model was trained with).
REQS=(better-profanity==0.7.0 alt-profanity-check==1.9.1 scikit-learn==1.9.1 joblib==1.6.0)

say() { printf '%s\n' "run.sh: $*" >&2; }

# 1. The venv with the two peers.
if [ ! -x "$VENV/bin/python" ]; then
    PY=""
    for cand in python3.11 python3; do
        if command -v "$cand" >/dev/null 2>&1; then PY="$(command -v "$cand")"; break; fi
    done
    if [ -z "$PY" ]; then say "no python3 found"; exit 2; fi
    say "creating venv $VENV with $("$PY" --version 2>&1)"
    mkdir -p "$(dirname "$VENV")"
    if ! "$PY" -m venv "$VENV"; then
        say "python venv failed; installing Debian's python3-venv"
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv
        "$PY" -m venv "$VENV"
    fi
fi
VPY="$VENV/bin/python"
STAMP="$VENV/.segue-peers-reqs"
if [ "$(cat "$STAMP" 2>/dev/null || true)" != "${REQS[*]}" ] \
    || ! "$VPY" -c 'import better_profanity, profanity_check' >/dev/null 2>&1; then
    say "installing ${REQS[*]}"
    "$VPY" -m pip install -q --disable-pip-version-check "${REQS[@]}"
    "$VPY" -c 'import better_profanity, profanity_check' # fails loudly if they do not import
    printf '%s' "${REQS[*]}" >"$STAMP"
fi

# 2. Segue (release), built when missing. A failed build still lets the peers run:
#    compare.py then reports "segue check not available".
if [ "$SEGUE" = "$DEFAULT_SEGUE" ] && { [ ! -x "$SEGUE" ] || [ "${SEGUE_REBUILD:-0}" = 1 ]; }; then
    command -v swift >/dev/null 2>&1 || export PATH="$PATH:/opt/swift/usr/bin"
    say "building segue (release)"
    if command -v make >/dev/null 2>&1; then
        make -s -C "$ROOT" deps || say "warning: make deps failed"
    fi
    if ! (cd "$ROOT" && swift build -c release --product segue >&2); then
        say "warning: swift build failed; continuing with the peers only"
    fi
fi

# 3. The comparison.
exec "$VPY" "$HERE/compare.py" --segue "$SEGUE" --items "$ITEMS" "$@"
