package cn.yiwang.id.account.identity;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of {@link UnifiedSocialCreditCodes#check}: either valid, with the normalised code and
 * what its first two characters say, or invalid, with the problems found.
 *
 * @param code the normalised 18-character code when valid; {@code null} when invalid
 * @param authorityZh the registration authority (登记管理部门) when valid, for example {@code 工商}
 * @param organisationTypeZh the organisation type (机构类别) when valid, for example {@code 企业}
 * @param problems what is wrong; empty exactly when valid
 */
public record UsccCheck(String code, String authorityZh, String organisationTypeZh, List<DocumentProblem> problems) {

    public UsccCheck {
        problems = List.copyOf(problems);
        if (problems.isEmpty()) {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(authorityZh, "authorityZh");
            Objects.requireNonNull(organisationTypeZh, "organisationTypeZh");
        } else if (code != null) {
            throw new IllegalArgumentException("An invalid check carries only its problems");
        }
    }

    /**
     * Tells whether the code passed every rule of GB 32100-2015.
     * @return {@code true} when there are no problems
     */
    public boolean isValid() {
        return this.problems.isEmpty();
    }

    /**
     * Returns the codes of the problems, in the order they were found.
     * @return the problem codes; empty when valid
     */
    public List<String> problemCodes() {
        return this.problems.stream().map(DocumentProblem::code).toList();
    }
}
