package cn.yiwang.id.federation.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import cn.yiwang.id.federation.IdentityProvider;
import com.nimbusds.jwt.JWTClaimsSet;
import java.time.Duration;
import java.util.Date;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Back-channel logout tokens from the upstream (Back-Channel Logout 1.0 §2.6). */
class UpstreamLogoutTokenValidatorTests {

    private static final String RISC_ACCOUNT_DISABLED =
            "https://schemas.openid.net/secevent/risc/event-type/" + "account-disabled";

    private final TestClock clock = new TestClock();

    private TestUpstreamOp op;

    private TestFederation federation;

    private IdentityProvider idp;

    @BeforeEach
    void startProvider() throws Exception {
        this.op = new TestUpstreamOp(this.clock);
        this.federation = new TestFederation(FederationOidcProperties.defaults(), this.clock);
        this.idp = TestIdentityProviders.zhejiang(this.op);
    }

    @AfterEach
    void stopProvider() {
        this.op.close();
    }

    @Test
    void validateWhenTokenValidThenLogoutOfSubjectAndSession() throws Exception {
        String token = this.op.logoutToken(UnaryOperator.identity(), TestUpstreamOp.Signing.GOOD);

        UpstreamLogout logout = this.federation.logoutTokens.validate(this.idp, token);

        assertThat(logout).isEqualTo(new UpstreamLogout("zhejiang", TestUpstreamOp.SUBJECT, TestUpstreamOp.SID));
    }

    @Test
    void validateWhenOnlySidThenLogoutOfThatSession() throws Exception {
        String token = this.op.logoutToken((claims) -> claims.subject(null), TestUpstreamOp.Signing.GOOD);

        assertThat(this.federation.logoutTokens.validate(this.idp, token))
                .isEqualTo(new UpstreamLogout("zhejiang", null, TestUpstreamOp.SID));
    }

    @Test
    void validateWhenSameTokenPostedAgainThenRefusedAsReplayed() throws Exception {
        String token = this.op.logoutToken((claims) -> claims.claim("sid", null), TestUpstreamOp.Signing.GOOD);
        this.federation.logoutTokens.validate(this.idp, token);
        this.clock.advance(Duration.ofSeconds(30));

        assertThatExceptionOfType(UpstreamLogoutTokenException.class)
                .isThrownBy(() -> this.federation.logoutTokens.validate(this.idp, token))
                .satisfies((ex) -> assertThat(ex.reason()).isEqualTo("logout-token-replayed"))
                .satisfies((ex) -> assertThat(ex.upstreamUnavailable()).isFalse());
    }

    @Test
    void validateWhenAcceptedThenJtiRememberedPerIssuerUntilExpiryWithSkew() throws Exception {
        String token = this.op.logoutToken(UnaryOperator.identity(), TestUpstreamOp.Signing.GOOD);

        this.federation.logoutTokens.validate(this.idp, token);

        // the token expires 120 s after it was issued; the clock skew is 60 s by default
        assertThat(this.federation.logoutTokenReplays.used).hasSize(1).allSatisfy((key, ttl) -> {
            assertThat(key).startsWith(this.op.issuer() + "\n");
            assertThat(ttl).isEqualTo(Duration.ofSeconds(180));
        });
    }

    @Test
    void validateWhenRefusedThenJtiNotRemembered() throws Exception {
        String token = this.op.logoutToken((claims) -> claims.claim("nonce", "n"), TestUpstreamOp.Signing.GOOD);

        assertThatExceptionOfType(UpstreamLogoutTokenException.class)
                .isThrownBy(() -> this.federation.logoutTokens.validate(this.idp, token));
        assertThat(this.federation.logoutTokenReplays.used).isEmpty();
    }

