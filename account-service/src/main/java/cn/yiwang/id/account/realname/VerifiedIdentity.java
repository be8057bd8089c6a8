package cn.yiwang.id.account.realname;

import cn.yiwang.id.account.crypto.Masking;

/**
 * A citizen's confirmed identity, decrypted for use (claims, a face check); never logged in full.
 *
 * @param documentType the document type code (e.g. {@code resident-id})
 * @param number the document number
 * @param realName the real name
 */
public record VerifiedIdentity(String documentType, String number, String realName) {

    public String maskedNumber() {
        return Masking.idNumber(this.number);
    }

    @Override
    public String toString() {
        return "VerifiedIdentity[documentType=" + this.documentType + ", number=" + maskedNumber() + "]";
    }
}
