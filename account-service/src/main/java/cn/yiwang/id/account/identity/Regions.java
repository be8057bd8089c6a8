package cn.yiwang.id.account.identity;

import java.util.Optional;
import java.util.Set;

/** Province-level address codes (GB/T 2260) and which 18-character document an opening belongs to. */
final class Regions {

    // 1x North, 2x North-east, 3x East, 4x Central-south, 5x South-west, 6x North-west (GB/T 2260).
    // 71 (Taiwan), 81 (Hong Kong) and 82 (Macao) are in GB/T 2260 but are not issued on resident
    // ID cards; residence permits use 810000, 820000 and 830000 instead.
    private static final Set<String> MAINLAND_PROVINCES = Set.of(
            "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42", "43",
            "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65");

    static final String HONG_KONG = "810000";

    static final String MACAO = "820000";

    static final String TAIWAN = "830000";

    private Regions() {}

    /**
     * Tells whether two digits are a mainland province-level code.
     * @param twoDigits the province part of an address code
     * @return {@code true} for 11–15, 21–23, 31–37, 41–46, 50–54, 61–65
     */
    static boolean isMainlandProvince(String twoDigits) {
        return MAINLAND_PROVINCES.contains(twoDigits);
    }

    /**
     * Tells which 18-character document an opening belongs to, so that a number entered under the
     * wrong type can be told apart from a number with a made-up region.
     * @param number 18 characters, the first 17 of them digits
     * @return the document the opening belongs to, or empty when it belongs to none
     */
    static Optional<IdentityDocumentType> documentTypeOf(String number) {
        String province = number.substring(0, 2);
        if (province.equals("81") || province.equals("82")) {
            return Optional.of(IdentityDocumentType.HK_MACAO_RESIDENCE_PERMIT);
        }
        if (province.equals("83")) {
            return Optional.of(IdentityDocumentType.TAIWAN_RESIDENCE_PERMIT);
        }
        // 2023 cards: 9, then the province of the issuing office
        if (number.charAt(0) == '9' && isMainlandProvince(number.substring(1, 3))) {
            return Optional.of(IdentityDocumentType.FOREIGN_PERMANENT_RESIDENCE_CARD);
        }
        if (isMainlandProvince(province)) {
            return Optional.of(IdentityDocumentType.RESIDENT_ID_CARD);
        }
        return Optional.empty();
    }
}
