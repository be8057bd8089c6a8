package cn.yiwang.id.federation.registry;

import java.time.Instant;
import java.util.List;

/**
 * What a connection test of one identity provider found.
 *
 * @param alias the identity provider
 * @param protocol {@code OIDC} or {@code SAML}
 * @param testedAt when
 * @param ok whether nothing was an error
 * @param findings every finding, in the order checked
 */
public record ConnectionReport(
        String alias, String protocol, Instant testedAt, boolean ok, List<ConnectionFinding> findings) {

    public ConnectionReport {
        findings = List.copyOf(findings);
    }

    static ConnectionReport of(String alias, String protocol, Instant testedAt, List<ConnectionFinding> findings) {
        boolean ok = findings.stream().noneMatch((f) -> f.severity() == ConnectionFinding.Severity.ERROR);
        return new ConnectionReport(alias, protocol, testedAt, ok, findings);
    }
}
