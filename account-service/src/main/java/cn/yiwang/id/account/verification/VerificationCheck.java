package cn.yiwang.id.account.verification;

/** What a verifier proves about a citizen, and the assurance level that proof supports. */
public enum VerificationCheck {

    /** 实名: the name and document number belong to one real person (level L2). */
    NAME_AND_NUMBER("name-number", 2),

    /** 实人: the face in a live photo is that person's (level L3). */
    FACE_MATCH("face", 3);

    private final String code;

    private final int assuranceLevel;

    VerificationCheck(String code, int assuranceLevel) {
        this.code = code;
        this.assuranceLevel = assuranceLevel;
    }

    /**
     * The check's name on the wire and in metrics.
     * @return {@code name-number} or {@code face}
     */
    public String code() {
        return this.code;
    }

    /**
     * The level of assurance a passed check supports.
     * @return 2 for L2, 3 for L3
     */
    public int assuranceLevel() {
        return this.assuranceLevel;
    }
}
