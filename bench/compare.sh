#!/usr/bin/env bash
# Yiwang ID against Keycloak, side by side in one run: fetches Keycloak (org.keycloak:keycloak-quarkus-dist, from
# Maven Central, through Maven) into bench/.cache, starts it in dev mode (H2) on a loopback port, provisions it through
# its admin REST API like our demo data (realm yiwang, confidential clients demo-service and demo-web with secret
# demo-secret, user demo / Demo@2026!, Argon2id password policy m = 7 MiB, t = 5, p = 1, rotating refresh tokens),
# then starts Yiwang ID (embedded default), and runs the same scenarios with the same load generators (wrk for single
# requests, bench/loadgen.mjs on Node for the browser sign-in and the refresh loop) against each server one after the
# other, after the same warm-up.
# Prints one Markdown table: both servers, the ratio, server CPU ms per operation, and the share of the machine that
# neither server nor the load generator used ("others": a disturbed run shows there). Bounded: every step under
# `timeout`, each load runs for --duration seconds after --warmup seconds; loopback addresses only; both servers are
# stopped on any exit.
#
#   bench/compare.sh [--warmup S] [--duration S] [--keycloak-version V]
#                    [--scenarios "cc16 cc64 signin refresh jwks discovery"]
#
# Scenarios: cc16 / cc64 (wrk): client-credentials tokens at concurrency 16 / 64; signin (bench/loadgen.mjs, c = 16):
# full browser sign-ins (authorize -> login form -> code -> tokens, fresh cookie jar each); refresh (loadgen.mjs,
# c = 16): refresh_token grants, each worker with its own rotating refresh token, a new ID token each time; jwks,
# discovery (wrk): GETs at c = 64. Needs: wrk (Debian package), node >= 18 (built-ins only), curl, jq, unzip, Maven
# (MAVEN_ARGS is passed to it, e.g. MAVEN_ARGS=-Dmaven.repo.local=DIR), and a JDK >= 21 for Keycloak 26 (the same JDK
# runs both servers). Defaults follow the issue: --warmup 90 --duration 30.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
CACHE="$ROOT/bench/.cache"
KC_VERSION=26.5.6
WARMUP=90
DURATION=30
SCENARIOS="cc16 cc64 signin refresh jwks discovery"
while [ $# -gt 0 ]; do
  case "$1" in
    --warmup) WARMUP=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --keycloak-version) KC_VERSION=$2; shift 2 ;;
    --scenarios) SCENARIOS=$2; shift 2 ;;
    -h|--help) awk 'NR > 1 && /^#/ { print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "compare.sh: unknown option $1" >&2; exit 64 ;;
  esac
done
log() { echo "[compare.sh $(date +%H:%M:%S)] $*" >&2; }
for tool in wrk node curl jq unzip mvn java; do
  command -v "$tool" >/dev/null || { echo "compare.sh: $tool is missing (wrk: apt-get install wrk)" >&2; exit 69; }
done
java_major() { "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}'; }
# Keycloak 26 needs Java 21+; both servers run on the same JDK. Take JAVA_HOME, else java on the PATH, else the newest
# JDK 21+ under /usr/lib/jvm (this machine kind has Temurin 25 there beside the default OpenJDK 17).
if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
  JAVA="$JAVA_HOME/bin/java"
else
  JAVA=$(command -v java)
fi
if [ "$(java_major "$JAVA" | cut -d. -f1)" -lt 21 ]; then
  for candidate in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do
    if [ -x "${candidate}bin/java" ] && [ "$(java_major "${candidate}bin/java" | cut -d. -f1)" -ge 21 ]; then
      JAVA="${candidate}bin/java"
      break
    fi
  done
fi
JAVA_MAJOR=$(java_major "$JAVA")
if [ "${JAVA_MAJOR%%.*}" -lt 21 ]; then
  echo "compare.sh: Keycloak $KC_VERSION needs Java 21 or later; found $JAVA_MAJOR (set JAVA_HOME to a JDK 21+)" >&2
  exit 69
fi
export JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$JAVA")")")
export PATH="$JAVA_HOME/bin:$PATH"
log "both servers on $("$JAVA" -version 2>&1 | head -1)"

