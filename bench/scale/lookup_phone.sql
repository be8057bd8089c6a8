-- The server's login look-up by phone: equality on the blind index. The server computes the HMAC in
-- Java; here bench_phone_index(n) computes the same value in SQL (a few microseconds, see hmac_only.sql).
\set n random(1, :rows)
select id, username, phone_encrypted, password_hash, status, created_at, updated_at, password_changed_at
  from account where phone_index = bench_phone_index(:n);
