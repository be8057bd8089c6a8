package cn.yiwang.id.account.verification;

/** Verification requests for tests, for the first synthetic identity of the sandbox. */
final class TestVerificationRequests {

    static final String NAME = "测试用户一";

    static final String NUMBER = "11010519491231002X";

    private TestVerificationRequests() {}

    static VerificationRequest nameAndNumber() {
        return VerificationRequest.nameAndNumber(NAME, VerificationRequest.RESIDENT_ID, NUMBER);
    }

    static VerificationRequest faceMatch() {
        return VerificationRequest.faceMatch(NAME, VerificationRequest.RESIDENT_ID, NUMBER, jpeg());
    }

    /**
     * The start of a JPEG: enough for the request's format check; a new array each time, so no
     * test can change another's.
     */
    static byte[] jpeg() {
        return new byte[] {
            (byte) 0xFF,
            (byte) 0xD8,
            (byte) 0xFF,
            (byte) 0xE0,
            0x00,
            0x10,
            'J',
            'F',
            'I',
            'F',
            0x00,
            (byte) 0xFF,
            (byte) 0xD9
        };
    }
}