TMP=$(mktemp -d)
KC_PID=
YID_PID=
cleanup() {
  for pid in $KC_PID $YID_PID; do
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 25); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  rm -rf "$TMP"
}
trap cleanup EXIT INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_for() { # url seconds
  for _ in $(seq 1 "$2"); do curl -fs -o /dev/null "$1" && return 0; sleep 1; done
  echo "compare.sh: $1 did not answer within $2 s" >&2; return 1
}
# jiffies of a process and its children
cpu_of() { awk '{print $14 + $15 + $16 + $17}' "/proc/$1/stat"; }
machine() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8, $2 + $3 + $4 + $5 + $6 + $7 + $8}' /proc/stat; }

# --- Keycloak: fetched once into the cache through Maven (Maven Central), unzipped, dev mode on H2
KC_HOME="$CACHE/keycloak-$KC_VERSION"
if [ ! -x "$KC_HOME/bin/kc.sh" ]; then
  mkdir -p "$CACHE"
  log "fetching org.keycloak:keycloak-quarkus-dist:$KC_VERSION:zip"
  timeout 900 mvn -B -q ${MAVEN_ARGS:-} dependency:copy -Dartifact="org.keycloak:keycloak-quarkus-dist:$KC_VERSION:zip" \
    -DoutputDirectory="$CACHE" >&2
  timeout 300 unzip -q -o "$CACHE/keycloak-quarkus-dist-$KC_VERSION.zip" -d "$CACHE"
fi
# A fresh database each run (dev mode keeps H2 under data/): the same starting state, and a realm to create anew.
rm -rf "$KC_HOME/data"
KC_PORT=$(free_port)
KC="http://127.0.0.1:$KC_PORT"
log "starting Keycloak $KC_VERSION on $KC"
KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=admin \
  "$KC_HOME/bin/kc.sh" start-dev --http-host=127.0.0.1 --http-port="$KC_PORT" --hostname-strict=false \
  >"$TMP/keycloak.log" 2>&1 &
KC_PID=$!
wait_for "$KC/realms/master" 300
# kc.sh runs Java as its child, or execs it when it relaunches after a dev-mode re-augmentation: measure the JVM
# itself, since a child's CPU reaches its parent's counters only after it exits.
KC_JVM=$KC_PID
if [ "$(cat "/proc/$KC_PID/comm")" != java ]; then
  KC_JVM=$(pgrep -P "$KC_PID" -x java | head -1 || true)
  [ -n "$KC_JVM" ] || { echo "compare.sh: no Keycloak JVM under kc.sh ($KC_PID)" >&2; exit 70; }
fi
ADMIN=$(curl -fs "$KC/realms/master/protocol/openid-connect/token" -d grant_type=password -d client_id=admin-cli \
  -d username=admin -d password=admin | jq -r .access_token)
kc_post() { curl -fs -o /dev/null -X POST "$KC/admin/$1" -H "Authorization: Bearer $ADMIN" \
  -H 'Content-Type: application/json' -d "$2"; }
log "provisioning realm yiwang: demo-service, demo-web, user demo, Argon2id m=7 MiB t=5 p=1"
# Rotating refresh tokens as Yiwang ID has them: each refresh token is good for one refresh (the same work per grant).
kc_post realms '{"realm":"yiwang","enabled":true,"accessTokenLifespan":600,
  "revokeRefreshToken":true,"refreshTokenMaxReuse":0,
  "passwordPolicy":"hashAlgorithm(argon2) and hashIterations(5)"}'
kc_post realms/yiwang/clients '{"clientId":"demo-service","secret":"demo-secret","publicClient":false,
  "serviceAccountsEnabled":true,"standardFlowEnabled":false,"directAccessGrantsEnabled":false}'
kc_post realms/yiwang/clients '{"clientId":"demo-web","secret":"demo-secret","publicClient":false,
  "standardFlowEnabled":true,"redirectUris":["http://127.0.0.1:8081/callback"],
  "attributes":{"pkce.code.challenge.method":"S256"}}'
kc_post realms/yiwang/users '{"username":"demo","enabled":true,"emailVerified":true,"firstName":"Demo",
  "lastName":"User","email":"demo@example.cn","credentials":[{"type":"password","value":"Demo@2026!",
  "temporary":false}]}'

