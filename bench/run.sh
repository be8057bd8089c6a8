#!/usr/bin/env bash
# Yiwang ID load benchmark: starts a server of its own on a free loopback port, runs the scenarios of
# bench/LoadTest.java one after the other, stops the server and prints a Markdown report on stdout
# (progress and the load generator's raw output go to stderr). Everything is bounded in time.
#
#   bench/run.sh [--mode embedded|postgres] [--warmup S] [--duration S] [--concurrency N]
#                [--scenarios "client-credentials refresh login jwks"] [--max-busy PCT] [--load-wait S]
#                [--retry-others PCT] [--max-requests N] [--prewarm S]
#
# Scenarios: client-credentials, refresh, login, jwks (the default list, which has Keycloak figures and
# targets), and saml-sso (IdP-initiated SAML sign-on with a signed-in session) and saml-metadata (GET
# /saml2/idp/metadata), run only when named: --scenarios "saml-sso saml-metadata".
# --mode embedded (default): H2 + embedded Redis in a temporary data directory, demo data seeded.
# --mode postgres: the machine's PostgreSQL (database yiwang_bench, dropped and created anew) and Redis
#   (127.0.0.1:6379, database 2, flushed), fresh random keys; the demo account and clients are seeded
#   by forcing the embedded defaults on (yiwang.embedded.enabled=true), which with a datasource and a
#   Redis host configured only adds the demo data.
# Before each scenario the machine is sampled for 5 s; while it is busier than --max-busy percent
# (default 25; the machine is shared) the run waits, up to --load-wait seconds in all (default 600),
# then goes on and says so in the report. A scenario during which other processes used more than
# --retry-others percent of the machine (default 15; 35 in postgres mode, where PostgreSQL and Redis count
# among them) is run once more, and the less disturbed run is kept. Before the measured scenarios the server
# is pre-warmed with every scenario for --prewarm seconds each (default 30, unmeasured): its JIT compiler is
# still busy for a minute or more, which would otherwise show up as CPU per operation in the first rows.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR="$ROOT/auth-server/target/auth-server-0.1.0-SNAPSHOT.jar"
MODE=embedded
WARMUP=10
DURATION=30
CONCURRENCY=16
SCENARIOS="client-credentials refresh login jwks"
MAX_BUSY=25
LOAD_WAIT=600
MAX_REQUESTS=1000000
RETRY_OTHERS=
PREWARM=30

while [ $# -gt 0 ]; do
  case "$1" in
    --mode) MODE=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --concurrency) CONCURRENCY=$2; shift 2 ;;
    --scenarios) SCENARIOS=$2; shift 2 ;;
    --max-busy) MAX_BUSY=$2; shift 2 ;;
    --load-wait) LOAD_WAIT=$2; shift 2 ;;
    --max-requests) MAX_REQUESTS=$2; shift 2 ;;
    --retry-others) RETRY_OTHERS=$2; shift 2 ;;
    --prewarm) PREWARM=$2; shift 2 ;;
    -h|--help) awk 'NR > 1 && /^#/ { print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "run.sh: unknown option $1" >&2; exit 64 ;;
  esac
done
case "$MODE" in embedded|postgres) ;; *) echo "run.sh: --mode embedded|postgres" >&2; exit 64 ;; esac
# in postgres mode PostgreSQL and Redis, which serve the benchmark, count among the other processes
[ -n "$RETRY_OTHERS" ] || { [ "$MODE" = postgres ] && RETRY_OTHERS=35 || RETRY_OTHERS=15; }

log() { echo "[run.sh $(date +%H:%M:%S)] $*" >&2; }

# ---------------------------------------------------------------- server jar
if [ ! -f "$JAR" ]; then
  log "building the server jar (mvn package, offline)"
  (cd "$ROOT" && timeout 900 mvn -B -q -o -DskipTests package) >&2 \
    || (cd "$ROOT" && timeout 900 mvn -B -q -DskipTests package) >&2
