package cn.yiwang.id.account.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DocumentCheckTests {

    private static final DocumentProblem PROBLEM = new DocumentProblem(DocumentProblem.EMPTY, "请输入", "Enter");

    @Test
    void toStringWhenValidThenNumberMaskedAndBirthDateHidden() {
        DocumentCheck check = DocumentCheck.valid(
                IdentityDocumentType.RESIDENT_ID_CARD,
                TestIdentityNumbers.RESIDENT_ID,
                LocalDate.of(1949, 12, 31),
                Sex.FEMALE);

        assertThat(check.toString())
                .contains("1101**********002X")
                .doesNotContain(TestIdentityNumbers.RESIDENT_ID)
                .doesNotContain("1949");
    }

    @Test
    void toStringWhenInvalidThenProblemCodesOnly() {
        DocumentCheck check = DocumentCheck.invalid(IdentityDocumentType.RESIDENT_ID_CARD, List.of(PROBLEM));

        assertThat(check.toString()).contains("problems=[empty]").contains("number=null");
    }

    @Test
    void problemsWhenGivenMutableListThenCopied() {
        List<DocumentProblem> problems = new ArrayList<>(List.of(PROBLEM));
        DocumentCheck check = DocumentCheck.invalid(IdentityDocumentType.RESIDENT_ID_CARD, problems);
        problems.clear();

        assertThat(check.problems()).containsExactly(PROBLEM);
        assertThat(check.isValid()).isFalse();
    }

    @Test
    void constructorWhenStateInconsistentThenIllegalArgument() {
        assertThatIllegalArgumentException()
                .isThrownBy(
                        () -> new DocumentCheck(IdentityDocumentType.RESIDENT_ID_CARD, null, null, null, List.of()));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new DocumentCheck(
                        IdentityDocumentType.RESIDENT_ID_CARD,
                        TestIdentityNumbers.RESIDENT_ID,
                        null,
                        null,
                        List.of(PROBLEM)));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new DocumentCheck(
                        IdentityDocumentType.RESIDENT_ID_CARD,
                        null,
                        LocalDate.of(1949, 12, 31),
                        null,
                        List.of(PROBLEM)));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> DocumentCheck.invalid(IdentityDocumentType.RESIDENT_ID_CARD, List.of()));
    }

    @Test
    void constructorWhenTypeOrProblemsMissingThenNullPointerException() {
        assertThatNullPointerException()
                .isThrownBy(() -> new DocumentCheck(null, TestIdentityNumbers.RESIDENT_ID, null, null, List.of()));
        assertThatNullPointerException()
                .isThrownBy(() -> new DocumentCheck(
                        IdentityDocumentType.RESIDENT_ID_CARD, TestIdentityNumbers.RESIDENT_ID, null, null, null));
        assertThatNullPointerException().isThrownBy(() -> new DocumentProblem(null, "a", "b"));
    }
}
