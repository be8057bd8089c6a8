package cn.yiwang.id.account.enterprise;

import java.util.Locale;

/** An enterprise's status in the registry, as stored ({@code enterprise.status}). */
public enum EnterpriseStatus {

    /** 存续 / 在业: may act. */
    ACTIVE,

    /** 注销: gone for good. */
    CANCELLED,

    /** 吊销, 撤销 or otherwise not allowed to operate. */
    INACTIVE;

    /**
     * The value in the table and on the wire.
     * @return lower case
     */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Reads a stored or received value.
     * @param code {@code active}, {@code cancelled} or anything else (inactive)
     * @return the status
     */
    public static EnterpriseStatus of(String code) {
        if ("active".equals(code)) {
            return ACTIVE;
        }
        return "cancelled".equals(code) ? CANCELLED : INACTIVE;
    }
}
