package cn.yiwang.id.server.client;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the declarative list of relying parties comes from.
 *
 * @param clientsFile a Spring resource location; a missing file means "nothing to bootstrap"
 */
@ConfigurationProperties("yiwang.bootstrap")
public record ClientBootstrapProperties(
        @DefaultValue("file:config/clients.yml") String clientsFile) {}
