package cn.yiwang.id.account.verification;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yiwang.id.account.verification.SandboxIdentityVerifier.SyntheticIdentity;
import cn.yiwang.id.kit.testsupport.TestClock;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SandboxIdentityVerifierTests {

    private final TestClock clock = new TestClock();

    private final SandboxIdentityVerifier verifier = new SandboxIdentityVerifier(this.clock);

    static Stream<SyntheticIdentity> identities() {
        return SandboxIdentityVerifier.IDENTITIES.stream();
    }

    @ParameterizedTest
    @MethodSource("identities")
    void verifyWhenDocumentedIdentityThenMatched(SyntheticIdentity identity) {
        VerificationResult result = this.verifier.verify(
                VerificationRequest.nameAndNumber(identity.name(), identity.documentType(), identity.documentNumber()));

        assertThat(result).isInstanceOfSatisfying(VerificationResult.Matched.class, (matched) -> {
            assertThat(matched.verifierId()).isEqualTo("sandbox");
            assertThat(matched.reference()).startsWith("sandbox-");
            assertThat(matched.at()).isEqualTo(TestClock.START);
        });
    }

    @ParameterizedTest
    @MethodSource("identities")
    void verifyWhenFaceOfDocumentedIdentityThenMatched(SyntheticIdentity identity) {
        VerificationResult result = this.verifier.verify(VerificationRequest.faceMatch(
                identity.name(), identity.documentType(), identity.documentNumber(), TestVerificationRequests.jpeg()));

        assertThat(result).isInstanceOf(VerificationResult.Matched.class);
    }

    @ParameterizedTest
    @MethodSource("identities")
    void identitiesWhenListedThenNumbersHaveValidCheckCharacters(SyntheticIdentity identity) {
        // GB 11643-1999: weights 2^(17-i) mod 11, check = (12 - sum mod 11) mod 11, 10 written X
        String number = identity.documentNumber();
        assertThat(number).matches("\\d{17}[\\dX]");
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (number.charAt(i) - '0') * ((1 << (17 - i)) % 11);
        }
        int check = (12 - sum % 11) % 11;
        assertThat(number.charAt(17)).isEqualTo((check == 10) ? 'X' : (char) ('0' + check));
    }

    @Test
    void verifyWhenLowerCaseCheckCharacterThenMatched() {
        assertThat(this.verifier.verify(VerificationRequest.nameAndNumber(
                        "测试用户一", VerificationRequest.RESIDENT_ID, "11010519491231002x")))
                .isInstanceOf(VerificationResult.Matched.class);
    }

    @Test
    void verifyWhenUnknownPersonThenNoSuchPerson() {
        assertThat(this.verifier.verify(
                        VerificationRequest.nameAndNumber("张三", VerificationRequest.RESIDENT_ID, "110105194912310011")))
                .isEqualTo(new VerificationResult.NotMatched("sandbox", "no-such-person"));
    }

    @Test
    void verifyWhenKnownNumberWithOtherNameThenNoSuchPerson() {
        assertThat(this.verifier.verify(VerificationRequest.nameAndNumber(
                        "测试用户二", VerificationRequest.RESIDENT_ID, "11010519491231002X")))
                .isEqualTo(new VerificationResult.NotMatched("sandbox", "no-such-person"));
    }

    @Test
    void verifyWhenKnownNumberUnderOtherDocumentTypeThenNoSuchPerson() {
        assertThat(this.verifier.verify(VerificationRequest.faceMatch(
                        "测试用户一",
                        VerificationRequest.FOREIGN_PERMANENT,
                        "11010519491231002X",
                        TestVerificationRequests.jpeg())))
                .isEqualTo(new VerificationResult.NotMatched("sandbox", "no-such-person"));
    }

    @Test
    void supportsWhenAskedThenBothChecks() {
        assertThat(this.verifier.supports()).containsExactlyInAnyOrder(VerificationCheck.values());
        assertThat(this.verifier.id()).isEqualTo("sandbox");
    }
}
