package cn.yiwang.id.federation.registry;

import static cn.yiwang.id.kit.registry.DefinitionRules.violation;

import cn.yiwang.id.federation.IdentityProvider;
import cn.yiwang.id.federation.IdentityProvider.ClientAuthentication;
import cn.yiwang.id.federation.IdentityProvider.Protocol;
import cn.yiwang.id.federation.SamlSettings;
import cn.yiwang.id.federation.saml.IdentityProviderMetadata;
import cn.yiwang.id.kit.registry.DefinitionRules;
import cn.yiwang.id.kit.registry.Violation;
import cn.yiwang.id.saml.Certificates;
import cn.yiwang.id.saml.SamlException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The rules an identity provider must satisfy before it is stored, one small method each and all
 * listed in {@link #RULES}. OIDC providers need a client; SAML providers need none, and need metadata
 * with a single sign-on service and a signing certificate instead. Every rule reports {@link Violation}s naming the field (as in the admin
 * API's JSON) and explaining what is expected; the limits match the columns of
 * {@code identity_provider}, so a valid provider always fits.
 */
public final class IdentityProviderValidator {

    /** The account attributes an upstream claim can be mapped to. */
    public static final List<String> MAPPABLE_ATTRIBUTES =
            List.of("name", "id_number", "id_document_type", "phone", "level");

    static final int MAX_DISPLAY_NAME = 64;

    static final int MAX_ISSUER = 512;

    static final int MAX_CLIENT_ID = 255;

    static final int MAX_CLIENT_SECRET = 512;

    static final int MAX_SCOPES = 16;

    static final int MAX_SCOPE = 64;

    static final int MAX_CLAIM_NAME = 128;

    /** The largest inline SAML metadata document, in characters. */
    public static final int MAX_METADATA_XML = 256 * 1024;

    static final int MAX_METADATA_URL = 1024;

    // the column's size: a PEM certificate of a 4096-bit RSA key takes about 2K characters
    static final int MAX_CERTIFICATE = 8192;

    static final int MAX_AUTHN_CONTEXT_LEVELS = 32;

    // 32 class references of 256 characters, as JSON, fit the column (16384)
    static final int MAX_CLASS_REF = 256;

    private static final Pattern ALIAS = Pattern.compile("[a-z0-9-]{2,32}");

    private static final Pattern REGION_CODE = Pattern.compile("[0-9]{6}");

    // scope-token = 1*( %x21 / %x23-5B / %x5D-7E ) (RFC 6749 §3.3); scopes are stored space-separated
    private static final Pattern SCOPE_TOKEN = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]+");

    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]", "::1");

    // Every rule, in the order their violations are reported.
    private static final DefinitionRules<IdentityProvider> RULES = DefinitionRules.of(
            IdentityProviderValidator::alias,
            IdentityProviderValidator::displayNameZh,
            IdentityProviderValidator::displayNameEn,
            IdentityProviderValidator::regionCode,
            IdentityProviderValidator::protocol,
            IdentityProviderValidator::issuer,
            IdentityProviderValidator::clientId,
            IdentityProviderValidator::clientAuthentication,
            IdentityProviderValidator::clientSecret,
            IdentityProviderValidator::scopes,
            IdentityProviderValidator::claimMappings,
            IdentityProviderValidator::trustLevel,
            IdentityProviderValidator::saml,
            IdentityProviderValidator::samlMetadataUrl,
            IdentityProviderValidator::samlMetadataSigningCertificate,
            IdentityProviderValidator::samlMetadataXml,
            IdentityProviderValidator::samlAuthnContextLevels);

    private IdentityProviderValidator() {}

    /**
     * Checks an identity provider against every rule.
     * @param provider the provider to check
     * @return every violation, empty when the provider is valid
     */
    public static List<Violation> validate(IdentityProvider provider) {
        return RULES.validate(provider);
    }

    /**
     * Checks an identity provider against every rule.
     * @param provider the provider to check
     * @throws InvalidIdentityProviderException listing every violation when there is one
     */
    public static void requireValid(IdentityProvider provider) {
        List<Violation> violations = validate(provider);
        if (!violations.isEmpty()) {
            throw new InvalidIdentityProviderException(violations);
        }
    }

    // It appears in URLs (/federation/{alias}/callback) and in idp_hint.
    static List<Violation> alias(IdentityProvider provider) {
        return (provider.alias() != null && ALIAS.matcher(provider.alias()).matches())
                ? List.of()
                : violation(
                        "alias",
                        "must be 2 to 32 characters: lower-case letters a-z, digits and '-' "
                                + "(it appears in URLs and in idp_hint)");
    }

    static List<Violation> displayNameZh(IdentityProvider provider) {
        return displayName("displayNameZh", provider.displayNameZh());
    }

    static List<Violation> displayNameEn(IdentityProvider provider) {
        return displayName("displayNameEn", provider.displayNameEn());
    }

    private static List<Violation> displayName(String field, String value) {
        // String.length() counts UTF-16 units, never fewer than the characters the column counts
        return (value != null && !value.isBlank() && value.length() <= MAX_DISPLAY_NAME)
                ? List.of()
                : violation(
                        field,
                        "must be 1 to " + MAX_DISPLAY_NAME
                                + " characters and not blank (it is shown on the login page)");
    }

    static List<Violation> regionCode(IdentityProvider provider) {
        return (provider.regionCode() != null
                        && REGION_CODE.matcher(provider.regionCode()).matches())
                ? List.of()
                : violation(
                        "regionCode",
                        "must be the 6-digit administrative division code of the province (GB/T 2260), e.g. 330000");
    }

    static List<Violation> protocol(IdentityProvider provider) {
        return (provider.protocol() != null) ? List.of() : violation("protocol", "must be oidc or saml");
    }

    private static boolean isSaml(IdentityProvider provider) {
        return provider.protocol() == Protocol.SAML;
    }

    // OpenID Connect Discovery 1.0 §3: the issuer is a URL using the https scheme with no query or
    // fragment components; plain http only on loopback, where tests run their upstream.
    // SAML: the entity ID (SAML 2.0 Core §8.3.6), an absolute URI (often a URL, sometimes a URN).
    static List<Violation> issuer(IdentityProvider provider) {
        if (isSaml(provider)) {
            return entityId(provider.issuer());
        }
        String issuer = provider.issuer();
        if (issuer == null || issuer.isBlank()) {
            return violation("issuer", "must be the upstream's issuer URL, e.g. https://idp.example.gov.cn");
        }
        if (issuer.length() > MAX_ISSUER) {
            return violation("issuer", "must be at most " + MAX_ISSUER + " characters");
        }
        URI uri;
        try {
            uri = new URI(issuer);
        } catch (URISyntaxException ex) {
            return violation("issuer", "'" + issuer + "' is not a valid URL");
        }
        if (!uri.isAbsolute() || uri.getHost() == null) {
            return violation("issuer", "must be an absolute URL with a host, e.g. https://idp.example.gov.cn");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!"https".equals(scheme) && !("http".equals(scheme) && LOOPBACK.contains(uri.getHost()))) {
            return violation("issuer", "must use https (http is allowed for loopback addresses only, for tests)");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            return violation("issuer", "must have no query and no fragment (OpenID Connect Discovery 1.0 §3)");
        }
        return List.of();
    }

    private static List<Violation> entityId(String entityId) {
        if (entityId == null || entityId.isBlank() || entityId.length() > MAX_ISSUER) {
            return violation(
                    "issuer",
                    "must be the SAML IdP's entity ID, as in its metadata (an absolute URI of at" + " most "
                            + MAX_ISSUER + " characters)");
        }
        try {
            if (new URI(entityId).isAbsolute() && entityId.strip().equals(entityId)) {
                return List.of();
            }
        } catch (URISyntaxException ex) {
            // reported below
        }
        return violation(
                "issuer",
                "must be the SAML IdP's entity ID: an absolute URI such as "
                        + "https://idp.example.gov.cn/saml (SAML 2.0 Core §8.3.6)");
    }

    static List<Violation> clientId(IdentityProvider provider) {
        if (isSaml(provider)) {
            return (provider.clientId() == null) ? List.of() : violation("clientId", "is not used with saml");
        }
        String clientId = provider.clientId();
        return (clientId != null && !clientId.isBlank() && clientId.length() <= MAX_CLIENT_ID)
                ? List.of()
                : violation(
                        "clientId",
                        "must be our client id at the upstream: not blank, at most " + MAX_CLIENT_ID + " characters");
    }

    static List<Violation> clientAuthentication(IdentityProvider provider) {
        if (isSaml(provider)) {
            return (provider.clientAuthentication() == null)
                    ? List.of()
                    : violation("clientAuthentication", "is not used with saml");
        }
        return (provider.clientAuthentication() != null)
                ? List.of()
                : violation(
                        "clientAuthentication",
                        "must be one of client_secret_basic, client_secret_post, private_key_jwt");
    }

    static List<Violation> clientSecret(IdentityProvider provider) {
        ClientAuthentication method = provider.clientAuthentication();
        String secret = provider.clientSecret();
        if (isSaml(provider)) {
            return (secret == null) ? List.of() : violation("clientSecret", "is not used with saml");
        }
        if (method == null) {
            // which rule applies depends on the method, and clientAuthentication already reports it
            return List.of();
        }
        if (method == ClientAuthentication.PRIVATE_KEY_JWT) {
            return (secret == null)
                    ? List.of()
                    : violation(
                            "clientSecret",
                            "must not be set with private_key_jwt, which authenticates with a signed JWT instead of a secret");
        }
        if (secret == null || secret.isBlank()) {
            return violation("clientSecret", "is required with client_secret_basic and client_secret_post");
        }
        return (secret.length() <= MAX_CLIENT_SECRET)
                ? List.of()
                : violation("clientSecret", "must be at most " + MAX_CLIENT_SECRET + " characters");
    }

    static List<Violation> scopes(IdentityProvider provider) {
        List<String> scopes = provider.scopes();
        if (isSaml(provider)) {
            return scopes.isEmpty() ? List.of() : violation("scopes", "are not used with saml");
        }
        List<Violation> violations = new ArrayList<>();
        if (!scopes.contains("openid")) {
            violations.add(new Violation("scopes", "must include openid, so the upstream returns an ID token"));
        }
        if (scopes.size() > MAX_SCOPES) {
            violations.add(new Violation("scopes", "must list at most " + MAX_SCOPES + " scopes"));
        }
        Set<String> seen = new HashSet<>();
        for (String scope : scopes) {
            if (!SCOPE_TOKEN.matcher(scope).matches() || scope.length() > MAX_SCOPE) {
                violations.add(new Violation(
                        "scopes",
                        "'" + scope + "' is not a scope: 1 to " + MAX_SCOPE
                                + " printable ASCII characters without spaces, '\"' or '\\' (RFC 6749 §3.3)"));
            } else if (!seen.add(scope)) {
                violations.add(new Violation("scopes", "'" + scope + "' is listed twice"));
            }
        }
        return violations;
    }

    static List<Violation> claimMappings(IdentityProvider provider) {
        List<Violation> violations = new ArrayList<>();
        // sorted, so the violations come in a stable order
        for (Map.Entry<String, String> mapping : new TreeMap<>(provider.claimMappings()).entrySet()) {
            String field = "claimMappings." + mapping.getKey();
            String claim = mapping.getValue();
            if (!MAPPABLE_ATTRIBUTES.contains(mapping.getKey())) {
                violations.add(new Violation(
                        field,
                        "'" + mapping.getKey() + "' is not an account attribute; map only "
                                + String.join(", ", MAPPABLE_ATTRIBUTES)));
            } else if (claim.isBlank() || claim.length() > MAX_CLAIM_NAME) {
                violations.add(new Violation(
                        field,
                        "must name the upstream claim that holds it, e.g. " + mapping.getKey() + ": not blank, at most "
                                + MAX_CLAIM_NAME + " characters"));
            }
        }
        return violations;
    }

    static List<Violation> trustLevel(IdentityProvider provider) {
        return (provider.trustLevel() != null)
                ? List.of()
                : violation(
                        "trustLevel",
                        "must be 1, 2, 3 or 4: the highest level of assurance (L1 to L4) this identity provider may assert");
    }

    static List<Violation> saml(IdentityProvider provider) {
        SamlSettings saml = provider.saml();
        if (!isSaml(provider)) {
            return (saml == null) ? List.of() : violation("saml", "is only used with saml");
        }
        if (saml == null || (saml.metadataUrl() == null) == (saml.metadataXml() == null)) {
            return violation("saml", "must give the IdP's metadata: exactly one of metadataUrl and metadataXml");
        }
        return List.of();
    }

    // https, so that the certificates we trust for the IdP come from where we think; http on loopback for tests
    static List<Violation> samlMetadataUrl(IdentityProvider provider) {
        String url =
                isSaml(provider) && provider.saml() != null ? provider.saml().metadataUrl() : null;
        if (url == null) {
            return List.of();
        }
        String field = "saml.metadataUrl";
        if (url.length() > MAX_METADATA_URL) {
            return violation(field, "must be at most " + MAX_METADATA_URL + " characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException ex) {
            return violation(field, "'" + url + "' is not a valid URL");
        }
        if (!uri.isAbsolute() || uri.getHost() == null) {
            return violation(field, "must be an absolute URL with a host");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!"https".equals(scheme) && !("http".equals(scheme) && LOOPBACK.contains(uri.getHost()))) {
            return violation(
                    field,
                    "must use https: the IdP's signing certificates are trusted from this document"
                            + " (http is allowed for loopback addresses only, for tests)");
        }
        return (uri.getRawFragment() == null) ? List.of() : violation(field, "must have no fragment");
    }

    // SAML 2.0 Metadata §2.4.3: an IDPSSODescriptor, with a SingleSignOnService for a binding we send
    // AuthnRequests over and a signing key, since responses are only accepted signed
    static List<Violation> samlMetadataXml(IdentityProvider provider) {
        String xml =
                isSaml(provider) && provider.saml() != null ? provider.saml().metadataXml() : null;
        // without a valid entity ID there is no entity to look for, and the issuer rule says so
        if (xml == null || !entityId(provider.issuer()).isEmpty()) {
            return List.of();
        }
        String field = "saml.metadataXml";
        if (xml.length() > MAX_METADATA_XML) {
            return violation(field, "must be at most " + MAX_METADATA_XML + " characters");
        }
        X509Certificate signer;
        try {
            signer = signingCertificate(provider.saml());
        } catch (SamlException ex) {
            // the certificate rule reports it
            return List.of();
        }
        return IdentityProviderMetadata.problem(
                        xml.getBytes(StandardCharsets.UTF_8), provider.issuer(), signer, Instant.now())
                .map((problem) -> violation(field, problem))
                .orElse(List.of());
    }

    // optional; when given, the metadata document must carry an enveloped signature that verifies with it
    static List<Violation> samlMetadataSigningCertificate(IdentityProvider provider) {
        String certificate =
                isSaml(provider) && provider.saml() != null ? provider.saml().metadataSigningCertificate() : null;
        if (certificate == null) {
            return List.of();
        }
        String field = "saml.metadataSigningCertificate";
        if (certificate.length() > MAX_CERTIFICATE) {
            return violation(field, "must be at most " + MAX_CERTIFICATE + " characters");
        }
        try {
            signingCertificate(provider.saml());
            return List.of();
        } catch (SamlException ex) {
            return violation(
                    field,
                    "must be an X.509 certificate, PEM or base64 DER: the key the metadata"
                            + " document is signed with");
        }
    }

    private static X509Certificate signingCertificate(SamlSettings saml) {
        return (saml.metadataSigningCertificate() != null)
                ? Certificates.parse(saml.metadataSigningCertificate())
                : null;
    }

    static List<Violation> samlAuthnContextLevels(IdentityProvider provider) {
        if (!isSaml(provider) || provider.saml() == null) {
            return List.of();
        }
        Map<String, Integer> levels = provider.saml().authnContextLevels();
        List<Violation> violations = new ArrayList<>();
        String field = "saml.authnContextLevels";
        if (levels.size() > MAX_AUTHN_CONTEXT_LEVELS) {
            violations.add(new Violation(field, "must map at most " + MAX_AUTHN_CONTEXT_LEVELS + " class references"));
        }
        for (Map.Entry<String, Integer> entry : new TreeMap<>(levels).entrySet()) {
            String classRef = entry.getKey();
            if (classRef.isBlank()
                    || classRef.length() > MAX_CLASS_REF
                    || !classRef.strip().equals(classRef)) {
                violations.add(new Violation(
                        field,
                        "'" + classRef + "' is not an AuthnContextClassRef: 1 to " + MAX_CLASS_REF
                                + " characters, no surrounding spaces"));
            } else if (entry.getValue() < 1 || entry.getValue() > 4) {
                violations.add(new Violation(
                        field + "." + classRef,
                        "must be 1, 2, 3 or 4: the level of assurance"
                                + " (L1 to L4) this authentication context stands for"));
            }
        }
        return violations;
    }
}
