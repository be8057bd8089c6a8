package cn.yiwang.id.server.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Checks a client definition beyond field formats: redirect URI safety (RFC 9700 §2.1, RFC 8252
 * §7), what public clients may do, and that secrets are stored hashed.
 */
final class ClientDefinitionRules {

    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]", "::1");
    private static final Set<String> SECRET_SCHEMES = Set.of("{sha256}", "{bcrypt}", "{argon2}", "{pbkdf2}");

    private ClientDefinitionRules() {}

    static List<String> violations(ClientDefinition client) {
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
        if (client.isPublic()) {
            if (client.grantTypes().contains("client_credentials")) {
                problems.add("grant-types: a public client (no secret) cannot use client_credentials");
            }
        } else if (SECRET_SCHEMES.stream().noneMatch(client.clientSecret()::startsWith)) {
            problems.add("client-secret: must be stored hashed, e.g. {sha256}<salt>$<hex SHA-256 of salt+secret>;"
                    + " plain-text secrets are refused");
        }
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
        return problems;
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
