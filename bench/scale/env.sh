# Shared settings and helpers of the scale benchmark; sourced by the other scripts, not run.
# Everything stays on loopback, in the database yiwang_scale and in Redis database 3.

SCALE_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
WORK="${SCALE_WORK:-/tmp/yiwang-scale}"          # keys, server log, raw pgbench logs (never committed)
RESULTS="${SCALE_RESULTS:-$SCALE_DIR/results}"   # small text results, committed
PGHOST=127.0.0.1
PGPORT=5432
PGUSER=postgres
DB=yiwang_scale
REDIS_DB=3
PORT="${SCALE_PORT:-9310}"
BASE="http://127.0.0.1:$PORT"
JAR="${SCALE_JAR:-$WORK/auth-server.jar}"
export PGHOST PGPORT PGUSER
mkdir -p "$WORK" "$RESULTS"

psql_db() { psql -X -q -v ON_ERROR_STOP=1 -d "$DB" "$@"; }
rcli() { redis-cli -h 127.0.0.1 -p 6379 -n "$REDIS_DB" "$@"; }

log() { echo "[$(date +%H:%M:%S)] $*" >&2; }

# Wait (at most 10 minutes) until nobody runs the throughput benchmark and the 1-minute load is
# below 3; prints the load measured at that moment (or the last one seen, marked, if the wait ran out).
wait_quiet() {
  local deadline=$((SECONDS + 600)) load
  while :; do
    load=$(cut -d' ' -f1 /proc/loadavg)
    if ! pgrep -f LoadTest.java >/dev/null && awk -v l="$load" 'BEGIN{exit !(l < 3)}'; then
      echo "$load"; return 0
    fi
    if ((SECONDS >= deadline)); then
      log "still busy after 10 min (load $load, LoadTest: $(pgrep -f LoadTest.java | tr '\n' ' ')); measuring anyway"
      echo "${load}(busy)"; return 0
    fi
    sleep 10
  done
}

# Seeding is not a measurement, but it takes a core: it waits (at most 10 minutes) while the other
# team's throughput benchmark runs, so as not to disturb it.
wait_no_loadtest() {
  local deadline=$((SECONDS + 600))
  while pgrep -f LoadTest.java >/dev/null && ((SECONDS < deadline)); do sleep 10; done
}

# Whole-machine CPU (all processes, this measurement included): busy ticks from /proc/stat, and the busy share
# of both cores between two readings, in percent
busy_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9; exit}' /proc/stat | tr ' ' ,; }
busy_pct() { awk -v a="$1" -v b="$2" 'BEGIN {split(a, x, ","); split(b, y, ","); if (y[2] > x[2]) printf "%.0f", 100 * (y[1] - x[1]) / (y[2] - x[2]); else print "?"}'; }
loadtest_running() { pgrep -f LoadTest.java >/dev/null && echo yes || echo no; }

keys_file="$WORK/keys.env"
# Random keys of this benchmark run, generated once and reused by the seeding and the server.
ensure_keys() {
  if [[ ! -s "$keys_file" ]]; then
    umask 077
    {
      echo "MASTER_KEY=$(head -c 32 /dev/urandom | base64 -w0)"
      echo "DATA_KEY=$(head -c 32 /dev/urandom | base64 -w0)"
      echo "BLIND_INDEX_KEY=$(head -c 32 /dev/urandom | base64 -w0)"
    } >"$keys_file"
  fi
  # shellcheck disable=SC1090
  source "$keys_file"
}

BENCH_PASSWORD='Scale@2026!'
