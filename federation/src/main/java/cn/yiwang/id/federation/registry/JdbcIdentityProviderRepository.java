package cn.yiwang.id.federation.registry;

import cn.yiwang.id.account.crypto.SensitiveDataProtector;
import cn.yiwang.id.account.realname.AssuranceLevel;
import cn.yiwang.id.federation.IdentityProvider;
import cn.yiwang.id.federation.IdentityProvider.ClientAuthentication;
import cn.yiwang.id.federation.IdentityProvider.Protocol;
import cn.yiwang.id.federation.SamlSettings;
import cn.yiwang.id.kit.registry.VersionedRows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** {@link IdentityProviderRepository} on the {@code identity_provider} table, for PostgreSQL and H2 (PostgreSQL mode). */
public final class JdbcIdentityProviderRepository implements IdentityProviderRepository {

    private static final String COLUMNS = "alias, display_name_zh, display_name_en, region_code, protocol, issuer, "
            + "client_id, client_secret_encrypted, client_authentication, scopes, claim_mappings, trust_level, enabled, "
            + "shown_on_login_page, display_order, updated_at, saml_metadata_url, saml_metadata_xml, "
            + "saml_authn_context_levels, saml_metadata_signing_certificate, version";

    private static final String ORDER = " order by display_order, alias";

    private static final TypeReference<Map<String, String>> MAPPINGS = new TypeReference<>() {};

    private static final TypeReference<Map<String, Integer>> LEVELS = new TypeReference<>() {};

    // immutable and thread-safe in Jackson 3; claim mappings are a flat map, no customisation needed
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;

    private final VersionedRows rows;

    private final SensitiveDataProtector protector;

    private final Clock clock;

    public JdbcIdentityProviderRepository(JdbcClient jdbc, SensitiveDataProtector protector, Clock clock) {
        this.jdbc = jdbc;
        this.rows = new VersionedRows(jdbc, "identity_provider", "Identity provider");
        this.protector = protector;
        this.clock = clock;
    }

    @Override
    public List<VersionedIdentityProvider> findAll() {
        return this.jdbc
                .sql("select " + COLUMNS + " from identity_provider" + ORDER)
                .query(this::mapRow)
                .list();
    }

    @Override
    public List<IdentityProvider> findEnabledForLoginPage() {
        return this.jdbc
                .sql("select " + COLUMNS + " from identity_provider where enabled and shown_on_login_page" + ORDER)
                .query(this::mapRow)
                .list()
                .stream()
                .map(VersionedIdentityProvider::provider)
                .toList();
    }

    @Override
    public Optional<VersionedIdentityProvider> findByAlias(String alias) {
        return this.jdbc
                .sql("select " + COLUMNS + " from identity_provider where alias = ?")
                .param(alias)
                .query(this::mapRow)
                .optional();
    }

