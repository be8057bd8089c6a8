package cn.yiwang.id.account.identity;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Builds the problems with their Chinese and English messages, in one place so the wording stays
 * consistent. Messages name positions and expectations, never the number itself.
 */
final class Problems {

    // a garbage entry could otherwise produce a message as long as the entry
    private static final int MAX_POSITIONS_LISTED = 5;

    private Problems() {}

    static DocumentProblem empty(IdentityDocumentType type) {
        return new DocumentProblem(
                DocumentProblem.EMPTY,
                "请输入" + type.displayNameZh() + "号码。",
                "Enter the " + type.displayNameEn() + " number.");
    }

    static DocumentProblem badLength(IdentityDocumentType type, String expectedZh, String expectedEn, int actual) {
        return new DocumentProblem(
                DocumentProblem.BAD_LENGTH,
                type.displayNameZh() + "号码应为 " + expectedZh + "，实际为 " + actual + " 位。",
                "A " + type.displayNameEn() + " number has " + expectedEn + "; this one has " + actual + ".");
    }

    static DocumentProblem badCharacters(
            IdentityDocumentType type, List<Integer> positions, String ruleZh, String ruleEn) {
        return new DocumentProblem(
                DocumentProblem.BAD_CHARACTERS,
                type.displayNameZh() + "号码第 " + positionsZh(positions) + " 位的字符不允许：" + ruleZh + "。",
                "The " + type.displayNameEn() + " number has a character that is not allowed at "
                        + ((positions.size() == 1) ? "position " : "positions ") + positionsEn(positions) + ": "
                        + ruleEn + ".");
    }

    static DocumentProblem unknownProvince(IdentityDocumentType type, String province) {
        if (province.equals("71")) {
            return new DocumentProblem(
                    DocumentProblem.UNKNOWN_REGION,
                    "第 1–2 位“71”（台湾省）不用于" + type.displayNameZh() + "号码；台湾居民居住证号码以 830000 开头。",
                    "Code 71 (Taiwan) at positions 1–2 is not used in " + type.displayNameEn()
                            + " numbers; Residence Permits for Taiwan Residents start with 830000.");
        }
        return new DocumentProblem(
                DocumentProblem.UNKNOWN_REGION,
                "第 1–2 位“" + province + "”不是有效的省级行政区划代码。",
                "Positions 1–2 (\"" + province + "\") are not a valid province-level region code.");
    }

    static DocumentProblem unknownPermitRegion(IdentityDocumentType type, String expectedZh, String expectedEn) {
        return new DocumentProblem(
                DocumentProblem.UNKNOWN_REGION,
                type.displayNameZh() + "号码的第 1–6 位应为 " + expectedZh + "。",
                "Positions 1–6 of a " + type.displayNameEn() + " number must be " + expectedEn + ".");
    }

    static DocumentProblem unknownIssuingProvince(IdentityDocumentType type, String province) {
        return new DocumentProblem(
                DocumentProblem.UNKNOWN_REGION,
                "第 2–3 位“" + province + "”不是有效的受理地省级行政区划代码。",
                "Positions 2–3 (\"" + province + "\") are not a valid province-level code of the issuing office of a "
                        + type.displayNameEn() + ".");
    }

    static DocumentProblem wrongDocumentType(IdentityDocumentType chosen, IdentityDocumentType actual) {
        return new DocumentProblem(
                DocumentProblem.WRONG_DOCUMENT_TYPE,
                "这是" + actual.displayNameZh() + "号码，不是" + chosen.displayNameZh() + "号码；请选择正确的证件类型。",
                "This is a " + actual.displayNameEn() + " number, not a " + chosen.displayNameEn()
                        + " number; choose the right document type.");
    }

    static DocumentProblem notForeignPermanentNumber(IdentityDocumentType chosen) {
        return new DocumentProblem(
                DocumentProblem.WRONG_DOCUMENT_TYPE,
                "18 位的" + chosen.displayNameZh() + "号码以 9 开头；这不是" + chosen.displayNameZh() + "号码，请选择正确的证件类型。",
                "An 18-character " + chosen.displayNameEn() + " number starts with 9; this is not a "
                        + chosen.displayNameEn() + " number, choose the right document type.");
    }

    static DocumentProblem impossibleMonth(IdentityDocumentType type) {
        return new DocumentProblem(
                DocumentProblem.IMPOSSIBLE_DATE,
                type.displayNameZh() + "号码第 11–12 位是出生月份，应为 01–12。",
                "Positions 11–12 of a " + type.displayNameEn() + " number are the birth month and must be 01–12.");
    }

    static DocumentProblem impossibleDay(IdentityDocumentType type, int daysInMonth) {
        return new DocumentProblem(
                DocumentProblem.IMPOSSIBLE_DATE,
                type.displayNameZh() + "号码第 13–14 位是出生日，应为 01–" + daysInMonth + "（该年该月只有 " + daysInMonth + " 天）。",
                "Positions 13–14 of a " + type.displayNameEn() + " number are the day of birth and must be 01–"
                        + daysInMonth + " (that month has " + daysInMonth + " days).");
    }

    static DocumentProblem tooOld(IdentityDocumentType type) {
        return new DocumentProblem(
                DocumentProblem.TOO_OLD,
                type.displayNameZh() + "号码第 7–14 位的出生日期早于 1900 年 1 月 1 日。",
                "The birth date at positions 7–14 of a " + type.displayNameEn() + " number is before 1 January 1900.");
    }

    static DocumentProblem futureDate(IdentityDocumentType type) {
        return new DocumentProblem(
                DocumentProblem.FUTURE_DATE,
                type.displayNameZh() + "号码第 7–14 位的出生日期晚于今天。",
                "The birth date at positions 7–14 of a " + type.displayNameEn() + " number is after today.");
    }

    static DocumentProblem badCheckCharacter(IdentityDocumentType type, char expected, char given) {
        return new DocumentProblem(
                DocumentProblem.BAD_CHECK_CHARACTER,
                type.displayNameZh() + "号码第 18 位校验码应为 " + expected + "，实际为 " + given + "；请检查各位数字是否输错。",
                "The check character at position 18 of a " + type.displayNameEn() + " number should be " + expected
                        + " but is " + given + "; check the digits for a typo.");
    }

    static String positionsZh(List<Integer> positions) {
        String listed = positions.stream()
                .limit(MAX_POSITIONS_LISTED)
                .map(String::valueOf)
                .collect(Collectors.joining("、"));
        return (positions.size() > MAX_POSITIONS_LISTED) ? listed + " 等 " + positions.size() + " 处" : listed;
    }

    static String positionsEn(List<Integer> positions) {
        String listed = positions.stream()
                .limit(MAX_POSITIONS_LISTED)
                .map(String::valueOf)
                .collect(Collectors.joining(", "));
        return (positions.size() > MAX_POSITIONS_LISTED)
                ? listed + " and " + (positions.size() - MAX_POSITIONS_LISTED) + " more"
                : listed;
    }
}