# --- Yiwang ID: the embedded default, as bench/run.sh starts it
JAR="$ROOT/auth-server/target/auth-server-0.1.0-SNAPSHOT.jar"
[ -f "$JAR" ] || (cd "$ROOT" && timeout 900 mvn -B -q -o ${MAVEN_ARGS:-} -DskipTests package >&2)
YID_PORT=$(free_port)
YID="http://127.0.0.1:$YID_PORT"
log "starting Yiwang ID on $YID"
# Every load generator signs in the one demo account, as with Keycloak, which caps nothing: Yiwang ID's cap of 10
# sessions per account (yiwang.session.max-per-account) would end sessions still in use, so it is raised here.
# Started as in production, through bin/yiwang-id (heap bounds, Serial GC, the class archive made from the build: its
# first start after a build trains the archive once before the server starts); JAVA_HOME above is the JDK it runs on.
YIWANG_CACHE_DIR="$ROOT/bench/.cache/yiwang-id" "$ROOT/bin/yiwang-id" --server.port="$YID_PORT" \
  --yiwang.issuer="$YID" --yiwang.embedded.data-dir="$TMP/yiwang-data" \
  --yiwang.session.max-per-account=1000000 >"$TMP/yiwang.log" 2>&1 &
YID_PID=$!
wait_for "$YID/actuator/health/readiness" 300

cat >"$TMP/cc.lua" <<'LUA'
wrk.method = "POST"
wrk.body = "grant_type=client_credentials"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Authorization"] = "Basic ZGVtby1zZXJ2aWNlOmRlbW8tc2VjcmV0"
done = function(summary, latency, requests)
  io.write(string.format("RESULT %d %d %.1f %.1f\n", summary.requests, summary.errors.status,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
LUA
cp "$TMP/cc.lua" "$TMP/get.lua"
sed -i '1,4d' "$TMP/get.lua"

# one wrk measurement: server pid, url, lua script, connections -> "ops/s p50/p99 cpu-ms/op busy% errors"
measure() {
  local pid=$1 url=$2 script=$3 connections=$4
  timeout $((WARMUP + 30)) wrk -t2 -c"$connections" -d"${WARMUP}s" -s "$script" "$url" >/dev/null 2>&1 || true
  local cpu0 m0 cpu1 m1 out
  cpu0=$(cpu_of "$pid"); m0=$(machine)
  out=$(timeout $((DURATION + 30)) wrk -t2 -c"$connections" -d"${DURATION}s" -s "$script" "$url" 2>&1 | grep '^RESULT')
  cpu1=$(cpu_of "$pid"); m1=$(machine)
  echo "$out $cpu0 $cpu1 $m0 $m1" | awk -v d="$DURATION" -v hz="$(getconf CLK_TCK)" '{
    ok = $2 - $3; ops = ok / d; cpu = ($7 - $6) / hz * 1000;
    busy = $10 - $8; total = $11 - $9;
    printf (ops < 100 ? "%.1f" : "%.0f"), ops;
    c = (ok > 0 ? cpu / ok : 0); printf (c >= 100 ? " %.1f/%.1f %.0f" : " %.1f/%.1f %.3g"), $4, $5, c;
    printf " %.0f %d\n", (total > 0 ? 100 * busy / total : 0), $3 }'
}

# one loadgen.mjs measurement (warm-up and measured window in one process, so that the refresh workers keep their
# tokens and the CPU is read at the window's edges): server pid, server kind, base url, scenario -> as measure()
measure_node() {
  local pid=$1 server=$2 url=$3 scenario=$4 out
  out=$(timeout $((WARMUP + DURATION + 180)) node "$ROOT/bench/loadgen.mjs" --server "$server" --base-url "$url" \
    --scenario "$scenario" --concurrency 16 --warmup "$WARMUP" --duration "$DURATION" --server-pid "$pid" \
    | grep '^RESULT') || true
  [ -n "$out" ] || out="RESULT 0 -1 0 0 $DURATION 0 0 0" # nothing completed: shows as 0 ops, -1 errors
  echo "$out" | awk '{ ops = $2 / $6; printf (ops < 100 ? "%.1f" : "%.0f"), ops;
    c = ($2 > 0 ? $7 / $2 : 0); printf (c >= 100 ? " %.1f/%.1f %.0f" : " %.1f/%.1f %.3g"), $4, $5, c;
    printf " %.0f %d\n", $9, $3 }'
}

