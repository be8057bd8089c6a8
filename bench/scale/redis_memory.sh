#!/usr/bin/env bash
# Redis memory of SSO sessions and authorizations, in Redis database 3, with the server running.
#   redis_memory.sh N       N full logins (session + authorization with tokens), then N unredeemed codes
# Reports, per phase: INFO memory used_memory delta per item, and MEMORY USAGE (SAMPLES 0) summed and averaged per
# key kind, plus the string lengths of the values. used_memory is instance-wide, so other databases' key counts are
# recorded before and after: if they moved, the delta is disturbed and the MEMORY USAGE sums are the figure to use.
set -euo pipefail
source "$(dirname "$0")/env.sh"
n=${1:-2000}
rows=$(psql_db -Atc "select count(*) from account")
cc="$WORK/cc"
mkdir -p "$cc"
javac -d "$cc" "$SCALE_DIR/ScaleBench.java"

used() { rcli info memory | awk -F: '/^used_memory:/ {gsub("\r", "", $2); print $2}'; }
others() { redis-cli -h 127.0.0.1 -p 6379 info keyspace | tr -d '\r' | grep -v "^db$REDIS_DB:" | grep '^db' | tr '\n' ' '; }

# kind of a key, from the layout in SsoSessionStore and RedisOAuth2AuthorizationService
kinds() {
  rcli --scan >"$WORK/keys.txt"
  awk '{print "MEMORY USAGE " $0 " SAMPLES 0"}' "$WORK/keys.txt" | rcli >"$WORK/usage.txt"
  while read -r k; do
    case "$k" in
      yid:sso:s:*|yid:authz:\{*) echo "STRLEN $k" ;;
      yid:sso:p:*) echo "HLEN $k" ;;
      yid:sso:u:*) echo "ZCARD $k" ;;
      *) echo "STRLEN $k" ;;
    esac
  done <"$WORK/keys.txt" | rcli >"$WORK/len.txt"
  paste -d' ' "$WORK/keys.txt" "$WORK/usage.txt" "$WORK/len.txt" | awk '
    { k = $1
      if (k ~ /^yid:sso:s:/) kind = "yid:sso:s:{sid} (session, string)"
      else if (k ~ /^yid:sso:p:/) kind = "yid:sso:p:{sid} (participants, hash)"
      else if (k ~ /^yid:sso:u:/) kind = "yid:sso:u:<account> (sessions of account, zset)"
      else if (k ~ /^yid:authz:\{/) kind = "yid:authz:{id} (authorization, string)"
      else if (k ~ /^yid:authz:c:/) kind = "yid:authz:c:<digest> (code index)"
      else if (k ~ /^yid:authz:a:/) kind = "yid:authz:a:<digest> (access token index)"
      else if (k ~ /^yid:authz:r:/) kind = "yid:authz:r:<digest> (refresh token index)"
      else if (k ~ /^yid:authz:i:/) kind = "yid:authz:i:<digest> (ID token index)"
      else if (k ~ /^yid:authz:s:/) kind = "yid:authz:s:<digest> (state index)"
      else kind = "other: " k
      cnt[kind]++; mem[kind] += $2; len[kind] += $3; total += $2 }
    END { for (x in cnt) printf "KIND %-52s keys=%d memory_usage_avg=%.0f value_len_avg=%.0f\n", x, cnt[x], mem[x] / cnt[x], len[x] / cnt[x]
          printf "KIND_TOTAL memory_usage_sum=%d\n", total }' | sort
}

sample_authz() {
  local key
  key=$(grep -m1 '^yid:authz:{' "$WORK/keys.txt" || true)
  [[ -z "$key" ]] && return 0
  rcli get "$key" | python3 -c '
import json, sys
v = sys.stdin.read().strip()
d = json.loads(v)
parts = {k: len(json.dumps(x, separators=(",", ":"))) for k, x in d.items() if k != "t"}
print("AUTHZ_VALUE total_chars=%d" % len(v), " ".join("%s=%d" % kv for kv in parts.items()))
for t in d.get("t", []):
    print("AUTHZ_TOKEN kind=%s token_value_chars=%d claims_chars=%d metadata_chars=%d whole_entry_chars=%d" % (
        t["k"], len(t["v"]), len(json.dumps(t.get("cl", {}), separators=(",", ":"))) if "cl" in t else 0,
        len(json.dumps(t.get("md", {}), separators=(",", ":"))) if "md" in t else 0,
        len(json.dumps(t, separators=(",", ":")))))
'
  key=$(grep -m1 '^yid:sso:s:' "$WORK/keys.txt" || true)
  [[ -n "$key" ]] && echo "SESSION_VALUE $(rcli get "$key")"
}

phase() { # name, then the ScaleBench arguments
  local name=$1; shift
  rcli flushdb >/dev/null
  sleep 2
  local o0 u0 u1 o1 load
  load=$(wait_quiet)
  o0=$(others); u0=$(used)
  timeout 1800 java -cp "$cc" ScaleBench "$@" --base-url "$BASE" --rows "$rows" --count "$n" --password "$BENCH_PASSWORD" \
    --label "$name"
  sleep 2
  u1=$(used); o1=$(others)
  echo "MEM phase=$name items=$n used_memory_before=$u0 used_memory_after=$u1 delta_per_item=$(( (u1 - u0) / n ))" \
       "keys_db$REDIS_DB=$(rcli dbsize) load=$load other_dbs_before=[${o0}] other_dbs_after=[${o1}]"
  kinds
  sample_authz
}

phase sessions sessions --concurrency 2
phase codes codes
rcli flushdb >/dev/null
