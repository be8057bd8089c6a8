package cn.yiwang.id.account.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class IdentityDocumentTypeTests {

    // the codes are stored in the database and sent in claims: changing one is a migration, not a refactoring
    @ParameterizedTest
    @CsvSource({
        "RESIDENT_ID_CARD, resident-id",
        "HK_MACAO_RESIDENCE_PERMIT, hk-macao-residence",
        "TAIWAN_RESIDENCE_PERMIT, taiwan-residence",
        "FOREIGN_PERMANENT_RESIDENCE_CARD, foreign-permanent"
    })
    void codeWhenReleasedThenUnchanged(IdentityDocumentType type, String code) {
        assertThat(type.code()).isEqualTo(code);
        assertThat(IdentityDocumentType.fromCode(code)).contains(type);
    }

    @Test
    void valuesWhenListedThenFourTypes() {
        assertThat(IdentityDocumentType.values()).hasSize(4);
    }

    @ParameterizedTest
    @EnumSource(IdentityDocumentType.class)
    void displayNamesWhenAnyTypeThenBothLanguagesPresent(IdentityDocumentType type) {
        assertThat(type.displayNameZh()).isNotBlank();
        assertThat(type.displayNameEn()).isNotBlank();
    }

    @Test
    void displayNameZhWhenResidentIdCardThenOfficialName() {
        assertThat(IdentityDocumentType.RESIDENT_ID_CARD.displayNameZh()).isEqualTo("居民身份证");
        assertThat(IdentityDocumentType.HK_MACAO_RESIDENCE_PERMIT.displayNameZh())
                .isEqualTo("港澳居民居住证");
        assertThat(IdentityDocumentType.TAIWAN_RESIDENCE_PERMIT.displayNameZh()).isEqualTo("台湾居民居住证");
        assertThat(IdentityDocumentType.FOREIGN_PERMANENT_RESIDENCE_CARD.displayNameZh())
                .isEqualTo("外国人永久居留身份证");
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "RESIDENT_ID_CARD", "Resident-ID", "passport"})
    void fromCodeWhenUnknownThenEmpty(String code) {
        assertThat(IdentityDocumentType.fromCode(code)).isEmpty();
    }
}
