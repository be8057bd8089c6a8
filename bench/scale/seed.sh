#!/usr/bin/env bash
# Seeds the account table of yiwang_scale, fast, in SQL (INSERT ... SELECT generate_series).
#
#   seed.sh secrets        real Argon2id hash + AES-GCM ciphertext for the keys of this run ($WORK/secrets.env)
#   seed.sh grow TARGET    adds accounts u<prev+1> .. u<TARGET> (1M rows per transaction), then VACUUM ANALYZE
#   seed.sh sizes          prints rows, table/index sizes and bytes per row (one line, key=value)
#
# The table must exist: the server's Flyway creates it on its first start (run.sh does that first).
# Rows grow into the existing unique indexes (as production inserts do), so the B-trees have the
# shape of organically grown ones (random UUID primary key, random-order blind index), not the
# tighter shape of an index built after a bulk load.
#
# What each column holds, and how realistic it is:
#   id               gen_random_uuid(): random v4, like UUID.randomUUID() in the server
#   username         u<N>
#   phone_index      the REAL blind index: base64url(HMAC-SHA-256(blind-index-key, "1300000000"+N)), 43
#                    characters, computed in SQL with pgcrypto's hmac() under the same key the server runs
#                    with, so a phone login of 1300...N works through the server as well
#   phone_encrypted  ONE real AES-256-GCM ciphertext ("s1:" + base64url(12 iv + 11 + 16 tag bytes) = 55 characters) of one number,
#                    copied onto every row: right length and decryptable by the server (its login decrypts
#                    it to mask the number), but not the row's own number. No index uses it, and at 55
#                    characters PostgreSQL does not compress it, so sharing it does not change any size.
#   password_hash    ONE real {argon2}$argon2id$v=19$m=7168,t=5,p=1$... hash of $BENCH_PASSWORD, copied
#                    onto every row, so every benchmark login verifies a real Argon2id hash
set -euo pipefail
source "$(dirname "$0")/env.sh"

phone_of() { echo $((13000000000 + $1)); }

cmd_secrets() {
  ensure_keys
  local m=~/.m2/repository
  local cp="$m/org/springframework/security/spring-security-crypto/7.0.6/spring-security-crypto-7.0.6.jar"
  cp+=":$m/org/bouncycastle/bcprov-jdk18on/1.87/bcprov-jdk18on-1.87.jar"
  cp+=":$m/commons-logging/commons-logging/1.3.5/commons-logging-1.3.5.jar"
  timeout 180 java -cp "$cp" "$SCALE_DIR/SeedSecrets.java" "$BENCH_PASSWORD" s1 "$DATA_KEY" "$BLIND_INDEX_KEY" \
    "$(phone_of 1)" >"$WORK/secrets.env"
  log "secrets: $(grep -E 'ARGON2_MS|HMAC_SAMPLE=' "$WORK/secrets.env" | tr '\n' ' ')"
}

cmd_grow() {
  local target=$1 batch=1000000 have lo hi
  ensure_keys
  # shellcheck disable=SC1090
  source "$WORK/secrets.env"
  psql_db -c "create extension if not exists pgcrypto" >/dev/null
  # the blind index as the server computes it, here as an SQL function of N (also used by lookup_phone.sql)
  psql_db >/dev/null <<SQL
create or replace function bench_phone_index(n bigint) returns text language sql immutable parallel safe as
\$\$ select translate(rtrim(encode(hmac(convert_to((13000000000 + n)::text, 'UTF8'),
                                         decode('$BLIND_INDEX_KEY', 'base64'), 'sha256'), 'base64'), '='), '+/', '-_') \$\$;
SQL
  local check
  check=$(psql_db -Atc "select bench_phone_index(1)")
  if [[ "$check" != "$HMAC_SAMPLE" ]]; then
    log "SQL blind index $check differs from the server's $HMAC_SAMPLE"; exit 1
  fi
  have=$(psql_db -Atc "select coalesce(max(substr(username, 2)::bigint), 0) from account where username like 'u%'")
  local t0=$SECONDS
  lo=$((have + 1))
  while ((lo <= target)); do
    hi=$((lo + batch - 1)); ((hi > target)) && hi=$target
    wait_no_loadtest
    psql_db -v lo="$lo" -v hi="$hi" -v penc="$CIPHERTEXT" -v phash="$HASH" <<'SQL'
insert into account (id, username, phone_index, phone_encrypted, password_hash, status,
                     created_at, updated_at, password_changed_at)
select gen_random_uuid(), 'u' || n, bench_phone_index(n), :'penc', :'phash', 'ACTIVE', now(), now(), now()
from generate_series(:lo::bigint, :hi::bigint) as n;
SQL
    log "seeded u$lo..u$hi ($((SECONDS - t0)) s so far)"
    lo=$((hi + 1))
  done
  psql_db -c "vacuum analyze account"
  log "grow to $target: $((SECONDS - t0)) s including vacuum analyze"
  echo "seed_seconds=$((SECONDS - t0))"
}

cmd_sizes() {
  psql_db -At <<'SQL'
select format('rows=%s heap_bytes=%s toast_bytes=%s pk_bytes=%s username_idx_bytes=%s phone_idx_bytes=%s total_bytes=%s total_per_row=%s heap_per_row=%s indexes_per_row=%s',
  n, pg_relation_size('account'),
  pg_total_relation_size('account') - pg_relation_size('account') - pg_indexes_size('account'),
  pg_relation_size('account_pk'), pg_relation_size('account_username_uk'), pg_relation_size('account_phone_index_uk'),
  pg_total_relation_size('account'),
  round(pg_total_relation_size('account')::numeric / n, 1),
  round(pg_relation_size('account')::numeric / n, 1),
  round(pg_indexes_size('account')::numeric / n, 1))
from (select count(*) as n from account) c;
SQL
}

case "${1:-}" in
  secrets) cmd_secrets ;;
  grow) cmd_grow "$2" ;;
  sizes) cmd_sizes ;;
  *) echo "usage: $0 secrets | grow TARGET | sizes" >&2; exit 64 ;;
esac
