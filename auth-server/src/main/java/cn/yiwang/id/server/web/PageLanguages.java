package cn.yiwang.id.server.web;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The languages pages and their messages come in, simplified Chinese first, and how a request's
 * preference maps to one of them: {@code ui_locales} (OIDC Core §3.1.2.1, space-separated BCP 47 tags in
 * order of preference), then the browser's {@code Accept-Language}, then simplified Chinese.
 */
public final class PageLanguages {

    /** The language tags in discovery's {@code ui_locales_supported}, the default first. */
    public static final List<String> SUPPORTED = List.of("zh-CN", "en");

    private static final int MAX_HEADER = 256;

    private PageLanguages() {}

    /**
     * @param uiLocales the {@code ui_locales} parameter, or null
     * @return the first of its tags we have pages for, or empty when none (the parameter is a preference only)
     */
    public static Optional<Locale> fromUiLocales(String uiLocales) {
        if (uiLocales == null || uiLocales.isBlank() || uiLocales.length() > MAX_HEADER) {
            return Optional.empty();
        }
        for (String tag : uiLocales.trim().split("\\s+")) {
            Optional<Locale> locale = supported(Locale.forLanguageTag(tag));
            if (locale.isPresent()) {
                return locale;
            }
        }
        return Optional.empty();
    }

    /**
     * @param acceptLanguage the {@code Accept-Language} header, or null
     * @return the most preferred language we have pages for (RFC 9110 §12.5.4 weights), else simplified Chinese
     */
    public static Locale fromAcceptLanguage(String acceptLanguage) {
        if (acceptLanguage == null || acceptLanguage.isBlank() || acceptLanguage.length() > MAX_HEADER) {
            return Locale.SIMPLIFIED_CHINESE;
        }
        List<Locale.LanguageRange> ranges;
        try {
            ranges = Locale.LanguageRange.parse(acceptLanguage);
        } catch (IllegalArgumentException ex) {
            return Locale.SIMPLIFIED_CHINESE;
        }
        // parse() orders the ranges by weight, most preferred first
        for (Locale.LanguageRange range : ranges) {
            if (range.getWeight() <= 0) {
                continue;
            }
            if ("*".equals(range.getRange())) {
                return Locale.SIMPLIFIED_CHINESE;
            }
            Optional<Locale> locale = supported(Locale.forLanguageTag(range.getRange()));
            if (locale.isPresent()) {
                return locale.get();
            }
        }
        return Locale.SIMPLIFIED_CHINESE;
    }

    // every Chinese variant reads the simplified Chinese pages: those are the only Chinese ones
    private static Optional<Locale> supported(Locale locale) {
        return switch (locale.getLanguage()) {
            case "zh" -> Optional.of(Locale.SIMPLIFIED_CHINESE);
            case "en" -> Optional.of(Locale.ENGLISH);
            default -> Optional.empty();
        };
    }
}
