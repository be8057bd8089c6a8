package cn.yiwang.id.server.console;

import cn.yiwang.id.federation.IdentityProvider;
import cn.yiwang.id.federation.SamlSettings;
import cn.yiwang.id.federation.registry.IdentityProviderResource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The identity-provider form of the console, as typed: scopes space-separated, claim mappings one
 * {@code attribute=claim} a line. The client secret is write-only (blank keeps the stored one) and never shown.
 */
public record IdentityProviderForm(
        String alias,
        String displayNameZh,
        String displayNameEn,
        String regionCode,
        String protocol,
        String issuer,
        String clientId,
        String clientSecret,
        String clientAuthentication,
        String scopes,
        String claimMappings,
        String trustLevel,
        Boolean enabled,
        Boolean shownOnLoginPage,
        String order,
        String metadataUrl,
        String metadataXml) {

    // an unticked checkbox sends nothing: absent is false
    public IdentityProviderForm {
        enabled = Boolean.TRUE.equals(enabled);
        shownOnLoginPage = Boolean.TRUE.equals(shownOnLoginPage);
    }

    /** The fields a confirm or conflict page compares, in page order, with the secret last. */
    static final List<String> FIELDS = List.of(
            "alias",
            "displayNameZh",
            "displayNameEn",
            "regionCode",
            "protocol",
            "issuer",
            "clientId",
            "clientAuthentication",
            "scopes",
            "claimMappings",
            "trustLevel",
            "enabled",
            "shownOnLoginPage",
            "order",
            "metadataUrl",
            "metadataXml",
            "clientSecret");

    /** An empty form for a new OIDC provider, with the registry's defaults. */
    static IdentityProviderForm blank() {
        return new IdentityProviderForm(
                "",
                "",
                "",
                "",
                "oidc",
                "",
                "",
                "",
                "client_secret_basic",
                "openid profile",
                "name=name\nid_number=id_card",
                "2",
                true,
                true,
                "0",
                "",
                "");
    }

    /** The form showing a stored provider (without its secret). */
    static IdentityProviderForm of(IdentityProvider p) {
        SamlSettings saml = p.saml();
        return new IdentityProviderForm(
                p.alias(),
                p.displayNameZh(),
                p.displayNameEn(),
                p.regionCode(),
                p.protocol().name().toLowerCase(Locale.ROOT),
                p.issuer(),
                Objects.toString(p.clientId(), ""),
                "",
                (p.clientAuthentication() != null)
                        ? p.clientAuthentication().name().toLowerCase(Locale.ROOT)
                        : "",
                String.join(" ", p.scopes()),
                p.claimMappings().entrySet().stream()
                        .sorted(Map.Entry.comparingByKey())
                        .map((e) -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining("\n")),
                Integer.toString(p.trustLevel().value()),
                p.enabled(),
                p.shownOnLoginPage(),
                Integer.toString(p.order()),
                (saml != null) ? Objects.toString(saml.metadataUrl(), "") : "",
                (saml != null) ? Objects.toString(saml.metadataXml(), "") : "");
    }

    /**
     * The provider this form asks for; nothing is checked here (the registry's validator explains what is wrong).
     * @param storedSecret the stored secret, kept when the form leaves the secret blank; null on create
     */
    IdentityProvider toIdentityProvider(String storedSecret) {
        boolean saml = "saml".equalsIgnoreCase(this.protocol);
        IdentityProviderResource.Saml samlSettings = saml
                ? new IdentityProviderResource.Saml(
                        blankToNull(this.metadataUrl), blankToNull(this.metadataXml), Map.of(), null, false)
                : null;
        return new IdentityProviderResource(
                        blankToNull(this.alias),
                        blankToNull(this.displayNameZh),
                        blankToNull(this.displayNameEn),
                        blankToNull(this.regionCode),
                        blankToNull(this.protocol),
                        blankToNull(this.issuer),
                        saml ? null : blankToNull(this.clientId),
                        saml ? null : blankToNull(this.clientSecret),
                        null,
                        saml ? null : blankToNull(this.clientAuthentication),
                        saml ? List.of() : words(this.scopes),
                        mappings(this.claimMappings),
                        integer(this.trustLevel),
                        this.enabled,
                        this.shownOnLoginPage,
                        integer(this.order),
                        samlSettings,
                        null,
                        null)
                .toIdentityProvider(storedSecret);
    }

    /** The value of one field as a page shows it; the secret and the metadata document only as "set". */
    public String shown(String field) {
        return switch (field) {
            case "alias" -> this.alias;
            case "displayNameZh" -> this.displayNameZh;
            case "displayNameEn" -> this.displayNameEn;
            case "regionCode" -> this.regionCode;
            case "protocol" -> this.protocol;
            case "issuer" -> this.issuer;
            case "clientId" -> this.clientId;
            case "clientAuthentication" -> this.clientAuthentication;
            case "scopes" -> String.join(" ", words(this.scopes));
            case "claimMappings" ->
                mappings(this.claimMappings).entrySet().stream()
                        .map((e) -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining(", "));
            case "trustLevel" -> this.trustLevel;
            case "enabled" -> Boolean.toString(this.enabled);
            case "shownOnLoginPage" -> Boolean.toString(this.shownOnLoginPage);
            case "order" -> this.order;
            case "metadataUrl" -> this.metadataUrl;
            case "metadataXml" -> isBlank(this.metadataXml) ? "" : "console.value.document";
            case "clientSecret" -> isBlank(this.clientSecret) ? "" : "console.value.secretSet";
            default -> "";
        };
    }

    /**
     * The fields that differ, as "before → after" rows; a typed secret always counts as a change, whose value is
     * never shown.
     */
    static List<FieldDiff> diff(IdentityProviderForm before, IdentityProviderForm after) {
        List<FieldDiff> rows = new ArrayList<>();
        for (String field : FIELDS) {
            String was = (before != null) ? Objects.toString(before.shown(field), "") : "";
            String now = Objects.toString(after.shown(field), "");
            if (field.equals("clientSecret")) {
                if (!now.isEmpty()) {
                    rows.add(new FieldDiff(label(field), "—", "console.value.secretChanged"));
                }
            } else if (field.equals("metadataXml")) {
                String wasXml = (before != null)
                        ? Objects.toString(before.metadataXml, "").strip()
                        : "";
                if (!wasXml.equals(Objects.toString(after.metadataXml, "").strip())) {
                    rows.add(new FieldDiff(
                            label(field),
                            wasXml.isEmpty() ? "—" : "console.value.document",
                            now.isEmpty() ? "—" : "console.value.documentChanged"));
                }
            } else if (!was.equals(now)) {
                rows.add(new FieldDiff(label(field), was.isEmpty() ? "—" : was, now.isEmpty() ? "—" : now));
            }
        }
        return rows;
    }

    static String label(String field) {
        return "console.idp.field." + field;
    }

    private static List<String> words(String value) {
        if (isBlank(value)) {
            return List.of();
        }
        return Arrays.stream(value.strip().split("[\\s,]+"))
                .filter((w) -> !w.isEmpty())
                .toList();
    }

    private static Map<String, String> mappings(String value) {
        Map<String, String> mappings = new LinkedHashMap<>();
        if (isBlank(value)) {
            return mappings;
        }
        for (String line : value.split("\\R")) {
            int equals = line.indexOf('=');
            if (equals > 0) {
                mappings.put(
                        line.substring(0, equals).strip(),
                        line.substring(equals + 1).strip());
            } else if (!line.isBlank()) {
                // kept, so that the validator names it rather than it silently vanishing
                mappings.put(line.strip(), "");
            }
        }
        return mappings;
    }

    private static Integer integer(String value) {
        try {
            return isBlank(value) ? null : Integer.valueOf(value.strip());
        } catch (NumberFormatException ex) {
            return -1;
        }
    }

    private static String blankToNull(String value) {
        return isBlank(value) ? null : value.strip();
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    /** Keeps the secret out of logs. */
    @Override
    public String toString() {
        return "IdentityProviderForm[alias=" + this.alias + ", issuer=" + this.issuer + "]";
    }
}
