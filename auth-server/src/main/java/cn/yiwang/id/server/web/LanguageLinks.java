package cn.yiwang.id.server.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;
import org.springframework.web.util.UriComponentsBuilder;

/** Builds the "中文 / English" links of a page, keeping the page's own query parameters. */
@Component
public final class LanguageLinks {

    public void addTo(HttpServletRequest request, Model model) {
        model.addAttribute("langSwitchUrlZh", link(request, "zh-CN"));
        model.addAttribute("langSwitchUrlEn", link(request, "en"));
    }

    private static String link(HttpServletRequest request, String language) {
        Object forwardedUri = request.getAttribute(RequestDispatcher.FORWARD_REQUEST_URI);
        String path = (forwardedUri instanceof String uri) ? uri : request.getRequestURI();
        Object forwardedQuery = request.getAttribute(RequestDispatcher.FORWARD_QUERY_STRING);
        String query = (forwardedUri instanceof String) ? (String) forwardedQuery : request.getQueryString();
        if (!"GET".equals(request.getMethod())) {
            // A form's result page: switch language on the page that shows the form, not the POST target.
            int lastSlash = path.lastIndexOf('/');
            path = (lastSlash > 0) ? path.substring(0, lastSlash) : path;
            query = null;
        }
        return UriComponentsBuilder.fromPath(path)
                .query(query)
                .replaceQueryParam("lang", language)
                .build()
                .toUriString();
    }
}
