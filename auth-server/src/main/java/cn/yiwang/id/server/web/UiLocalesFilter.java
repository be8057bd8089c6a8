package cn.yiwang.id.server.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.LocaleResolver;

/**
 * Applies an authorization request's {@code ui_locales} (OIDC Core §3.1.2.1) to the pages that follow:
 * the first language we have becomes this request's and is remembered like a choice made with
 * {@code ?lang=}, so the login, consent and error pages after the redirect speak it too.
 */
public final class UiLocalesFilter extends OncePerRequestFilter {

    private final LocaleResolver locales;

    public UiLocalesFilter(LocaleResolver locales) {
        this.locales = locales;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String uiLocales = "GET".equals(request.getMethod()) || "POST".equals(request.getMethod())
                ? request.getParameter("ui_locales")
                : null;
        PageLanguages.fromUiLocales(uiLocales).ifPresent((locale) -> this.locales.setLocale(request, response, locale));
        chain.doFilter(request, response);
    }
}