fi

TMP=$(mktemp -d /tmp/yiwang-bench.XXXXXX)
SERVER_PID=
CHILD_PIDS=
cleanup() {
  local rc=$?
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    log "stopping the server (pid $SERVER_PID)"
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
  fi
  for pid in $CHILD_PIDS; do kill -TERM "$pid" 2>/dev/null || true; done
  if [ "$MODE" = postgres ]; then # the bench's tokens and sessions, in the bench's own Redis database
    redis-cli -h 127.0.0.1 -p 6379 -n 2 FLUSHDB >/dev/null 2>&1 || true
  fi
  if [ $rc -ne 0 ] && [ -f "$TMP/server.log" ]; then
    echo "---- last lines of the server log ----" >&2
    tail -n 40 "$TMP/server.log" >&2 || true
  fi
  rm -rf "$TMP"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- machine load
cpu_sample() { awk '/^cpu /{print $2+$3+$4+$7+$8+$9, $2+$3+$4+$5+$6+$7+$8+$9}' /proc/stat; }
busy_pct() { # percentage of all cores busy over $1 seconds
  local a b
  a=$(cpu_sample); sleep "$1"; b=$(cpu_sample)
  echo "$a $b" | awk '{d=$4-$2; if (d>0) printf "%.0f", 100*($3-$1)/d; else printf "0"}'
}
WAITED=0
wait_for_quiet() {
  local busy
  busy=$(busy_pct 5)
  while [ "$busy" -gt "$MAX_BUSY" ] && [ "$WAITED" -lt "$LOAD_WAIT" ]; do
    log "machine ${busy}% busy (loadavg $(cut -d' ' -f1-3 /proc/loadavg)), waiting for < ${MAX_BUSY}%"
    sleep 10; WAITED=$((WAITED + 15))
    busy=$(busy_pct 5)
  done
  LAST_BUSY=$busy
  if [ "$busy" -gt "$MAX_BUSY" ]; then
    log "still ${busy}% busy after waiting ${WAITED}s in all: measuring anyway"
  fi
}

free_port() {
  local p
  for _ in $(seq 200); do
    p=$((20000 + RANDOM % 20000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
  done
  echo "run.sh: no free port" >&2; return 1
}

LOADTEST=(java -Xms256m -Xmx512m "$ROOT/bench/LoadTest.java")

# ---------------------------------------------------------------- references: RS256 and Argon2id cost
wait_for_quiet
log "measuring the local cost of one RS256 signature and one Argon2id hash (no server)"
BC_ENTRY=$(jar tf "$JAR" | grep '^BOOT-INF/lib/bcprov-.*\.jar$' | head -n 1 || true)
REF_CP=()
if [ -n "$BC_ENTRY" ]; then
  (mkdir -p "$TMP/lib" && cd "$TMP/lib" && jar xf "$JAR" "$BC_ENTRY")
  REF_CP=(-cp "$TMP/lib/$BC_ENTRY")
fi
# (tee to a file and to fd 2 as it is: 'tee /dev/stderr' would reopen, and so truncate, a redirected stderr)
timeout 120 java "${REF_CP[@]}" "$ROOT/bench/LoadTest.java" --scenario rs256-sign,argon2id \
  --warmup 3 --duration 5 | tee "$TMP/references.out" >&2 || true
REF_OUT=$(cat "$TMP/references.out")
SIGN_MS=$(echo "$REF_OUT" | sed -n 's/^RESULT scenario=rs256-sign .*cpu_ms=\([0-9.]*\).*/\1/p')
ARGON_MS=$(echo "$REF_OUT" | sed -n 's/^RESULT scenario=argon2id .*cpu_ms=\([0-9.]*\).*/\1/p')

# ---------------------------------------------------------------- server
PORT=$(free_port)
BASE="http://127.0.0.1:$PORT"
SERVER_ARGS=(--server.port="$PORT" --yiwang.issuer="$BASE" --yiwang.embedded.data-dir="$TMP/data")
if [ "$MODE" = postgres ]; then
  key() { head -c 32 /dev/urandom | base64; }
  log "postgres mode: recreating database yiwang_bench, flushing Redis database 2"
  psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -q \
    -c 'DROP DATABASE IF EXISTS yiwang_bench WITH (FORCE)' -c 'CREATE DATABASE yiwang_bench' >&2
  redis-cli -h 127.0.0.1 -p 6379 -n 2 FLUSHDB >/dev/null
  SERVER_ARGS+=(--yiwang.embedded.enabled=true
    --spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/yiwang_bench --spring.datasource.username=postgres
    --spring.data.redis.host=127.0.0.1 --spring.data.redis.port=6379 --spring.data.redis.database=2
    --yiwang.keys.master-key="$(key)" --yiwang.crypto.active-key-id=b1 --yiwang.crypto.data-keys.b1="$(key)"
    --yiwang.crypto.blind-index-key="$(key)" --yiwang.bootstrap.clients-file=classpath:config/demo-clients.yml)
fi
# saml-sso: each worker keeps one signed-in SSO session of the one demo account, and the server ends an
# account's oldest sessions beyond yiwang.session.max-per-account (default 10), which with more workers than
# that ends sessions in use, over and over. Only when saml-sso runs, the cap is raised to the concurrency;
# other runs keep the default.
SESSION_CAP=
if [[ " $SCENARIOS " == *" saml-sso "* ]] && [ "$CONCURRENCY" -gt 10 ]; then
  SESSION_CAP=$CONCURRENCY
  SERVER_ARGS+=(--yiwang.session.max-per-account="$SESSION_CAP")
fi
# The server runs as in production: through bin/yiwang-id (its JVM settings and class archive; JAVA_OPTS and
# YIWANG_HEAP_MAX pass through). Its first use after a build makes the archive with one training start.
JVM_FLAGS=("$(YIWANG_JAR="$JAR" "$ROOT/bin/yiwang-id" --print-command "${SERVER_ARGS[@]}" | cut -d' ' -f2- | sed 's/ -jar .*//')")
log "starting the server ($MODE) on $BASE through bin/yiwang-id"
YIWANG_JAR="$JAR" "$ROOT/bin/yiwang-id" "${SERVER_ARGS[@]}" >"$TMP/server.log" 2>&1 &
SERVER_PID=$!
READY=
# up to 120 s for a start, and as long again for the launcher's training start after a new build
for _ in $(seq 480); do
  kill -0 "$SERVER_PID" 2>/dev/null || { log "the server exited during start-up"; exit 1; }
  if curl -sf -m 2 "$BASE/actuator/health/readiness" >/dev/null 2>&1; then READY=1; break; fi
  sleep 0.5
done
[ -n "$READY" ] || { log "the server was not ready within 240 s"; exit 1; }
CHILD_PIDS=$(pgrep -P "$SERVER_PID" || true)
log "server ready (pid $SERVER_PID${CHILD_PIDS:+, child processes $CHILD_PIDS})"
SERVER_JVM=$("${JAVA_HOME:+$JAVA_HOME/bin/}java" -version 2>&1 | head -n 1)

# ---------------------------------------------------------------- pre-warm (not measured)
if [ "$PREWARM" -gt 0 ]; then
  log "pre-warming the server: ${PREWARM}s of each scenario, not measured"
  timeout $((4 * PREWARM + 300)) "${LOADTEST[@]}" --base-url "$BASE" --scenario "$(echo $SCENARIOS | tr ' ' ',')" \
    --concurrency "$CONCURRENCY" --warmup 0 --duration "$PREWARM" --max-requests "$MAX_REQUESTS" \
    > "$TMP/prewarm.out" 2>&1 || log "pre-warm: the load generator exited non-zero"
  grep '^RESULT ' "$TMP/prewarm.out" | sed 's/^RESULT/pre-warm:/' >&2 || true
fi

# ---------------------------------------------------------------- scenarios
declare -A RESULT BUSY_BEFORE LOAD_BEFORE OTHERS
RETRIED=
for s in $SCENARIOS; do
  wait_for_quiet
  BUSY_BEFORE[$s]=$LAST_BUSY
  LOAD_BEFORE[$s]=$(cut -d' ' -f1 /proc/loadavg)
  log "scenario $s: concurrency $CONCURRENCY, warm-up ${WARMUP}s, measure ${DURATION}s (machine ${LAST_BUSY}% busy before)"
  for attempt in 1 2; do
    timeout $((WARMUP + DURATION + 300)) "${LOADTEST[@]}" --base-url "$BASE" --scenario "$s" \
      --concurrency "$CONCURRENCY" --warmup "$WARMUP" --duration "$DURATION" --max-requests "$MAX_REQUESTS" \
      --server-pid "$SERVER_PID" | tee "$TMP/$s.out" >&2 || log "scenario $s: load generator exited non-zero"
    out=$(cat "$TMP/$s.out")
    line=$(echo "$out" | grep '^RESULT ' | tail -n 1 || true)
    others=$(echo "$line" | tr ' ' '\n' | sed -n 's/^other_busy_pct=\([0-9]*\)$/\1/p')
    # keep the attempt that other processes disturbed least
    if [ -z "${RESULT[$s]:-}" ] || [ "${others:-100}" -lt "${OTHERS[$s]:-101}" ]; then
      RESULT[$s]=$line; OTHERS[$s]=${others:-101}
    fi
    if [ "$attempt" = 1 ] && [ "${others:-0}" -gt "$RETRY_OTHERS" ]; then
      log "scenario $s: other processes used ${others}% of the machine while measuring; once more"
      RETRIED="$RETRIED $s"
      wait_for_quiet
      continue
    fi
    break
  done
done

# ---------------------------------------------------------------- report
field() { echo "${RESULT[$1]}" | tr ' ' '\n' | sed -n "s/^$2=//p"; }
# Keycloak figure and target; none for the SAML scenarios ("—" in the table, "n/a" under met)
ref() { case $1 in client-credentials) echo 2100 ;; refresh) echo 850 ;; login) echo 43 ;; jwks) echo 15000 ;; *) echo "—" ;; esac; }
target() { case $1 in client-credentials) echo 2100 ;; refresh) echo 1275 ;; login) echo 64.5 ;; jwks) echo 15000 ;; *) echo "—" ;; esac; }
label() { case $1 in client-credentials) echo "client-credentials token" ;; refresh) echo "refresh grant (rotating)" ;;
  login) echo "full login (authorize → login → code → token)" ;; jwks) echo "GET /oauth2/jwks" ;;
  saml-sso) echo "SAML IdP-initiated sign-on (init → continue → signed response)" ;;
  saml-metadata) echo "GET /saml2/idp/metadata (signed)" ;; *) echo "$1" ;; esac; }

