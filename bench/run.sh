#!/usr/bin/env bash
# `make bench`: the Google Benchmark suites (build/bench/bench_*), then the sipp load runs
# (bench/sipp/loadtest.py: call setup rate, registrations with digest auth, RSS), each against a
# fresh server on free loopback ports. Prints a table of figures at the end; the raw outputs are
# kept in build/bench-results/. Bounded: about 6 minutes on the 2-core development machine, and
# never more than 15 (the load runs are killed then); then the media load run
# (bench/sipp/media_load.py: 250, 500, 1,000 concurrent relayed, recorded G.711 calls, ~2.5 minutes,
# killed at 5; MEDIA_LOAD=0 skips it, MEDIA_LEVELS / MEDIA_LOAD_ARGS change it); then the IVR load
# run (bench/sipp/ivr_load.py: 250, 500, 1,000, 1,500 concurrent calls in an IVR flow with prompts
# and RFC 4733 keys, ~4 minutes, killed at 7; IVR_LOAD=0 skips it, IVR_LEVELS / IVR_LOAD_ARGS
# change it); then the CTI latency run (bench/sipp/cti_latency.py: INVITE to call.offered with 500
# agent WebSockets open, ~1 minute, killed at 5; CTI_LATENCY=0 skips it, CTI_LATENCY_ARGS changes it).
#
# Environment: BENCH_MIN_TIME (seconds per Google benchmark, default 0.3), LOADTEST_ARGS (extra
# arguments for loadtest.py, e.g. "--runs calls --call-rates 100,200").
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="$ROOT/build"
OUT="$BUILD/bench-results"
MIN_TIME="${BENCH_MIN_TIME:-0.3}"

if [[ ! -x "$BUILD/hotline" ]]; then
  echo "bench: $BUILD/hotline is missing; run 'make bench' (it builds first)" >&2
  exit 1
fi
command -v sipp >/dev/null || { echo "bench: sipp not found (apt-get install sip-tester)" >&2; exit 1; }

rm -rf "$OUT"
mkdir -p "$OUT"
loadtest_pid=""
cleanup() {
  if [[ -n "$loadtest_pid" ]] && kill -0 "$loadtest_pid" 2>/dev/null; then
    kill -TERM "$loadtest_pid" 2>/dev/null || true  # it ends its server and sipp processes
    wait "$loadtest_pid" 2>/dev/null || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# 1,000 held calls need ~4,000 RTP sockets plus sipp's own.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

echo "== Google Benchmark suites (min time ${MIN_TIME} s each)"
for suite in "$BUILD"/bench/bench_*; do
  [[ -x "$suite" && -f "$suite" ]] || continue
  name="$(basename "$suite")"
  echo "-- $name"
  "$suite" --benchmark_min_time="$MIN_TIME" --benchmark_out="$OUT/$name.json" \
    --benchmark_out_format=json 2>&1 | tee "$OUT/$name.txt"
done

echo "== sipp load runs (bench/sipp/loadtest.py)"
# shellcheck disable=SC2086  # LOADTEST_ARGS is a list of arguments
timeout --signal=TERM --kill-after=20 900 \
  python3 "$ROOT/bench/sipp/loadtest.py" --binary "$BUILD/hotline" --json "$OUT/loadtest.json" \
  ${LOADTEST_ARGS:-} > "$OUT/loadtest.txt" 2> >(tee "$OUT/loadtest.log" >&2) &
loadtest_pid=$!
wait "$loadtest_pid" || echo "bench: loadtest.py exited with $?" >&2
loadtest_pid=""

if [[ "${MEDIA_LOAD:-1}" != 0 ]]; then
  echo "== media load: relayed G.711 calls with recording (bench/sipp/media_load.py)"
  # shellcheck disable=SC2086  # MEDIA_LOAD_ARGS is a list of arguments
  timeout --signal=TERM --kill-after=20 300 \
    python3 "$ROOT/bench/sipp/media_load.py" --binary "$BUILD/hotline" --json "$OUT/media_load.json" \
    --levels "${MEDIA_LEVELS:-250,500,1000}" ${MEDIA_LOAD_ARGS:-} > "$OUT/media_load.txt" \
    2> >(tee "$OUT/media_load.log" >&2) &
  loadtest_pid=$!
  wait "$loadtest_pid" || echo "bench: media_load.py exited with $?" >&2
  loadtest_pid=""
fi

if [[ "${IVR_LOAD:-1}" != 0 ]]; then
  echo "== IVR load: calls in a flow with prompts and RFC 4733 keys (bench/sipp/ivr_load.py)"
  # shellcheck disable=SC2086  # IVR_LOAD_ARGS is a list of arguments
  timeout --signal=TERM --kill-after=20 420 \
    python3 "$ROOT/bench/sipp/ivr_load.py" --binary "$BUILD/hotline" --json "$OUT/ivr_load.json" \
    --levels "${IVR_LEVELS:-250,500,1000,1500}" ${IVR_LOAD_ARGS:-} > "$OUT/ivr_load.txt" \
    2> >(tee "$OUT/ivr_load.log" >&2) &
  loadtest_pid=$!
  wait "$loadtest_pid" || echo "bench: ivr_load.py exited with $?" >&2
  loadtest_pid=""
fi

if [[ "${CTI_LATENCY:-1}" != 0 ]]; then
  echo "== CTI latency: INVITE to call.offered with 500 agent sockets (bench/sipp/cti_latency.py)"
  # shellcheck disable=SC2086  # CTI_LATENCY_ARGS is a list of arguments
  timeout --signal=TERM --kill-after=20 300 \
    python3 "$ROOT/bench/sipp/cti_latency.py" --binary "$BUILD/hotline" --json "$OUT/cti_latency.json" \
    ${CTI_LATENCY_ARGS:-} > "$OUT/cti_latency.txt" 2> >(tee "$OUT/cti_latency.log" >&2) &
  loadtest_pid=$!
  wait "$loadtest_pid" || echo "bench: cti_latency.py exited with $?" >&2
  loadtest_pid=""
fi

echo
echo "== Figures ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); raw outputs in $OUT)"
python3 - "$OUT" <<'EOF'
import glob, json, os, sys
out = sys.argv[1]
for path in sorted(glob.glob(os.path.join(out, "bench_*.json"))):
    with open(path) as f:
        data = json.load(f)
    suite = os.path.basename(path)[:-5]
    for b in data.get("benchmarks", []):
        if b.get("error_occurred"):
            value = "error: " + b.get("error_message", "")
        else:
            value = f"{b['real_time']:.3g} {b['time_unit']}"
            if "seconds_per_packet" in b:
                value += f", {b['seconds_per_packet'] * 1e6:.2f} µs/packet"
            if b.get("label"):
                value += f" ({b['label']})"
        print(f"{suite + ' ' + b['name']:<42}  {value}")
EOF
cat "$OUT/loadtest.txt"
[[ -f "$OUT/media_load.txt" ]] && { echo; echo "media load (concurrent relayed G.711 calls, recorded):"; cat "$OUT/media_load.txt"; }
if [[ -f "$OUT/ivr_load.txt" ]]; then
  echo
  echo "IVR load (concurrent calls in a flow, prompts, RFC 4733 keys, recorded):"
  cat "$OUT/ivr_load.txt"
fi
if [[ -f "$OUT/cti_latency.txt" ]]; then
  echo
  echo "CTI latency (INVITE sent by the trunk to call.offered on the agent's WebSocket, ms):"
  cat "$OUT/cti_latency.txt"
fi
