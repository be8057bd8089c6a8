package cn.yiwang.id.federation.saml;

import cn.yiwang.id.federation.IdentityProvider;
import cn.yiwang.id.federation.oidc.FederationMetrics;
import cn.yiwang.id.federation.oidc.UpstreamUnavailableException;
import cn.yiwang.id.saml.PostBinding;
import cn.yiwang.id.saml.RedirectBinding;
import cn.yiwang.id.saml.SamlIds;
import cn.yiwang.id.saml.SamlNames;
import cn.yiwang.id.saml.SamlTime;
import cn.yiwang.id.saml.SamlXml;
import cn.yiwang.id.saml.SecureXml;
import cn.yiwang.id.saml.XmlSignatures;
import cn.yiwang.id.saml.metadata.EntityMetadata;
import cn.yiwang.id.saml.metadata.SamlEndpoint;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Starts a sign-in at a provincial SAML IdP (SAML 2.0 Web Browser SSO profile, §4.1): a signed
 * {@code AuthnRequest} asking for a response over HTTP-POST to our assertion consumer service, sent over the
 * HTTP-Redirect binding with its query signed (bindings §3.4.4.1), or over HTTP-POST with an enveloped signature
 * when the IdP offers only that; and the pending login to keep until {@link SamlAssertionConsumer} gets the answer.
 */
public final class SamlAuthnRequests {

    private static final Logger log = LoggerFactory.getLogger(SamlAuthnRequests.class);

    private final SamlMetadataSource metadata;

    private final ServiceProviderCredentials credentials;

    private final FederationMetrics metrics;

    private final Clock clock;

    private final SecureRandom random = new SecureRandom();

    SamlAuthnRequests(
            SamlMetadataSource metadata,
            ServiceProviderCredentials credentials,
            FederationMetrics metrics,
            Clock clock) {
        this.metadata = metadata;
        this.credentials = credentials;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Starts a sign-in.
     * @param idp a SAML identity provider
     * @param sp who we are
     * @return the pending login to store (keyed by its relay state) and how to send the browser on
     * @throws UpstreamUnavailableException when the IdP's metadata cannot be had: the citizen should be offered
     * another way in
     * @throws IllegalStateException when the provider is not an enabled SAML provider
     */
    public OutboundAuthnRequest begin(IdentityProvider idp, SamlServiceProvider sp) {
        if (idp.protocol() != IdentityProvider.Protocol.SAML || !idp.enabled()) {
            throw new IllegalStateException("Identity provider " + idp.alias() + " is not an enabled SAML provider");
        }
        this.metrics.attempt(idp.alias());
        EntityMetadata entity;
        try {
            entity = this.metadata.metadata(idp);
        } catch (UpstreamUnavailableException ex) {
            this.metrics.outcome(idp.alias(), FederationMetrics.Outcome.UNAVAILABLE);
            log.warn("SAML login via {} not started: {}", idp.alias(), ex.reason());
            throw ex;
        }
        Instant now = Instant.ofEpochSecond(this.clock.instant().getEpochSecond());
        PendingSamlLogin pending = new PendingSamlLogin(SamlIds.newId(), relayState(), idp.alias(), now);
        Optional<SamlEndpoint> redirect = entity.singleSignOnService(SamlNames.BINDING_REDIRECT);
        if (redirect.isPresent()) {
            String location = redirect.get().location();
            Element request = authnRequest(pending, location, sp);
            // bindings §3.4.4.1: the signature is over the query; an enveloped one would only make the URL longer
            String query = RedirectBinding.signedQuery(
                    "SAMLRequest", SecureXml.toBytes(request), pending.relayState(), this.credentials.signingKey());
            return new OutboundAuthnRequest(
                    pending, URI.create(location + (location.contains("?") ? "&" : "?") + query), null);
        }
        String location =
                entity.singleSignOnService(SamlNames.BINDING_POST).orElseThrow().location();
        Element request = authnRequest(pending, location, sp);
        XmlSignatures.sign(request, this.credentials.signingKey(), this.credentials.certificate());
        return new OutboundAuthnRequest(
                pending,
                null,
                PostBinding.form(location, "SAMLRequest", SecureXml.toBytes(request), pending.relayState()));
    }

    /**
     * The AuthnRequest (core §3.4.1), unsigned.
     * @param pending its ID and time
     * @param destination the IdP's SSO endpoint
     * @param sp who we are
     * @return the element, root of its own document
     */
    static Element authnRequest(PendingSamlLogin pending, String destination, SamlServiceProvider sp) {
        Document document = SecureXml.newDocument();
        Element request = SamlXml.create(document, SamlNames.PROTOCOL_NS, "AuthnRequest");
        request.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:samlp", SamlNames.PROTOCOL_NS);
        request.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:saml", SamlNames.ASSERTION_NS);
        document.appendChild(request);
        request.setAttributeNS(null, "ID", pending.requestId());
        request.setAttributeNS(null, "Version", "2.0");
        request.setAttributeNS(null, "IssueInstant", SamlTime.format(pending.createdAt()));
        request.setAttributeNS(null, "Destination", destination);
        request.setAttributeNS(null, "AssertionConsumerServiceURL", sp.assertionConsumerServiceUrl());
        request.setAttributeNS(null, "ProtocolBinding", SamlNames.BINDING_POST);
        SamlXml.appendText(request, SamlNames.ASSERTION_NS, "Issuer", sp.entityId());
        SamlXml.append(request, SamlNames.PROTOCOL_NS, "NameIDPolicy").setAttributeNS(null, "AllowCreate", "true");
        return request;
    }

    // 256 bits, 43 characters: well under the 80 bytes a RelayState may have (bindings §3.4.3)
    private String relayState() {
        byte[] bytes = new byte[32];
        this.random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
