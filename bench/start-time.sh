#!/usr/bin/env bash
# Restart to ready, with and without a class-data-sharing archive (AppCDS, JDK 17+): extracts the server's fat jar
# (Spring Boot's `-Djarmode=tools extract`: a plain class path, which CDS needs), makes the archive with one training
# start that stops right after the context refresh (`-Dspring.context.exit=onRefresh -XX:ArchiveClassesAtExit`), then
# starts the server --runs times each way on the same data directory (second start: same data) and prints, per
# start, the time until /actuator/health/readiness answers and the server's CPU seconds until then. Bounded; loopback
# only; each server is stopped before the next starts.
#
#   bench/start-time.sh [--runs N] [--out DIR]
#
# The archive is specific to the JDK build and the jar: make it again after either changes. To run with it:
#   java -XX:SharedArchiveFile=DIR/app.jsa -jar DIR/auth-server-0.1.0-SNAPSHOT.jar …
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR="$ROOT/auth-server/target/auth-server-0.1.0-SNAPSHOT.jar"
RUNS=2
OUT=
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    -h|--help) awk 'NR > 1 && /^#/ { print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "start-time.sh: unknown option $1" >&2; exit 64 ;;
  esac
done
[ -f "$JAR" ] || (cd "$ROOT" && timeout 900 mvn -B -q -o -DskipTests package >&2)
TMP=$(mktemp -d)
OUT=${OUT:-$TMP/app}
PID=
cleanup() {
  if [ -n "$PID" ]; then kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; fi
  rm -rf "$TMP"
}
trap cleanup EXIT INT TERM
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
ARGS=(--server.port="$PORT" --yiwang.issuer="http://127.0.0.1:$PORT" --yiwang.embedded.data-dir="$TMP/data")
rm -rf "$OUT"
timeout 300 java -Djarmode=tools -jar "$JAR" extract --destination "$OUT" >&2
APP="$OUT/$(basename "$JAR")"
echo "[start-time.sh] training start (makes the data and the archive)" >&2
timeout 900 java -Xmx512m -XX:ArchiveClassesAtExit="$OUT/app.jsa" -Dspring.context.exit=onRefresh \
  -jar "$APP" "${ARGS[@]}" >"$TMP/train.log" 2>&1

echo "| start | ready (s) | server CPU until ready (s) | machine load average |"
echo "|---|---:|---:|---|"
for run in $(seq 1 "$RUNS"); do
  for mode in plain cds; do
    FLAGS=(-Xmx512m)
    [ "$mode" = cds ] && FLAGS+=(-XX:SharedArchiveFile="$OUT/app.jsa")
    start=$(date +%s%N)
    java "${FLAGS[@]}" -jar "$APP" "${ARGS[@]}" >"$TMP/$mode.log" 2>&1 &
    PID=$!
    ready=
    for _ in $(seq 1 3000); do
      if curl -fs -o /dev/null "http://127.0.0.1:$PORT/actuator/health/readiness"; then ready=1; break; fi
      kill -0 "$PID" 2>/dev/null || break
      sleep 0.1
    done
    end=$(date +%s%N)
    cpu=$(awk -v hz="$(getconf CLK_TCK)" '{printf "%.1f", ($14 + $15) / hz}' "/proc/$PID/stat")
    kill "$PID"; wait "$PID" 2>/dev/null || true; PID=
    [ -n "$ready" ] || { echo "start-time.sh: the $mode start did not become ready (see its log)" >&2; exit 1; }
    echo "| $mode #$run | $(awk -v a="$start" -v b="$end" 'BEGIN {printf "%.1f", (b - a) / 1e9}') | $cpu |" \
      "$(cut -d' ' -f1-3 /proc/loadavg) |"
  done
done
