package cn.yiwang.id.account.passkey;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.web.webauthn.api.AuthenticatorTransport;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.CredentialRecord;
import org.springframework.security.web.webauthn.api.ImmutableCredentialRecord;
import org.springframework.security.web.webauthn.api.ImmutablePublicKeyCose;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialType;
import org.springframework.security.web.webauthn.management.UserCredentialRepository;

/**
 * Passkey credentials on {@code passkey_credential} (this module's table; Spring Security's
 * {@code JdbcUserCredentialRepository} hard-codes its own {@code user_credentials} table and BLOB
 * columns, outside our per-module schema). Binary values are stored base64url.
 */
public final class JdbcPasskeyCredentials implements UserCredentialRepository {

    private static final String COLUMNS = "credential_id, user_handle, label, credential_type, public_key, "
            + "signature_count, uv_initialized, backup_eligible, backup_state, transports, attestation_object, "
            + "client_data_json, created_at, last_used_at";

    private final JdbcClient jdbc;

    private final JdbcPasskeyUserEntities users;

    private final Clock clock;

    public JdbcPasskeyCredentials(JdbcClient jdbc, JdbcPasskeyUserEntities users, Clock clock) {
        this.jdbc = jdbc;
        this.users = users;
        this.clock = clock;
    }

    @Override
    public void delete(Bytes credentialId) {
        this.jdbc
                .sql("delete from passkey_credential where credential_id = ?")
                .param(credentialId.toBase64UrlString())
                .update();
    }

    /**
     * Inserts a new credential (its account found from the user handle, its bound level L1 until
     * {@link #bindLevel}) or, after a sign-in, updates its counter and last use.
     */
    @Override
    public void save(CredentialRecord record) {
        String id = record.getCredentialId().toBase64UrlString();
        int updated = this.jdbc
                .sql("update passkey_credential set signature_count = ?, last_used_at = ?, backup_state = ? "
                        + "where credential_id = ?")
                .params(record.getSignatureCount(), timestamp(record.getLastUsed()), record.isBackupState(), id)
                .update();
        if (updated == 1) {
            return;
        }
        UUID accountId = this.users.accountOf(record.getUserEntityUserId());
        if (accountId == null) {
            throw new IllegalArgumentException("No passkey user for this credential");
        }
        this.jdbc
                .sql("insert into passkey_credential (account_id, bound_level, " + COLUMNS + ") "
                        + "values (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(
                        accountId,
                        id,
                        record.getUserEntityUserId().toBase64UrlString(),
                        label(record.getLabel()),
                        (record.getCredentialType() != null)
                                ? record.getCredentialType().getValue()
                                : PublicKeyCredentialType.PUBLIC_KEY.getValue(),
                        new Bytes(record.getPublicKey().getBytes()).toBase64UrlString(),
                        record.getSignatureCount(),
                        record.isUvInitialized(),
                        record.isBackupEligible(),
                        record.isBackupState(),
                        record.getTransports().stream()
                                .map(AuthenticatorTransport::getValue)
                                .collect(Collectors.joining(" ")),
                        base64(record.getAttestationObject()),
                        base64(record.getAttestationClientDataJSON()),
                        Timestamp.from(this.clock.instant()),
                        null)
                .update();
    }

    @Override
    public @Nullable CredentialRecord findByCredentialId(Bytes credentialId) {
        return this.jdbc
                .sql("select " + COLUMNS + " from passkey_credential where credential_id = ?")
                .param(credentialId.toBase64UrlString())
                .query(JdbcPasskeyCredentials::map)
                .optional()
                .orElse(null);
    }

    @Override
    public List<CredentialRecord> findByUserId(Bytes userId) {
        return this.jdbc
                .sql("select " + COLUMNS + " from passkey_credential where user_handle = ? order by created_at")
                .param(userId.toBase64UrlString())
                .query(JdbcPasskeyCredentials::map)
                .list();
    }

