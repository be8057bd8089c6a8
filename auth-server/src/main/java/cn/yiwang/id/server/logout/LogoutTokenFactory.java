package cn.yiwang.id.server.logout;

import cn.yiwang.id.server.client.SubjectIdentifiers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * Signs logout tokens (OIDC Back-Channel Logout 1.0 §2.4): {@code iss}, {@code aud}, {@code iat},
 * {@code exp}, {@code jti}, the back-channel logout {@code events} member, {@code sub} and {@code sid};
 * never a {@code nonce}. Typed {@code logout+jwt} (§2.4) and signed like the client's ID tokens.
 */
public final class LogoutTokenFactory {

    static final String EVENT = "http://schemas.openid.net/event/backchannel-logout";

    private static final Duration LIFETIME = Duration.ofMinutes(2);

    private final JwtEncoder encoder;
    private final String issuer;
    private final Clock clock;
    private final SubjectIdentifiers subjects;

    /** @param encoder signs with the active OIDC signing key of the client's algorithm */
    public LogoutTokenFactory(JwtEncoder encoder, String issuer, Clock clock, SubjectIdentifiers subjects) {
        this.encoder = encoder;
        this.issuer = issuer;
        this.clock = clock;
        this.subjects = subjects;
    }

    /**
     * @param accountId the account whose session ended; the token's {@code sub} is what this client knows it by
     *     (pairwise or not), as in its ID tokens
     * @param sid the session that ended, or null for a token about the subject as a whole (all its sessions,
     *     e.g. the account was deleted: Back-Channel Logout 1.0 §2.4 allows {@code sub} alone)
     */
    public String create(RegisteredClient client, String accountId, String sid) {
        Instant now = this.clock.instant();
        JwtClaimsSet.Builder builder = JwtClaimsSet.builder();
        if (sid != null) {
            builder.claim("sid", sid);
        }
        JwtClaimsSet claims = builder.issuer(this.issuer)
                .audience(List.of(client.getClientId()))
                .issuedAt(now)
                .expiresAt(now.plus(LIFETIME))
                .id(UUID.randomUUID().toString())
                .subject(this.subjects.subjectFor(client, accountId))
                .claim("events", Map.of(EVENT, Map.of()))
                .build();
        SignatureAlgorithm algorithm = (client.getTokenSettings().getIdTokenSignatureAlgorithm() != null)
                ? client.getTokenSettings().getIdTokenSignatureAlgorithm()
                : SignatureAlgorithm.RS256;
        JwsHeader header = JwsHeader.with(algorithm).type("logout+jwt").build();
        return this.encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
    }
}
