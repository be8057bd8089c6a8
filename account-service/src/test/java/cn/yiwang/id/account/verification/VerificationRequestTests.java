package cn.yiwang.id.account.verification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VerificationRequestTests {

    @Test
    void toStringWhenNameAndNumberThenMasked() {
        String text = TestVerificationRequests.nameAndNumber().toString();

        assertThat(text)
                .doesNotContain(TestVerificationRequests.NAME)
                .doesNotContain(TestVerificationRequests.NUMBER)
                .contains("realName=测****")
                .contains("documentNumber=1101**********002X")
                .contains("documentType=resident-id")
                .contains("check=NAME_AND_NUMBER");
    }

    @Test
    void toStringWhenFaceMatchThenPhotoShownAsSizeOnly() {
        String text = TestVerificationRequests.faceMatch().toString();

        assertThat(text).contains("facePhoto=13 bytes").doesNotContain(TestVerificationRequests.NAME);
    }

    @ParameterizedTest
    @CsvSource({"张三, 张*", "欧阳娜娜, 欧***", "王, *", "\uD840\uDC00明, \uD840\uDC00*"})
    void maskNameWhenNameThenFirstCharacterKept(String name, String masked) {
        assertThat(VerificationRequest.maskName(name)).isEqualTo(masked);
    }

    @Test
    void constructorWhenFaceMatchWithoutPhotoThenRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> VerificationRequest.faceMatch(
                        TestVerificationRequests.NAME,
                        VerificationRequest.RESIDENT_ID,
                        TestVerificationRequests.NUMBER,
                        null));
    }

    @Test
    void constructorWhenPhotoNotJpegThenRefused() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n'};
        assertThatIllegalArgumentException()
                .isThrownBy(() -> VerificationRequest.faceMatch(
                        TestVerificationRequests.NAME,
                        VerificationRequest.RESIDENT_ID,
                        TestVerificationRequests.NUMBER,
                        png));
    }

    @Test
    void constructorWhenNameAndNumberWithPhotoThenRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new VerificationRequest(
                        TestVerificationRequests.NAME,
                        VerificationRequest.RESIDENT_ID,
                        TestVerificationRequests.NUMBER,
                        TestVerificationRequests.jpeg(),
                        VerificationCheck.NAME_AND_NUMBER));
    }

    @Test
    void constructorWhenUnknownDocumentTypeThenRefusedWithoutEchoingData() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> VerificationRequest.nameAndNumber(
                        TestVerificationRequests.NAME, "passport", TestVerificationRequests.NUMBER))
                .withMessageContaining("documentType")
                .withMessageNotContaining(TestVerificationRequests.NUMBER);
    }

    @Test
    void constructorWhenBlankNameOrNumberOrNoCheckThenRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> VerificationRequest.nameAndNumber(
                        " ", VerificationRequest.RESIDENT_ID, TestVerificationRequests.NUMBER));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> VerificationRequest.nameAndNumber(
                        TestVerificationRequests.NAME, VerificationRequest.RESIDENT_ID, ""));
        assertThatNullPointerException()
                .isThrownBy(() -> new VerificationRequest(
                        TestVerificationRequests.NAME,
                        VerificationRequest.RESIDENT_ID,
                        TestVerificationRequests.NUMBER,
                        null,
                        null));
    }

    @Test
    void facePhotoWhenCallerChangesArraysThenRequestUnchanged() {
        byte[] photo = TestVerificationRequests.jpeg();
        VerificationRequest request = VerificationRequest.faceMatch(
                TestVerificationRequests.NAME, VerificationRequest.RESIDENT_ID, TestVerificationRequests.NUMBER, photo);

        photo[5] = 42;
        request.facePhoto()[6] = 42;

        assertThat(request.facePhoto()).isEqualTo(TestVerificationRequests.jpeg());
    }

    @Test
    void equalsWhenSamePhotoContentThenEqual() {
        assertThat(TestVerificationRequests.faceMatch())
                .isEqualTo(TestVerificationRequests.faceMatch())
                .hasSameHashCodeAs(TestVerificationRequests.faceMatch());
    }
}
