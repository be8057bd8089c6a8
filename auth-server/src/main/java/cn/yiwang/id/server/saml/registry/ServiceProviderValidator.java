package cn.yiwang.id.server.saml.registry;

import static cn.yiwang.id.kit.registry.DefinitionRules.violation;

import cn.yiwang.id.kit.registry.DefinitionRules;
import cn.yiwang.id.kit.registry.Violation;
import cn.yiwang.id.saml.SamlNames;
import cn.yiwang.id.saml.metadata.SamlEndpoint;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules a service provider must satisfy before it is stored, one small method each and all listed
 * in {@link #RULES}. Every rule reports {@link Violation}s naming the field (as in the admin API's JSON)
 * and explaining what is expected; the limits keep a valid provider inside the columns of
 * {@code saml_service_provider}. That an entity ID is unique needs the database:
 * {@link ServiceProviderAdministration} checks it.
 */
public final class ServiceProviderValidator {

    /** The NameID formats an SP may be given. */
    public static final List<String> NAME_ID_FORMATS =
            List.of(SamlNames.NAMEID_PERSISTENT, SamlNames.NAMEID_TRANSIENT, SamlNames.NAMEID_UNSPECIFIED);

    static final int MAX_DISPLAY_NAME = 64;

    // SAML core §8.3.6: an entity identifier is a URI of at most 1024 characters
    static final int MAX_ENTITY_ID = 1024;

    static final int MAX_URL = 1024;

    static final int MAX_ENDPOINTS = 16;

    static final int MAX_CERTIFICATES = 8;

    // DER bytes; an RSA-4096 certificate is about 1.4 KB
    static final int MAX_CERTIFICATE_BYTES = 4096;

    private static final Pattern ALIAS = Pattern.compile("[a-z0-9-]{2,32}");

    // printable ASCII without spaces: a URI, and it must fit a unique index in PostgreSQL byte for byte
    private static final Pattern ENTITY_ID = Pattern.compile("[\\x21-\\x7E]+");

    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

    // Every rule, in the order their violations are reported.
    private static final DefinitionRules<ServiceProvider> RULES = DefinitionRules.of(
            ServiceProviderValidator::alias,
            ServiceProviderValidator::entityId,
            ServiceProviderValidator::displayNameZh,
            ServiceProviderValidator::displayNameEn,
            ServiceProviderValidator::assertionConsumerServices,
            ServiceProviderValidator::singleLogoutServices,
            ServiceProviderValidator::signingCertificates,
            ServiceProviderValidator::encryptionCertificates,
            ServiceProviderValidator::nameIdFormat,
            ServiceProviderValidator::releasedAttributes,
            ServiceProviderValidator::metadataUrl);

    private ServiceProviderValidator() {}

    /**
     * Checks a service provider against every rule.
     * @param provider the provider to check
     * @return every violation, empty when the provider is valid
     */
    public static List<Violation> validate(ServiceProvider provider) {
        return RULES.validate(provider);
    }

    // It appears in the admin API's URLs and in logs and audit events.
    static List<Violation> alias(ServiceProvider provider) {
        return (provider.alias() != null && ALIAS.matcher(provider.alias()).matches())
                ? List.of()
                : violation("alias", "must be 2 to 32 characters: lower-case letters a-z, digits and '-'");
    }

    static List<Violation> entityId(ServiceProvider provider) {
        String entityId = provider.entityId();
        if (entityId == null || entityId.isBlank()) {
            return violation("entityId", "is required: the SP's SAML entity ID (its metadata's entityID)");
        }
        if (entityId.length() > MAX_ENTITY_ID || !ENTITY_ID.matcher(entityId).matches()) {
            return violation(
                    "entityId",
                    "must be an absolute URI of at most " + MAX_ENTITY_ID
                            + " printable ASCII characters without spaces (SAML core §8.3.6)");
        }
        try {
            if (new URI(entityId).isAbsolute()) {
                return List.of();
            }
        } catch (URISyntaxException ex) {
            // reported below
        }
        return violation(
                "entityId",
                "must be an absolute URI, e.g. https://portal.example.gov.cn/saml "
                        + "or urn:example:portal (SAML core §8.3.6)");
    }

    static List<Violation> displayNameZh(ServiceProvider provider) {
        return displayName("displayNameZh", provider.displayNameZh());
    }

    static List<Violation> displayNameEn(ServiceProvider provider) {
        return displayName("displayNameEn", provider.displayNameEn());
    }

    private static List<Violation> displayName(String field, String value) {
        return (value != null && !value.isBlank() && value.length() <= MAX_DISPLAY_NAME)
                ? List.of()
                : violation(
                        field,
                        "must be 1 to " + MAX_DISPLAY_NAME + " characters and not blank (it is shown to citizens)");
    }

    static List<Violation> assertionConsumerServices(ServiceProvider provider) {
        String field = "assertionConsumerServices";
        List<SamlEndpoint> endpoints = provider.assertionConsumerServices();
        List<Violation> violations = new ArrayList<>();
        if (endpoints.stream().noneMatch((endpoint) -> SamlNames.BINDING_POST.equals(endpoint.binding()))) {
            violations.add(new Violation(
                    field,
                    "must include an endpoint with the HTTP-POST binding (" + SamlNames.BINDING_POST
                            + "): responses are sent only that way"));
        }
        if (endpoints.size() > MAX_ENDPOINTS) {
            violations.add(new Violation(field, "must list at most " + MAX_ENDPOINTS + " endpoints"));
        }
        Set<Integer> indexes = new HashSet<>();
        int defaults = 0;
        for (int i = 0; i < endpoints.size(); i++) {
            SamlEndpoint endpoint = endpoints.get(i);
            String at = field + "[" + i + "]";
            if (!SamlNames.BINDING_POST.equals(endpoint.binding())) {
                violations.add(new Violation(
                        at + ".binding",
                        "must be " + SamlNames.BINDING_POST + " (HTTP-POST): responses are sent only that way"));
            }
            violations.addAll(url(at + ".location", endpoint.location(), true));
            violations.addAll(url(at + ".responseLocation", endpoint.responseLocation(), false));
            if (endpoint.index() < 0) {
                violations.add(new Violation(at + ".index", "must be 0 or more"));
            } else if (!indexes.add(endpoint.index())) {
                violations.add(new Violation(
                        at + ".index",
                        "index " + endpoint.index() + " is used twice; AuthnRequests name an endpoint by its index"));
            }
            defaults += endpoint.isDefault() ? 1 : 0;
        }
        if (defaults > 1) {
            violations.add(new Violation(field, "at most one endpoint may be the default"));
        }
        return violations;
    }

    static List<Violation> singleLogoutServices(ServiceProvider provider) {
        String field = "singleLogoutServices";
        List<SamlEndpoint> endpoints = provider.singleLogoutServices();
        List<Violation> violations = new ArrayList<>();
        if (endpoints.size() > MAX_ENDPOINTS) {
            violations.add(new Violation(field, "must list at most " + MAX_ENDPOINTS + " endpoints"));
        }
        for (int i = 0; i < endpoints.size(); i++) {
            SamlEndpoint endpoint = endpoints.get(i);
            String at = field + "[" + i + "]";
            if (!SamlNames.BINDING_REDIRECT.equals(endpoint.binding())
                    && !SamlNames.BINDING_POST.equals(endpoint.binding())
                    && !SamlNames.BINDING_SOAP.equals(endpoint.binding())) {
                violations.add(new Violation(
                        at + ".binding",
                        "must be " + SamlNames.BINDING_REDIRECT
                                + " (HTTP-Redirect), " + SamlNames.BINDING_POST + " (HTTP-POST) or "
                                + SamlNames.BINDING_SOAP
                                + " (SOAP, back-channel)"));
            }
            violations.addAll(url(at + ".location", endpoint.location(), true));
            violations.addAll(url(at + ".responseLocation", endpoint.responseLocation(), false));
        }
        return violations;
    }

    static List<Violation> signingCertificates(ServiceProvider provider) {
        List<Violation> violations =
                new ArrayList<>(certificates("signingCertificates", provider.signingCertificates()));
        if (provider.requireSignedAuthnRequests()
                && provider.signingCertificates().isEmpty()) {
            violations.add(new Violation(
                    "signingCertificates",
                    "must include the SP's signing certificate when "
                            + "requireSignedAuthnRequests is true: signatures are checked against it only"));
        }
        return violations;
    }

    static List<Violation> encryptionCertificates(ServiceProvider provider) {
        String field = "encryptionCertificates";
        List<X509Certificate> certificates = provider.encryptionCertificates();
        List<Violation> violations = new ArrayList<>(certificates(field, certificates));
        for (int i = 0; i < certificates.size(); i++) {
            if (!"RSA".equals(certificates.get(i).getPublicKey().getAlgorithm())) {
                violations.add(new Violation(
                        field + "[" + i + "]",
                        "must carry an RSA public key: assertions are " + "encrypted with RSA-OAEP key transport"));
            }
        }
        if (provider.encryptAssertion() && certificates.isEmpty()) {
            violations.add(new Violation(
                    field, "must include the SP's encryption certificate when " + "encryptAssertion is true"));
        }
        return violations;
    }

    private static List<Violation> certificates(String field, List<X509Certificate> certificates) {
        List<Violation> violations = new ArrayList<>();
        if (certificates.size() > MAX_CERTIFICATES) {
            violations.add(new Violation(field, "must list at most " + MAX_CERTIFICATES + " certificates"));
        }
        for (int i = 0; i < certificates.size(); i++) {
            if (encodedLength(certificates.get(i)) > MAX_CERTIFICATE_BYTES) {
                violations.add(new Violation(
                        field + "[" + i + "]", "must be at most " + MAX_CERTIFICATE_BYTES + " bytes (DER)"));
            }
        }
        return violations;
    }

    private static int encodedLength(X509Certificate certificate) {
        try {
            return certificate.getEncoded().length;
        } catch (CertificateEncodingException ex) {
            return Integer.MAX_VALUE;
        }
    }

    static List<Violation> nameIdFormat(ServiceProvider provider) {
        return (provider.nameIdFormat() != null && NAME_ID_FORMATS.contains(provider.nameIdFormat()))
                ? List.of()
                : violation(
                        "nameIdFormat",
                        "must be one of " + String.join(", ", NAME_ID_FORMATS)
                                + " (or persistent, transient, unspecified)");
    }

    static List<Violation> releasedAttributes(ServiceProvider provider) {
        List<Violation> violations = new ArrayList<>();
        for (String attribute : provider.releasedAttributes()) {
            if (!ServiceProvider.ATTRIBUTES.contains(attribute)) {
                violations.add(new Violation(
                        "releasedAttributes",
                        "'" + attribute + "' is not an attribute Yiwang" + " ID releases; use "
                                + String.join(", ", ServiceProvider.ATTRIBUTES)));
            }
        }
        if (provider.releaseFullIdNumber() && !provider.releasedAttributes().contains(ServiceProvider.ID_NUMBER)) {
            violations.add(new Violation(
                    "releaseFullIdNumber",
                    "is true but releasedAttributes lacks id_number: "
                            + "list id_number as well, or set this to false"));
        }
        return violations;
    }

    static List<Violation> metadataUrl(ServiceProvider provider) {
        return url("metadataUrl", provider.metadataUrl(), false);
    }

    /**
     * The rule for every URL of an SP: absolute, https (http only on loopback, for tests and
     * development), no fragment, at most {@value #MAX_URL} characters.
     * @param field the field to name in the violation
     * @param value the URL, or null
     * @param required whether null is a violation
     * @return the violation, or none
     */
    static List<Violation> url(String field, String value, boolean required) {
        if (value == null) {
            return required ? violation(field, "is required: an absolute https URL") : List.of();
        }
        if (value.length() > MAX_URL) {
            return violation(field, "must be at most " + MAX_URL + " characters");
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException ex) {
            return violation(field, "'" + value + "' is not a valid URL");
        }
        if (!uri.isAbsolute() || uri.getHost() == null) {
            return violation(field, "must be an absolute URL with a host, e.g. https://portal.example.gov.cn/saml/acs");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!"https".equals(scheme) && !("http".equals(scheme) && LOOPBACK.contains(uri.getHost()))) {
            return violation(field, "must use https (http is allowed for localhost and 127.0.0.1 only, for tests)");
        }
        if (uri.getRawFragment() != null) {
            return violation(field, "must have no fragment");
        }
        return List.of();
    }
}
