package cn.yiwang.id.federation.registry;

import cn.yiwang.id.federation.IdentityProvider;
import cn.yiwang.id.federation.oidc.FederationOidcProperties;
import cn.yiwang.id.federation.saml.FederationSamlProperties;
import cn.yiwang.id.federation.saml.IdentityProviderMetadata;
import cn.yiwang.id.kit.http.LimitedBody;
import cn.yiwang.id.saml.Certificates;
import cn.yiwang.id.saml.SamlException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * "Test connection" for a provincial identity provider: fetches what sign-ins will need (OIDC: the discovery
 * document and the JWK set; SAML: the metadata) and says in plain words what is wrong, every finding rather
 * than the first.
 *
 * <p>The fetches are bounded like sign-in calls (the same connect and request timeouts, the same body limits,
 * no redirects) but bypass the sign-in caches and circuit breakers: a test must see the upstream as it is now,
 * and an administrator probing a broken URL must not open the circuit that citizens' sign-ins go through.
 */
@Component
public final class ConnectionTester {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final FederationOidcProperties oidc;

    private final FederationSamlProperties saml;

    private final Clock clock;

    public ConnectionTester(FederationOidcProperties oidc, FederationSamlProperties saml, ObjectProvider<Clock> clock) {
        this.oidc = oidc;
        this.saml = saml;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    /**
     * Tests one provider as registered.
     * @param idp the identity provider
     * @return the findings
     */
    public ConnectionReport test(IdentityProvider idp) {
        List<ConnectionFinding> findings = new ArrayList<>();
        if (idp.protocol() == IdentityProvider.Protocol.SAML) {
            testSaml(idp, findings);
        } else {
            testOidc(idp, findings);
        }
        if (!idp.enabled()) {
            findings.add(ConnectionFinding.warning(
                    "disabled", "The provider is disabled: no citizen can sign in through it until it is enabled."));
        }
        return ConnectionReport.of(idp.alias(), idp.protocol().name(), this.clock.instant(), findings);
    }

    private void testOidc(IdentityProvider idp, List<ConnectionFinding> findings) {
        URI discovery = acceptable(discoveryUri(idp.issuer()));
        if (discovery == null) {
            findings.add(ConnectionFinding.error(
                    "issuer-invalid",
                    "The issuer '" + idp.issuer() + "' is not an https URL (plain http is only allowed to this"
                            + " machine)."));
            return;
        }
        Fetched document = fetch(discovery, "application/json", oidcLimits());
        if (document.problem() != null) {
            findings.add(ConnectionFinding.error(
                    "discovery-unreachable",
                    "The discovery document " + discovery + " could not be fetched: " + document.problem() + "."));
            return;
        }
        JsonNode node;
        try {
            node = JSON.readTree(document.body());
        } catch (JacksonException ex) {
            node = null;
        }
        if (node == null || !node.isObject()) {
            findings.add(ConnectionFinding.error(
                    "discovery-not-json", "The discovery document " + discovery + " is not a JSON object."));
            return;
        }
        findings.add(ConnectionFinding.ok(
                "discovery-fetched", "The discovery document was fetched from " + discovery + "."));
        String issuer = text(node, "issuer");
        if (!idp.issuer().equals(issuer)) {
            findings.add(ConnectionFinding.error(
                    "discovery-issuer-mismatch",
                    "The document names the issuer '" + issuer + "', not '" + idp.issuer()
                            + "' as registered: correct the registered issuer (it must match exactly)."));
        }
        URI jwks = null;
        for (String field : List.of("authorization_endpoint", "token_endpoint", "jwks_uri")) {
            URI endpoint = acceptable(parse(text(node, field)));
            if (endpoint == null) {
                findings.add(ConnectionFinding.error(
                        "discovery-endpoint-invalid", "The document's " + field + " is missing or not an https URL."));
            } else if (field.equals("jwks_uri")) {
                jwks = endpoint;
            }
        }
        checkAuthMethod(idp, node, findings);
        checkScopes(idp, node, findings);
        if (text(node, "end_session_endpoint") == null) {
            findings.add(ConnectionFinding.warning(
                    "no-end-session",
                    "The provider publishes no end_session_endpoint: logging out nationally will not log the"
                            + " citizen out there."));
        }
        if (jwks != null) {
            testJwks(jwks, findings);
        }
    }

    private void checkAuthMethod(IdentityProvider idp, JsonNode node, List<ConnectionFinding> findings) {
        if (idp.clientAuthentication() == null) {
            return;
        }
        String ours = idp.clientAuthentication().name().toLowerCase(Locale.ROOT);
        JsonNode methods = node.get("token_endpoint_auth_methods_supported");
        // absent means client_secret_basic only (OIDC Discovery §3)
        List<String> supported =
                (methods != null && methods.isArray()) ? strings(methods) : List.of("client_secret_basic");
        if (!supported.contains(ours)) {
            findings.add(ConnectionFinding.error(
                    "auth-method-unsupported",
                    "We authenticate at its token endpoint with " + ours + ", which it does not support ("
                            + String.join(", ", supported) + ")."));
        }
    }

    private void checkScopes(IdentityProvider idp, JsonNode node, List<ConnectionFinding> findings) {
        JsonNode scopes = node.get("scopes_supported");
        if (scopes == null || !scopes.isArray()) {
            return;
        }
        List<String> supported = strings(scopes);
        List<String> missing =
                idp.scopes().stream().filter((s) -> !supported.contains(s)).toList();
        if (!missing.isEmpty()) {
            findings.add(ConnectionFinding.warning(
                    "scopes-not-advertised",
                    "We ask for scopes it does not advertise: " + String.join(", ", missing) + "."));
        }
    }

    private void testJwks(URI jwks, List<ConnectionFinding> findings) {
        Fetched keys = fetch(jwks, "application/jwk-set+json, application/json", oidcLimits());
        if (keys.problem() != null) {
            findings.add(ConnectionFinding.error(
                    "jwks-unreachable", "The key set " + jwks + " could not be fetched: " + keys.problem() + "."));
            return;
        }
        JWKSet set;
        try {
            set = JWKSet.parse(new String(keys.body(), StandardCharsets.UTF_8)).toPublicJWKSet();
        } catch (ParseException ex) {
            findings.add(ConnectionFinding.error("jwks-invalid", "The key set " + jwks + " is not a JWK set."));
            return;
        }
        long signing = set.getKeys().stream()
                .filter((key) -> key.getKeyUse() == null || KeyUse.SIGNATURE.equals(key.getKeyUse()))
                .filter(ConnectionTester::isAsymmetric)
                .count();
        if (signing == 0) {
            findings.add(ConnectionFinding.error(
                    "jwks-no-signing-key", "The key set " + jwks + " has no public key for signatures."));
        } else {
            findings.add(ConnectionFinding.ok("jwks-fetched", "The key set has " + signing + " signing key(s)."));
        }
    }

    private void testSaml(IdentityProvider idp, List<ConnectionFinding> findings) {
        if (idp.saml() == null
                || (idp.saml().metadataUrl() == null && idp.saml().metadataXml() == null)) {
            findings.add(
                    ConnectionFinding.error("saml-metadata-missing", "No metadata URL or document is registered."));
            return;
        }
        byte[] xml;
        if (idp.saml().metadataUrl() != null) {
            URI url = acceptable(parse(idp.saml().metadataUrl()));
            if (url == null) {
                findings.add(
                        ConnectionFinding.error("saml-metadata-url-invalid", "The metadata URL is not an https URL."));
                return;
            }
            Fetched fetched = fetch(
                    url,
                    "application/samlmetadata+xml, application/xml, text/xml",
                    new Limits(
                            this.saml.metadataConnectTimeout(),
                            this.saml.metadataRequestTimeout(),
                            cn.yiwang.id.saml.SecureXml.MAX_BYTES));
            if (fetched.problem() != null) {
                findings.add(ConnectionFinding.error(
                        "saml-metadata-unreachable",
                        "The metadata " + url + " could not be fetched: " + fetched.problem() + "."));
                return;
            }
            findings.add(ConnectionFinding.ok("saml-metadata-fetched", "The metadata was fetched from " + url + "."));
            xml = fetched.body();
        } else {
            xml = idp.saml().metadataXml().getBytes(StandardCharsets.UTF_8);
        }
        X509Certificate signer;
        try {
            signer = (idp.saml().metadataSigningCertificate() != null)
                    ? Certificates.parse(idp.saml().metadataSigningCertificate())
                    : null;
        } catch (RuntimeException ex) {
            findings.add(ConnectionFinding.error(
                    "saml-signing-certificate-invalid", "The metadata signing certificate cannot be read."));
            return;
        }
        Instant now = this.clock.instant();
        try {
            IdentityProviderMetadata.Accepted accepted = IdentityProviderMetadata.read(xml, idp.issuer(), signer, now);
            findings.add(ConnectionFinding.ok(
                    "saml-metadata-accepted",
                    "The metadata describes the entity '" + idp.issuer() + "' with "
                            + accepted.entity().signingCertificates().size() + " signing certificate(s)."));
            checkCertificates(accepted.entity().signingCertificates(), now, findings);
            if (accepted.validUntil() != null && accepted.validUntil().isBefore(now.plus(Duration.ofDays(7)))) {
                findings.add(ConnectionFinding.warning(
                        "saml-metadata-expiring", "The metadata is valid only until " + accepted.validUntil() + "."));
            }
        } catch (SamlException ex) {
            findings.add(ConnectionFinding.error(
                    "saml-metadata-" + ex.reason().replace('_', '-'),
                    "The metadata cannot be used: " + ex.getMessage() + "."));
        }
    }

    private static void checkCertificates(
            List<X509Certificate> certificates, Instant now, List<ConnectionFinding> findings) {
        for (X509Certificate certificate : certificates) {
            Instant notAfter = certificate.getNotAfter().toInstant();
            if (notAfter.isBefore(now)) {
                findings.add(ConnectionFinding.warning(
                        "saml-certificate-expired",
                        "A signing certificate ("
                                + certificate.getSubjectX500Principal().getName() + ") expired on " + notAfter + "."));
            } else if (notAfter.isBefore(now.plus(Duration.ofDays(30)))) {
                findings.add(ConnectionFinding.warning(
                        "saml-certificate-expiring",
                        "A signing certificate ("
                                + certificate.getSubjectX500Principal().getName() + ") expires on " + notAfter + "."));
            }
        }
    }

    private Limits oidcLimits() {
        return new Limits(
                this.oidc.connectTimeout(),
                this.oidc.requestTimeout(),
                this.oidc.maxResponseSize().toBytes());
    }

    private record Limits(Duration connect, Duration request, long maxBytes) {}

    /** A body, or in words why there is none. */
    private record Fetched(byte[] body, String problem) {}

    private static Fetched fetch(URI uri, String accept, Limits limits) {
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(limits.connect())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(limits.request())
                .header("Accept", accept)
                .GET()
                .build();
        CompletableFuture<HttpResponse<byte[]>> future =
                client.sendAsync(request, (info) -> new LimitedBody(limits.maxBytes()));
        try {
            HttpResponse<byte[]> response = future.get(limits.request().toMillis(), TimeUnit.MILLISECONDS);
            int status = response.statusCode();
            if (status >= 300 && status < 400) {
                return new Fetched(
                        null,
                        "it redirects (HTTP " + status + ") to "
                                + response.headers().firstValue("Location").orElse("elsewhere")
                                + "; register the final URL, redirects are not followed");
            }
            if (status != 200) {
                return new Fetched(null, "the server answered HTTP " + status);
            }
            return new Fetched(response.body(), null);
        } catch (TimeoutException ex) {
            future.cancel(true);
            return new Fetched(null, "no answer within " + limits.request().toMillis() + " ms");
        } catch (InterruptedException ex) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            return new Fetched(null, "the test was interrupted");
        } catch (ExecutionException ex) {
            return new Fetched(null, transportProblem(ex.getCause(), limits));
        }
    }

