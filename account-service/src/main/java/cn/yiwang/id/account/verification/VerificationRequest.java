package cn.yiwang.id.account.verification;

import cn.yiwang.id.account.crypto.Masking;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;

/**
 * One identity to verify. Holds citizen data: its {@code toString} masks the name and number.
 *
 * @param realName the name on the document
 * @param documentType one of {@link #DOCUMENT_TYPES}; the document's format is checked
 * elsewhere, before a request is made
 * @param documentNumber the document number, as printed
 * @param facePhoto a JPEG of the citizen's face for {@link VerificationCheck#FACE_MATCH};
 * {@code null} for {@link VerificationCheck#NAME_AND_NUMBER}
 * @param check what to verify
 */
public record VerificationRequest(
        String realName, String documentType, String documentNumber, byte[] facePhoto, VerificationCheck check) {

    /** 居民身份证 (resident identity card of the mainland). */
    public static final String RESIDENT_ID = "resident-id";

    /** 港澳居民居住证 (residence permit for Hong Kong and Macao residents). */
    public static final String HK_MACAO_RESIDENCE = "hk-macao-residence";

    /** 台湾居民居住证 (residence permit for Taiwan residents). */
    public static final String TAIWAN_RESIDENCE = "taiwan-residence";

    /** 外国人永久居留身份证 (foreign permanent resident ID card). */
    public static final String FOREIGN_PERMANENT = "foreign-permanent";

    /** The document type codes a request may carry. */
    public static final Set<String> DOCUMENT_TYPES =
            Set.of(RESIDENT_ID, HK_MACAO_RESIDENCE, TAIWAN_RESIDENCE, FOREIGN_PERMANENT);

    // messages name the component, never its value: a failed request must not leak the identity
    public VerificationRequest {
        Objects.requireNonNull(check, "check");
        if (realName == null || realName.isBlank()) {
            throw new IllegalArgumentException("realName must not be blank");
        }
        if (documentType == null || !DOCUMENT_TYPES.contains(documentType)) {
            throw new IllegalArgumentException("documentType must be one of " + DOCUMENT_TYPES);
        }
        if (documentNumber == null || documentNumber.isBlank()) {
            throw new IllegalArgumentException("documentNumber must not be blank");
        }
        if (check == VerificationCheck.FACE_MATCH) {
            if (!isJpeg(facePhoto)) {
                throw new IllegalArgumentException("facePhoto must be a JPEG for " + check);
            }
            facePhoto = facePhoto.clone();
        } else if (facePhoto != null) {
            throw new IllegalArgumentException("facePhoto must be null for " + check);
        }
    }

    /**
     * A name and number check.
     * @param realName the name on the document
     * @param documentType one of {@link #DOCUMENT_TYPES}
     * @param documentNumber the document number
     * @return the request
     */
    public static VerificationRequest nameAndNumber(String realName, String documentType, String documentNumber) {
        return new VerificationRequest(realName, documentType, documentNumber, null, VerificationCheck.NAME_AND_NUMBER);
    }

    /**
     * A face match.
     * @param realName the name on the document
     * @param documentType one of {@link #DOCUMENT_TYPES}
     * @param documentNumber the document number
     * @param facePhoto a JPEG of the face
     * @return the request
     */
    public static VerificationRequest faceMatch(
            String realName, String documentType, String documentNumber, byte[] facePhoto) {
        return new VerificationRequest(realName, documentType, documentNumber, facePhoto, VerificationCheck.FACE_MATCH);
    }

    /**
     * The face photo.
     * @return a copy, so the request stays immutable; {@code null} for a name and number check
     */
    @Override
    public byte[] facePhoto() {
        return (this.facePhoto != null) ? this.facePhoto.clone() : null;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof VerificationRequest that
                && this.realName.equals(that.realName)
                && this.documentType.equals(that.documentType)
                && this.documentNumber.equals(that.documentNumber)
                && Arrays.equals(this.facePhoto, that.facePhoto)
                && this.check == that.check;
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                this.realName, this.documentType, this.documentNumber, Arrays.hashCode(this.facePhoto), this.check);
    }

    /** Shows the request with the name and number masked and the photo as its size only. */
    @Override
    public String toString() {
        return "VerificationRequest[realName=" + maskName(this.realName) + ", documentType=" + this.documentType
                + ", documentNumber=" + Masking.idNumber(this.documentNumber) + ", facePhoto="
                + ((this.facePhoto != null) ? this.facePhoto.length + " bytes" : "none") + ", check=" + this.check
                + "]";
    }

    /**
     * Masks a name to its first character ({@code 张**}).
     * @param name the name
     * @return the first character and one {@code *} per further character; a one-character
     * name is fully masked; {@code null} for {@code null}
     */
    static String maskName(String name) {
        if (name == null) {
            return null;
        }
        // by code points: rare characters in names (生僻字) lie outside the BMP, and cutting a
        // surrogate pair would print garbage
        int[] codePoints = name.codePoints().toArray();
        if (codePoints.length <= 1) {
            return "*".repeat(codePoints.length);
        }
        return new String(codePoints, 0, 1) + "*".repeat(codePoints.length - 1);
    }

    /** Whether the bytes start like a JPEG file (SOI marker followed by a segment marker). */
    public static boolean isJpeg(byte[] photo) {
        // SOI marker followed by the first segment's marker prefix
        return photo != null
                && photo.length > 3
                && (photo[0] & 0xFF) == 0xFF
                && (photo[1] & 0xFF) == 0xD8
                && (photo[2] & 0xFF) == 0xFF;
    }
}
