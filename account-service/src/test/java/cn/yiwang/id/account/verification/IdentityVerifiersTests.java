package cn.yiwang.id.account.verification;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yiwang.id.kit.testsupport.TestClock;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IdentityVerifiersTests {

    private final SandboxIdentityVerifier sandbox = new SandboxIdentityVerifier(new TestClock());

    @Test
    void forCheckWhenHttpAndSandboxThenHttp() {
        IdentityVerifier http = fixed("http:rn.example.gov.cn", VerificationCheck.values());

        IdentityVerifiers verifiers = new IdentityVerifiers(List.of(this.sandbox, http));

        assertThat(verifiers.forCheck(VerificationCheck.NAME_AND_NUMBER)).containsSame(http);
        assertThat(verifiers.forCheck(VerificationCheck.FACE_MATCH)).containsSame(http);
        assertThat(verifiers.all()).containsExactly(http, this.sandbox);
    }

    @Test
    void forCheckWhenPreferredOneLacksCheckThenNextThatHasIt() {
        IdentityVerifier http = fixed("http:rn.example.gov.cn", VerificationCheck.NAME_AND_NUMBER);
        IdentityVerifier other = fixed("in-person", VerificationCheck.FACE_MATCH);

        IdentityVerifiers verifiers = new IdentityVerifiers(List.of(this.sandbox, other, http));

        assertThat(verifiers.forCheck(VerificationCheck.NAME_AND_NUMBER)).containsSame(http);
        assertThat(verifiers.forCheck(VerificationCheck.FACE_MATCH)).containsSame(other);
    }

    @Test
    void forCheckWhenOnlySandboxThenSandbox() {
        assertThat(new IdentityVerifiers(List.of(this.sandbox)).forCheck(VerificationCheck.FACE_MATCH))
                .containsSame(this.sandbox);
    }

    @Test
    void forCheckWhenNoVerifiersThenEmpty() {
        assertThat(new IdentityVerifiers(List.of()).forCheck(VerificationCheck.NAME_AND_NUMBER))
                .isEmpty();
    }

    private static IdentityVerifier fixed(String id, VerificationCheck... checks) {
        return new IdentityVerifier() {

            @Override
            public VerificationResult verify(VerificationRequest request) {
                return new VerificationResult.Unavailable(id, "test");
            }

            @Override
            public String id() {
                return id;
            }

            @Override
            public Set<VerificationCheck> supports() {
                return Set.of(checks);
            }
        };
    }
}
