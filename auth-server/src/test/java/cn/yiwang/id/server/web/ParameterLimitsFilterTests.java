package cn.yiwang.id.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Oversized protocol requests are refused with {@code invalid_request} before any work is done. */
class ParameterLimitsFilterTests {

    private final ParameterLimitsFilter filter = new ParameterLimitsFilter();

    private final MockHttpServletResponse response = new MockHttpServletResponse();

    private final MockFilterChain chain = new MockFilterChain();

    @ParameterizedTest
    @ValueSource(strings = {"/oauth2/authorize", "/oauth2/token", "/connect/logout", "/userinfo", "/login"})
    void doFilterWhenRequestWithinLimitsThenPasses(String path) throws Exception {
        MockHttpServletRequest request = request("POST", path);
        request.setQueryString("client_id=demo-web&state=" + "s".repeat(4000));
        request.setParameter("client_id", "demo-web");
        request.setParameter("state", "s".repeat(ParameterLimitsFilter.MAX_VALUE_LENGTH));
        for (int i = 2; i < ParameterLimitsFilter.MAX_PARAMETERS; i++) {
            request.setParameter("p" + i, "v");
        }

        this.filter.doFilter(request, this.response, this.chain);

        assertThat(this.chain.getRequest()).isSameAs(request);
        assertThat(this.response.getStatus()).isEqualTo(200);
    }

    @Test
    void doFilterWhenValueOversizedThenInvalidRequestJson() throws Exception {
        MockHttpServletRequest request = request("POST", "/oauth2/token");
        request.setParameter("grant_type", "authorization_code");
        request.setParameter("code", "c".repeat(ParameterLimitsFilter.MAX_VALUE_LENGTH + 1));

        this.filter.doFilter(request, this.response, this.chain);

        assertInvalidRequestJson("Parameter code is too long");
    }

    @Test
    void doFilterWhenTooManyParametersThenInvalidRequestJson() throws Exception {
        MockHttpServletRequest request = request("POST", "/oauth2/token");
        for (int i = 0; i <= ParameterLimitsFilter.MAX_PARAMETERS; i++) {
            request.setParameter("p" + i, "v");
        }

        this.filter.doFilter(request, this.response, this.chain);

        assertInvalidRequestJson("Too many parameters");
    }

    @Test
    void doFilterWhenQueryStringTooLongThenInvalidRequestJson() throws Exception {
        MockHttpServletRequest request = request("GET", "/oauth2/authorize");
        // each value within its limit, the whole query over 8 KiB
        String value = "v".repeat(3000);
        request.setQueryString("a=" + value + "&b=" + value + "&c=" + value);
        request.setParameters(Map.of("a", value, "b", value, "c", value));

        this.filter.doFilter(request, this.response, this.chain);

        assertInvalidRequestJson("The query string is too long");
    }

    @Test
    void doFilterWhenParameterNameHasQuotesThenResponseIsStillValidJson() throws Exception {
        MockHttpServletRequest request = request("POST", "/oauth2/token");
        request.setParameter("x\"}<script>", "c".repeat(ParameterLimitsFilter.MAX_VALUE_LENGTH + 1));

        this.filter.doFilter(request, this.response, this.chain);

        assertInvalidRequestJson("Parameter x???script? is too long");
    }

