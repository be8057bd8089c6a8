package cn.yiwang.id.server.console;

import cn.yiwang.id.server.client.ClientDefinition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The relying-party form of the console: the fields an administrator sets most (the rest of the definition is
 * kept as stored, or takes the registry's defaults for a new client). Lists are typed one a line (URIs) or
 * space-separated (scopes, grant types).
 */
public record ClientForm(
        String clientId,
        String clientName,
        String redirectUris,
        String postLogoutRedirectUris,
        String grantTypes,
        String scopes,
        String tokenEndpointAuthMethod,
        String minimumAcr,
        Boolean requirePkce,
        Boolean requireConsent,
        Boolean enabled) {

    // an unticked checkbox sends nothing: absent is false
    public ClientForm {
        requirePkce = Boolean.TRUE.equals(requirePkce);
        requireConsent = Boolean.TRUE.equals(requireConsent);
        enabled = Boolean.TRUE.equals(enabled);
    }

    static final List<String> FIELDS = List.of(
            "clientId",
            "clientName",
            "redirectUris",
            "postLogoutRedirectUris",
            "grantTypes",
            "scopes",
            "tokenEndpointAuthMethod",
            "minimumAcr",
            "requirePkce",
            "requireConsent",
            "enabled");

    static ClientForm blank() {
        return new ClientForm(
                "",
                "",
                "",
                "",
                "authorization_code refresh_token",
                "openid profile",
                "client_secret_basic",
                "",
                true,
                false,
                true);
    }

    static ClientForm of(ClientDefinition d) {
        return new ClientForm(
                d.clientId(),
                Objects.toString(d.clientName(), ""),
                String.join("\n", d.redirectUris()),
                String.join("\n", d.postLogoutRedirectUris()),
                String.join(" ", d.grantTypes()),
                String.join(" ", d.scopes()),
                Objects.toString(d.tokenEndpointAuthMethod(), d.hasSecret() ? "client_secret_basic" : "none"),
                Objects.toString(d.minimumAcr(), ""),
                d.requirePkce(),
                d.requireConsent(),
                d.enabled());
    }

    /**
     * The definition this form asks for, on top of what is stored.
     * @param stored the stored definition, or null for a new client (registry defaults)
     */
    ClientDefinition toDefinition(ClientDefinition stored) {
        ClientDefinition base = (stored != null) ? stored : defaults(this.clientId);
        return new ClientDefinition(
                blankToNull(this.clientId),
                blankToNull(this.clientName),
                base.clientSecret(),
                lines(this.redirectUris),
                lines(this.postLogoutRedirectUris),
                words(this.grantTypes),
                words(this.scopes),
                this.requireConsent,
                this.requirePkce,
                base.accessTokenTtl(),
                base.refreshTokenTtl(),
                base.authorizationCodeTtl(),
                base.idTokenSignatureAlgorithm(),
                base.backchannelLogoutUri(),
                base.backchannelLogoutSessionRequired(),
                base.frontchannelLogoutUri(),
                base.frontchannelLogoutSessionRequired(),
                blankToNull(this.minimumAcr),
                base.releaseIdNumber(),
                base.webOrigins(),
                blankToNull(this.tokenEndpointAuthMethod),
                base.tokenEndpointAuthSigningAlg(),
                base.jwksUri(),
                base.jwks(),
                base.subjectType(),
                base.sectorIdentifierUri(),
                base.deviceCodeTtl(),
                base.qrLoginApp(),
                base.province(),
                this.enabled,
                base.tokenExchangeAudiences());
    }

    /** The value of one field as a page shows it. */
    public String shown(String field) {
        return switch (field) {
            case "clientId" -> this.clientId;
            case "clientName" -> this.clientName;
            case "redirectUris" -> String.join(" ", lines(this.redirectUris));
            case "postLogoutRedirectUris" -> String.join(" ", lines(this.postLogoutRedirectUris));
            case "grantTypes" -> String.join(" ", words(this.grantTypes));
            case "scopes" -> String.join(" ", words(this.scopes));
            case "tokenEndpointAuthMethod" -> this.tokenEndpointAuthMethod;
            case "minimumAcr" -> this.minimumAcr;
            case "requirePkce" -> Boolean.toString(this.requirePkce);
            case "requireConsent" -> Boolean.toString(this.requireConsent);
            case "enabled" -> Boolean.toString(this.enabled);
            default -> "";
        };
    }

    static List<FieldDiff> diff(ClientForm before, ClientForm after) {
        List<FieldDiff> rows = new ArrayList<>();
        for (String field : FIELDS) {
            String was = (before != null) ? Objects.toString(before.shown(field), "") : "";
            String now = Objects.toString(after.shown(field), "");
            if (!was.equals(now)) {
                rows.add(new FieldDiff(
                        "console.clients.field." + field, was.isEmpty() ? "—" : was, now.isEmpty() ? "—" : now));
            }
        }
        return rows;
    }

    // what a client created without the form's other fields gets: the bootstrap file's defaults
    private static ClientDefinition defaults(String clientId) {
        return new ClientDefinition(
                clientId,
                null,
                null,
                List.of(),
                List.of(),
                List.of("authorization_code"),
                List.of(),
                false,
                false,
                Duration.ofMinutes(10),
                Duration.ofHours(8),
                Duration.ofMinutes(2),
                "RS256",
                null,
                false,
                null,
                false,
                null,
                false,
                List.of(),
                null,
                null,
                null,
                null,
                "public",
                null,
                Duration.ofMinutes(10),
                false,
                null,
                true,
                List.of());
    }

    private static List<String> lines(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return Arrays.stream(value.split("\\R"))
                .map(String::strip)
                .filter((l) -> !l.isEmpty())
                .toList();
    }

    private static List<String> words(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return Arrays.stream(value.strip().split("[\\s,]+"))
                .filter((w) -> !w.isEmpty())
                .toList();
    }

    private static String blankToNull(String value) {
        return (value == null || value.isBlank()) ? null : value.strip();
    }
}
