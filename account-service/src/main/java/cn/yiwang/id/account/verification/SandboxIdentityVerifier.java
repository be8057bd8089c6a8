package cn.yiwang.id.account.verification;

import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * Verifies a fixed set of synthetic identities, for the embedded default, demos and tests.
 * Never for production: its configuration refuses the {@code prod} profile.
 *
 * <p>A name and number check matches when name, document type and number are one of
 * {@link #IDENTITIES}; a face match for such an identity matches with any JPEG. Everything
 * else is {@code no-such-person}. The numbers have valid check characters (GB 11643-1999) so
 * they pass format checks, and are listed in {@code docs/realname-verifier-contract.md}.
 */
public final class SandboxIdentityVerifier implements IdentityVerifier {

    /** The id of this verifier. */
    public static final String ID = "sandbox";

    /** The identities this verifier knows. */
    public static final List<SyntheticIdentity> IDENTITIES = List.of(
            new SyntheticIdentity("测试用户一", VerificationRequest.RESIDENT_ID, "11010519491231002X"),
            new SyntheticIdentity("测试用户二", VerificationRequest.RESIDENT_ID, "310104199003071512"),
            new SyntheticIdentity("测试用户三", VerificationRequest.RESIDENT_ID, "440305200002290029"),
            new SyntheticIdentity("测试用户四", VerificationRequest.HK_MACAO_RESIDENCE, "810000198808150034"),
            new SyntheticIdentity("测试用户五", VerificationRequest.TAIWAN_RESIDENCE, "830000199501010043"));

    private static final Set<VerificationCheck> SUPPORTED = EnumSet.allOf(VerificationCheck.class);

    private final Clock clock;

    /**
     * Creates the sandbox verifier.
     * @param clock the time source for match timestamps
     */
    public SandboxIdentityVerifier(Clock clock) {
        this.clock = clock;
    }

    @Override
    public VerificationResult verify(VerificationRequest request) {
        // a lower-case check character is the same number; names are compared as typed, trimmed
        String number = request.documentNumber().trim().toUpperCase(Locale.ROOT);
        String name = request.realName().trim();
        boolean known = IDENTITIES.stream()
                .anyMatch((identity) -> identity.name().equals(name)
                        && identity.documentType().equals(request.documentType())
                        && identity.documentNumber().equals(number));
        if (!known) {
            return new VerificationResult.NotMatched(ID, "no-such-person");
        }
        return new VerificationResult.Matched(ID, "sandbox-" + UUID.randomUUID(), this.clock.instant());
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Set<VerificationCheck> supports() {
        return SUPPORTED;
    }

    @Override
    public String toString() {
        return "SandboxIdentityVerifier";
    }

    /**
     * A made-up citizen the sandbox recognises.
     *
     * @param name the name
     * @param documentType one of {@link VerificationRequest#DOCUMENT_TYPES}
     * @param documentNumber the document number, check character upper case
     */
    public record SyntheticIdentity(String name, String documentType, String documentNumber) {}
}