    @ParameterizedTest
    @EnumSource
    void validateWhenTokenDefectiveThenRefusedNamingTheDefect(LogoutTokenDefect defect) throws Exception {
        String token = this.op.logoutToken(defect.changes, defect.signing);
        if (defect == LogoutTokenDefect.TOO_OLD) {
            this.clock.advance(Duration.ofMinutes(7));
        }

        assertThatExceptionOfType(UpstreamLogoutTokenException.class)
                .isThrownBy(() -> this.federation.logoutTokens.validate(this.idp, token))
                .satisfies((ex) -> assertThat(ex.reason()).isEqualTo(defect.reason))
                .satisfies((ex) -> assertThat(ex.upstreamUnavailable()).isFalse());
    }

    @Test
    void validateWhenAnIdTokenIsPostedThenRefused() throws Exception {
        String idToken = this.op.idToken("nonce-of-a-login", "access-token");

        assertThatExceptionOfType(UpstreamLogoutTokenException.class)
                .isThrownBy(() -> this.federation.logoutTokens.validate(this.idp, idToken))
                .satisfies((ex) -> assertThat(ex.reason()).isEqualTo("logout-token-missing-jti"));
    }

    @Test
    void validateWhenProviderUnreachableThenRefusedAsUnavailable() throws Exception {
        String token = this.op.logoutToken(UnaryOperator.identity(), TestUpstreamOp.Signing.GOOD);
        this.op.close();

        assertThatExceptionOfType(UpstreamLogoutTokenException.class)
                .isThrownBy(() -> this.federation.logoutTokens.validate(this.idp, token))
                .satisfies((ex) -> assertThat(ex.upstreamUnavailable()).isTrue());
    }

    /** One defect each, and the reason that must name it. */
    enum LogoutTokenDefect {
        WITH_NONCE((c) -> c.claim("nonce", "n-0a1b"), "logout-token-nonce-present"),

        WITHOUT_EVENTS((c) -> c.claim("events", null), "logout-token-missing-logout-event"),

        WITH_ANOTHER_EVENT(
                (c) -> c.claim("events", Map.of(RISC_ACCOUNT_DISABLED, Map.of())), "logout-token-missing-logout-event"),

        WRONG_AUDIENCE((c) -> c.audience("another-client"), "logout-token-wrong-audience"),

        WRONG_ISSUER((c) -> c.issuer("https://tongban.zjzwfw.gov.cn"), "logout-token-wrong-issuer"),

        BAD_SIGNATURE(UnaryOperator.identity(), TestUpstreamOp.Signing.WRONG_KEY, "logout-token-bad-signature"),

        ALG_NONE(UnaryOperator.identity(), TestUpstreamOp.Signing.NONE, "logout-token-alg-none"),

        HS256(UnaryOperator.identity(), TestUpstreamOp.Signing.HS256, "logout-token-alg-not-allowed"),

        WITHOUT_JTI((c) -> c.jwtID(null), "logout-token-missing-jti"),

        WITHOUT_SUB_AND_SID((c) -> c.subject(null).claim("sid", null), "logout-token-missing-sub-and-sid"),

        WITHOUT_IAT((c) -> c.issueTime(null), "logout-token-missing-iat"),

        EXPIRED((c) -> c.expirationTime(Date.from(TestClock.START.minusSeconds(120))), "logout-token-expired"),

        WITHOUT_EXP((c) -> c.expirationTime(null), "logout-token-missing-exp"),

        TOO_OLD((c) -> c.expirationTime(Date.from(TestClock.START.plusSeconds(3600))), "logout-token-too-old");

        final UnaryOperator<JWTClaimsSet.Builder> changes;

        final TestUpstreamOp.Signing signing;

        final String reason;

        LogoutTokenDefect(UnaryOperator<JWTClaimsSet.Builder> changes, String reason) {
            this(changes, TestUpstreamOp.Signing.GOOD, reason);
        }

        LogoutTokenDefect(UnaryOperator<JWTClaimsSet.Builder> changes, TestUpstreamOp.Signing signing, String reason) {
            this.changes = changes;
            this.signing = signing;
            this.reason = reason;
        }
    }
}
