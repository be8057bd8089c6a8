-- Baseline for lookup_phone.sql: the round trip plus the SQL HMAC, no table access.
\set n random(1, :rows)
select bench_phone_index(:n);
