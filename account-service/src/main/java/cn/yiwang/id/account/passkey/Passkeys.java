package cn.yiwang.id.account.passkey;

import cn.yiwang.id.account.realname.AssuranceLevel;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.ResolvableType;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.web.webauthn.api.AttestationConveyancePreference;
import org.springframework.security.web.webauthn.api.AuthenticatorAssertionResponse;
import org.springframework.security.web.webauthn.api.AuthenticatorSelectionCriteria;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.CredentialRecord;
import org.springframework.security.web.webauthn.api.PublicKeyCredential;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialCreationOptions;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialDescriptor;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialParameters;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialRequestOptions;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialRpEntity;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.api.ResidentKeyRequirement;
import org.springframework.security.web.webauthn.api.UserVerificationRequirement;
import org.springframework.security.web.webauthn.jackson.WebauthnJacksonModule;
import org.springframework.security.web.webauthn.management.ImmutablePublicKeyCredentialCreationOptionsRequest;
import org.springframework.security.web.webauthn.management.ImmutablePublicKeyCredentialRequestOptionsRequest;
import org.springframework.security.web.webauthn.management.ImmutableRelyingPartyRegistrationRequest;
import org.springframework.security.web.webauthn.management.RelyingPartyAuthenticationRequest;
import org.springframework.security.web.webauthn.management.RelyingPartyPublicKey;
import org.springframework.security.web.webauthn.management.Webauthn4JRelyingPartyOperations;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Passkeys (WebAuthn) for citizens and, later, administrators, on Spring Security's relying-party
 * operations ({@link Webauthn4JRelyingPartyOperations}, webauthn4j underneath) with this module's
 * stores. Spring Security's filters ({@code http.webAuthn()}) are not used: they keep the pending
 * ceremony in the servlet session and sign in on their own, while our sessions live in Redis and a
 * passkey here is one step of our own sign-in. So the ceremony state (challenge, account, allowed
 * credentials) waits in Redis instead, single-use, five minutes:
 * {@code yid:passkey:reg:{account}} and {@code yid:passkey:auth:{ceremony}}.
 *
 * <p>User verification is required (a PIN or biometric on the device), attestation is not asked for
 * ({@code none}): we trust the key for what it proves at each sign-in, not for its make.
 */
public final class Passkeys {

    private static final Logger log = LoggerFactory.getLogger(Passkeys.class);

    private static final Duration CEREMONY_TTL = Duration.ofMinutes(5);

    private static final int MAX_PER_ACCOUNT = 10;

    private static final int MAX_RESPONSE = 16 * 1024;

    private final JdbcPasskeyUserEntities users;

    private final JdbcPasskeyCredentials credentials;

    private final Webauthn4JRelyingPartyOperations operations;

    private final PublicKeyCredentialRpEntity rp;

    private final StringRedisTemplate redis;

    private final JsonMapper json =
            JsonMapper.builder().addModule(new WebauthnJacksonModule()).build();

    /**
     * @param rpId the relying party id: our host name (WebAuthn refuses IP addresses)
     * @param rpName the name authenticators show
     * @param allowedOrigins the origins pages may run the ceremony from, e.g. {@code https://id.gov.cn}
     */
    public Passkeys(
            JdbcClient jdbc,
            StringRedisTemplate redis,
            Clock clock,
            String rpId,
            String rpName,
            Set<String> allowedOrigins) {
        this.redis = redis;
        this.users = new JdbcPasskeyUserEntities(jdbc, clock);
        this.credentials = new JdbcPasskeyCredentials(jdbc, this.users, clock);
        this.rp = PublicKeyCredentialRpEntity.builder().id(rpId).name(rpName).build();
        this.operations =
                new Webauthn4JRelyingPartyOperations(this.users, this.credentials, this.rp, Set.copyOf(allowedOrigins));
        this.operations.setCustomizeCreationOptions((options) -> options.authenticatorSelection(selection()));
        this.operations.setCustomizeRequestOptions(
                (options) -> options.userVerification(UserVerificationRequirement.REQUIRED));
    }

    /** The relying party id in use. */
    public String rpId() {
        return this.rp.getId();
    }

