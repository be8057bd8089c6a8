package cn.yiwang.id.account.verification;

import java.time.Instant;
import java.util.Objects;

/** The answer of an {@link IdentityVerifier}: matched, not matched, or no answer. */
public sealed interface VerificationResult {

    /**
     * The verifier that gave this result.
     * @return its {@link IdentityVerifier#id()}
     */
    String verifierId();

    /**
     * The outcome as a metric tag.
     * @return {@code matched}, {@code not-matched} or {@code unavailable}
     */
    String outcome();

    /**
     * The source confirmed the identity.
     *
     * @param verifierId the verifier
     * @param reference the source's transaction id, kept with the verification record as evidence
     * @param at when the confirmation arrived
     */
    record Matched(String verifierId, String reference, Instant at) implements VerificationResult {

        public Matched {
            Objects.requireNonNull(verifierId, "verifierId");
            Objects.requireNonNull(reference, "reference");
            Objects.requireNonNull(at, "at");
        }

        @Override
        public String outcome() {
            return "matched";
        }
    }

    /**
     * The source answered definitely that the identity does not hold.
     *
     * @param verifierId the verifier
     * @param reason {@code name-number-mismatch}, {@code no-such-person}, {@code face-mismatch},
     * {@code document-invalid}, or another token the source documents
     */
    record NotMatched(String verifierId, String reason) implements VerificationResult {

        public NotMatched {
            Objects.requireNonNull(verifierId, "verifierId");
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public String outcome() {
            return "not-matched";
        }
    }

    /**
     * No answer: the citizen is neither confirmed nor refused and may try again later.
     *
     * @param verifierId the verifier
     * @param reason {@code timeout}, {@code circuit-open}, {@code bad-response}, {@code http-5xx},
     * {@code connect-failed}, {@code connection-error}, {@code service-error},
     * {@code rejected-<status>} or {@code interrupted}
     */
    record Unavailable(String verifierId, String reason) implements VerificationResult {

        public Unavailable {
            Objects.requireNonNull(verifierId, "verifierId");
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public String outcome() {
            return "unavailable";
        }
    }
}
