package cn.yiwang.id.federation.oidc;

import cn.yiwang.id.account.realname.AssuranceLevel;
import cn.yiwang.id.federation.IdentityProvider;
import cn.yiwang.id.federation.UpstreamIdentity;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Completes a sign-in when the browser comes back from an upstream identity provider.
 *
 * <p>The steps, in order; the first that fails ends the sign-in with {@link UpstreamResult.Failed} naming it:
 * <ol>
 * <li>the pending login belongs to this provider, and the provider's configuration allows a sign-in;</li>
 * <li>{@code state} equals the pending state, compared in constant time (RFC 6749 §10.12);</li>
 * <li>the pending login has not outlived {@code login-timeout};</li>
 * <li>{@code iss}, when present, equals the issuer (RFC 9207 §2.4);</li>
 * <li>the circuit of the provider is closed (else {@code upstream-unavailable}, with no network call);</li>
 * <li>{@code iss} is present when the provider's metadata says it sends it (RFC 9207 §2.4);</li>
 * <li>an {@code error} parameter ends the sign-in as {@link UpstreamResult.Denied};</li>
 * <li>the code is exchanged with the PKCE verifier and our client authentication (RFC 6749 §4.1.3, RFC 7636 §4.5);</li>
 * <li>the ID token is validated: signature, then the claim rules of {@link IdTokenValidator};</li>
 * <li>when a mapped claim is missing from the ID token, the userinfo endpoint fills it in, and must name the same
 * {@code sub} (OIDC Core §5.3.2);</li>
 * <li>the claims are mapped to attributes and the asserted level.</li>
 * </ol>
 */
public final class UpstreamCallback {

    private static final Logger log = LoggerFactory.getLogger(UpstreamCallback.class);

    // RFC 6749 §4.1.2.1: error codes are printable ASCII without '"' and '\'
    private static final Pattern ERROR_CODE = Pattern.compile("[\\x20-\\x21\\x23-\\x5B\\x5D-\\x7E]{1,64}");

    private static final int MAX_DESCRIPTION = 200;

    private final UpstreamHttp http;

    private final UpstreamDiscovery discovery;

    private final IdTokenValidator idTokens;

    private final RelyingPartyKey key;

    private final TokenRequestAuthentication clientAuthentication;

    private final FederationOidcProperties properties;

    private final FederationMetrics metrics;

    private final Clock clock;

    private final JsonMapper json = JsonMapper.builder().build();

