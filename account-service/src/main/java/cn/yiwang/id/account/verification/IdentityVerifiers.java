package cn.yiwang.id.account.verification;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The configured verifiers, and which one to use for a check. */
public final class IdentityVerifiers {

    // a real source beats a made-up one: if both are configured, the sandbox is only a fallback
    // for checks the real one does not offer
    private static final Comparator<IdentityVerifier> PREFERENCE = Comparator.comparingInt(IdentityVerifiers::rank);

    private final List<IdentityVerifier> verifiers;

    /**
     * Collects verifiers.
     * @param verifiers the verifiers, in any order
     */
    public IdentityVerifiers(List<? extends IdentityVerifier> verifiers) {
        this.verifiers = verifiers.stream()
                .map(IdentityVerifier.class::cast)
                .sorted(PREFERENCE)
                .toList();
    }

    /**
     * The verifier to use for a check: an HTTP one first, then any other, the sandbox last.
     * @param check the check
     * @return the preferred verifier supporting the check, or empty when none does
     */
    public Optional<IdentityVerifier> forCheck(VerificationCheck check) {
        return this.verifiers.stream()
                .filter((verifier) -> verifier.supports().contains(check))
                .findFirst();
    }

    /**
     * All verifiers.
     * @return the verifiers in order of preference
     */
    public List<IdentityVerifier> all() {
        return this.verifiers;
    }

    private static int rank(IdentityVerifier verifier) {
        if (verifier.id().startsWith("http:")) {
            return 0;
        }
        return SandboxIdentityVerifier.ID.equals(verifier.id()) ? 2 : 1;
    }
}
