package cn.yiwang.id.federation.signin;

import cn.yiwang.id.account.realname.AssuranceLevel;
import cn.yiwang.id.account.realname.RealNameRegistry;
import cn.yiwang.id.federation.IdentityProvider;
import cn.yiwang.id.federation.SamlNameId;
import cn.yiwang.id.federation.UpstreamIdentity;
import cn.yiwang.id.federation.linking.AccountLinking;
import cn.yiwang.id.federation.linking.LinkOutcome;
import cn.yiwang.id.federation.oidc.PendingUpstreamLogin;
import cn.yiwang.id.federation.oidc.UpstreamAuthorization;
import cn.yiwang.id.federation.oidc.UpstreamAuthorizationRequest;
import cn.yiwang.id.federation.oidc.UpstreamCallback;
import cn.yiwang.id.federation.oidc.UpstreamResult;
import cn.yiwang.id.federation.oidc.UpstreamUnavailableException;
import cn.yiwang.id.federation.registry.IdentityProviderRegistry;
import cn.yiwang.id.federation.saml.OutboundAuthnRequest;
import cn.yiwang.id.federation.saml.PendingSamlLogin;
import cn.yiwang.id.federation.saml.SamlAssertionConsumer;
import cn.yiwang.id.federation.saml.SamlAuthnRequests;
import cn.yiwang.id.federation.saml.SamlServiceProvider;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Federated sign-in, whatever the protocol: sends the browser to a provincial IdP (OIDC with state, nonce and
 * PKCE, or a signed SAML AuthnRequest) and keeps what the answer must match; reads the answer (the OIDC callback,
 * the SAML response); links the upstream identity to a national account ({@link AccountLinking}); and decides the
 * session's level ({@link AssuranceLevel#federatedSession}, {@link AssuranceLevel#linkedSession}). The auth-server
 * only turns the {@link FederatedSignInResult} into HTTP: a session, a page, an audit event.
 *
 * <p>All the state in between is ours, in Redis ({@code yid:fed:*}, {@link FederationState}).
 */
@Service
public final class FederatedSignIn {

    private static final String OIDC_PENDING = "pending";

    private static final String SAML_PENDING = "saml-pending";

    private static final String SAML_RETURN = "saml-return";

    private static final String LINK = "link";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final IdentityProviderRegistry registry;

    private final UpstreamAuthorization authorization;

    private final UpstreamCallback callback;

    private final SamlAuthnRequests samlRequests;

    private final SamlAssertionConsumer samlConsumer;

    private final AccountLinking linking;

    private final RealNameRegistry realNames;

    private final FederationState state;

    private final FederatedSessions federatedSessions;

    FederatedSignIn(
            IdentityProviderRegistry registry,
            UpstreamAuthorization authorization,
            UpstreamCallback callback,
            SamlAuthnRequests samlRequests,
            SamlAssertionConsumer samlConsumer,
            AccountLinking linking,
            RealNameRegistry realNames,
            FederationState state,
            FederatedSessions federatedSessions) {
        this.federatedSessions = federatedSessions;
        this.registry = registry;
        this.authorization = authorization;
        this.callback = callback;
        this.samlRequests = samlRequests;
        this.samlConsumer = samlConsumer;
        this.linking = linking;
        this.realNames = realNames;
        this.state = state;
    }

    /** The OIDC redirect URI we register with a province: {@code {issuer}/federation/{alias}/callback}. */
    public static String callbackUri(String issuer, String alias) {
        return issuer + "/federation/" + alias + "/callback";
    }