    UpstreamCallback(
            UpstreamHttp http,
            UpstreamDiscovery discovery,
            UpstreamJwks jwks,
            RelyingPartyKey key,
            FederationOidcProperties properties,
            FederationMetrics metrics,
            Clock clock) {
        this.http = http;
        this.discovery = discovery;
        this.idTokens = new IdTokenValidator(new UpstreamJwtVerifier(jwks), properties, clock);
        this.key = key;
        this.clientAuthentication = new TokenRequestAuthentication(key);
        this.properties = properties;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Completes a sign-in.
     * @param idp the identity provider the browser comes back from
     * @param pending the pending login stored under the returned {@code state} (take it out of the store first,
     * so that a callback is never completed twice)
     * @param callbackParameters the query parameters of the callback ({@code code}, {@code state}, {@code iss},
     * {@code error}, {@code error_description})
     * @param redirectUri the redirect URI sent with the authorization request
     * @return authenticated, denied or failed; never throws for anything the upstream or the browser sent
     */
    public UpstreamResult complete(
            IdentityProvider idp,
            PendingUpstreamLogin pending,
            Map<String, String> callbackParameters,
            String redirectUri) {
        UpstreamResult result;
        FederationMetrics.Outcome outcome;
        try {
            result = authenticate(idp, pending, callbackParameters, redirectUri);
            outcome = (result instanceof UpstreamResult.Denied)
                    ? FederationMetrics.Outcome.DENIED
                    : FederationMetrics.Outcome.AUTHENTICATED;
        } catch (UpstreamFailure failure) {
            result = new UpstreamResult.Failed(failure.reason());
            outcome =
                    failure.isUnavailable() ? FederationMetrics.Outcome.UNAVAILABLE : FederationMetrics.Outcome.FAILED;
        }
        this.metrics.outcome(idp.alias(), outcome);
        if (result instanceof UpstreamResult.Authenticated authenticated) {
            log.info(
                    "Upstream login via {} authenticated, asserted level {}",
                    idp.alias(),
                    authenticated.identity().assertedLevel());
        } else if (result instanceof UpstreamResult.Denied denied) {
            log.info("Upstream login via {} denied by the provider: {}", idp.alias(), denied.error());
        } else if (result instanceof UpstreamResult.Failed failed) {
            log.warn("Upstream login via {} failed: {}", idp.alias(), failed.reason());
        }
        return result;
    }

    private UpstreamResult authenticate(
            IdentityProvider idp, PendingUpstreamLogin pending, Map<String, String> parameters, String redirectUri)
            throws UpstreamFailure {
        if (!idp.alias().equals(pending.idpAlias())) {
            throw UpstreamFailure.invalid("idp-mismatch");
        }
        String problem = IdentityProviderCheck.problem(idp, this.key).orElse(null);
        if (problem != null) {
            throw UpstreamFailure.invalid(problem);
        }
        // state (REQUIRED when sent): binds the callback to the browser that started the login
        if (!ConstantTime.equal(pending.state(), parameters.get("state"))) {
            throw UpstreamFailure.invalid("state-mismatch");
        }
        if (!this.clock.instant().isBefore(pending.createdAt().plus(this.properties.loginTimeout()))) {
            throw UpstreamFailure.invalid("login-expired");
        }
        // iss (RFC 9207 §2.4): a response from another provider, mixed up with ours, stops here
        String iss = parameters.get("iss");
        if (iss != null && !iss.equals(idp.issuer())) {
            throw UpstreamFailure.invalid("iss-mismatch");
        }
        if (!this.http.isAvailable(idp.alias())) {
            throw UpstreamFailure.unavailable("upstream-unavailable");
        }
        UpstreamProviderMetadata metadata = this.discovery.fetch(idp);
        if (iss == null && metadata.issParameterSupported()) {
            throw UpstreamFailure.invalid("missing-iss");
        }
        String error = parameters.get("error");
        if (error != null) {
            return denied(error, parameters.get("error_description"));
        }
        String code = parameters.get("code");
        if (code == null || code.isEmpty()) {
            throw UpstreamFailure.invalid("missing-code");
        }
        Tokens tokens = exchange(idp, metadata, pending, code, redirectUri);
        JwtClaimsCheck idToken =
                this.idTokens.validate(idp, metadata, tokens.idToken(), pending.nonce(), tokens.accessToken());
        Map<String, Object> claims = new HashMap<>(idToken.claims().getClaims());
        String subject = idToken.string("sub");
        if (!UpstreamClaims.missing(idp.claimMappings(), claims).isEmpty() && metadata.userinfoEndpoint() != null) {
            Map<String, Object> userinfo = userinfo(idp, metadata, tokens.accessToken());
            // OIDC Core §5.3.2: the userinfo sub MUST match the ID token's, or the answer is about someone else
            if (!subject.equals(userinfo.get("sub"))) {
                throw UpstreamFailure.invalid("userinfo-sub-mismatch");
            }
            // the ID token is signed: what it says stands, userinfo only fills the gaps
            userinfo.forEach(claims::putIfAbsent);
        }
        AssuranceLevel level = UpstreamClaims.level(
                idp.claimMappings(), claims, idToken.claims().getClaim("acr"));
        UpstreamIdentity identity = new UpstreamIdentity(
                idp.alias(),
                subject,
                UpstreamClaims.attributes(idp.claimMappings(), claims),
                level,
                tokens.idToken(),
                idToken.string("sid"));
        return new UpstreamResult.Authenticated(identity);
    }

    private Tokens exchange(
            IdentityProvider idp,
            UpstreamProviderMetadata metadata,
            PendingUpstreamLogin pending,
            String code,
            String redirectUri)
            throws UpstreamFailure {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", redirectUri);
        form.put("code_verifier", pending.codeVerifier());
        HttpRequest.Builder request = this.http
                .request(metadata.tokenEndpoint())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json");
        this.clientAuthentication.apply(idp, metadata, form, request);
        request.POST(HttpRequest.BodyPublishers.ofString(UpstreamEndpoints.form(form)));
        return this.http.call(idp.alias(), UpstreamCall.TOKEN, request.build(), this::readTokens);
    }

    private Tokens readTokens(UpstreamHttp.Response response) throws UpstreamFailure {
        JsonNode node = readJson(response);
        if (!response.isSuccess()) {
            // RFC 6749 §5.2: the upstream refused this code or our client; it is up, so not a circuit failure
            String error = (node != null) ? text(node, "error") : null;
            throw UpstreamFailure.invalid(
                    (error != null && ERROR_CODE.matcher(error).matches())
                            ? "token-endpoint-rejected:" + error
                            : UpstreamCall.TOKEN.reason("http-" + response.status()));
        }
        if (node == null) {
            throw UpstreamFailure.unavailable(UpstreamCall.TOKEN.reason("bad-response"));
        }
        String idToken = text(node, "id_token");
        String accessToken = text(node, "access_token");
        if (idToken == null) {
            throw UpstreamFailure.invalid("token-response-missing-id-token");
        }
        if (accessToken == null) {
            throw UpstreamFailure.invalid("token-response-missing-access-token");
        }
        return new Tokens(idToken, accessToken);
    }

    private Map<String, Object> userinfo(IdentityProvider idp, UpstreamProviderMetadata metadata, String accessToken)
            throws UpstreamFailure {
        HttpRequest request = this.http
                .request(metadata.userinfoEndpoint())
                .header("Authorization", "Bearer " + accessToken)
                .header("Accept", "application/json")
                .GET()
                .build();
        return this.http.call(idp.alias(), UpstreamCall.USERINFO, request, (response) -> {
            if (!response.isSuccess()) {
                throw UpstreamFailure.invalid(UpstreamCall.USERINFO.reason("http-" + response.status()));
            }
            if (response.contentType().startsWith("application/jwt")) {
                // signed userinfo needs its own validation rules; no province is known to use it
                throw UpstreamFailure.invalid("userinfo-signed-not-supported");
            }
            try {
                Map<String, Object> claims = this.json.readValue(response.body(), new TypeReference<>() {});
                if (claims == null) {
                    throw UpstreamFailure.unavailable(UpstreamCall.USERINFO.reason("bad-response"));
                }
                return claims;
            } catch (JacksonException ex) {
                throw UpstreamFailure.unavailable(UpstreamCall.USERINFO.reason("bad-response"));
            }
        });
    }

    private static UpstreamResult denied(String error, String description) throws UpstreamFailure {
        if (!ERROR_CODE.matcher(error).matches()) {
            throw UpstreamFailure.invalid("malformed-error-response");
        }
        return new UpstreamResult.Denied(error, clean(description));
    }

    private static String clean(String description) {
        if (description == null) {
            return null;
        }
        // provinces write descriptions in Chinese, outside RFC 6749's ASCII: keep the text, drop control characters
        String cleaned = description
                .codePoints()
                .filter((c) -> !Character.isISOControl(c))
                .limit(MAX_DESCRIPTION)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString()
                .strip();
        return cleaned.isEmpty() ? null : cleaned;
    }

    private JsonNode readJson(UpstreamHttp.Response response) {
        if (!response.isJson()) {
            return null;
        }
        try {
            JsonNode node = this.json.readTree(response.body());
            return (node != null && node.isObject()) ? node : null;
        } catch (JacksonException ex) {
            return null;
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return (value != null && value.isString() && !value.stringValue().isEmpty()) ? value.stringValue() : null;
    }

    /** The tokens from the token endpoint; never printed. */
    private record Tokens(String idToken, String accessToken) {

        @Override
        public String toString() {
            return "Tokens[(hidden)]";
        }
    }
}
