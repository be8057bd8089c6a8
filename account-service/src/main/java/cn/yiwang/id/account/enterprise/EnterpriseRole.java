package cn.yiwang.id.account.enterprise;

/** What a citizen is for an enterprise: the {@code role} of the {@code enterprise} claim. */
public enum EnterpriseRole {

    /** 法定代表人: the enterprise's administrator, who authorises staff. */
    LEGAL_REPRESENTATIVE("legal_representative"),

    /** 经办人: staff the legal representative authorised, within business scopes and until an expiry. */
    AGENT("agent");

    private final String code;

    EnterpriseRole(String code) {
        this.code = code;
    }

    /**
     * The value in the table and in the claim.
     * @return {@code legal_representative} or {@code agent}
     */
    public String code() {
        return this.code;
    }

    /**
     * Reads a stored value.
     * @param code {@code legal_representative} or {@code agent}
     * @return the role
     */
    public static EnterpriseRole of(String code) {
        return LEGAL_REPRESENTATIVE.code.equals(code) ? LEGAL_REPRESENTATIVE : AGENT;
    }
}
