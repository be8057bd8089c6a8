package cn.yiwang.id.federation.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import cn.yiwang.id.account.realname.AssuranceLevel;
import cn.yiwang.id.federation.IdentityProvider;
import cn.yiwang.id.federation.UpstreamIdentity;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.time.Duration;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** Completing a sign-in against an independent upstream provider, and every way it must fail. */
class UpstreamCallbackTests {

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

    @ParameterizedTest
    @EnumSource(names = {"CLIENT_SECRET_BASIC", "CLIENT_SECRET_POST"})
    void completeWhenEverythingValidThenAuthenticatedWithMappedAttributesLevelAndSid(
            IdentityProvider.ClientAuthentication method) throws Exception {
        this.op.registeredAuthentication(method, new JWKSet());
        IdentityProvider provider = TestIdentityProviders.zhejiang(this.op, method);

        UpstreamResult result = this.federation.signIn(this.op, provider);

        assertThat(result).isInstanceOf(UpstreamResult.Authenticated.class);
        UpstreamIdentity identity = ((UpstreamResult.Authenticated) result).identity();
        assertThat(identity.idpAlias()).isEqualTo(TestUpstreamOp.ALIAS);
        assertThat(identity.subject()).isEqualTo(TestUpstreamOp.SUBJECT);
        assertThat(identity.attributes())
                .containsOnly(
                        Map.entry("name", TestUpstreamOp.NAME),
                        Map.entry("id_number", TestUpstreamOp.ID_NUMBER),
                        Map.entry("id_document_type", "RESIDENT_ID"),
                        Map.entry("phone", TestUpstreamOp.PHONE));
        assertThat(identity.assertedLevel()).isEqualTo(AssuranceLevel.L3);
        assertThat(identity.upstreamSid()).isEqualTo(TestUpstreamOp.SID);
        assertThat(identity.idToken()).isNotBlank();
        // every mapped claim was in the ID token: no userinfo call
        assertThat(this.op.requests("userinfo")).isZero();
        assertThat(this.federation
                        .meters
                        .get("yiwang.federation.attempts")
                        .tag("idp", "zhejiang")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(this.federation.outcomes("authenticated")).isEqualTo(1);
        for (String call : List.of("discovery", "token", "jwks")) {
            assertThat(this.federation
                            .meters
                            .get("yiwang.federation.upstream.latency")
                            .tags("idp", "zhejiang", "call", call)
                            .timer()
                            .count())
                    .isEqualTo(1);
        }
    }

    @Test
    void completeWhenStateDiffersThenFailedWithoutCallingTheTokenEndpoint() throws Exception {
        UpstreamAuthorizationRequest request = begin();
        String code = this.op.authorize(request.authorizationUri());

        UpstreamResult result = this.federation.callback.complete(
                this.idp,
                request.pending(),
                Map.of("code", code, "state", request.pending().state() + "x", "iss", this.op.issuer()),
                TestFederation.REDIRECT_URI);

        assertThat(result).isEqualTo(new UpstreamResult.Failed("state-mismatch"));
        assertThat(this.op.requests("token")).isZero();
        assertThat(this.federation.outcomes("failed")).isEqualTo(1);
    }

    @Test
    void completeWhenStateMissingThenFailed() throws Exception {
        UpstreamAuthorizationRequest request = begin();
        String code = this.op.authorize(request.authorizationUri());

        UpstreamResult result = this.federation.callback.complete(
                this.idp, request.pending(), Map.of("code", code), TestFederation.REDIRECT_URI);

        assertThat(result).isEqualTo(new UpstreamResult.Failed("state-mismatch"));
    }

    @Test
    void completeWhenIssParameterNamesAnotherIssuerThenFailed() throws Exception {
        UpstreamAuthorizationRequest request = begin();
        String code = this.op.authorize(request.authorizationUri());

        UpstreamResult result = this.federation.callback.complete(
                this.idp,
                request.pending(),
                Map.of("code", code, "state", request.pending().state(), "iss", "https://zwfw.sh.gov.cn/oidc"),
                TestFederation.REDIRECT_URI);

        assertThat(result).isEqualTo(new UpstreamResult.Failed("iss-mismatch"));
        assertThat(this.op.requests("token")).isZero();
    }

    @Test
    void completeWhenIssParameterMissingAndProviderSendsItThenFailed() throws Exception {
        this.op.discoveryChange("authorization_response_iss_parameter_supported", true);
        UpstreamAuthorizationRequest request = begin();
        String code = this.op.authorize(request.authorizationUri());

        UpstreamResult result = this.federation.callback.complete(
                this.idp,
                request.pending(),
                Map.of("code", code, "state", request.pending().state()),
                TestFederation.REDIRECT_URI);

        assertThat(result).isEqualTo(new UpstreamResult.Failed("missing-iss"));
    }

    @Test
    void completeWhenIssParameterMissingAndProviderDoesNotSendItThenAuthenticated() throws Exception {
        UpstreamAuthorizationRequest request = begin();
        String code = this.op.authorize(request.authorizationUri());

        UpstreamResult result = this.federation.callback.complete(
                this.idp,
                request.pending(),
                Map.of("code", code, "state", request.pending().state()),
                TestFederation.REDIRECT_URI);

        assertThat(result).isInstanceOf(UpstreamResult.Authenticated.class);
    }

    @Test
    void completeWhenUpstreamSaysAccessDeniedThenDenied() throws Exception {
        UpstreamAuthorizationRequest request = begin();

        UpstreamResult result = this.federation.callback.complete(
                this.idp,
                request.pending(),
                Map.of(
                        "error",
                        "access_denied",
                        "error_description",
                        "用户取消了授权\r\n",
                        "state",
                        request.pending().state(),
                        "iss",
                        this.op.issuer()),
                TestFederation.REDIRECT_URI);

        assertThat(result).isEqualTo(new UpstreamResult.Denied("access_denied", "用户取消了授权"));
        assertThat(this.op.requests("token")).isZero();
        assertThat(this.federation.outcomes("denied")).isEqualTo(1);
    }

    @Test
    void completeWhenErrorWithWrongStateThenFailedNotDenied() throws Exception {
        UpstreamAuthorizationRequest request = begin();

        UpstreamResult result = this.federation.callback.complete(
                this.idp,
                request.pending(),
                Map.of("error", "access_denied", "state", "forged"),
                TestFederation.REDIRECT_URI);

        assertThat(result).isEqualTo(new UpstreamResult.Failed("state-mismatch"));
    }

    @Test
    void completeWhenCodeMissingThenFailed() throws Exception {
        UpstreamAuthorizationRequest request = begin();

        UpstreamResult result = this.federation.callback.complete(
                this.idp, request.pending(), Map.of("state", request.pending().state()), TestFederation.REDIRECT_URI);

        assertThat(result).isEqualTo(new UpstreamResult.Failed("missing-code"));
    }

    @Test
    void completeWhenLoginTimedOutThenFailed() throws Exception {
        UpstreamAuthorizationRequest request = begin();
        String code = this.op.authorize(request.authorizationUri());
        this.clock.advance(Duration.ofMinutes(10));

        UpstreamResult result = this.federation.callback.complete(
                this.idp,
                request.pending(),
                Map.of("code", code, "state", request.pending().state()),
                TestFederation.REDIRECT_URI);

        assertThat(result).isEqualTo(new UpstreamResult.Failed("login-expired"));
    }

    @Test
    void completeWhenPendingLoginBelongsToAnotherProviderThenFailed() throws Exception {
        UpstreamAuthorizationRequest request = begin();
        PendingUpstreamLogin pending = request.pending();
        PendingUpstreamLogin shanghai = new PendingUpstreamLogin(
                pending.state(), pending.nonce(), pending.codeVerifier(), "shanghai", pending.createdAt());

        UpstreamResult result = this.federation.callback.complete(
                this.idp, shanghai, Map.of("code", "c", "state", pending.state()), TestFederation.REDIRECT_URI);

        assertThat(result).isEqualTo(new UpstreamResult.Failed("idp-mismatch"));
    }

    @Test
    void completeWhenCallbackReplayedThenTheProviderRefusesTheSpentCode() throws Exception {
        UpstreamAuthorizationRequest request = begin();
        Map<String, String> callback = Map.of(
                "code",
                this.op.authorize(request.authorizationUri()),
                "state",
                request.pending().state());
        assertThat(this.federation.callback.complete(
                        this.idp, request.pending(), callback, TestFederation.REDIRECT_URI))
                .isInstanceOf(UpstreamResult.Authenticated.class);

        UpstreamResult replay =
                this.federation.callback.complete(this.idp, request.pending(), callback, TestFederation.REDIRECT_URI);

        assertThat(replay).isEqualTo(new UpstreamResult.Failed("token-endpoint-rejected:invalid_grant"));
    }

    @ParameterizedTest
    @EnumSource
    void completeWhenIdTokenDefectiveThenFailedNamingTheDefect(IdTokenDefect defect) throws Exception {
        defect.apply(this.op);

        UpstreamResult result = this.federation.signIn(this.op, this.idp);

        assertThat(result).isEqualTo(new UpstreamResult.Failed(defect.reason));
        assertThat(this.federation.outcomes("failed")).isEqualTo(1);
    }

    @Test
    void completeWhenExpiredWithinClockSkewThenAuthenticated() throws Exception {
        this.op.idTokenChanges((claims) -> claims.expirationTime(Date.from(TestClock.START.minusSeconds(30))));

        assertThat(this.federation.signIn(this.op, this.idp)).isInstanceOf(UpstreamResult.Authenticated.class);
    }

    @Test
    void completeWhenMappedClaimMissingFromIdTokenThenUserinfoFillsIt() throws Exception {
        Map<String, Object> claims = new HashMap<>(TestUpstreamOp.defaultIdTokenClaims());
        claims.remove("phone_number");
        this.op.idTokenClaims(claims);

        UpstreamResult result = this.federation.signIn(this.op, this.idp);

        assertThat(result).isInstanceOf(UpstreamResult.Authenticated.class);
        assertThat(((UpstreamResult.Authenticated) result).identity().attributes())
                .containsEntry("phone", TestUpstreamOp.PHONE);
        assertThat(this.op.requests("userinfo")).isEqualTo(1);
    }

    @Test
    void completeWhenUserinfoNamesAnotherSubjectThenFailed() throws Exception {
        Map<String, Object> claims = new HashMap<>(TestUpstreamOp.defaultIdTokenClaims());
        claims.remove("phone_number");
        this.op.idTokenClaims(claims);
        this.op.userinfoClaims(Map.of("sub", "zlb-someone-else", "phone_number", "13900139000"));

        UpstreamResult result = this.federation.signIn(this.op, this.idp);

        assertThat(result).isEqualTo(new UpstreamResult.Failed("userinfo-sub-mismatch"));
    }

    @Test
    void completeWhenNoLevelClaimThenLevelFromOurAcr() throws Exception {
        Map<String, Object> claims = new HashMap<>(TestUpstreamOp.defaultIdTokenClaims());
        claims.remove("auth_level");
        this.op.idTokenClaims(claims);
        this.op.idTokenChanges((builder) -> builder.claim("acr", "urn:yiwang:loa:2"));

        UpstreamResult result = this.federation.signIn(this.op, this.idp);

        assertThat(((UpstreamResult.Authenticated) result).identity().assertedLevel())
                .isEqualTo(AssuranceLevel.L2);
    }

    @ParameterizedTest
    @EnumSource(names = {"INVALID_GRANT", "SERVER_ERROR"})
    void completeWhenTokenEndpointFailsThenFailed(TestUpstreamOp.TokenEndpoint behaviour) throws Exception {
        this.op.tokenEndpoint(behaviour);

        UpstreamResult result = this.federation.signIn(this.op, this.idp);

        String reason = (behaviour == TestUpstreamOp.TokenEndpoint.INVALID_GRANT)
                ? "token-endpoint-rejected:invalid_grant"
                : "token-endpoint-http-500";
        assertThat(result).isEqualTo(new UpstreamResult.Failed(reason));
        assertThat(this.op.requests("token")).isEqualTo(1);
        // a refused code is an answer; a 500 means the upstream is not well
        assertThat(this.federation.outcomes(
                        (behaviour == TestUpstreamOp.TokenEndpoint.INVALID_GRANT) ? "failed" : "unavailable"))
                .isEqualTo(1);
    }

    @Test
    void completeWhenTokenEndpointDoesNotAnswerInTimeThenFailed() throws Exception {
        TestFederation impatient =
                new TestFederation(TestFederation.withRequestTimeout(Duration.ofMillis(300)), this.clock);
        this.op.tokenEndpoint(TestUpstreamOp.TokenEndpoint.HANG);

        UpstreamResult result = impatient.signIn(this.op, this.idp);

        assertThat(result).isEqualTo(new UpstreamResult.Failed("token-endpoint-timeout"));
        assertThat(impatient.outcomes("unavailable")).isEqualTo(1);
    }

    @Test
    void completeWhenDiscoveryIssuerDiffersThenFailed() {
        this.op.discoveryChange("issuer", this.op.issuer() + "/");
        PendingUpstreamLogin pending =
                new PendingUpstreamLogin("s", "n", "v".repeat(43), TestUpstreamOp.ALIAS, TestClock.START);

        UpstreamResult result = this.federation.callback.complete(
                this.idp, pending, Map.of("code", "c", "state", "s"), TestFederation.REDIRECT_URI);

        assertThat(result).isEqualTo(new UpstreamResult.Failed("discovery-issuer-mismatch"));
        assertThat(this.op.requests("token")).isZero();
    }

    @ParameterizedTest
    @EnumSource(FederationOidcProperties.PrivateKeyJwt.Audience.class)
    void completeWhenPrivateKeyJwtThenProviderVerifiesOurAssertion(
            FederationOidcProperties.PrivateKeyJwt.Audience audience) throws Exception {
        String jwk =
                new RSAKeyGenerator(2048).keyID("yiwang-rp-2026").generate().toJSONString();
        TestFederation signing = new TestFederation(TestFederation.withPrivateKeyJwt(jwk, audience), this.clock);
        this.op.registeredAuthentication(
                IdentityProvider.ClientAuthentication.PRIVATE_KEY_JWT, signing.key.publicJwkSet());

        UpstreamResult result = signing.signIn(
                this.op,
                TestIdentityProviders.zhejiang(this.op, IdentityProvider.ClientAuthentication.PRIVATE_KEY_JWT));

        assertThat(result).isInstanceOf(UpstreamResult.Authenticated.class);
        assertThat(this.op.lastAssertionAudience())
                .isEqualTo(
                        (audience == FederationOidcProperties.PrivateKeyJwt.Audience.ISSUER)
                                ? this.op.issuer()
                                : this.op.tokenEndpoint());
    }

    @Test
    void completeWhenPrivateKeyJwtWithEcKeyThenProviderVerifiesOurAssertion() throws Exception {
        String jwk =
                new ECKeyGenerator(Curve.P_256).keyID("yiwang-rp-ec").generate().toJSONString();
        TestFederation signing = new TestFederation(
                TestFederation.withPrivateKeyJwt(jwk, FederationOidcProperties.PrivateKeyJwt.Audience.TOKEN_ENDPOINT),
                this.clock);
        this.op.registeredAuthentication(
                IdentityProvider.ClientAuthentication.PRIVATE_KEY_JWT, signing.key.publicJwkSet());

        UpstreamResult result = signing.signIn(
                this.op,
                TestIdentityProviders.zhejiang(this.op, IdentityProvider.ClientAuthentication.PRIVATE_KEY_JWT));

        assertThat(result).isInstanceOf(UpstreamResult.Authenticated.class);
    }

    @Test
    void completeWhenPrivateKeyJwtWithoutOurKeyThenFailedAndBeginRefuses() {
        IdentityProvider provider =
                TestIdentityProviders.zhejiang(this.op, IdentityProvider.ClientAuthentication.PRIVATE_KEY_JWT);
        PendingUpstreamLogin pending =
                new PendingUpstreamLogin("s", "n", "v".repeat(43), TestUpstreamOp.ALIAS, TestClock.START);

        UpstreamResult result = this.federation.callback.complete(
                provider, pending, Map.of("code", "c", "state", "s"), TestFederation.REDIRECT_URI);

        assertThat(result).isEqualTo(new UpstreamResult.Failed("private-key-jwt-key-not-configured"));
        assertThatIllegalStateException()
                .isThrownBy(() -> this.federation.authorization.begin(provider, TestFederation.REDIRECT_URI))
                .withMessageContaining("private-key-jwt-key-not-configured");
        assertThat(this.op.totalRequests()).isZero();
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void completeWhenLoggedThenNoIdNumberPhoneSubjectNameSecretOrToken(CapturedOutput output) throws Exception {
        UpstreamResult authenticated = this.federation.signIn(this.op, this.idp);
        this.op.idTokenChanges((claims) -> claims.audience("another-client"));
        UpstreamResult failed = this.federation.signIn(this.op, this.idp);

        assertThat(failed).isInstanceOf(UpstreamResult.Failed.class);
        String idToken =
                ((UpstreamResult.Authenticated) authenticated).identity().idToken();
        assertThat(output.getAll())
                .contains("Upstream login via zhejiang authenticated")
                .contains("id-token-wrong-audience")
                .doesNotContain(
                        TestUpstreamOp.ID_NUMBER,
                        TestUpstreamOp.PHONE,
                        TestUpstreamOp.SUBJECT,
                        TestUpstreamOp.NAME,
                        TestUpstreamOp.CLIENT_SECRET,
                        idToken);
    }

    private UpstreamAuthorizationRequest begin() {
        return this.federation.authorization.begin(this.idp, TestFederation.REDIRECT_URI);
    }

    /** One defect each, and the reason that must name it. */
    enum IdTokenDefect {
        BAD_SIGNATURE((op) -> op.signing(TestUpstreamOp.Signing.WRONG_KEY), "id-token-bad-signature"),

        ALG_NONE((op) -> op.signing(TestUpstreamOp.Signing.NONE), "id-token-alg-none"),

        HS256_WITH_CLIENT_SECRET((op) -> op.signing(TestUpstreamOp.Signing.HS256), "id-token-alg-not-allowed"),

        WRONG_ISSUER(
                (op) -> op.idTokenChanges((c) -> c.issuer("https://tongban.zjzwfw.gov.cn")), "id-token-wrong-issuer"),

        WRONG_AUDIENCE((op) -> op.idTokenChanges((c) -> c.audience("another-client")), "id-token-wrong-audience"),

        AZP_MISMATCH(
                (op) -> op.idTokenChanges((c) -> c.audience(List.of(TestUpstreamOp.CLIENT_ID, "another-client"))
                        .claim("azp", "another-client")),
                "id-token-azp-mismatch"),

        AZP_MISSING_WITH_SEVERAL_AUDIENCES(
                (op) -> op.idTokenChanges((c) -> c.audience(List.of(TestUpstreamOp.CLIENT_ID, "another-client"))),
                "id-token-azp-missing"),

        EXPIRED(
                (op) -> op.idTokenChanges((c) -> c.expirationTime(Date.from(TestClock.START.minusSeconds(61)))),
                "id-token-expired"),

        NO_EXPIRY((op) -> op.idTokenChanges((c) -> c.expirationTime(null)), "id-token-missing-exp"),

        ISSUED_IN_THE_FUTURE(
                (op) -> op.idTokenChanges((c) -> c.issueTime(Date.from(TestClock.START.plusSeconds(600)))),
                "id-token-issued-in-future"),

        NONCE_MISMATCH(
                (op) -> op.idTokenChanges((c) -> c.claim("nonce", "nonce-of-another-login")),
                "id-token-nonce-mismatch"),

        NONCE_MISSING((op) -> op.idTokenChanges((c) -> c.claim("nonce", null)), "id-token-nonce-mismatch"),

        SUB_MISSING((op) -> op.idTokenChanges((c) -> c.subject(null)), "id-token-missing-sub"),

        AT_HASH_MISMATCH(
                (op) -> op.idTokenChanges((c) -> c.claim("at_hash", "AAAAAAAAAAAAAAAAAAAAAA")),
                "id-token-at-hash-mismatch"),

        TYPED_AS_LOGOUT_TOKEN((op) -> op.idTokenType("logout+jwt"), "id-token-wrong-type");

        private final Consumer<TestUpstreamOp> change;

        final String reason;

        IdTokenDefect(Consumer<TestUpstreamOp> change, String reason) {
            this.change = change;
            this.reason = reason;
        }

        void apply(TestUpstreamOp op) {
            this.change.accept(op);
        }
    }
}