    /**
     * Starts adding a passkey: the options for {@code navigator.credentials.create()}, as JSON.
     * @param label what the authenticator shows for the account (a masked phone number)
     */
    public String registrationOptions(UUID accountId, String label) {
        this.users.ensure(accountId, label);
        PublicKeyCredentialCreationOptions options = this.operations.createPublicKeyCredentialCreationOptions(
                new ImmutablePublicKeyCredentialCreationOptionsRequest(citizen(accountId)));
        this.redis
                .opsForValue()
                .set(
                        registrationKey(accountId),
                        options.getChallenge().toBase64UrlString() + " "
                                + options.getUser().getId().toBase64UrlString(),
                        CEREMONY_TTL);
        return this.json.writeValueAsString(options);
    }

    /**
     * Finishes adding a passkey.
     * @param response {@code {"publicKey": {"credential": <the PublicKeyCredential as JSON>, "label": "…"}}},
     *     the body Spring Security's own registration endpoint takes
     * @param sessionLevel the level of the session adding it: a passkey added after a live face check
     *     carries that check (see {@code SecondFactorLevels})
     */
    public PasskeyOutcome register(UUID accountId, String response, AssuranceLevel sessionLevel) {
        String state = this.redis.opsForValue().getAndDelete(registrationKey(accountId));
        if (state == null) {
            return new PasskeyOutcome.Refused("expired");
        }
        if (this.credentials.forAccount(accountId).size() >= MAX_PER_ACCOUNT) {
            return new PasskeyOutcome.Refused("too-many");
        }
        String[] parts = state.split(" ");
        PublicKeyCredentialUserEntity user = this.users.findByUsername(accountId.toString());
        if (user == null || !user.getId().toBase64UrlString().equals(parts[1])) {
            return new PasskeyOutcome.Refused("expired");
        }
        RelyingPartyPublicKey publicKey;
        try {
            JsonNode body = readBody(response).get("publicKey");
            publicKey = this.json.treeToValue(body, RelyingPartyPublicKey.class);
        } catch (RuntimeException ex) {
            log.info(
                    "Passkey registration refused: unreadable response ({})",
                    ex.getClass().getSimpleName());
            return new PasskeyOutcome.Refused("malformed");
        }
        PublicKeyCredentialCreationOptions options = PublicKeyCredentialCreationOptions.builder()
                .rp(this.rp)
                .user(user)
                .challenge(Bytes.fromBase64(parts[0]))
                .pubKeyCredParams(
                        PublicKeyCredentialParameters.EdDSA,
                        PublicKeyCredentialParameters.ES256,
                        PublicKeyCredentialParameters.RS256)
                .authenticatorSelection(selection())
                .attestation(AttestationConveyancePreference.NONE)
                .timeout(CEREMONY_TTL)
                .build();
        try {
            CredentialRecord record = this.operations.registerCredential(
                    new ImmutableRelyingPartyRegistrationRequest(options, publicKey));
            this.credentials.bindLevel(record.getCredentialId(), sessionLevel.value());
            return new PasskeyOutcome.Accepted(record.getCredentialId().toBase64UrlString(), sessionLevel.value());
        } catch (RuntimeException ex) {
            return refused("registration", ex);
        }
    }

    /**
     * Starts signing in with a passkey of this account: the options for {@code navigator.credentials.get()}.
     * @param ceremony an id of the sign-in attempt this belongs to (one browser's pending sign-in)
     */
    public String authenticationOptions(UUID accountId, String ceremony) {
        PublicKeyCredentialRequestOptions options = this.operations.createCredentialRequestOptions(
                new ImmutablePublicKeyCredentialRequestOptionsRequest(citizen(accountId)));
        StringBuilder state = new StringBuilder(accountId.toString())
                .append(' ')
                .append(options.getChallenge().toBase64UrlString());
        options.getAllowCredentials()
                .forEach((c) -> state.append(' ').append(c.getId().toBase64UrlString()));
        this.redis.opsForValue().set(authenticationKey(ceremony), state.toString(), CEREMONY_TTL);
        return this.json.writeValueAsString(options);
    }

