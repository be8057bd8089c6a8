#!/usr/bin/env bash
# Account look-up latency in PostgreSQL at the current table size, with pgbench:
#   lookup.sh LABEL      -> one 'LOOKUP ...' line per script on stdout (and raw output in $WORK)
# Per script: a 10 s warm-up (not counted), then 20 s measured, 4 clients, 2 threads, prepared statements,
# every transaction logged (--log) so p50/p99 come from all transactions, not from averages.
set -euo pipefail
source "$(dirname "$0")/env.sh"
label=$1
rows=$(psql_db -Atc "select count(*) from account")
# one bounded wait for a quiet machine before the block of look-up measurements
load_start=$(wait_quiet)
# SCALE_SCRIPTS: pgbench scripts (paths without .sql); default: the two look-ups and the HMAC baseline
for path in ${SCALE_SCRIPTS:-$SCALE_DIR/lookup_username $SCALE_DIR/lookup_phone $SCALE_DIR/hmac_only}; do
  script=$(basename "$path")
  dur=20; [[ $script == hmac_only ]] && dur=10
  timeout 60 pgbench -n -M prepared -f "$path.sql" -D rows="$rows" -T 10 -c 4 -j 2 "$DB" \
    >/dev/null 2>&1 || true
  dir="$WORK/pgbench-$label-$script"
  rm -rf "$dir"; mkdir -p "$dir"
  load=$(cut -d' ' -f1 /proc/loadavg); cpu0=$(busy_ticks)
  (cd "$dir" && timeout $((dur + 60)) pgbench -n -M prepared -f "$path.sql" -D rows="$rows" \
     -T "$dur" -c 4 -j 2 --log --log-prefix=tx "$DB" >summary.txt 2>&1)
  load_after=$(cut -d' ' -f1 /proc/loadavg); cpu1=$(busy_ticks)
  tps=$(awk '/^tps/ {print $3; exit}' "$dir/summary.txt")
  # per-transaction log: client tx_no latency_us script_no epoch_s epoch_us
  cat "$dir"/tx.* | awk '{print $3}' | sort -n >"$dir/lat.txt"
  n=$(wc -l <"$dir/lat.txt")
  pct() { awk -v n="$n" -v p="$1" 'NR == int(n * p / 100 + 0.999999) {printf "%.0f", $1; exit}' "$dir/lat.txt"; }
  echo "LOOKUP label=$label script=$script rows=$rows tx=$n tps=$tps p50_us=$(pct 50) p90_us=$(pct 90)" \
       "p99_us=$(pct 99) p999_us=$(pct 99.9) max_us=$(tail -1 "$dir/lat.txt") load_at_wait=$load_start load_before=$load load_after=$load_after" \
       "machine_busy_pct=$(busy_pct "$cpu0" "$cpu1") other_loadtest_after=$(loadtest_running)"
  rm -f "$dir"/tx.*
done
