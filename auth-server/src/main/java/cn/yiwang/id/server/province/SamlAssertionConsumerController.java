package cn.yiwang.id.server.province;

import cn.yiwang.id.federation.saml.OurServiceProviderMetadata;
import cn.yiwang.id.federation.saml.SamlServiceProvider;
import cn.yiwang.id.federation.signin.FederatedSignIn;
import cn.yiwang.id.server.YiwangServerProperties;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
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
 * The federation's {@link FederatedSignIn} matches the response to its pending login by
 * {@code RelayState}, validates and links it; {@link FederatedSignInHandler} answers the browser, as
 * for an OIDC callback.
 */
@Controller
public final class SamlAssertionConsumerController {

    /** The media type of SAML metadata (SAML 2.0 Metadata §4.1.1). */
    static final MediaType SAML_METADATA = MediaType.parseMediaType("application/samlmetadata+xml");

    private final FederatedSignIn federatedSignIn;
    private final FederatedSignInHandler handler;
    private final OurServiceProviderMetadata metadata;
    private final YiwangServerProperties server;
    private final Clock clock;

    public SamlAssertionConsumerController(
            FederatedSignIn federatedSignIn,
            FederatedSignInHandler handler,
            OurServiceProviderMetadata metadata,
            YiwangServerProperties server,
            Clock clock) {
        this.federatedSignIn = federatedSignIn;
        this.handler = handler;
        this.metadata = metadata;
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
        this.handler.respond(
                this.federatedSignIn.completeSaml(samlResponse, relayState, this.server.issuerString()),
                request,
                response);
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
