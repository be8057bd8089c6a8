package cn.yiwang.id.account.identity;

import cn.yiwang.id.account.crypto.Masking;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of {@link IdentityDocuments#check}: either valid, with the normalised number and what
 * it encodes, or invalid, with the problems found.
 *
 * @param type the document type the number was checked as
 * @param number the normalised number when valid; {@code null} when invalid, so a wrong number is
 * never kept around by accident
 * @param birthDate the birth date encoded in the number; {@code null} when invalid or when the
 * format does not encode one reliably
 * @param sex the sex encoded in the number; {@code null} when invalid or when the format does not
 * encode one reliably
 * @param problems what is wrong; empty exactly when valid
 */
public record DocumentCheck(
        IdentityDocumentType type, String number, LocalDate birthDate, Sex sex, List<DocumentProblem> problems) {

    public DocumentCheck {
        Objects.requireNonNull(type, "type");
        problems = List.copyOf(problems);
        if (problems.isEmpty() && number == null) {
            throw new IllegalArgumentException("A valid check needs the normalised number");
        }
        if (!problems.isEmpty() && (number != null || birthDate != null || sex != null)) {
            throw new IllegalArgumentException("An invalid check carries only its problems");
        }
    }

    static DocumentCheck valid(IdentityDocumentType type, String number, LocalDate birthDate, Sex sex) {
        return new DocumentCheck(type, number, birthDate, sex, List.of());
    }

    static DocumentCheck invalid(IdentityDocumentType type, List<DocumentProblem> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("An invalid check needs at least one problem");
        }
        return new DocumentCheck(type, null, null, null, problems);
    }

    /**
     * Tells whether the number passed every rule for its document type.
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

    // records print every component; the number is personal data and toString ends up in logs
    @Override
    public String toString() {
        return "DocumentCheck[type=" + this.type + ", number=" + Masking.idNumber(this.number) + ", birthDate="
                + ((this.birthDate != null) ? "present" : "absent") + ", sex=" + this.sex + ", problems="
                + problemCodes() + "]";
    }
}
