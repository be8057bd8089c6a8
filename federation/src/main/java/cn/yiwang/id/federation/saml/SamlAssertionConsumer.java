package cn.yiwang.id.federation.saml;

import cn.yiwang.id.account.realname.AssuranceLevel;
import cn.yiwang.id.federation.IdentityProvider;
import cn.yiwang.id.federation.SamlSettings;
import cn.yiwang.id.federation.UpstreamIdentity;
import cn.yiwang.id.federation.oidc.FederationMetrics;
import cn.yiwang.id.federation.oidc.UpstreamClaims;
import cn.yiwang.id.federation.oidc.UpstreamResult;
import cn.yiwang.id.federation.oidc.UpstreamUnavailableException;
import cn.yiwang.id.saml.metadata.EntityMetadata;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Completes a sign-in when a provincial SAML IdP posts its response to our assertion consumer service, and turns
 * it into the same {@link UpstreamResult} the OIDC callback gives, for the same linking and sign-in.
 *
 * <p>The steps, in order; the first that fails ends the sign-in with {@link UpstreamResult.Failed} naming it
 * ({@code saml-…}), except a non-success status, which is {@link UpstreamResult.Denied}:
 * <ol>
 * <li>the pending login belongs to this provider, the provider is an enabled SAML provider, the relay state is the
 * pending one, and the pending login has not outlived {@code login-timeout};</li>
 * <li>the provider's metadata can be had (its signing certificates are the only keys trusted);</li>
 * <li>the response passes every rule of {@link SamlResponseRules#standard}, the replay cache last;</li>
 * <li>the NameID becomes the upstream subject, attributes are mapped by {@code claimMappings} (attribute
 * {@code Name}), and the level is the mapped {@code level} attribute, else the {@code AuthnContextClassRef}
 * through {@link SamlSettings#level}, else L1 (before capping by the provider's trust level, as for OIDC).</li>
 * </ol>
 */
public final class SamlAssertionConsumer {

    private static final Logger log = LoggerFactory.getLogger(SamlAssertionConsumer.class);

    private final SamlMetadataSource metadata;

    private final SamlResponseValidator validator;

    private final ServiceProviderCredentials credentials;

    private final FederationSamlProperties properties;

    private final FederationMetrics metrics;

    private final Clock clock;

    private final LegacyEncryptionAudit legacyEncryption;

    SamlAssertionConsumer(
            SamlMetadataSource metadata,
            SamlReplayCache replayCache,
            ServiceProviderCredentials credentials,
            FederationSamlProperties properties,
            FederationMetrics metrics,
            Clock clock,
            LegacyEncryptionAudit legacyEncryption) {
        this.legacyEncryption = legacyEncryption;
        this.metadata = metadata;
        this.validator = new SamlResponseValidator(SamlResponseRules.standard(replayCache));
        this.credentials = credentials;
        this.properties = properties;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Completes a sign-in.
     * @param idp the identity provider the pending login was sent to
     * @param pending the pending login stored under the returned {@code RelayState} (take it out of the store
     * first, so that a response is never completed twice)
     * @param samlResponse the {@code SAMLResponse} form parameter, base64
     * @param relayState the {@code RelayState} form parameter
     * @param sp who we are
     * @return authenticated, denied or failed; never throws for anything the IdP or the browser sent
     */
    public UpstreamResult complete(
            IdentityProvider idp,
            PendingSamlLogin pending,
            String samlResponse,
            String relayState,
            SamlServiceProvider sp) {
        UpstreamResult result;
        FederationMetrics.Outcome outcome;
        try {
            result = authenticate(idp, pending, samlResponse, relayState, sp);
            outcome = FederationMetrics.Outcome.AUTHENTICATED;
        } catch (SamlRejection rejection) {
            if (rejection.isDenied()) {
                result = new UpstreamResult.Denied(rejection.reason(), rejection.statusMessage());
                outcome = FederationMetrics.Outcome.DENIED;
            } else {
                result = new UpstreamResult.Failed(rejection.reason());
                outcome = FederationMetrics.Outcome.FAILED;
            }
        } catch (UpstreamUnavailableException ex) {
            result = new UpstreamResult.Failed(ex.reason());
            outcome = FederationMetrics.Outcome.UNAVAILABLE;
        }
        this.metrics.outcome(idp.alias(), outcome);
        if (result instanceof UpstreamResult.Authenticated authenticated) {
            log.info(
                    "SAML login via {} authenticated, asserted level {}",
                    idp.alias(),
                    authenticated.identity().assertedLevel());
        } else if (result instanceof UpstreamResult.Denied denied) {
            log.info("SAML login via {} denied by the provider: {}", idp.alias(), denied.error());
        } else if (result instanceof UpstreamResult.Failed failed) {
            log.warn("SAML login via {} failed: {}", idp.alias(), failed.reason());
        }
        return result;
    }

    private UpstreamResult authenticate(
            IdentityProvider idp,
            PendingSamlLogin pending,
            String samlResponse,
            String relayState,
            SamlServiceProvider sp)
            throws SamlRejection {
        if (!idp.alias().equals(pending.idpAlias())) {
            throw SamlRejection.invalid("idp-mismatch");
        }
        if (idp.protocol() != IdentityProvider.Protocol.SAML) {
            throw SamlRejection.invalid("idp-not-saml");
        }
        if (!idp.enabled()) {
            throw SamlRejection.invalid("idp-disabled");
        }
        if (relayState == null
                || !MessageDigest.isEqual(
                        pending.relayState().getBytes(StandardCharsets.UTF_8),
                        relayState.getBytes(StandardCharsets.UTF_8))) {
            throw SamlRejection.invalid("relay-state-mismatch");
        }
        if (!this.clock.instant().isBefore(pending.createdAt().plus(this.properties.loginTimeout()))) {
            throw SamlRejection.invalid("login-expired");
        }
        EntityMetadata entity = this.metadata.metadata(idp);
        SamlResponseCheck response = new SamlResponseCheck(
                samlResponse,
                entity,
                sp,
                pending.requestId(),
                this.credentials.decryptionKeys(),
                idp.saml() != null && idp.saml().legacyCbc(),
                this.clock.instant(),
                this.properties.clockSkew(),
                (int) this.properties.maxResponseSize().toBytes());
        try {
            this.validator.validate(response);
        } finally {
            // every use of the weaker algorithm is told, whether or not a later rule refuses the response
            if (response.legacyCbcUsed() != null) {
                this.legacyEncryption.used(idp.alias(), response.legacyCbcUsed());
            }
        }
        Map<String, Object> attributes = response.attributes();
        SamlSettings settings = (idp.saml() != null) ? idp.saml() : new SamlSettings(null, null, Map.of());
        AssuranceLevel level = UpstreamClaims.mappedLevel(idp.claimMappings(), attributes)
                .or(() -> settings.level(response.authnContextClassRef()))
                .orElse(AssuranceLevel.L1);
        return new UpstreamResult.Authenticated(new UpstreamIdentity(
                idp.alias(),
                response.nameId(),
                UpstreamClaims.attributes(idp.claimMappings(), attributes),
                level,
                null,
                response.sessionIndex(),
                response.samlNameId()));
    }
}
