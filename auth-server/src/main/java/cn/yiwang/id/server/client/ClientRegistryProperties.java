package cn.yiwang.id.server.client;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How relying parties are served.
 *
 * @param registryRefreshInterval how soon changes made through another node are seen here
 * @param publicRefreshTokenMaxTtl the longest a public client's (browser or native app, no secret) chain of
 *     refresh tokens lives from sign-in, whatever its own refresh-token TTL; shorter than confidential clients'
 * @param fetchTimeout connect and response timeout when fetching a client's JWK Set or sector identifier document
 */
@ConfigurationProperties("yiwang.clients")
public record ClientRegistryProperties(
        @DefaultValue("15s") Duration registryRefreshInterval,
        @DefaultValue("2h") Duration publicRefreshTokenMaxTtl,
        @DefaultValue("5s") Duration fetchTimeout) {}