echo "## Yiwang ID load benchmark — $(date -u +%Y-%m-%dT%H:%MZ)"
echo
echo "- mode: **$MODE**; server JVM: $SERVER_JVM, flags ${JVM_FLAGS[*]}; load generator: java.net.http.HttpClient, same machine"
[ -z "$SESSION_CAP" ] || echo "- server option for saml-sso: --yiwang.session.max-per-account=$SESSION_CAP (default 10), one SSO session per worker of the one demo account"
echo "- machine: $(nproc) cores shared by server and load generator; closed loop, concurrency $CONCURRENCY; warm-up ${WARMUP} s, measured ${DURATION} s per scenario, after a pre-warm of ${PREWARM} s per scenario"
echo "- local references, one thread, no server: RS256 (RSA-2048) signature ${SIGN_MS:-n/a} ms CPU; Argon2id (m=7 MiB, t=5, p=1, BouncyCastle) hash ${ARGON_MS:-n/a} ms CPU"
echo
echo "| scenario | completed | errors | per second | p50 ms | p90 ms | p99 ms | max ms | server CPU ms/op | load-gen CPU ms/op | machine busy % (others) | Keycloak 26.5.6 | target | met |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
for s in $SCENARIOS; do
  if [ -z "${RESULT[$s]}" ]; then
    echo "| $(label "$s") | failed | | | | | | | | | | $(ref "$s") | $(target "$s") | $([ "$(target "$s")" = "—" ] && echo n/a || echo no) |"; continue
  fi
  rate=$(field "$s" rate); errors=$(field "$s" errors)
  if [ "$(target "$s")" = "—" ]; then
    met=n/a
  else
    met=$(awk -v r="$rate" -v t="$(target "$s")" -v e="$errors" 'BEGIN{print (r>=t && e==0) ? "yes" : "no"}')
  fi
  echo "| $(label "$s") | $(field "$s" completed) | $errors | $rate | $(field "$s" p50) | $(field "$s" p90) | $(field "$s" p99) | $(field "$s" max) | $(field "$s" server_cpu_ms) | $(field "$s" client_cpu_ms) | $(field "$s" machine_busy_pct) ($(field "$s" other_busy_pct)) | $(ref "$s") | $(target "$s") | $met |"
