package cn.yiwang.id.server.client;

import cn.yiwang.id.kit.registry.VersionedRows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * The relying parties in {@code oauth2_registered_client}: Spring Authorization Server's columns (written
 * by its own parameter mapper, so its repository could still read them) plus the definition, version,
 * enabled flag and manager this registry adds (V7). PostgreSQL and H2 in PostgreSQL mode.
 */
public final class JdbcClientRepository {

    private static final String SAS_COLUMNS = "id, client_id, client_id_issued_at, client_secret, "
            + "client_secret_expires_at, client_name, client_authentication_methods, authorization_grant_types, "
            + "redirect_uris, post_logout_redirect_uris, scopes, client_settings, token_settings";

    private static final String COLUMNS = SAS_COLUMNS + ", definition, version, enabled, managed_by, updated_at";

    private final JdbcTemplate jdbc;

    private final Clock clock;

    private final JdbcRegisteredClientRepository.JsonMapperRegisteredClientRowMapper sasRows =
            new JdbcRegisteredClientRepository.JsonMapperRegisteredClientRowMapper();

    private final JdbcRegisteredClientRepository.JsonMapperRegisteredClientParametersMapper sasParameters =
            new JdbcRegisteredClientRepository.JsonMapperRegisteredClientParametersMapper();

    private final VersionedRows rows;

    public JdbcClientRepository(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.rows = new VersionedRows(JdbcClient.create(jdbc), "oauth2_registered_client", "client_id", "Client");
    }

    public List<StoredClient> findAll() {
        return this.jdbc.query("select " + COLUMNS + " from oauth2_registered_client order by client_id", this::mapRow);
    }

    public Optional<StoredClient> findByClientId(String clientId) {
        return this.jdbc
                .query(
                        "select " + COLUMNS + " from oauth2_registered_client where client_id = ?",
                        this::mapRow,
                        clientId)
                .stream()
                .findFirst();
    }

    public Optional<StoredClient> findById(String id) {
        return this.jdbc
                .query("select " + COLUMNS + " from oauth2_registered_client where id = ?", this::mapRow, id)
                .stream()
                .findFirst();
    }

    /** Stores a new client under a new id. */
    public StoredClient create(ClientDefinition definition, String managedBy) {
        Instant now = this.clock.instant();
        RegisteredClient client = ClientDefinitions.toRegisteredClient(
                definition, UUID.randomUUID().toString(), now);
        List<Object> parameters = new ArrayList<>(this.sasParameters.apply(client));
        parameters.add(ClientJson.toJson(definition));
        parameters.add(1);
        parameters.add(definition.enabled());
        parameters.add(managedBy);
        parameters.add(Timestamp.from(now));
        this.jdbc.update(
                "insert into oauth2_registered_client (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                        + " ?, ?, ?, ?, ?)",
                parameters.toArray());
        return new StoredClient(client, definition, 1, definition.enabled(), managedBy, now);
    }

    /**
     * Replaces a client at the version the change was based on, keeping its id and issue time.
     * @return the stored client, or empty when the client is gone
     * @throws OptimisticLockingFailureException when it is at another version
     */
    public Optional<StoredClient> update(StoredClient before, ClientDefinition definition, String managedBy) {
        Instant now = this.clock.instant();
        RegisteredClient client = ClientDefinitions.toRegisteredClient(
                definition, before.client().getId(), before.client().getClientIdIssuedAt());
        // the mapper's order: id, client_id, then the other columns; an update sets all but the id
        List<SqlParameterValue> sas = this.sasParameters.apply(client);
        List<Object> parameters = new ArrayList<>(sas.subList(1, sas.size()));
        parameters.add(ClientJson.toJson(definition));
        parameters.add(definition.enabled());
        parameters.add(managedBy);
        parameters.add(Timestamp.from(now));
        parameters.add(before.clientId());
        parameters.add(before.version());
        int updated = this.jdbc.update(
                "update oauth2_registered_client set client_id = ?, client_id_issued_at = ?, client_secret = ?, "
                        + "client_secret_expires_at = ?, client_name = ?, client_authentication_methods = ?, "
                        + "authorization_grant_types = ?, redirect_uris = ?, post_logout_redirect_uris = ?, scopes = ?, "
                        + "client_settings = ?, token_settings = ?, definition = ?, version = version + 1, enabled = ?, "
                        + "managed_by = ?, updated_at = ? where client_id = ? and version = ?",
                parameters.toArray());
        if (updated == 1) {
            return Optional.of(
                    new StoredClient(client, definition, before.version() + 1, definition.enabled(), managedBy, now));
        }
        requireAbsent(before);
        return Optional.empty();
    }

    /**
     * Deletes a client, only at that version unless {@code expectedVersion} is null.
     * @return false when there is none
     * @throws OptimisticLockingFailureException when it is at another version
     */
    public boolean delete(String clientId, Integer expectedVersion) {
        return this.rows.delete(clientId, expectedVersion);
    }

    /** Keeps the digest of a registered client's registration access token (RFC 7592). */
    public void setRegistrationTokenHash(String clientId, String hash) {
        this.jdbc.update(
                "update oauth2_registered_client set registration_token_hash = ? where client_id = ?", hash, clientId);
    }

    /** @return the digest of the client's registration access token, or empty when it has none */
    public Optional<String> registrationTokenHash(String clientId) {
        return this.jdbc
                .queryForList(
                        "select registration_token_hash from oauth2_registered_client where client_id = ?",
                        String.class,
                        clientId)
                .stream()
                .filter((hash) -> hash != null)
                .findFirst();
    }

    private void requireAbsent(StoredClient before) {
        this.rows.requireAbsent(before.clientId(), before.version());
    }

    private StoredClient mapRow(ResultSet rs, int rowNum) throws SQLException {
        String json = rs.getString("definition");
        OffsetDateTime updatedAt = rs.getObject("updated_at", OffsetDateTime.class);
        RegisteredClient stored = this.sasRows.mapRow(rs, rowNum);
        ClientDefinition definition = null;
        RegisteredClient client = stored;
        if (json != null) {
            definition = ClientJson.fromJson(json);
            // rebuilt from the definition, so a change in how definitions map applies to stored clients too
            client = ClientDefinitions.toRegisteredClient(definition, stored.getId(), stored.getClientIdIssuedAt());
        }
        return new StoredClient(
                client,
                definition,
                rs.getInt("version"),
                rs.getBoolean("enabled"),
                rs.getString("managed_by"),
                (updatedAt != null) ? updatedAt.toInstant() : null);
    }
}
