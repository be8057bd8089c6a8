package cn.yiwang.id.server.federation;

import cn.yiwang.id.federation.saml.SamlServiceProvider;
import cn.yiwang.id.server.config.YiwangServerProperties;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Pages that post a signed SAML logout message to a province (HTTP-POST binding), kept briefly and
 * served once at {@code /federation/saml/slo/send?k=…}: a logout moves on by URL (a redirect, or the
 * front-channel page's refresh), so a message that must be posted is reached through one.
 */
@Component
public final class SamlOutboundPages {

    /** Where a stored page is served. */
    static final String SEND_PATH = SamlServiceProvider.SLO_PATH + "/send";

    private static final String KIND = "saml-send";

    private final FederationStateStore state;
    private final YiwangServerProperties server;
    private final SecureRandom random = new SecureRandom();

    public SamlOutboundPages(FederationStateStore state, YiwangServerProperties server) {
        this.state = state;
        this.server = server;
    }

    /**
     * Stores a page.
     * @param postForm the auto-posting page
     * @return the URL that serves it, once
     */
    public String put(String postForm) {
        byte[] bytes = new byte[24];
        this.random.nextBytes(bytes);
        String key = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        this.state.put(KIND, key, postForm);
        return this.server.issuerString() + SEND_PATH + "?k=" + key;
    }

    /** The stored page, taken out. */
    public Optional<String> take(String key) {
        return this.state.take(KIND, key);
    }
}
