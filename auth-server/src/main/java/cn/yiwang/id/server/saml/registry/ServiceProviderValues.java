package cn.yiwang.id.server.saml.registry;

import cn.yiwang.id.kit.registry.Violation;
import cn.yiwang.id.saml.Certificates;
import cn.yiwang.id.saml.SamlNames;
import cn.yiwang.id.saml.metadata.SamlEndpoint;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How the admin API and the bootstrap file spell a service provider's values, the defaults of what
 * they leave out, and how loose input becomes a {@link ServiceProvider} the validator can judge: an
 * unknown value is passed on as it is (and a rule explains it) rather than failing here.
 */
final class ServiceProviderValues {

    static final boolean DEFAULT_REQUIRE_SIGNED_AUTHN_REQUESTS = false;

    static final boolean DEFAULT_SIGN_RESPONSE = true;

    static final boolean DEFAULT_SIGN_ASSERTION = true;

    static final boolean DEFAULT_ENCRYPT_ASSERTION = false;

    static final boolean DEFAULT_ENABLED = true;

    private static final Map<String, String> BINDINGS = Map.of(
            "http-post",
            SamlNames.BINDING_POST,
            "post",
            SamlNames.BINDING_POST,
            "http-redirect",
            SamlNames.BINDING_REDIRECT,
            "redirect",
            SamlNames.BINDING_REDIRECT,
            "soap",
            SamlNames.BINDING_SOAP);

    private static final Map<String, String> NAME_ID_FORMATS = Map.of(
            "persistent", SamlNames.NAMEID_PERSISTENT,
            "transient", SamlNames.NAMEID_TRANSIENT,
            "unspecified", SamlNames.NAMEID_UNSPECIFIED);

    private ServiceProviderValues() {}

    /** @return the binding URN for {@code HTTP-POST}, {@code HTTP-Redirect}, {@code SOAP} (any case) or the URN itself */
    static String binding(String value) {
        return (value != null) ? BINDINGS.getOrDefault(value.strip().toLowerCase(Locale.ROOT), value.strip()) : null;
    }

    /** @return the format URN for {@code persistent}, {@code transient}, {@code unspecified} or the URN itself */
    static String nameIdFormat(String value) {
        return (value != null)
                ? NAME_ID_FORMATS.getOrDefault(value.strip().toLowerCase(Locale.ROOT), value.strip())
                : null;
    }

    /**
     * @param endpoints as sent; absent becomes empty
     * @param positionalIndex whether an endpoint without index gets its position (assertion consumer
     *     services, which requests name by index) rather than -1, which means none (as metadata says it)
     * @return the endpoints, bindings spelt as URNs
     */
    static List<SamlEndpoint> endpoints(List<EndpointResource> endpoints, boolean positionalIndex) {
        List<SamlEndpoint> result = new ArrayList<>();
        if (endpoints != null) {
            for (int i = 0; i < endpoints.size(); i++) {
                EndpointResource e = (endpoints.get(i) != null)
                        ? endpoints.get(i)
                        : new EndpointResource(null, null, null, null, null);
                int index = (e.index() != null) ? e.index() : (positionalIndex ? i : -1);
                result.add(new SamlEndpoint(
                        binding(e.binding()),
                        e.location(),
                        e.responseLocation(),
                        index,
                        Boolean.TRUE.equals(e.isDefault())));
            }
        }
        return result;
    }

    /**
     * @param field the field to name in a violation
     * @param values base64 DER or PEM certificates, as sent; absent becomes empty
     * @param problems where a value that is no certificate is reported
     * @return the certificates that could be read
     */
    static List<X509Certificate> certificates(String field, List<String> values, List<Violation> problems) {
        List<X509Certificate> certificates = new ArrayList<>();
        if (values != null) {
            for (int i = 0; i < values.size(); i++) {
                try {
                    certificates.add(Certificates.parse(values.get(i)));
                } catch (RuntimeException ex) {
                    problems.add(new Violation(
                            field + "[" + i + "]", "is not an X.509 certificate in base64 DER " + "or PEM"));
                }
            }
        }
        return certificates;
    }

    /** @return the attributes, a null entry blank so the rule reports it; absent becomes empty */
    static Set<String> attributes(List<String> values) {
        Set<String> attributes = new LinkedHashSet<>();
        if (values != null) {
            values.forEach((value) -> attributes.add((value != null) ? value.strip() : ""));
        }
        return attributes;
    }

    static boolean orDefault(Boolean value, boolean otherwise) {
        return (value != null) ? value : otherwise;
    }

    /** @return the certificate as the admin API and the bootstrap file spell it: base64 DER */
    static String base64(X509Certificate certificate) {
        return Certificates.base64(certificate);
    }
}
