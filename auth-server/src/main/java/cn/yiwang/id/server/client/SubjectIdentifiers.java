package cn.yiwang.id.server.client;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * The {@code sub} a client sees (OIDC Core §8): the account id for a public-subject client; for a pairwise one
 * (§8.1) an HMAC-SHA-256 of its sector identifier and the account id under a key derived from the master key,
 * so it is stable for that sector, the same for its clients, and different at every other sector: two provinces
 * cannot correlate a citizen by {@code sub}.
 */
public final class SubjectIdentifiers {

    private final SecretKeySpec key;

    /** @param key 32 bytes derived from the master key for this purpose only */
    public SubjectIdentifiers(byte[] key) {
        this.key = new SecretKeySpec(key, "HmacSHA256");
    }

    /**
     * @param client the client the subject is for
     * @param accountId the account's id (the principal name)
     */
    public String subjectFor(RegisteredClient client, String accountId) {
        return RelyingPartySettings.pairwiseSector(client)
                .map((sector) -> pairwise(sector, accountId))
                .orElse(accountId);
    }

    private String pairwise(String sector, String accountId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(this.key);
            // the length prefix keeps (sector, account) pairs from running into each other
            byte[] digest =
                    mac.doFinal((sector.length() + ":" + sector + "|" + accountId).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