    /**
     * Finishes signing in with a passkey: the assertion must come from one of this account's passkeys,
     * for our origin and relying party, signed over the challenge of the ceremony, user-verified.
     * @param response the {@code PublicKeyCredential} from {@code navigator.credentials.get()}, as JSON
     */
    public PasskeyOutcome authenticate(UUID accountId, String ceremony, String response) {
        String state = this.redis.opsForValue().getAndDelete(authenticationKey(ceremony));
        if (state == null) {
            return new PasskeyOutcome.Refused("expired");
        }
        String[] parts = state.split(" ");
        if (!parts[0].equals(accountId.toString())) {
            return new PasskeyOutcome.Refused("expired");
        }
        PublicKeyCredential<AuthenticatorAssertionResponse> credential;
        try {
            JavaType type = this.json
                    .getTypeFactory()
                    .constructType(ResolvableType.forClassWithGenerics(
                                    PublicKeyCredential.class, AuthenticatorAssertionResponse.class)
                            .getType());
            credential = this.json.readValue(this.json.writeValueAsString(readBody(response)), type);
        } catch (RuntimeException ex) {
            log.info(
                    "Passkey sign-in refused: unreadable response ({})",
                    ex.getClass().getSimpleName());
            return new PasskeyOutcome.Refused("malformed");
        }
        List<String> allowed = List.of(parts).subList(2, parts.length);
        String credentialId = credential.getRawId().toBase64UrlString();
        if (!allowed.contains(credentialId)) {
            return new PasskeyOutcome.Refused("unknown");
        }
        PublicKeyCredentialRequestOptions options = PublicKeyCredentialRequestOptions.builder()
                .challenge(Bytes.fromBase64(parts[1]))
                .rpId(this.rp.getId())
                .timeout(CEREMONY_TTL)
                .userVerification(UserVerificationRequirement.REQUIRED)
                .allowCredentials(allowed.stream()
                        .map((id) -> PublicKeyCredentialDescriptor.builder()
                                .id(Bytes.fromBase64(id))
                                .build())
                        .toList())
                .build();
        try {
            PublicKeyCredentialUserEntity user =
                    this.operations.authenticate(new RelyingPartyAuthenticationRequest(options, credential));
            if (!accountId.equals(this.users.accountOf(user.getId()))) {
                return new PasskeyOutcome.Refused("unknown");
            }
            return new PasskeyOutcome.Accepted(credentialId, this.credentials.boundLevel(credential.getRawId()));
        } catch (RuntimeException ex) {
            return refused("sign-in", ex);
        }
    }

    public List<PasskeyView> list(UUID accountId) {
        return this.credentials.forAccount(accountId);
    }

    public boolean hasAny(UUID accountId) {
        return !this.credentials.forAccount(accountId).isEmpty();
    }

    /** Removes one of the account's passkeys; false when it has no such passkey. */
    public boolean remove(UUID accountId, String credentialId) {
        return this.credentials.delete(accountId, credentialId);
    }

    /** Removes every passkey of the account and its user handle (account erasure). */
    public void removeAll(UUID accountId) {
        this.credentials.deleteAll(accountId);
        this.redis.delete(registrationKey(accountId));
    }

    private JsonNode readBody(String response) {
        if (response == null || response.length() > MAX_RESPONSE) {
            throw new IllegalArgumentException("No response, or too large");
        }
        return this.json.readTree(response);
    }

    // webauthn4j names the broken rule in its exception types (BadOriginException, BadRpIdException,
    // BadChallengeException, BadSignatureException, UserNotVerifiedException …)
    private static PasskeyOutcome refused(String ceremony, RuntimeException ex) {
        String type = ex.getClass().getSimpleName();
        String lower = type.toLowerCase(Locale.ROOT);
        String reason;
        if (lower.contains("origin") || lower.contains("rpid")) {
            reason = "other-site";
        } else if (ex instanceof IllegalArgumentException
                && String.valueOf(ex.getMessage()).contains("already")) {
            reason = "duplicate";
        } else if (ex instanceof IllegalArgumentException
                && String.valueOf(ex.getMessage()).contains("Unable to find")) {
            reason = "unknown";
        } else if (lower.contains("conversion") || lower.contains("dataconversion")) {
            reason = "malformed";
        } else {
            reason = "invalid";
        }
        log.info("Passkey {} refused: {} ({})", ceremony, reason, type);
        return new PasskeyOutcome.Refused(reason);
    }

    private static AuthenticatorSelectionCriteria selection() {
        return AuthenticatorSelectionCriteria.builder()
                .userVerification(UserVerificationRequirement.REQUIRED)
                .residentKey(ResidentKeyRequirement.REQUIRED)
                .build();
    }

    private static UsernamePasswordAuthenticationToken citizen(UUID accountId) {
        return UsernamePasswordAuthenticationToken.authenticated(accountId.toString(), null, List.of());
    }

    private static String registrationKey(UUID accountId) {
        return "yid:passkey:reg:" + accountId;
    }

    private static String authenticationKey(String ceremony) {
        return "yid:passkey:auth:" + ceremony;
    }
}