    /**
     * Prepares the browser's trip upstream.
     * @param alias the identity provider
     * @param issuer our issuer, which our callback and SAML endpoints hang off
     * @param returnTo where a SAML sign-in ends once signed in (its response comes back as a cross-site POST,
     *     which carries no SameSite cookie to find the saved request by), or null
     */
    public UpstreamStart start(String alias, String issuer, String returnTo) {
        Optional<IdentityProvider> idp = this.registry.findEnabled(alias);
        if (idp.isEmpty()) {
            return new UpstreamStart.UnknownProvider();
        }
        try {
            if (idp.get().protocol() == IdentityProvider.Protocol.SAML) {
                OutboundAuthnRequest upstream =
                        this.samlRequests.begin(idp.get(), SamlServiceProvider.forIssuer(issuer));
                String relayState = upstream.pending().relayState();
                this.state.put(SAML_PENDING, relayState, upstream.pending().toJson());
                if (returnTo != null) {
                    this.state.put(SAML_RETURN, relayState, returnTo);
                }
                return upstream.isRedirect()
                        ? new UpstreamStart.Redirect(upstream.redirectUri())
                        : new UpstreamStart.PostForm(upstream.postForm());
            }
            UpstreamAuthorizationRequest upstream = this.authorization.begin(idp.get(), callbackUri(issuer, alias));
            this.state.put(
                    OIDC_PENDING, upstream.pending().state(), upstream.pending().toJson());
            return new UpstreamStart.Redirect(upstream.authorizationUri());
        } catch (UpstreamUnavailableException | IllegalStateException ex) {
            return new UpstreamStart.Unavailable();
        }
    }

    /**
     * Completes an OIDC sign-in at our callback.
     * @param alias the identity provider, from the callback URL
     * @param parameters the callback's query parameters
     */
    public FederatedSignInResult completeOidc(String alias, Map<String, String> parameters, String issuer) {
        Optional<IdentityProvider> idp = this.registry.findEnabled(alias);
        Optional<PendingUpstreamLogin> pending =
                this.state.take(OIDC_PENDING, parameters.get("state")).map(PendingUpstreamLogin::fromJson);
        if (idp.isEmpty() || pending.isEmpty()) {
            return new FederatedSignInResult.Unknown(alias, "oidc-unknown-state");
        }
        UpstreamResult result =
                this.callback.complete(idp.get(), pending.get(), parameters, callbackUri(issuer, alias));
        return decide(idp.get(), result, null);
    }

    /**
     * Completes a SAML sign-in at our assertion consumer service.
     * @param samlResponse the posted {@code SAMLResponse}, or null
     * @param relayState the posted {@code RelayState}, which names our pending login
     */
    public FederatedSignInResult completeSaml(String samlResponse, String relayState, String issuer) {
        // single use: a response posted twice finds no pending login the second time
        Optional<PendingSamlLogin> pending =
                this.state.take(SAML_PENDING, relayState).map(PendingSamlLogin::fromJson);
        Optional<IdentityProvider> idp = pending.flatMap((p) -> this.registry.findEnabled(p.idpAlias()));
        if (pending.isEmpty() || idp.isEmpty()) {
            return new FederatedSignInResult.Unknown(
                    pending.map(PendingSamlLogin::idpAlias).orElse("unknown"),
                    (samlResponse == null) ? "saml-missing-response" : "saml-unknown-relay-state");
        }
        String returnTo = this.state.take(SAML_RETURN, relayState).orElse(null);
        if (samlResponse == null || samlResponse.isEmpty()) {
            return new FederatedSignInResult.Failed(idp.get().alias(), "saml-missing-response");
        }
        UpstreamResult result = this.samlConsumer.complete(
                idp.get(), pending.get(), samlResponse, relayState, SamlServiceProvider.forIssuer(issuer));
        return decide(idp.get(), result, returnTo);
    }

    /**
     * The identity provider of the identity waiting for a first-login link under this key, left waiting.
     * @return its alias, or empty when none waits (or it expired)
     */
    public Optional<String> pendingLink(String linkKey) {
        return this.state.peek(LINK, linkKey).map(FederatedSignIn::fromJson).map(UpstreamIdentity::idpAlias);
    }

    /**
     * Links the waiting identity to the account the citizen just proved (with its password), once.
     * @return the sign-in, with the better of the federated and the account's remote-session level; empty when no
     *     identity waits under this key or its provider is no longer enabled
     */
    public Optional<FederatedSignInResult.SignIn> confirmLink(String linkKey, UUID accountId) {
        Optional<UpstreamIdentity> identity = this.state.take(LINK, linkKey).map(FederatedSignIn::fromJson);
        Optional<IdentityProvider> idp = identity.flatMap((i) -> this.registry.findEnabled(i.idpAlias()));
        if (identity.isEmpty() || idp.isEmpty()) {
            return Optional.empty();
        }
        LinkOutcome.Linked linked = this.linking.confirm(identity.get(), idp.get(), accountId);
        AssuranceLevel level =
                AssuranceLevel.linkedSession(linked.sessionLevel(), this.realNames.level(linked.accountId()));
        return Optional.of(
                signIn(linked.accountId(), level, List.of("fed", "pwd"), identity.get(), null, "first-login"));
    }

