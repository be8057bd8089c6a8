package cn.yiwang.id.account.identity;

import java.util.Optional;

/** The identity documents a person may register with, each with the stable code used in claims and the database. */
public enum IdentityDocumentType {

    /** 居民身份证 (GB 11643-1999 citizen identity number). */
    RESIDENT_ID_CARD("resident-id", "居民身份证", "Resident Identity Card"),

    /** 港澳居民居住证 (GB 11643 structure with address code 810000 or 820000). */
    HK_MACAO_RESIDENCE_PERMIT("hk-macao-residence", "港澳居民居住证", "Residence Permit for Hong Kong and Macao Residents"),

    /** 台湾居民居住证 (GB 11643 structure with address code 830000). */
    TAIWAN_RESIDENCE_PERMIT("taiwan-residence", "台湾居民居住证", "Residence Permit for Taiwan Residents"),

    /** 外国人永久居留身份证 (2017 15-character and 2023 18-character numbers). */
    FOREIGN_PERMANENT_RESIDENCE_CARD("foreign-permanent", "外国人永久居留身份证", "Foreign Permanent Resident ID Card");

    private final String code;

    private final String displayNameZh;

    private final String displayNameEn;

    IdentityDocumentType(String code, String displayNameZh, String displayNameEn) {
        this.code = code;
        this.displayNameZh = displayNameZh;
        this.displayNameEn = displayNameEn;
    }

    /**
     * Returns the stable code stored in the database and sent in claims.
     * @return the code, for example {@code resident-id}; never changes once released
     */
    public String code() {
        return this.code;
    }

    /**
     * Returns the name shown to people reading Chinese.
     * @return the zh-CN display name
     */
    public String displayNameZh() {
        return this.displayNameZh;
    }

    /**
     * Returns the name shown to people reading English.
     * @return the en display name
     */
    public String displayNameEn() {
        return this.displayNameEn;
    }

    /**
     * Finds the document type with a stable code.
     * @param code the code from a claim or a database row
     * @return the document type, or empty when the code is unknown or {@code null}
     */
    public static Optional<IdentityDocumentType> fromCode(String code) {
        for (IdentityDocumentType type : values()) {
            if (type.code.equals(code)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
