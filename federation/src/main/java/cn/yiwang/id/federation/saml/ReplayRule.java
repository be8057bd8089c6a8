package cn.yiwang.id.federation.saml;

import java.time.Duration;

/**
 * An assertion is used once (profiles §4.1.4.5): its ID is recorded for the IdP until it expires (the latest
 * {@code NotOnOrAfter} plus the clock skew), and a second use within that time is refused. Runs last, so only an
 * otherwise valid assertion takes a place in the cache. When the cache cannot be asked, the response is refused:
 * a replay check that fails open is no check.
 */
final class ReplayRule implements SamlResponseRule {

    private final SamlReplayCache cache;

    ReplayRule(SamlReplayCache cache) {
        this.cache = cache;
    }

    @Override
    public void check(SamlResponseCheck response) throws SamlRejection {
        String id = response.assertion().getAttributeNS(null, "ID");
        if (id.isBlank()) {
            throw SamlRejection.invalid("saml-missing-assertion-id");
        }
        Duration ttl = Duration.between(response.now(), response.expiry().plus(response.clockSkew()));
        boolean first;
        try {
            first = this.cache.firstUse(
                    response.idp().entityId(), id, ttl.isNegative() || ttl.isZero() ? Duration.ofSeconds(1) : ttl);
        } catch (RuntimeException ex) {
            throw SamlRejection.invalid("saml-replay-cache-unavailable");
        }
        if (!first) {
            throw SamlRejection.invalid("saml-replayed");
        }
    }
}
