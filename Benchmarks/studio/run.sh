#!/usr/bin/env bash
# The Segue Studio load benchmark: builds the release `segue`, makes a fresh studio data folder with an admin
# account and an API token (`segue user add ... --token`), starts `segue serve` on loopback over the sample catalog,
# and runs Debian's wrk (installed when missing) for DURATION with CONNECTIONS connections on THREADS threads
# against three routes:
#   lineup  GET /api/listeners/ana/lineup?minutes=10   Authorization: Bearer (the sequencer per request)
#   page    GET /                                      Authorization: Bearer (the listener page, sessions list)
#   static  GET /assets/studio.css                     the floor: the same server, no work per request
# Prints requests/s, p99 latency and errors for each, the ratio to the static floor, and PASS when every route's
# p99 is at most 50 ms with no errors, else FAIL (exit 1).
#
#   bash Benchmarks/studio/run.sh            # DURATION=10s CONNECTIONS=50 THREADS=2; SEGUE=path skips the build
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
DURATION="${DURATION:-10s}" CONNECTIONS="${CONNECTIONS:-50}" THREADS="${THREADS:-2}" TARGET_MS=50
SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
if ! command -v wrk >/dev/null 2>&1; then
    $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq wrk >&2
fi
if [ -z "${SEGUE:-}" ]; then
    command -v swift >/dev/null 2>&1 || export PATH="$PATH:/opt/swift/usr/bin"
    make -s -C "$ROOT" deps
    (cd "$ROOT" && swift build -c release --product segue >&2)
    SEGUE="$ROOT/.build/release/segue"
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/segue-studio-bench.XXXXXX")"
SERVER=""
cleanup() {
    if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT
echo "a long benchmark password" > "$WORK/password"
TOKEN="$("$SEGUE" user add bench --role admin --password-file "$WORK/password" --token --data "$WORK/data" \
    | sed -n 's/^API token (shown once): //p')"
[ -n "$TOKEN" ] || { echo "run.sh: segue user add printed no token" >&2; exit 1; }
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
(cd "$ROOT" && exec "$SEGUE" serve --hostname 127.0.0.1 --port "$PORT" --data "$WORK/data") >"$WORK/serve.log" 2>&1 &
SERVER=$!
BASE="http://127.0.0.1:$PORT"
for _ in $(seq 1 300); do
    curl -fs -o /dev/null "$BASE/openapi.json" && break
    kill -0 "$SERVER" 2>/dev/null || { cat "$WORK/serve.log" >&2; exit 1; }
    sleep 0.2
done
curl -fs -o /dev/null -H "Authorization: Bearer $TOKEN" "$BASE/api/listeners/ana/lineup?minutes=10" \
    || { echo "run.sh: the lineup route does not answer 200" >&2; exit 1; }

# "1.23ms" / "850.00us" / "1.02s" in milliseconds.
milliseconds() {
    awk -v t="$1" 'BEGIN { n = t + 0; if (t ~ /us$/) n /= 1000; else if (t ~ /ms$/) n += 0; else if (t ~ /s$/) n *= 1000;
        printf "%.2f", n }'
}

declare -A RPS P99 ERRORS
run() {
    local name="$1" path="$2"; shift 2
    local out="$WORK/$name.txt"
    wrk --latency -d "$DURATION" -c "$CONNECTIONS" -t "$THREADS" "$@" "$BASE$path" >"$out"
    RPS[$name]="$(awk '/^Requests\/sec:/ { print $2 }' "$out")"
    P99[$name]="$(milliseconds "$(awk '$1 == "99%" { print $2 }' "$out")")"
    local non2xx socket
    non2xx="$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$out")"
    socket="$(awk '/Socket errors:/ { gsub(",", ""); print $4 + $6 + $8 + $10 }' "$out")"
    ERRORS[$name]=$(( ${non2xx:-0} + ${socket:-0} ))
}
AUTH=(-H "Authorization: Bearer $TOKEN")
# A short warm-up, not counted: the first requests fill the server's caches (each track's audio check, the listener
# file) and grow its allocator's arenas.
wrk -d 3s -c "$CONNECTIONS" -t "$THREADS" "${AUTH[@]}" "$BASE/api/listeners/ana/lineup?minutes=10" >/dev/null
run static /assets/studio.css
run lineup "/api/listeners/ana/lineup?minutes=10" "${AUTH[@]}"
run page / "${AUTH[@]}"

echo "wrk --latency -d $DURATION -c $CONNECTIONS -t $THREADS, $(nproc) cores, loopback"
printf '%-8s %12s %10s %8s %14s\n' route "requests/s" "p99 ms" errors "vs static"
verdict=PASS
for name in lineup page static; do
    ratio="$(awk -v a="${RPS[$name]}" -v b="${RPS[static]}" 'BEGIN { printf "%.3f", (b > 0 ? a / b : 0) }')"
    printf '%-8s %12s %10s %8s %14s\n' "$name" "${RPS[$name]}" "${P99[$name]}" "${ERRORS[$name]}" "$ratio"
    if awk -v p="${P99[$name]}" -v t="$TARGET_MS" 'BEGIN { exit !(p > t) }' || [ "${ERRORS[$name]}" != 0 ]; then
        verdict=FAIL
    fi
done
echo "target: p99 <= ${TARGET_MS} ms and no errors on every route: $verdict"
[ "$verdict" = PASS ]
