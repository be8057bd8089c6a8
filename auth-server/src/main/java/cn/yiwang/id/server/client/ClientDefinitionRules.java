package cn.yiwang.id.server.client;

import cn.yiwang.id.server.permission.AdminScope;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Checks a client definition beyond field formats: redirect URI safety (RFC 9700 §2.1, RFC 8252
 * §7), what public clients may do, that secrets are stored hashed, the keys of {@code private_key_jwt}
 * clients (RFC 7523), web origins (CORS) and pairwise subjects (OIDC Core §8.1).
 */
public final class ClientDefinitionRules {

    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]", "::1");
    private static final Set<String> SECRET_SCHEMES = Set.of("{sha256}", "{bcrypt}", "{argon2}", "{pbkdf2}");

    private ClientDefinitionRules() {}

    public static List<String> violations(ClientDefinition client) {
        List<String> problems = new ArrayList<>();
        if (client.grantTypes().contains("authorization_code")
                && client.redirectUris().isEmpty()) {
            problems.add("redirect-uris: the authorization_code grant needs at least one redirect URI");
        }
        client.redirectUris().forEach((uri) -> checkRedirectUri("redirect-uris", uri, problems));
        client.postLogoutRedirectUris().forEach((uri) -> checkRedirectUri("post-logout-redirect-uris", uri, problems));
        if (client.backchannelLogoutUri() != null) {
            checkRedirectUri("backchannel-logout-uri", client.backchannelLogoutUri(), problems);
        }
        if (client.frontchannelLogoutUri() != null) {
            checkRedirectUri("frontchannel-logout-uri", client.frontchannelLogoutUri(), problems);
        }
        authentication(client, problems);
        webOrigins(client, problems);
        subjectType(client, problems);
        if (client.releaseIdNumber()
                && !(client.requireConsent() && client.scopes().contains("realname"))) {
            problems.add("release-id-number: only for a client with scope realname that requires consent, so the "
                    + "citizen agrees to each release");
        }
        if (client.accessTokenTtl().isNegative() || client.accessTokenTtl().isZero()) {
            problems.add("access-token-ttl: must be positive");
        }
        if (client.authorizationCodeTtl().compareTo(java.time.Duration.ofMinutes(10)) > 0) {
            problems.add("authorization-code-ttl: at most 10 minutes (RFC 6749 §4.1.2)");
        }
        if (client.deviceCodeTtl().isNegative()
                || client.deviceCodeTtl().isZero()
                || client.deviceCodeTtl().compareTo(java.time.Duration.ofMinutes(30)) > 0) {
            problems.add("device-code-ttl: positive and at most 30 minutes (the user code is short: RFC 8628 §5.1)");
        }
        if (client.qrLoginApp() && !client.grantTypes().contains("authorization_code")) {
            problems.add("qr-login-app: the app confirms QR sign-ins with its citizens' tokens, so it needs the"
                    + " authorization_code grant");
        }
        if (client.province() != null && !client.qrLoginApp()) {
            problems.add("province: only for a qr-login-app (it caps the level of the QR sign-ins it confirms)");
        }
        if (AdminScope.mixesAuditAndWrites(client.scopes())) {
            // separation of duties (GB/T 22239-2019): who reads the audit trail changes nothing
            problems.add("scopes: yiwang.admin.audit cannot be held with a scope that changes anything ("
                    + "yiwang.admin or yiwang.admin.* other than audit)");
        }
        return problems;
    }

    private static void authentication(ClientDefinition client, List<String> problems) {
        String method = client.authenticationMethods().get(0);
        boolean secretMethod = ClientDefinition.SECRET_METHODS.contains(method);
        if (client.isPublic() && client.grantTypes().contains("client_credentials")) {
            problems.add("grant-types: a public client (no secret) cannot use client_credentials");
        }
        if (secretMethod && !client.hasSecret()) {
            problems.add("client-secret: " + method + " needs a (hashed) client secret");
        } else if (!secretMethod && client.hasSecret()) {
            problems.add("client-secret: must be absent (or none) for token-endpoint-auth-method " + method
                    + ": the client holds no shared secret");
        } else if (secretMethod && SECRET_SCHEMES.stream().noneMatch(client.clientSecret()::startsWith)) {
            problems.add("client-secret: must be stored hashed, e.g. {sha256}<salt>$<hex SHA-256 of salt+secret>;"
                    + " plain-text secrets are refused");
        }
        if ("private_key_jwt".equals(method)) {
            if ((client.jwks() == null) == (client.jwksUri() == null)) {
                problems.add("jwks: private_key_jwt needs the client's public keys, either jwks (inline) or jwks-uri,"
                        + " not both");
            }
            if (client.jwksUri() != null) {
                checkHttpsUrl("jwks-uri", client.jwksUri(), problems);
            }
            if (client.jwks() != null) {
                ClientKeys.violations(client.jwks(), client.tokenEndpointAuthSigningAlg())
                        .forEach((p) -> problems.add("jwks: " + p));
            }
        } else if (client.jwks() != null || client.jwksUri() != null || client.tokenEndpointAuthSigningAlg() != null) {
            problems.add("jwks: keys (jwks, jwks-uri, token-endpoint-auth-signing-alg) are only for"
                    + " token-endpoint-auth-method private_key_jwt");
        }
    }

    private static void webOrigins(ClientDefinition client, List<String> problems) {
        for (String origin : client.webOrigins()) {
            if ("+".equals(origin)) {
                if (client.redirectUris().stream().noneMatch((uri) -> uri.startsWith("http"))) {
                    problems.add("web-origins: '+' stands for the origins of the redirect URIs, and there is no"
                            + " http(s) redirect URI");
                }
                continue;
            }
            URI uri;
            try {
                uri = new URI(origin);
            } catch (URISyntaxException ex) {
                problems.add("web-origins: '" + origin + "' is not a valid origin");
                continue;
            }
            boolean bare = uri.isAbsolute()
                    && uri.getHost() != null
                    && uri.getRawPath().isEmpty()
                    && uri.getRawQuery() == null
                    && uri.getRawFragment() == null
                    && uri.getRawUserInfo() == null;
            if (!bare || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
                problems.add("web-origins: '" + origin + "' must be an origin, scheme://host[:port] with no path,"
                        + " or '+'");
            } else if ("http".equals(uri.getScheme()) && !LOOPBACK.contains(uri.getHost())) {
                problems.add("web-origins: '" + origin + "' must use https (plain http is allowed for loopback only)");
            }
        }
    }

    private static void subjectType(ClientDefinition client, List<String> problems) {
        if (!client.isPairwise()) {
            if (client.sectorIdentifierUri() != null) {
                problems.add("sector-identifier-uri: only for subject-type pairwise");
            }
            return;
        }
        if (client.scopes().stream().anyMatch((scope) -> scope.startsWith("yiwang."))) {
            problems.add("subject-type: a pairwise client cannot have yiwang.* scopes: those APIs know citizens by"
                    + " their account id");
        }
        if (client.sectorIdentifierUri() != null) {
            checkHttpsUrl("sector-identifier-uri", client.sectorIdentifierUri(), problems);
        } else if (RedirectHosts.of(client.redirectUris()).size() > 1) {
            problems.add("sector-identifier-uri: required for a pairwise client whose redirect URIs have several"
                    + " hosts (OIDC Core §8.1): an https URL listing them all");
        }
    }

    private static void checkHttpsUrl(String field, String value, List<String> problems) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException ex) {
            problems.add(field + ": '" + value + "' is not a valid URI");
            return;
        }
        if (!uri.isAbsolute() || uri.getHost() == null || uri.getFragment() != null) {
            problems.add(field + ": '" + value + "' must be an absolute URL without fragment");
        } else if (!"https".equals(uri.getScheme())
                && !("http".equals(uri.getScheme()) && LOOPBACK.contains(uri.getHost()))) {
            problems.add(field + ": '" + value + "' must use https (plain http is allowed for loopback only)");
        }
    }

    private static void checkRedirectUri(String field, String value, List<String> problems) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException ex) {
            problems.add(field + ": '" + value + "' is not a valid URI");
            return;
        }
        if (!uri.isAbsolute() || uri.getFragment() != null) {
            problems.add(field + ": '" + value + "' must be absolute and have no fragment");
            return;
        }
        String scheme = uri.getScheme().toLowerCase();
        if ("http".equals(scheme) && (uri.getHost() == null || !LOOPBACK.contains(uri.getHost()))) {
            problems.add(field + ": '" + value + "' must use https (plain http is allowed for loopback only)");
        }
        if (!"http".equals(scheme) && !"https".equals(scheme) && !scheme.contains(".")) {
            problems.add(field + ": '" + value + "' uses a custom scheme that is not reverse-DNS (RFC 8252 §7.1)");
        }
    }
}
