package cn.yiwang.id.account.enterprise;

import cn.yiwang.id.account.identity.DocumentProblem;
import java.util.List;

/** What came of declaring an enterprise: registered, invalid input, refused with a reason, or ask later. */
public sealed interface RegistrationOutcome {

    /**
     * The citizen is now the enterprise's legal representative and administrator.
     *
     * @param role the new role
     */
    record Registered(ActingRole role) implements RegistrationOutcome {}

    /**
     * The code is malformed: nothing was asked of the registry.
     *
     * @param problems which character, which rule
     */
    record Invalid(List<DocumentProblem> problems) implements RegistrationOutcome {}

    /**
     * Refused, with the reason the citizen is shown.
     *
     * @param reason {@code level-too-low}, {@code not-yourself}, {@code not-found}, {@code cancelled},
     * {@code inactive}, {@code name-mismatch}, {@code not-representative}, {@code already-registered}
     */
    record Refused(String reason) implements RegistrationOutcome {}

    /**
     * The registry gave no answer; nothing was stored.
     *
     * @param reason why, for logs ({@link RegistryAnswer.Unavailable#reason()})
     */
    record Unavailable(String reason) implements RegistrationOutcome {}
}
