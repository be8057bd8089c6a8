-- The server's login look-up by user name (JdbcAccountRepository.findByLoginName), random existing account.
\set n random(1, :rows)
select id, username, phone_encrypted, password_hash, status, created_at, updated_at, password_changed_at
  from account where username = 'u' || :n;