    /** Records the session level in which the credential was registered. */
    void bindLevel(Bytes credentialId, int level) {
        this.jdbc
                .sql("update passkey_credential set bound_level = ? where credential_id = ?")
                .params(level, credentialId.toBase64UrlString())
                .update();
    }

    /** The level a credential was registered at, or 0 when it is unknown. */
    int boundLevel(Bytes credentialId) {
        return this.jdbc
                .sql("select bound_level from passkey_credential where credential_id = ?")
                .param(credentialId.toBase64UrlString())
                .query(Integer.class)
                .optional()
                .orElse(0);
    }

    /** The account's passkeys as the account center lists them. */
    List<PasskeyView> forAccount(UUID accountId) {
        return this.jdbc
                .sql("select credential_id, label, created_at, last_used_at, bound_level from passkey_credential "
                        + "where account_id = ? order by created_at")
                .param(accountId)
                .query((rs, row) -> new PasskeyView(
                        rs.getString("credential_id"),
                        rs.getString("label"),
                        rs.getTimestamp("created_at").toInstant(),
                        (rs.getTimestamp("last_used_at") != null)
                                ? rs.getTimestamp("last_used_at").toInstant()
                                : null,
                        rs.getInt("bound_level")))
                .list();
    }

    /** Deletes one of the account's passkeys; false when the account has no such passkey. */
    boolean delete(UUID accountId, String credentialId) {
        return this.jdbc
                        .sql("delete from passkey_credential where account_id = ? and credential_id = ?")
                        .params(accountId, credentialId)
                        .update()
                == 1;
    }

    /** Deletes all the account's passkeys and its user entity. */
    void deleteAll(UUID accountId) {
        this.jdbc
                .sql("delete from passkey_credential where account_id = ?")
                .param(accountId)
                .update();
        this.jdbc
                .sql("delete from passkey_user where account_id = ?")
                .param(accountId)
                .update();
    }

    private static CredentialRecord map(ResultSet rs, int row) throws SQLException {
        String transports = rs.getString("transports");
        Set<AuthenticatorTransport> parsed = (transports == null || transports.isBlank())
                ? Set.of()
                : Arrays.stream(transports.split(" "))
                        .map(AuthenticatorTransport::valueOf)
                        .collect(Collectors.toCollection(LinkedHashSet::new));
        Timestamp lastUsed = rs.getTimestamp("last_used_at");
        Timestamp created = rs.getTimestamp("created_at");
        return ImmutableCredentialRecord.builder()
                .credentialId(Bytes.fromBase64(rs.getString("credential_id")))
                .userEntityUserId(Bytes.fromBase64(rs.getString("user_handle")))
                .label(rs.getString("label"))
                .credentialType(PublicKeyCredentialType.valueOf(rs.getString("credential_type")))
                .publicKey(new ImmutablePublicKeyCose(
                        Bytes.fromBase64(rs.getString("public_key")).getBytes()))
                .signatureCount(rs.getLong("signature_count"))
                .uvInitialized(rs.getBoolean("uv_initialized"))
                .backupEligible(rs.getBoolean("backup_eligible"))
                .backupState(rs.getBoolean("backup_state"))
                .transports(parsed)
                .attestationObject(bytes(rs.getString("attestation_object")))
                .attestationClientDataJSON(bytes(rs.getString("client_data_json")))
                .created(created.toInstant())
                .lastUsed((lastUsed != null) ? lastUsed.toInstant() : created.toInstant())
                .build();
    }

    private static String label(String label) {
        String value = (label == null || label.isBlank()) ? "passkey" : label.strip();
        return (value.length() <= 64) ? value : value.substring(0, 64);
    }

    private static Timestamp timestamp(Instant instant) {
        return (instant != null) ? Timestamp.from(instant) : null;
    }

    private static String base64(@Nullable Bytes bytes) {
        return (bytes != null) ? bytes.toBase64UrlString() : null;
    }

    private static @Nullable Bytes bytes(String base64) {
        return (base64 != null) ? Bytes.fromBase64(base64) : null;
    }
}
