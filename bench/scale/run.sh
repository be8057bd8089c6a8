#!/usr/bin/env bash
# The whole scale benchmark, bounded, loopback only, in the database yiwang_scale and Redis database 3.
#
#   run.sh all [SIZES...]    default sizes 10000 1000000 10000000; results appended to results/results.txt
#   run.sh start | stop | secrets | warm N | size N | login N | refresh N | redis N | machine | createdb | dropdb    (the steps of 'all', one by one)
#
# 'all' drops and recreates yiwang_scale, starts the server (its Flyway creates the schema), seeds each size in turn
# (rows are added to the same table), measures look-ups (lookup.sh) and logins (ScaleBench login) at each size,
# then Redis memory (redis_memory.sh), and stops the server and empties Redis database 3 on any exit.
# Server jar: SCALE_JAR (default $WORK/auth-server.jar, a copy of auth-server/target/auth-server-0.1.0-SNAPSHOT.jar
# built with 'mvn -B -q -o -DskipTests package').
set -euo pipefail
source "$(dirname "$0")/env.sh"
OUT="$RESULTS/results.txt"
JVM_OPTS=${SCALE_JVM_OPTS:--Xms1g -Xmx1g -XX:+UseG1GC}
pidfile="$WORK/server.pid"

server_pid() { [[ -s "$pidfile" ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null && cat "$pidfile"; }

start() {
  if server_pid >/dev/null; then log "server already running ($(server_pid))"; return 0; fi
  ensure_keys
  [[ -f "$JAR" ]] || { cp "$SCALE_DIR/../../auth-server/target/auth-server-0.1.0-SNAPSHOT.jar" "$JAR"; }
  rcli flushdb >/dev/null
  # shellcheck disable=SC2086
  setsid java $JVM_OPTS -jar "$JAR" \
    --spring.datasource.url="jdbc:postgresql://127.0.0.1:5432/$DB" --spring.datasource.username=postgres \
    --spring.data.redis.host=127.0.0.1 --spring.data.redis.port=6379 --spring.data.redis.database=$REDIS_DB \
    --yiwang.keys.master-key="$MASTER_KEY" --yiwang.crypto.active-key-id=s1 --yiwang.crypto.data-keys.s1="$DATA_KEY" \
    --yiwang.crypto.blind-index-key="$BLIND_INDEX_KEY" --yiwang.bootstrap.clients-file=classpath:config/demo-clients.yml \
    --yiwang.embedded.enabled=false --yiwang.sms.sender=log --server.port="$PORT" --server.address=127.0.0.1 \
    --yiwang.issuer="$BASE" \
    >"$WORK/server.log" 2>&1 </dev/null &
  echo $! >"$pidfile"
  local deadline=$((SECONDS + 240))
  until curl -fsS -o /dev/null "$BASE/.well-known/openid-configuration" 2>/dev/null; do
    if ! kill -0 "$(cat "$pidfile")" 2>/dev/null || ((SECONDS > deadline)); then
      log "server did not start; last log lines:"; tail -30 "$WORK/server.log" >&2; stop; exit 1
    fi
    sleep 2
  done
  log "server up on $BASE (pid $(cat "$pidfile"), $JVM_OPTS)"
}

stop() {
  local pid
  if pid=$(server_pid); then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    kill -9 "$pid" 2>/dev/null || true
    log "server $pid stopped"
  fi
  rm -f "$pidfile"
  rcli flushdb >/dev/null || true
}

login() { # N = account rows; closed loop, concurrency 2, 20 s warm-up, 60 s measured
  local rows=$1 load pid out
  pid=$(server_pid)
  javac -d "$WORK/cc" "$SCALE_DIR/ScaleBench.java"
  load=$(wait_quiet)
  out=$(timeout 400 java -cp "$WORK/cc" ScaleBench login --base-url "$BASE" --rows "$rows" --concurrency 2 --warmup 20 \
    --duration 60 --server-pid "$pid" --password "$BENCH_PASSWORD" --label "rows=$rows")
  echo "$out load_at_wait=$load load_after=$(cut -d' ' -f1 /proc/loadavg) other_loadtest_after=$(loadtest_running)"
}

refresh() { # token issuance without Argon2id: refresh_token grants, closed loop
  local rows=$1 load pid out
  pid=$(server_pid)
  javac -d "$WORK/cc" "$SCALE_DIR/ScaleBench.java"
  load=$(wait_quiet)
  out=$(timeout 300 java -cp "$WORK/cc" ScaleBench refresh --base-url "$BASE" --rows "$rows" --concurrency 2 --warmup 10 \
    --duration 30 --server-pid "$pid" --password "$BENCH_PASSWORD" --label "rows=$rows")
  echo "$out load_at_wait=$load load_after=$(cut -d' ' -f1 /proc/loadavg) other_loadtest_after=$(loadtest_running)"
}

warm() { # JVM warm-up: 60 s of logins, results discarded
  local pid; pid=$(server_pid)
  javac -d "$WORK/cc" "$SCALE_DIR/ScaleBench.java"
  wait_quiet >/dev/null
  timeout 300 java -cp "$WORK/cc" ScaleBench login --base-url "$BASE" --rows "$1" --concurrency 2 --warmup 55 \
    --duration 5 --server-pid "$pid" --password "$BENCH_PASSWORD" --label warm-up | sed 's/^/WARMUP (discarded) /' >&2
}

size() {
  local target=$1
  "$SCALE_DIR/seed.sh" grow "$target" | sed "s/^/SEED rows=$target /" | tee -a "$OUT"
  echo "SIZE $("$SCALE_DIR/seed.sh" sizes)" | tee -a "$OUT"
  "$SCALE_DIR/lookup.sh" "rows=$target" | tee -a "$OUT"
  login "$target" | tee -a "$OUT"
}

machine() {
  {
    echo "MACHINE date=$(date -u +%FT%TZ) cores=$(nproc) mem=$(free -g | awk '/Mem:/ {print $2 "GiB"}')" \
         "cpu=\"$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)\""
    echo "MACHINE java=\"$(java -version 2>&1 | head -2 | tail -1)\" jvm_opts=\"$JVM_OPTS\""
    echo "MACHINE postgres=\"$(psql -X -Atc 'select version()' postgres | cut -d, -f1)\" shared_buffers=$(psql -X -Atc 'show shared_buffers' postgres)" \
         "effective_cache_size=$(psql -X -Atc 'show effective_cache_size' postgres)"
    echo "MACHINE redis=$(redis-cli info server | tr -d '\r' | awk -F: '/^redis_version/ {print $2}')" \
         "allocator=$(redis-cli info memory | tr -d '\r' | awk -F: '/^mem_allocator/ {print $2}')"
    echo "MACHINE disk=\"$(df -h / | tail -1 | awk '{print $4 " free of " $2}')\""
  } | tee -a "$OUT"
}

createdb_fresh() {
  psql -X -q -d postgres -c "drop database if exists $DB" -c "create database $DB"
}

all() {
  local sizes=("$@")
  ((${#sizes[@]})) || sizes=(10000 1000000 10000000)
  trap stop EXIT
  trap 'exit 130' INT TERM
  machine
  createdb_fresh
  rm -f "$WORK/keys.env"
  start
  "$SCALE_DIR/seed.sh" secrets
  "$SCALE_DIR/seed.sh" grow "${sizes[0]}" >/dev/null
  warm "${sizes[0]}"
  grep ARGON2_MS "$WORK/secrets.env" | sed 's/^/REFERENCE one Argon2id verification, one thread, fresh JVM: /' | tee -a "$OUT"
  for s in "${sizes[@]}"; do size "$s"; done
  refresh "${sizes[-1]}" | tee -a "$OUT"
  "$SCALE_DIR/redis_memory.sh" 2000 | tee -a "$OUT"
  stop
}

case "${1:-}" in
  all) shift; all "$@" ;;
  start) start ;;
  stop) stop ;;
  size) size "$2" ;;
  login) login "$2" | tee -a "$OUT" ;;
  secrets) "$SCALE_DIR/seed.sh" secrets
           grep ARGON2_MS "$WORK/secrets.env" | sed 's/^/REFERENCE one Argon2id verification, one thread, fresh JVM: /' | tee -a "$OUT" ;;
  refresh) refresh "$2" | tee -a "$OUT" ;;
  redis) "$SCALE_DIR/redis_memory.sh" "${2:-2000}" | tee -a "$OUT" ;;
  machine) machine ;;
  warm) warm "$2" ;;
  createdb) createdb_fresh ;;
  dropdb) psql -X -q -d postgres -c "drop database if exists $DB" ;;
  *) echo "usage: $0 all [SIZES...] | start | stop | size N | login N | refresh N | redis [N] | machine | createdb | dropdb" >&2; exit 64 ;;
esac
