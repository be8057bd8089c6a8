package cn.yiwang.id.server.test;

import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.htmlunit.BrowserVersion;
import org.htmlunit.Page;
import org.htmlunit.WebClient;
import org.htmlunit.WebRequest;
import org.htmlunit.WebResponse;
import org.htmlunit.WebResponseData;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.util.NameValuePair;
import org.htmlunit.util.WebConnectionWrapper;

/**
 * A real browser session (HtmlUnit, cookies kept, no JavaScript) against the test server. Requests
 * to the relying parties' loopback callbacks (ports 8081-8089) are answered here and recorded, so
 * a test reads the authorization response the client would have received.
 */
public final class Browser implements AutoCloseable {

    private static final Set<Integer> CLIENT_PORTS = Set.of(8081, 8082, 8083, 8084, 8085, 8086, 8087, 8088, 8089);

    /** The platform's citizens read Chinese: the browser asks for it, as theirs do. */
    private static final BrowserVersion CHINESE = new BrowserVersion.BrowserVersionBuilder(
                    BrowserVersion.BEST_SUPPORTED)
            .setBrowserLanguage("zh-CN")
            .setAcceptLanguageHeader("zh-CN,zh;q=0.9")
            .build();

    private final WebClient client;
    private final List<URL> clientRedirects = new CopyOnWriteArrayList<>();

    /** A browser that prefers simplified Chinese. */
    public Browser() {
        this(CHINESE);
    }

    /** A browser of the given version (for its {@code Accept-Language}). */
    public Browser(BrowserVersion version) {
        this.client = new WebClient(version);
        this.client.getOptions().setJavaScriptEnabled(false);
        this.client.getOptions().setCssEnabled(false);
        this.client.getOptions().setThrowExceptionOnFailingStatusCode(false);
        this.client.getOptions().setRedirectEnabled(true);
        new WebConnectionWrapper(this.client) {
            @Override
            public WebResponse getResponse(WebRequest request) throws IOException {
                URL url = request.getUrl();
                if (("127.0.0.1".equals(url.getHost()) || "localhost".equals(url.getHost()))
                        && CLIENT_PORTS.contains(url.getPort())) {
                    Browser.this.clientRedirects.add(url);
                    WebResponseData data = new WebResponseData(
                            "relying party".getBytes(StandardCharsets.UTF_8),
                            200,
                            "OK",
                            List.of(new NameValuePair("Content-Type", "text/plain")));
                    return new WebResponse(data, request, 0);
                }
                return super.getResponse(request);
            }
        };
    }

    public WebClient client() {
        return this.client;
    }

    /** Opens a URL as a user would (Accept: text/html), following redirects. */
    public Page open(String url) throws IOException {
        return this.client.getPage(url);
    }

    /** Fills the login form and submits it, as a user would. */
    public Page signIn(HtmlPage loginPage, String loginName, String password) throws IOException {
        HtmlForm form = loginPage.getForms().stream()
                .filter((f) -> f.getActionAttribute().endsWith("/login"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("No login form on " + loginPage.getUrl()));
        form.getInputByName("username").setValue(loginName);
        form.getInputByName("password").setValue(password);
        return form.getOneHtmlElementByAttribute("button", "type", "submit").click();
    }

    /** The last redirect the server sent to a relying party's callback, or null. */
    public URL lastClientRedirect() {
        return this.clientRedirects.isEmpty() ? null : this.clientRedirects.get(this.clientRedirects.size() - 1);
    }

    public int clientRedirectCount() {
        return this.clientRedirects.size();
    }

    @Override
    public void close() {
        this.client.close();
    }
}
