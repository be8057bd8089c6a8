package cn.yiwang.id.account.passkey;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.ImmutablePublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.management.PublicKeyCredentialUserEntityRepository;

/**
 * WebAuthn user entities on {@code passkey_user} (this module's table, not Spring Security's
 * {@code user_entities}). The "username" Spring Security looks users up by is the account id; the
 * entity's {@code id} (user handle) is random and says nothing about the account, and its name is the
 * label the authenticator shows (a masked phone number), never the account id.
 */
public final class JdbcPasskeyUserEntities implements PublicKeyCredentialUserEntityRepository {

    private final JdbcClient jdbc;

    private final Clock clock;

    public JdbcPasskeyUserEntities(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public @Nullable PublicKeyCredentialUserEntity findById(Bytes id) {
        return this.jdbc
                .sql("select user_handle, display_name from passkey_user where user_handle = ?")
                .param(id.toBase64UrlString())
                .query((rs, row) -> entity(rs.getString("user_handle"), rs.getString("display_name")))
                .optional()
                .orElse(null);
    }

    @Override
    public @Nullable PublicKeyCredentialUserEntity findByUsername(String username) {
        UUID accountId;
        try {
            accountId = UUID.fromString(username);
        } catch (IllegalArgumentException ex) {
            return null;
        }
        return this.jdbc
                .sql("select user_handle, display_name from passkey_user where account_id = ?")
                .param(accountId)
                .query((rs, row) -> entity(rs.getString("user_handle"), rs.getString("display_name")))
                .optional()
                .orElse(null);
    }

    /**
     * Updates the label of a known entity. A new entity comes only through {@link #ensure}: Spring Security
     * creates one named after the account id when none exists, which {@code ensure} always prevents.
     */
    @Override
    public void save(PublicKeyCredentialUserEntity userEntity) {
        int updated = this.jdbc
                .sql("update passkey_user set display_name = ? where user_handle = ?")
                .params(label(userEntity.getDisplayName()), userEntity.getId().toBase64UrlString())
                .update();
        if (updated == 0) {
            throw new IllegalStateException("Passkey user entities are created through ensure()");
        }
    }

    /** The account's entity, created with a random user handle when it has none; its label refreshed. */
    public PublicKeyCredentialUserEntity ensure(UUID accountId, String label) {
        PublicKeyCredentialUserEntity found = findByUsername(accountId.toString());
        if (found == null) {
            this.jdbc
                    .sql("insert into passkey_user (account_id, user_handle, display_name, created_at) "
                            + "values (?, ?, ?, ?)")
                    .params(
                            accountId,
                            Bytes.random().toBase64UrlString(),
                            label(label),
                            Timestamp.from(this.clock.instant()))
                    .update();
        } else if (!found.getDisplayName().equals(label(label))) {
            this.jdbc
                    .sql("update passkey_user set display_name = ? where account_id = ?")
                    .params(label(label), accountId)
                    .update();
        }
        return findByUsername(accountId.toString());
    }

    @Override
    public void delete(Bytes id) {
        this.jdbc
                .sql("delete from passkey_user where user_handle = ?")
                .param(id.toBase64UrlString())
                .update();
    }

    /** The account a user handle belongs to, or null. */
    public @Nullable UUID accountOf(Bytes userHandle) {
        return this.jdbc
                .sql("select account_id from passkey_user where user_handle = ?")
                .param(userHandle.toBase64UrlString())
                .query(UUID.class)
                .optional()
                .orElse(null);
    }

    private static String label(String label) {
        String value = (label == null || label.isBlank()) ? "一网 ID" : label;
        return (value.length() <= 64) ? value : value.substring(0, 64);
    }

    private static PublicKeyCredentialUserEntity entity(String handle, String label) {
        return ImmutablePublicKeyCredentialUserEntity.builder()
                .id(Bytes.fromBase64(handle))
                .name(label)
                .displayName(label)
                .build();
    }
}