    @Override
    public VersionedIdentityProvider create(IdentityProvider provider) {
        IdentityProvider stored = withUpdatedAt(provider, now());
        this.jdbc
                .sql("insert into identity_provider (" + COLUMNS + ") "
                        + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .param(stored.alias())
                .params(settings(stored))
                .param(1)
                .update();
        return new VersionedIdentityProvider(stored, 1);
    }

    @Override
    public Optional<VersionedIdentityProvider> update(IdentityProvider provider, int expectedVersion) {
        IdentityProvider stored = withUpdatedAt(provider, now());
        int updated = this.jdbc
                .sql("update identity_provider set display_name_zh = ?, display_name_en = ?, "
                        + "region_code = ?, protocol = ?, issuer = ?, client_id = ?, client_secret_encrypted = ?, "
                        + "client_authentication = ?, scopes = ?, claim_mappings = ?, trust_level = ?, enabled = ?, "
                        + "shown_on_login_page = ?, display_order = ?, updated_at = ?, saml_metadata_url = ?, "
                        + "saml_metadata_xml = ?, saml_authn_context_levels = ?, saml_metadata_signing_certificate = ?, "
                        + "version = version + 1 "
                        + "where alias = ? and version = ?")
                .params(settings(stored))
                .param(stored.alias())
                .param(expectedVersion)
                .update();
        if (updated == 1) {
            return Optional.of(new VersionedIdentityProvider(stored, expectedVersion + 1));
        }
        this.rows.requireAbsent(stored.alias(), expectedVersion);
        return Optional.empty();
    }

    @Override
    public boolean delete(String alias) {
        return this.rows.delete(alias, null);
    }

    @Override
    public boolean delete(String alias, int expectedVersion) {
        return this.rows.delete(alias, expectedVersion);
    }

    private VersionedIdentityProvider mapRow(ResultSet rs, int rowNum) throws SQLException {
        String secret = rs.getString("client_secret_encrypted");
        String scopes = rs.getString("scopes");
        String method = rs.getString("client_authentication");
        Protocol protocol = Protocol.valueOf(rs.getString("protocol"));
        SamlSettings saml = (protocol == Protocol.SAML)
                ? new SamlSettings(
                        rs.getString("saml_metadata_url"),
                        rs.getString("saml_metadata_xml"),
                        JSON.readValue(rs.getString("saml_authn_context_levels"), LEVELS),
                        rs.getString("saml_metadata_signing_certificate"))
                : null;
        IdentityProvider provider = new IdentityProvider(
                rs.getString("alias"),
                rs.getString("display_name_zh"),
                rs.getString("display_name_en"),
                rs.getString("region_code"),
                protocol,
                rs.getString("issuer"),
                rs.getString("client_id"),
                (secret != null) ? this.protector.decrypt(secret) : null,
                (method != null) ? ClientAuthentication.valueOf(method) : null,
                scopes.isEmpty() ? List.of() : Arrays.asList(scopes.split(" ")),
                JSON.readValue(rs.getString("claim_mappings"), MAPPINGS),
                AssuranceLevel.of(rs.getInt("trust_level")),
                rs.getBoolean("enabled"),
                rs.getBoolean("shown_on_login_page"),
                rs.getInt("display_order"),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant(),
                saml);
        return new VersionedIdentityProvider(provider, rs.getInt("version"));
    }

    private String encrypt(String secret) {
        return (secret != null) ? this.protector.encrypt(secret) : null;
    }

    // sorted keys: the same mappings always give the same text
    private static String json(Map<String, ?> mappings) {
        return JSON.writeValueAsString(new TreeMap<>(mappings));
    }

    private static IdentityProvider withUpdatedAt(IdentityProvider p, Instant updatedAt) {
        return p.with(p.alias(), updatedAt);
    }

    // PostgreSQL keeps microseconds; truncating here makes a stored provider equal to the one read back
    private Instant now() {
        return this.clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    // OffsetDateTime, not Instant: it is the java.time type both the PostgreSQL and H2 drivers bind
    private static OffsetDateTime timestamp(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    /** Every column but the alias and the version, in the order of COLUMNS and of the update statement. */
    private List<Object> settings(IdentityProvider stored) {
        SamlSettings saml = stored.saml();
        ClientAuthentication method = stored.clientAuthentication();
        return Arrays.asList(
                stored.displayNameZh(),
                stored.displayNameEn(),
                stored.regionCode(),
                stored.protocol().name(),
                stored.issuer(),
                stored.clientId(),
                encrypt(stored.clientSecret()),
                (method != null) ? method.name() : null,
                String.join(" ", stored.scopes()),
                json(stored.claimMappings()),
                stored.trustLevel().value(),
                stored.enabled(),
                stored.shownOnLoginPage(),
                stored.order(),
                timestamp(stored.updatedAt()),
                (saml != null) ? saml.metadataUrl() : null,
                (saml != null) ? saml.metadataXml() : null,
                (saml != null) ? json(saml.authnContextLevels()) : null,
                (saml != null) ? saml.metadataSigningCertificate() : null);
    }
}