done
if [ -n "${RESULT[login]:-}" ]; then
  echo
  echo "Full login, p50 per step (ms): authorize $(field login step_authorize1_p50), login page $(field login step_login_page_p50), POST /login (Argon2id) $(field login step_login_post_p50), authorize signed in $(field login step_authorize2_p50), code exchange $(field login step_token_p50). Server CPU per full login: $(field login server_cpu_ms) ms, of which one Argon2id hash is about ${ARGON_MS:-n/a} ms."
fi
if [ -n "${RESULT[saml-sso]:-}" ]; then
  echo
  echo "SAML sign-on, p50 per step (ms): init (request stored in Redis) $(field saml-sso step_init_p50), continue (assertion built and signed, form page) $(field saml-sso step_continue_p50). Server CPU per sign-on: $(field saml-sso server_cpu_ms) ms (JVM $(field saml-sso server_jvm_cpu_ms) ms + child processes $(field saml-sso server_child_cpu_ms) ms); the demo SP's response carries two RSA-SHA256 signatures (assertion and response), about $(awk -v s="${SIGN_MS:-}" 'BEGIN{if (s=="") print "n/a"; else printf "%.2f", 2*s}') ms at ${SIGN_MS:-n/a} ms each."
fi
if [ -n "${RESULT[saml-metadata]:-}" ]; then
  echo
  echo "SAML metadata: $(field saml-metadata server_cpu_ms) ms of server CPU per GET, one RSA-SHA256 signature (${SIGN_MS:-n/a} ms) among it."
fi
if [ -n "${RESULT[client-credentials]:-}" ]; then
  echo
  echo "Token endpoint CPU: $(field client-credentials server_cpu_ms) ms of server CPU per client-credentials token (JVM $(field client-credentials server_jvm_cpu_ms) ms + child processes $(field client-credentials server_child_cpu_ms) ms$([ "$MODE" = embedded ] && echo ", i.e. the embedded Redis" || echo "; PostgreSQL and Redis run apart and are not included")), against ${SIGN_MS:-n/a} ms for one RS256 signature on this machine."
fi
echo
echo "Machine busy % is over the measured window, all cores; (others) is the part used neither by the server (JVM and its child processes) nor by the load generator. Before each scenario: $(for s in $SCENARIOS; do printf '%s %s%% busy, loadavg %s; ' "$s" "${BUSY_BEFORE[$s]}" "${LOAD_BEFORE[$s]}"; done)waited ${WAITED} s in all for a quiet machine.${RETRIED:+ Run twice because other processes were busy:$RETRIED.}"
