package cn.yiwang.id.server.federation;

import cn.yiwang.id.federation.IdentityProvider;
import cn.yiwang.id.federation.oidc.UpstreamResult;
import cn.yiwang.id.federation.registry.IdentityProviderRegistry;
import cn.yiwang.id.federation.saml.PendingSamlLogin;
import cn.yiwang.id.federation.saml.SamlAssertionConsumer;
import cn.yiwang.id.federation.saml.SamlServiceProvider;
import cn.yiwang.id.federation.saml.ServiceProviderMetadata;
import cn.yiwang.id.server.config.YiwangServerProperties;
import cn.yiwang.id.server.web.ErrorPages;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * Our SAML service provider towards the provincial IdPs: the assertion consumer service, where an
 * IdP posts its response (HTTP-POST binding; CSRF-exempt, since the response is a signed message
 * bound to our pending request, not a form of ours), and our SP metadata for the IdPs to import.
 * The response is matched to its pending login by {@code RelayState}, validated by the federation's
 * {@link SamlAssertionConsumer}, and then follows the same path as an OIDC callback
 * ({@link FederatedSignIn}).
 */
@Controller
public final class SamlAssertionConsumerController {

    /** The media type of SAML metadata (SAML 2.0 Metadata §4.1.1). */
    static final MediaType SAML_METADATA = MediaType.parseMediaType("application/samlmetadata+xml");

    private final IdentityProviderRegistry registry;
    private final SamlAssertionConsumer consumer;
    private final ServiceProviderMetadata metadata;
    private final FederationStateStore state;
    private final FederatedSignIn federatedSignIn;
    private final YiwangServerProperties server;
    private final Clock clock;

    public SamlAssertionConsumerController(
            IdentityProviderRegistry registry,
            SamlAssertionConsumer consumer,
            ServiceProviderMetadata metadata,
            FederationStateStore state,
            FederatedSignIn federatedSignIn,
            YiwangServerProperties server,
            Clock clock) {
        this.registry = registry;
        this.consumer = consumer;
        this.metadata = metadata;
        this.state = state;
        this.federatedSignIn = federatedSignIn;
        this.server = server;
        this.clock = clock;
    }

    @PostMapping(SamlServiceProvider.ACS_PATH)
    public void assertionConsumer(
            @RequestParam(name = "SAMLResponse", required = false) String samlResponse,
            @RequestParam(name = "RelayState", required = false) String relayState,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException, ServletException {
        // single use: a response posted twice finds no pending login the second time
        Optional<PendingSamlLogin> pending =
                this.state.take(FederationController.SAML_PENDING, relayState).map(PendingSamlLogin::fromJson);
        Optional<IdentityProvider> idp = pending.flatMap((p) -> this.registry.findEnabled(p.idpAlias()));
        if (pending.isEmpty() || idp.isEmpty()) {
            this.federatedSignIn.record(
                    "federation.failed",
                    null,
                    pending.map(PendingSamlLogin::idpAlias).orElse("unknown"),
                    (samlResponse == null) ? "saml-missing-response" : "saml-unknown-relay-state");
            ErrorPages.forward(
                    request,
                    response,
                    HttpStatus.BAD_REQUEST,
                    "federation_state_unknown",
                    "This sign-in is unknown or has expired; please start again.");
            return;
        }
        String returnTo =
                this.state.take(FederationController.SAML_RETURN, relayState).orElse(null);
        if (samlResponse == null || samlResponse.isEmpty()) {
            this.federatedSignIn.failed(idp.get().alias(), "saml-missing-response", request, response);
            return;
        }
        UpstreamResult result =
                this.consumer.complete(idp.get(), pending.get(), samlResponse, relayState, serviceProvider());
        this.federatedSignIn.complete(idp.get(), result, returnTo, request, response);
    }

    @GetMapping(SamlServiceProvider.METADATA_PATH)
    @ResponseBody
    public ResponseEntity<byte[]> metadata() {
        return ResponseEntity.ok()
                .contentType(SAML_METADATA)
                .body(this.metadata.document(serviceProvider(), this.clock.instant()));
    }

    private SamlServiceProvider serviceProvider() {
        return SamlServiceProvider.forIssuer(this.server.issuerString());
    }
}
