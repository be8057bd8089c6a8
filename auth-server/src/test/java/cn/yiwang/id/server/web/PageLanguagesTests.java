package cn.yiwang.id.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class PageLanguagesTests {

    @ParameterizedTest
    @CsvSource({"en, en", "en-US, en", "'fr-CA en-GB zh-CN', en", "'zh-TW en', zh-CN", "'  zh-Hans-CN  ', zh-CN"})
    void fromUiLocalesWhenOneSupportedThenFirstSupported(String uiLocales, String expected) {
        assertThat(PageLanguages.fromUiLocales(uiLocales)).contains(Locale.forLanguageTag(expected));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"fr de", "x-klingon", "***"})
    void fromUiLocalesWhenNoneSupportedThenEmpty(String uiLocales) {
        assertThat(PageLanguages.fromUiLocales(uiLocales)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
        "'en-US,en;q=0.9', en",
        "'zh-CN,zh;q=0.9,en;q=0.8', zh-CN",
        "'fr;q=0.9,en;q=0.8,zh;q=0.85', zh-CN",
        "'fr;q=0.9,en;q=0.8', en",
        "'de', zh-CN",
        "'en;q=0,fr', zh-CN",
        "'not a header;;q=x', zh-CN"
    })
    void fromAcceptLanguageWhenHeaderThenMostPreferredSupportedElseChinese(String header, String expected) {
        assertThat(PageLanguages.fromAcceptLanguage(header)).isEqualTo(Locale.forLanguageTag(expected));
    }

    @ParameterizedTest
    @NullAndEmptySource
    void fromAcceptLanguageWhenAbsentThenChinese(String header) {
        assertThat(PageLanguages.fromAcceptLanguage(header)).isEqualTo(Locale.SIMPLIFIED_CHINESE);
    }
}
