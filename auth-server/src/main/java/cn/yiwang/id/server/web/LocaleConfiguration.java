package cn.yiwang.id.server.web;

import java.time.Duration;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;

/**
 * The language of every page and message: the user's choice ({@code ?lang=en}, remembered in a cookie),
 * or a relying party's {@code ui_locales} (also remembered), else the browser's {@code Accept-Language},
 * else simplified Chinese ({@link PageLanguages}).
 */
@Configuration(proxyBeanMethods = false)
public class LocaleConfiguration implements WebMvcConfigurer {

    @Bean
    public LocaleResolver localeResolver() {
        CookieLocaleResolver resolver = new CookieLocaleResolver("YIWANG_LANG");
        resolver.setDefaultLocaleFunction(
                (request) -> PageLanguages.fromAcceptLanguage(request.getHeader(HttpHeaders.ACCEPT_LANGUAGE)));
        resolver.setCookieMaxAge(Duration.ofDays(365));
        return resolver;
    }

    /** Ahead of Spring Security, so an authorization request's language reaches the login page it leads to. */
    @Bean
    public FilterRegistrationBean<UiLocalesFilter> uiLocalesFilter(LocaleResolver localeResolver) {
        FilterRegistrationBean<UiLocalesFilter> registration =
                new FilterRegistrationBean<>(new UiLocalesFilter(localeResolver));
        registration.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER - 10);
        return registration;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        LocaleChangeInterceptor interceptor = new LocaleChangeInterceptor();
        interceptor.setParamName("lang");
        interceptor.setIgnoreInvalidLocale(true);
        registry.addInterceptor(interceptor);
    }
}