    /**
     * Whether an identity still waits under this key and its provider is enabled: the first-login page shows only
     * then.
     */
    public boolean isLinkPending(String linkKey) {
        return pendingLink(linkKey).flatMap(this.registry::findEnabled).isPresent();
    }

    /**
     * Remembers the upstream side of the national session a federated sign-in just began, for logout.
     * @param sid the national session
     * @param sessionLifetime the longest it can live
     */
    public void sessionStarted(String sid, FederatedSignInResult.SignIn signIn, Duration sessionLifetime) {
        this.federatedSessions.remember(sid, signIn.upstream(), sessionLifetime);
    }

    private FederatedSignInResult decide(IdentityProvider idp, UpstreamResult result, String returnTo) {
        String alias = idp.alias();
        if (result instanceof UpstreamResult.Denied denied) {
            return new FederatedSignInResult.Denied(alias, denied.error());
        }
        if (result instanceof UpstreamResult.Failed failed) {
            return new FederatedSignInResult.Failed(alias, failed.reason());
        }
        UpstreamIdentity identity = ((UpstreamResult.Authenticated) result).identity();
        LinkOutcome outcome = this.linking.link(identity, idp);
        if (outcome instanceof LinkOutcome.Linked linked) {
            return signIn(
                    linked.accountId(),
                    linked.sessionLevel(),
                    List.of("fed"),
                    identity,
                    returnTo,
                    linked.created() ? "created" : "linked");
        }
        if (outcome instanceof LinkOutcome.NeedsFirstLogin) {
            return new FederatedSignInResult.NeedsLink(alias, this.state.put(LINK, toJson(identity)));
        }
        return new FederatedSignInResult.Refused(alias, ((LinkOutcome.Refused) outcome).reason());
    }

    private static FederatedSignInResult.SignIn signIn(
            UUID accountId,
            AssuranceLevel level,
            List<String> amr,
            UpstreamIdentity identity,
            String returnTo,
            String detail) {
        return new FederatedSignInResult.SignIn(
                identity.idpAlias(),
                accountId,
                level,
                amr,
                new UpstreamSession(
                        identity.idpAlias(),
                        identity.idToken(),
                        identity.subject(),
                        identity.upstreamSid(),
                        identity.samlNameId()),
                returnTo,
                detail);
    }

    /** Only what linking and logout need; the mapped attributes (ID number, phone) are not kept here. */
    private static String toJson(UpstreamIdentity identity) {
        ObjectNode node = JSON.createObjectNode();
        node.put("idp", identity.idpAlias());
        node.put("sub", identity.subject());
        node.put("level", identity.assertedLevel().name());
        // a SAML sign-in has no ID token
        if (identity.idToken() != null) {
            node.put("idt", identity.idToken());
        }
        if (identity.upstreamSid() != null) {
            node.put("sid", identity.upstreamSid());
        }
        // a SAML logout names the principal as the IdP did
        SamlNameId nameId = identity.samlNameId();
        if (nameId != null) {
            node.put("nidf", nameId.format());
            node.put("nidq", nameId.nameQualifier());
            node.put("nidspq", nameId.spNameQualifier());
            node.put("nid", true);
        }
        return JSON.writeValueAsString(node);
    }

    private static UpstreamIdentity fromJson(String value) {
        JsonNode node = JSON.readTree(value);
        String subject = node.get("sub").asString();
        SamlNameId nameId = node.hasNonNull("nid")
                ? new SamlNameId(subject, text(node, "nidf"), text(node, "nidq"), text(node, "nidspq"))
                : null;
        return new UpstreamIdentity(
                node.get("idp").asString(),
                subject,
                new HashMap<>(),
                AssuranceLevel.valueOf(node.get("level").asString()),
                text(node, "idt"),
                text(node, "sid"),
                nameId);
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asString() : null;
    }
}