declare -A KC_URL=( [cc16]="$KC/realms/yiwang/protocol/openid-connect/token"
  [cc64]="$KC/realms/yiwang/protocol/openid-connect/token"
  [jwks]="$KC/realms/yiwang/protocol/openid-connect/certs"
  [discovery]="$KC/realms/yiwang/.well-known/openid-configuration" )
declare -A YID_URL=( [cc16]="$YID/oauth2/token" [cc64]="$YID/oauth2/token" [jwks]="$YID/oauth2/jwks"
  [discovery]="$YID/.well-known/openid-configuration" )
declare -A CONNECTIONS=( [cc16]=16 [cc64]=64 [jwks]=64 [discovery]=64 )

echo "| scenario | Keycloak $KC_VERSION ops/s (p50/p99 ms) | Yiwang ID ops/s (p50/p99 ms) | ratio | CPU ms/op KC / YID | ratio by CPU | server share % KC / YID | machine busy % KC / YID run | errors KC / YID |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
for scenario in $SCENARIOS; do
  case "$scenario" in
    signin|refresh)
      log "$scenario: Keycloak (loadgen.mjs)"
      read -r kops klat kcpu kbusy kerr < <(measure_node "$KC_JVM" keycloak "$KC" "$scenario")
      log "$scenario: Yiwang ID (loadgen.mjs)"
      read -r yops ylat ycpu ybusy yerr < <(measure_node "$YID_PID" yiwang "$YID" "$scenario") ;;
    cc16|cc64|jwks|discovery)
      script="$TMP/get.lua"; case "$scenario" in cc*) script="$TMP/cc.lua" ;; esac
      log "$scenario: Keycloak"
      read -r kops klat kcpu kbusy kerr < <(measure "$KC_JVM" "${KC_URL[$scenario]}" "$script" "${CONNECTIONS[$scenario]}")
      log "$scenario: Yiwang ID"
      read -r yops ylat ycpu ybusy yerr < <(measure "$YID_PID" "${YID_URL[$scenario]}" "$script" "${CONNECTIONS[$scenario]}") ;;
    *) echo "compare.sh: unknown scenario $scenario" >&2; exit 64 ;;
  esac
  ratio=$(awk -v a="$yops" -v b="$kops" 'BEGIN { printf (b > 0 ? "%.2f" : "n/a"), (b > 0 ? a / b : 0) }')
  cpu_ratio=$(awk -v a="$ycpu" -v b="$kcpu" 'BEGIN { printf (a > 0 ? "%.2f" : "n/a"), (a > 0 ? b / a : 0) }')
  kshare=$(awk -v o="$kops" -v c="$kcpu" 'BEGIN { printf "%.0f", o * c / 20 }')
  yshare=$(awk -v o="$yops" -v c="$ycpu" 'BEGIN { printf "%.0f", o * c / 20 }')
  echo "| $scenario | $kops ($klat) | $yops ($ylat) | $ratio | $kcpu / $ycpu | $cpu_ratio | $kshare / $yshare | $kbusy / $ybusy | $kerr / $yerr |"
done
echo
echo "Machine busy % is the whole machine (both cores) during the measured window: the server under test, the load"
echo "generator (wrk, or node for signin and refresh), and everything else. Server share % is the server's own part of"
echo "the two cores (ms/op x ops/s / 20): when the two servers' shares differ much, other processes took more in one"
echo "window than in the other and the ops/s ratio says little; the ratio by CPU (Keycloak's server CPU per operation /"
echo "Yiwang ID's) does not depend on that share, but leaves out what the load generator and the machine cap. Errors:"
echo "non-2xx answers (wrk), failed checks, timeouts and refused connections (loadgen.mjs) in the measured window; they"
echo "never count as operations."
echo "Resident memory after the run: Keycloak $(awk '/VmRSS/ {print int($2/1024)}' "/proc/$KC_JVM/status") MiB," \
  "Yiwang ID $(awk '/VmRSS/ {print int($2/1024)}' "/proc/$YID_PID/status") MiB."
