package cn.yiwang.id.account.verification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Pins the worked example of {@code docs/realname-verifier-contract.md}: change both together. */
class RequestSignerTests {

    static final String EXAMPLE_KEY_ID = "yiwang-prod-2026-01";

    static final String EXAMPLE_SECRET = "example-secret-do-not-use-0123456789abcdef";

    static final long EXAMPLE_TIMESTAMP = 1767225600L;

    static final String EXAMPLE_NONCE = "bXlOb25jZS0wMDAwMDAwMQ";

    static final String EXAMPLE_REQUEST_ID = "6f1c2a9e-3b7d-4e8a-9c51-0d2f4b6a8e13";

    static final String EXAMPLE_BODY = "{\"requestId\":\"" + EXAMPLE_REQUEST_ID + "\",\"check\":\"name-number\","
            + "\"name\":\"测试用户一\",\"documentType\":\"resident-id\",\"documentNumber\":\"11010519491231002X\"}";

    static final String EXAMPLE_BODY_SHA256 = "97c5b11d878230ada63b0a2a910a0a9a5ed2141f42e5deff09f8acf7b7ef42c4";

    static final String EXAMPLE_SIGNATURE = "RZoBCauWmW00r6Axx+tt0I0eFZcqk5sXkQYGPPsgGCI=";

    private final RequestSigner signer = new RequestSigner(EXAMPLE_KEY_ID, EXAMPLE_SECRET);

    @Test
    void canonicalStringWhenDocumentedExampleThenFiveLinesWithoutTrailingNewline() {
        String canonical =
                RequestSigner.canonicalString("post", "/v1/verifications", EXAMPLE_TIMESTAMP, EXAMPLE_NONCE, body());

        assertThat(canonical)
                .isEqualTo("POST\n/v1/verifications\n1767225600\nbXlOb25jZS0wMDAwMDAwMQ\n" + EXAMPLE_BODY_SHA256);
    }

    @Test
    void signatureWhenDocumentedExampleThenDocumentedValue() {
        assertThat(this.signer.signature("POST", "/v1/verifications", EXAMPLE_TIMESTAMP, EXAMPLE_NONCE, body()))
                .isEqualTo(EXAMPLE_SIGNATURE);
    }

    @Test
    void headersWhenSignedThenAllFourInContractOrder() {
        assertThat(this.signer.headers("POST", "/v1/verifications", EXAMPLE_TIMESTAMP, EXAMPLE_NONCE, body()))
                .containsExactly(
                        entry("X-Yiwang-Key-Id", EXAMPLE_KEY_ID),
                        entry("X-Yiwang-Timestamp", "1767225600"),
                        entry("X-Yiwang-Nonce", EXAMPLE_NONCE),
                        entry("X-Yiwang-Signature", EXAMPLE_SIGNATURE));
    }

    @Test
    void signatureWhenAnyPartChangesThenDiffers() {
        String signature = this.signer.signature("POST", "/v1/verifications", EXAMPLE_TIMESTAMP, EXAMPLE_NONCE, body());

        assertThat(new RequestSigner(EXAMPLE_KEY_ID, EXAMPLE_SECRET + "x")
                        .signature("POST", "/v1/verifications", EXAMPLE_TIMESTAMP, EXAMPLE_NONCE, body()))
                .isNotEqualTo(signature);
        assertThat(this.signer.signature("POST", "/v2/verifications", EXAMPLE_TIMESTAMP, EXAMPLE_NONCE, body()))
                .isNotEqualTo(signature);
        assertThat(this.signer.signature("POST", "/v1/verifications", EXAMPLE_TIMESTAMP + 1, EXAMPLE_NONCE, body()))
                .isNotEqualTo(signature);
        assertThat(this.signer.signature("POST", "/v1/verifications", EXAMPLE_TIMESTAMP, EXAMPLE_NONCE + "x", body()))
                .isNotEqualTo(signature);
        assertThat(this.signer.signature(
                        "POST",
                        "/v1/verifications",
                        EXAMPLE_TIMESTAMP,
                        EXAMPLE_NONCE,
                        (EXAMPLE_BODY + " ").getBytes(StandardCharsets.UTF_8)))
                .isNotEqualTo(signature);
    }

    @Test
    void toStringWhenPrintedThenNoSecret() {
        assertThat(this.signer.toString()).contains(EXAMPLE_KEY_ID).doesNotContain(EXAMPLE_SECRET);
    }

    private static byte[] body() {
        return EXAMPLE_BODY.getBytes(StandardCharsets.UTF_8);
    }
}
