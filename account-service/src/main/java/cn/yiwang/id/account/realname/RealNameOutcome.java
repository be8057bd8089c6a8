package cn.yiwang.id.account.realname;

import cn.yiwang.id.account.identity.DocumentProblem;
import java.util.List;

/** How a real-name (L2) or face (L3) verification ended, in terms a page can explain. */
public sealed interface RealNameOutcome {

    /** Confirmed; the account now has this level. */
    record Verified(AssuranceLevel level) implements RealNameOutcome {}

    /** The name or document is malformed; nothing was sent to any verifier. */
    record Invalid(List<DocumentProblem> problems) implements RealNameOutcome {}

    /** The document already belongs to another account (one account per person). */
    record AlreadyRegistered() implements RealNameOutcome {}

    /** The authoritative source says the data do not match ({@code reason} is its code). */
    record NotMatched(String reason) implements RealNameOutcome {}

    /** No answer could be had (timeout, circuit open, no verifier configured ...). */
    record Unavailable(String reason) implements RealNameOutcome {}

    /** This check needs an earlier one first (a face match needs a confirmed identity). */
    record NotEligible(String reason) implements RealNameOutcome {}
}
