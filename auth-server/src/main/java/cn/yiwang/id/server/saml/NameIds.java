package cn.yiwang.id.server.saml;

import cn.yiwang.id.saml.SamlNames;
import cn.yiwang.id.server.saml.registry.ServiceProvider;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The NameIDs and SessionIndexes we give service providers, all derived (HMAC-SHA256 under a key
 * derived from the master key) so nothing needs storing: persistent = pairwise per SP and stable
 * for ever, so portals cannot correlate citizens; transient = per SSO session and SP; unspecified =
 * the account id, the same {@code sub} OIDC clients see.
 */
public final class NameIds {

    private final byte[] key;

    public NameIds(byte[] key) {
        this.key = key.clone();
    }

    /** The format to use: the one asked for when we support it, else the SP's registered one. */
    public static String effectiveFormat(String requested, ServiceProvider sp) {
        if (requested == null || requested.isBlank() || SamlNames.NAMEID_UNSPECIFIED.equals(requested)) {
            return sp.nameIdFormat();
        }
        return requested;
    }

    public static boolean supported(String format) {
        return SamlNames.NAMEID_PERSISTENT.equals(format)
                || SamlNames.NAMEID_TRANSIENT.equals(format)
                || SamlNames.NAMEID_UNSPECIFIED.equals(format);
    }

    public String nameId(String format, ServiceProvider sp, String accountId, String sid) {
        if (SamlNames.NAMEID_PERSISTENT.equals(format)) {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hmac("persistent", sp.entityId(), accountId));
        }
        if (SamlNames.NAMEID_TRANSIENT.equals(format)) {
            return "_" + HexFormat.of().formatHex(hmac("transient", sp.entityId(), sid), 0, 16);
        }
        return accountId;
    }

    public String sessionIndex(ServiceProvider sp, String sid) {
        return "_" + HexFormat.of().formatHex(hmac("session", sp.entityId(), sid), 0, 16);
    }

    private byte[] hmac(String purpose, String entityId, String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(this.key, "HmacSHA256"));
            return mac.doFinal((purpose + "\n" + entityId + "\n" + value).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
