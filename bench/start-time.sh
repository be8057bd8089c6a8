#!/usr/bin/env bash
# Restart to ready and idle memory: the server started plainly (`java -Xmx512m -jar` the fat jar) against the
# launcher (bin/yiwang-id: production JVM settings and the class archive made from the build, the JDK 25 AOT
# cache or JDK 17 AppCDS). One first start through the launcher makes the data directory and, in the launcher's
# training start, the archive; then the server is started --runs times each way on that same data (second start:
# same data) and for each start the script prints the time until /actuator/health/readiness answers, the server's
# CPU seconds until then (fairer than the wall time on a shared machine), the CPU of its main thread and of the JIT
# compiler threads, and the resident memory (VmRSS of the JVM) after --idle seconds of idleness. Bounded (every
# wait has a limit); loopback only; each server is stopped before the next starts.
#
#   bench/start-time.sh [--runs N] [--idle S] [--jdk DIR] [--keep-cache]
#
#   --runs N      starts per way (default 2)
#   --idle S      seconds between ready and the RSS reading (default 10)
#   --jdk DIR     the JDK to run on (default JAVA_HOME, else java on the PATH), e.g. /usr/lib/jvm/temurin-25-jdk-amd64
#   --keep-cache  use the launcher's usual cache (auth-server/target/yiwang-id-cache) instead of a fresh one, so an
#                 archive made earlier is reused and the first start does not train
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR="$ROOT/auth-server/target/auth-server-0.1.0-SNAPSHOT.jar"
RUNS=2
IDLE=10
KEEP_CACHE=
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS=$2; shift 2 ;;
    --idle) IDLE=$2; shift 2 ;;
    --jdk) export JAVA_HOME=$2; shift 2 ;;
    --keep-cache) KEEP_CACHE=1; shift ;;
    -h|--help) awk 'NR > 1 && /^#/ { print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "start-time.sh: unknown option $1" >&2; exit 64 ;;
  esac
done
JAVA=java
[ -n "${JAVA_HOME:-}" ] && JAVA="$JAVA_HOME/bin/java"
[ -f "$JAR" ] || (cd "$ROOT" && timeout 900 mvn -B -q -o -DskipTests package >&2)
TMP=$(mktemp -d)
[ -n "$KEEP_CACHE" ] || export YIWANG_CACHE_DIR="$TMP/cache"
PID=
stop() {
  [ -n "$PID" ] || return 0
  kill "$PID" 2>/dev/null || true
  for _ in $(seq 1 300); do kill -0 "$PID" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$PID" 2>/dev/null || true
  wait "$PID" 2>/dev/null || true
  PID=
}
cleanup() { stop; rm -rf "$TMP"; }
trap cleanup EXIT INT TERM
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
ARGS=(--server.port="$PORT" --yiwang.issuer="http://127.0.0.1:$PORT" --yiwang.embedded.data-dir="$TMP/data")
HZ=$(getconf CLK_TCK)

# CPU seconds of the given /proc/PID/task/*/stat files whose thread name matches the pattern
threads_cpu() {
  local pattern=$1
  for t in /proc/"$PID"/task/*; do
    printf '%s\t%s\n' "$(cat "$t/comm" 2>/dev/null)" "$(sed 's/^.*) //' "$t/stat" 2>/dev/null)"
  done | awk -F'\t' -v p="$pattern" -v hz="$HZ" '$1 ~ p { split($2, f, " "); s += f[12] + f[13] }
    END { printf "%.1f", s / hz }'
}

# starts one server (the command in the arguments) in the background and waits for readiness; prints a table row
measure() {
  local name=$1; shift
  local start end ready=
  start=$(date +%s%N)
  "$@" >"$TMP/$name.log" 2>&1 &
  PID=$!
  for _ in $(seq 1 3000); do
    if curl -fs -o /dev/null "http://127.0.0.1:$PORT/actuator/health/readiness"; then ready=1; break; fi
    kill -0 "$PID" 2>/dev/null || break
    sleep 0.1
  done
  end=$(date +%s%N)
  [ -n "$ready" ] || { echo "start-time.sh: the $name start did not become ready (see below)" >&2; tail -20 "$TMP/$name.log" >&2; exit 1; }
  local cpu main jit load rss
  cpu=$(awk -v hz="$HZ" '{ sub(/^.*\) /, ""); split($0, f, " "); printf "%.1f", (f[12] + f[13]) / hz }' "/proc/$PID/stat")
  main=$(threads_cpu '^java$')
  jit=$(threads_cpu '^C[12] CompilerThre')
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  sleep "$IDLE"
  rss=$(awk '/VmRSS/ { print int($2 / 1024) }' "/proc/$PID/status")
  stop
  echo "| $name | $(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", (b - a) / 1e9 }') | $cpu | $main | $jit | $rss | $load |"
}

"$JAVA" -version 2>&1 | head -1 >&2
echo "[start-time.sh] first start through the launcher: makes the data and, in its training start, the archive" >&2
measure first "$ROOT/bin/yiwang-id" "${ARGS[@]}" >/dev/null
grep -h '^yiwang-id:' "$TMP/first.log" >&2 || true

echo "| start (same data) | ready (s) | server CPU until ready (s) | main thread CPU (s) | JIT compiler CPU (s) | RSS after ${IDLE} s idle (MiB) | load average |"
echo "|---|---:|---:|---:|---:|---:|---|"
for run in $(seq 1 "$RUNS"); do
  measure "plain #$run" "$JAVA" -Xmx512m -jar "$JAR" "${ARGS[@]}"
  measure "launcher #$run" "$ROOT/bin/yiwang-id" "${ARGS[@]}"
done