    @Test
    void doFilterWhenParameterNameTooLongThenInvalidRequestJson() throws Exception {
        MockHttpServletRequest request = request("POST", "/oauth2/token");
        request.setParameter("n".repeat(129), "v");

        this.filter.doFilter(request, this.response, this.chain);

        assertInvalidRequestJson("A parameter name is too long");
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/html", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"})
    void doFilterWhenBrowserGetOversizedThenForwardsToErrorPage(String accept) throws Exception {
        MockHttpServletRequest request = request("GET", "/oauth2/authorize");
        request.addHeader("Accept", accept);
        request.setParameter("state", "s".repeat(ParameterLimitsFilter.MAX_VALUE_LENGTH + 1));

        this.filter.doFilter(request, this.response, this.chain);

        assertThat(this.chain.getRequest()).isNull();
        assertThat(this.response.getForwardedUrl()).isEqualTo("/error");
        assertThat(this.response.getStatus()).isEqualTo(400);
        assertThat(request.getAttribute(ErrorPages.ERROR_CODE)).isEqualTo("invalid_request");
        assertThat(request.getAttribute(ErrorPages.ERROR_DESCRIPTION)).isEqualTo("Parameter state is too long");
    }

    @Test
    void doFilterWhenBrowserPostOversizedThenInvalidRequestJson() throws Exception {
        MockHttpServletRequest request = request("POST", "/login");
        request.addHeader("Accept", "text/html");
        request.setParameter("username", "u".repeat(ParameterLimitsFilter.MAX_VALUE_LENGTH + 1));

        this.filter.doFilter(request, this.response, this.chain);

        assertInvalidRequestJson("Parameter username is too long");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/actuator/health", "/css/yiwang.css", "/oauth2"})
    void doFilterWhenNotAProtocolPathThenNotChecked(String path) throws Exception {
        MockHttpServletRequest request = request("GET", path);
        request.setParameter("q", "q".repeat(ParameterLimitsFilter.MAX_VALUE_LENGTH + 1));

        this.filter.doFilter(request, this.response, this.chain);

        assertThat(this.chain.getRequest()).isSameAs(request);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/oauth2/token",
                "/oauth2/authorize",
                "/oauth2/introspect",
                "/oauth2/revoke",
                "/userinfo",
                "/connect/logout"
            })
    void doFilterWhenOAuthParameterRepeatedThenInvalidRequestJson(String path) throws Exception {
        MockHttpServletRequest request = request("POST", path);
        request.addParameter("code", "a");
        request.addParameter("code", "b");

        this.filter.doFilter(request, this.response, this.chain);

        assertInvalidRequestJson("Parameter code is repeated");
    }

    @Test
    void doFilterWhenConsentFormPostsSeveralScopesThenPasses() throws Exception {
        MockHttpServletRequest request = request("POST", "/oauth2/authorize");
        request.addParameter("client_id", "demo-spa");
        request.addParameter("state", "s");
        request.addParameter("scope", "openid");
        request.addParameter("scope", "profile");

        this.filter.doFilter(request, this.response, this.chain);

        assertThat(this.chain.getRequest()).isSameAs(request);
    }

    @Test
    void doFilterWhenConsentFormRepeatsAnotherParameterThenInvalidRequestJson() throws Exception {
        MockHttpServletRequest request = request("POST", "/oauth2/authorize");
        request.addParameter("client_id", "demo-spa");
        request.addParameter("client_id", "demo-web");

        this.filter.doFilter(request, this.response, this.chain);

        assertInvalidRequestJson("Parameter client_id is repeated");
    }

    @Test
    void doFilterWhenContainerCannotParseParametersThenInvalidRequestJson() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/federation/zhejiang/backchannel-logout") {
            @Override
            public Map<String, String[]> getParameterMap() {
                // what Tomcat throws for multipart/form-data without a boundary
                throw new IllegalStateException("the request was rejected because no multipart boundary was found");
            }
        };

        this.filter.doFilter(request, this.response, this.chain);

        assertInvalidRequestJson("The request parameters or body cannot be read");
    }

    @Test
    void doFilterWhenDeclaredBodyTooLargeThenInvalidRequestJson() throws Exception {
        MockHttpServletRequest request = request("POST", "/saml2/idp/sso");
        request.setContent(new byte[(int) ParameterLimitsFilter.MAX_BODY_BYTES + 1]);

        this.filter.doFilter(request, this.response, this.chain);

        assertInvalidRequestJson("The request body is too large");
    }

    @Test
    void doFilterWhenUploadAboveBodyLimitButWithinUploadLimitThenPassedOnForTheFormToAnswer() throws Exception {
        MockHttpServletRequest request = request("POST", "/stepup/face");
        request.setContentType("multipart/form-data; boundary=x");
        request.setContent(new byte[(int) ParameterLimitsFilter.MAX_BODY_BYTES * 3]);

        this.filter.doFilter(request, this.response, this.chain);

        assertThat(this.chain.getRequest()).isNotNull();
    }

    @Test
    void doFilterWhenUploadAboveUploadLimitThenInvalidRequestJson() throws Exception {
        MockHttpServletRequest request = request("POST", "/stepup/face");
        request.setContentType("multipart/form-data; boundary=x");
        request.setContent(new byte[(int) ParameterLimitsFilter.MAX_UPLOAD_BYTES + 1]);

        this.filter.doFilter(request, this.response, this.chain);

        assertInvalidRequestJson("The request body is too large");
    }

    @Test
    void doFilterWhenApiBodyUnreadableThenProblemJson() throws Exception {
        MockHttpServletRequest request = request("PUT", "/admin/api/identity-providers/zhejiang");
        request.setContent(new byte[(int) ParameterLimitsFilter.MAX_BODY_BYTES + 1]);

        this.filter.doFilter(request, this.response, this.chain);

        assertThat(this.chain.getRequest()).isNull();
        assertThat(this.response.getStatus()).isEqualTo(400);
        assertThat(this.response.getContentType()).startsWith("application/problem+json");
        JsonNode body = JsonMapper.builder().build().readTree(this.response.getContentAsString());
        assertThat(body.get("status").asInt()).isEqualTo(400);
        assertThat(body.get("detail").asString()).isEqualTo("The request body is too large");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/saml2/idp/sso", "/federation/saml/acs", "/register", "/login"})
    void doFilterWhenNotAProtocolPathThenRepeatedParametersPass(String path) throws Exception {
        MockHttpServletRequest request = request("POST", path);
        request.addParameter("p", "a");
        request.addParameter("p", "b");

        this.filter.doFilter(request, this.response, this.chain);

        assertThat(this.chain.getRequest()).isSameAs(request);
    }

    private void assertInvalidRequestJson(String description) throws Exception {
        assertThat(this.chain.getRequest()).isNull();
        assertThat(this.response.getStatus()).isEqualTo(400);
        assertThat(this.response.getContentType()).startsWith("application/json");
        assertThat(this.response.getHeader("Cache-Control")).isEqualTo("no-store");
        assertThat(this.response.getForwardedUrl()).isNull();
        JsonNode body = JsonMapper.builder().build().readTree(this.response.getContentAsString());
        assertThat(body.get("error").asString()).isEqualTo("invalid_request");
        assertThat(body.get("error_description").asString()).isEqualTo(description);
    }

    private static MockHttpServletRequest request(String method, String path) {
        MockHttpServletRequest request = new MockHttpServletRequest(method, path);
        request.setServletPath(path);
        return request;
    }
}
