package cn.yiwang.id.server.saml.registry;

import cn.yiwang.id.kit.registry.VersionedRows;
import cn.yiwang.id.saml.Certificates;
import cn.yiwang.id.saml.metadata.SamlEndpoint;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.context.annotation.DependsOn;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@link ServiceProviderRepository} on the {@code saml_service_provider} table, for PostgreSQL and H2
 * (PostgreSQL mode).
 */
@Component
@DependsOn("authServerFlyway")
public final class JdbcServiceProviderRepository implements ServiceProviderRepository {

    private static final String COLUMNS = "alias, entity_id, display_name_zh, display_name_en, "
            + "assertion_consumer_services, single_logout_services, signing_certificates, encryption_certificates, "
            + "require_signed_authn_requests, sign_response, sign_assertion, encrypt_assertion, name_id_format, "
            + "released_attributes, release_full_id_number, metadata_url, enabled, updated_at, version";

    // immutable and thread-safe in Jackson 3
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final VersionedRows rows;

    private final Clock clock;

    public JdbcServiceProviderRepository(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.rows = new VersionedRows(jdbc, "saml_service_provider", "Service provider");
        this.clock = clock;
    }

    @Override
    public List<VersionedServiceProvider> findAll() {
        return this.jdbc
                .sql("select " + COLUMNS + " from saml_service_provider order by alias")
                .query(JdbcServiceProviderRepository::mapRow)
                .list();
    }

    @Override
    public Optional<VersionedServiceProvider> findByAlias(String alias) {
        return this.jdbc
                .sql("select " + COLUMNS + " from saml_service_provider where alias = ?")
                .param(alias)
                .query(JdbcServiceProviderRepository::mapRow)
                .optional();
    }

    @Override
    public Optional<VersionedServiceProvider> findByEntityId(String entityId) {
        return this.jdbc
                .sql("select " + COLUMNS + " from saml_service_provider where entity_id = ?")
                .param(entityId)
                .query(JdbcServiceProviderRepository::mapRow)
                .optional();
    }

    @Override
    public VersionedServiceProvider create(ServiceProvider provider) {
        ServiceProvider stored = provider.withUpdatedAt(now());
        this.jdbc
                .sql("insert into saml_service_provider (" + COLUMNS + ") "
                        + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .param(stored.alias())
                .params(settings(stored))
                .param(1)
                .update();
        return new VersionedServiceProvider(stored, 1);
    }

    @Override
    public Optional<VersionedServiceProvider> update(ServiceProvider provider, int expectedVersion) {
        ServiceProvider stored = provider.withUpdatedAt(now());
        int updated = this.jdbc
                .sql("update saml_service_provider set entity_id = ?, display_name_zh = ?, "
                        + "display_name_en = ?, assertion_consumer_services = ?, single_logout_services = ?, "
                        + "signing_certificates = ?, encryption_certificates = ?, require_signed_authn_requests = ?, "
                        + "sign_response = ?, sign_assertion = ?, encrypt_assertion = ?, name_id_format = ?, "
                        + "released_attributes = ?, release_full_id_number = ?, metadata_url = ?, enabled = ?, "
                        + "updated_at = ?, version = version + 1 where alias = ? and version = ?")
                .params(settings(stored))
                .param(stored.alias())
                .param(expectedVersion)
                .update();
        if (updated == 1) {
            return Optional.of(new VersionedServiceProvider(stored, expectedVersion + 1));
        }
        this.rows.requireAbsent(stored.alias(), expectedVersion);
        return Optional.empty();
    }

    @Override
    public boolean delete(String alias, Integer expectedVersion) {
        return this.rows.delete(alias, expectedVersion);
    }

    private static VersionedServiceProvider mapRow(ResultSet rs, int rowNum) throws SQLException {
        String attributes = rs.getString("released_attributes");
        ServiceProvider provider = new ServiceProvider(
                rs.getString("alias"),
                rs.getString("entity_id"),
                rs.getString("display_name_zh"),
                rs.getString("display_name_en"),
                endpoints(rs.getString("assertion_consumer_services")),
                endpoints(rs.getString("single_logout_services")),
                certificates(rs.getString("signing_certificates")),
                certificates(rs.getString("encryption_certificates")),
                rs.getBoolean("require_signed_authn_requests"),
                rs.getBoolean("sign_response"),
                rs.getBoolean("sign_assertion"),
                rs.getBoolean("encrypt_assertion"),
                rs.getString("name_id_format"),
                attributes.isEmpty() ? Set.of() : new LinkedHashSet<>(Arrays.asList(attributes.split(" "))),
                rs.getBoolean("release_full_id_number"),
                rs.getString("metadata_url"),
                rs.getBoolean("enabled"),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant());
        return new VersionedServiceProvider(provider, rs.getInt("version"));
    }

    /** Every column but the alias and the version, in the order of COLUMNS and of the update statement. */
    private static List<Object> settings(ServiceProvider p) {
        return Arrays.asList(
                p.entityId(),
                p.displayNameZh(),
                p.displayNameEn(),
                json(p.assertionConsumerServices()),
                json(p.singleLogoutServices()),
                text(p.signingCertificates()),
                text(p.encryptionCertificates()),
                p.requireSignedAuthnRequests(),
                p.signResponse(),
                p.signAssertion(),
                p.encryptAssertion(),
                p.nameIdFormat(),
                String.join(" ", p.releasedAttributes()),
                p.releaseFullIdNumber(),
                p.metadataUrl(),
                p.enabled(),
                timestamp(p.updatedAt()));
    }

    // named fields rather than the record's own serialisation, so the stored form never follows a rename
    static String json(List<SamlEndpoint> endpoints) {
        ArrayNode array = JSON.createArrayNode();
        for (SamlEndpoint endpoint : endpoints) {
            ObjectNode node = array.addObject();
            node.put("binding", endpoint.binding());
            node.put("location", endpoint.location());
            if (endpoint.responseLocation() != null) {
                node.put("responseLocation", endpoint.responseLocation());
            }
            node.put("index", endpoint.index());
            node.put("isDefault", endpoint.isDefault());
        }
        return JSON.writeValueAsString(array);
    }

    static List<SamlEndpoint> endpoints(String json) {
        List<SamlEndpoint> endpoints = new ArrayList<>();
        for (JsonNode node : JSON.readTree(json)) {
            JsonNode response = node.get("responseLocation");
            endpoints.add(new SamlEndpoint(
                    node.get("binding").asString(),
                    node.get("location").asString(),
                    (response != null && !response.isNull()) ? response.asString() : null,
                    node.get("index").asInt(),
                    node.get("isDefault").asBoolean()));
        }
        return endpoints;
    }

    static String text(List<X509Certificate> certificates) {
        List<String> encoded = new ArrayList<>();
        for (X509Certificate certificate : certificates) {
            try {
                encoded.add(Base64.getEncoder().encodeToString(certificate.getEncoded()));
            } catch (CertificateEncodingException ex) {
                throw new IllegalArgumentException("Certificate cannot be encoded: " + ex.getMessage(), ex);
            }
        }
        return String.join(" ", encoded);
    }

    static List<X509Certificate> certificates(String text) {
        return text.isEmpty()
                ? List.of()
                : Arrays.stream(text.split(" ")).map(Certificates::parse).toList();
    }

    // PostgreSQL keeps microseconds; truncating here makes a stored provider equal to the one read back
    private Instant now() {
        return this.clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    // OffsetDateTime, not Instant: it is the java.time type both the PostgreSQL and H2 drivers bind
    private static OffsetDateTime timestamp(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