    private static String transportProblem(Throwable failure, Limits limits) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof LimitedBody.TooLargeException) {
                return "the answer is larger than " + limits.maxBytes() + " bytes";
            }
            if (cause instanceof HttpTimeoutException) {
                return "no answer within the time allowed";
            }
            if (cause instanceof ConnectException) {
                return "no connection to the server (refused or unreachable)";
            }
            if (cause instanceof javax.net.ssl.SSLException) {
                return "the TLS handshake failed (certificate or protocol)";
            }
            if (cause instanceof java.nio.channels.UnresolvedAddressException
                    || cause instanceof java.net.UnknownHostException) {
                return "the host name does not resolve";
            }
        }
        return "the connection failed";
    }

    // OIDC Discovery §4: a terminating "/" of the issuer is removed before appending the path
    private static URI discoveryUri(String issuer) {
        if (issuer == null) {
            return null;
        }
        String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        return parse(base + "/.well-known/openid-configuration");
    }

    private static URI parse(String value) {
        if (value == null) {
            return null;
        }
        try {
            return new URI(value);
        } catch (URISyntaxException ex) {
            return null;
        }
    }

    // the rule sign-ins use: https, or plain http to this machine (a test or a local mock)
    private static URI acceptable(URI uri) {
        if (uri == null || !uri.isAbsolute() || uri.getHost() == null || uri.getRawFragment() != null) {
            return null;
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost();
        boolean loopback = "localhost".equalsIgnoreCase(host) || host.startsWith("127.") || "[::1]".equals(host);
        return ("https".equals(scheme) || ("http".equals(scheme) && loopback)) ? uri : null;
    }

    private static boolean isAsymmetric(JWK key) {
        return key.getKeyType() != null && !"oct".equals(key.getKeyType().getValue());
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return (value != null && value.isString()) ? value.stringValue() : null;
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        for (JsonNode value : array.values()) {
            if (value.isString()) {
                values.add(value.stringValue());
            }
        }
        return values;
    }
}
