package cn.yiwang.id.account.realname;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Levels of assurance, the one owner of what they are called, how they compare and how a session's level is
 * decided: L1 registered (phone proved), L2 name and ID number confirmed by an authoritative source (实名), L3 L2
 * plus a live face match (实人), L4 verified in person. Each level is published as the {@code acr} value
 * {@code urn:yiwang:loa:N} (OIDC) and the SAML {@code AuthnContextClassRef} of the same text.
 *
 * <p>A session's level is an account's level capped by what the sign-in proved. The capping rules live here and
 * nowhere else:
 *
 * <ul>
 *   <li>{@link #remoteSession()}: signing in remotely (password, SMS code) proves up to L2;
 *   <li>{@link #federatedSession(AssuranceLevel, AssuranceLevel)}: a provincial IdP's assertion counts up to the
 *       trust level the administrators gave that IdP;
 *   <li>{@link #linkedSession(AssuranceLevel, AssuranceLevel)}: a citizen who proved both (upstream, then our
 *       password) gets the better of the two.
 * </ul>
 *
 * A new kind of proof (a second factor, a level held for an enterprise) is one more static rule beside these,
 * taking the levels it combines and returning the session's, so that every caller keeps asking this type.
 */
public enum AssuranceLevel {
    L1(1),
    L2(2),
    L3(3),
    L4(4);

    /** What every {@code acr} value of ours starts with; the level's number follows. */
    public static final String ACR_PREFIX = "urn:yiwang:loa:";

    /** A regular expression for our {@code acr} values, for validation annotations. */
    public static final String ACR_PATTERN = ACR_PREFIX + "[1-4]";

    private final int value;

    AssuranceLevel(int value) {
        this.value = value;
    }

    public int value() {
        return this.value;
    }

    /** @return the {@code acr} value (and SAML class reference) of this level, {@code urn:yiwang:loa:N} */
    public String acr() {
        return ACR_PREFIX + this.value;
    }

    public boolean atLeast(AssuranceLevel other) {
        return this.value >= other.value;
    }

    /** @return this level, or {@code cap} when that is lower */
    public AssuranceLevel atMost(AssuranceLevel cap) {
        return (this.value <= cap.value) ? this : cap;
    }

    /** What a remote sign-in (password, SMS code) to an account of this level proves: its level, up to L2.
     * L3 needs a live face check in the session itself, and L4 sessions come only with such a check on an
     * in-person account. */
    public AssuranceLevel remoteSession() {
        return atMost(L2);
    }

    /**
     * What a remote sign-in with a second factor proves ({@link SecondFactorLevels} says why): as
     * {@link #remoteSession}, except that a passkey added in a face-verified session (L3 or more) carries that
     * live check forward, up to L3 and never beyond the account's level now.
     * @param passkeyBoundLevel the level of the session the passkey was added in, empty for any other factor
     */
    public AssuranceLevel remoteSessionWithSecondFactor(Optional<AssuranceLevel> passkeyBoundLevel) {
        if (passkeyBoundLevel.filter((bound) -> bound.atLeast(L3)).isPresent()) {
            return atMost(L3);
        }
        return remoteSession();
    }

    /**
     * The level of a session that a provincial IdP signed in.
     * @param asserted what the IdP asserted
     * @param trust the trust level administrators gave the IdP
     * @return the lower of the two
     */
    public static AssuranceLevel federatedSession(AssuranceLevel asserted, AssuranceLevel trust) {
        return asserted.atMost(trust);
    }

    /**
     * The level of a browser session signed in by scanning a QR code with an app (扫码登录): the app session's
     * level, capped by the trust level of the province the app belongs to, as a federated sign-in through it.
     * @param appSession the level of the app's own session
     * @param provinceTrust the trust level of the app's province, empty for an app of ours
     * @return the lower of the two
     */
    public static AssuranceLevel qrSession(AssuranceLevel appSession, Optional<AssuranceLevel> provinceTrust) {
        return provinceTrust.map(appSession::atMost).orElse(appSession);
    }

    /**
     * The level of a session in which the citizen proved both an upstream identity and our password (linking on
     * first login).
     * @param federated the level of the federated sign-in ({@link #federatedSession})
     * @param account the account's level
     * @return the better of the federated level and the account's remote-session level
     */
    public static AssuranceLevel linkedSession(AssuranceLevel federated, AssuranceLevel account) {
        AssuranceLevel remote = account.remoteSession();
        return federated.atLeast(remote) ? federated : remote;
    }

    /** @return the level with this number */
    public static AssuranceLevel of(int value) {
        return ofValue(value).orElseThrow(() -> new IllegalArgumentException("No level of assurance " + value));
    }

    /** @return the level with this number, or empty outside 1 to 4 */
    public static Optional<AssuranceLevel> ofValue(int value) {
        return Arrays.stream(values()).filter((level) -> level.value == value).findFirst();
    }

    /** @return every {@code acr} value we publish, lowest first */
    public static List<String> acrValues() {
        return Arrays.stream(values()).map(AssuranceLevel::acr).toList();
    }

    /**
     * The level an {@code acr} value of ours stands for, exactly as we publish it.
     * @param acr an {@code acr} value or SAML class reference, or {@code null}
     * @return the level, or empty when it is not one of ours
     */
    public static Optional<AssuranceLevel> fromAcr(String acr) {
        if (acr == null || !acr.startsWith(ACR_PREFIX) || acr.length() != ACR_PREFIX.length() + 1) {
            return Optional.empty();
        }
        return ofValue(acr.charAt(ACR_PREFIX.length()) - '0');
    }

    /**
     * The level an {@code acr_values} request asks for: any listed value satisfies it, so the lowest one we know;
     * empty when none is ours (OIDC Core §3.1.2.1: acr_values are voluntary).
     */
    public static Optional<AssuranceLevel> requested(String acrValues) {
        if (acrValues == null || acrValues.isBlank()) {
            return Optional.empty();
        }
        return Arrays.stream(acrValues.trim().split("\\s+"))
                .map(AssuranceLevel::fromAcr)
                .flatMap(Optional::stream)
                .min(Enum::compareTo);
    }

    /**
     * The level an upstream {@code acr} names when it is one of ours, read leniently (surrounding blanks and any
     * case), since upstream IdPs write it by hand.
     * @return the level, or empty
     */
    public static Optional<AssuranceLevel> fromUpstreamAcr(String acr) {
        return (acr != null) ? fromAcr(acr.strip().toLowerCase(Locale.ROOT)) : Optional.empty();
    }

    /**
     * The level an upstream level claim holds: {@code 1}–{@code 4}, {@code L1}–{@code L4} or
     * {@code urn:yiwang:loa:N}, in any case.
     * @return the level, or empty when it holds none of those
     */
    public static Optional<AssuranceLevel> fromUpstreamValue(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String text = value.strip().toLowerCase(Locale.ROOT);
        if (text.startsWith(ACR_PREFIX)) {
            return fromAcr(text);
        }
        String number = text.startsWith("l") ? text.substring(1) : text;
        return (number.length() == 1) ? ofValue(number.charAt(0) - '0') : Optional.empty();
    }
}
