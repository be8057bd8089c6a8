package cn.yiwang.id.server.test;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yiwang.id.account.Account;
import com.nimbusds.oauth2.sdk.TokenResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.htmlunit.html.HtmlPage;

/** The provincial app's side of QR sign-in, as tests play it: its token, and its calls to {@code /qr/{id}/…}. */
public final class QrLoginAppCalls {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private QrLoginAppCalls() {}

    /** {@code POST /qr/{id}/{action}} with the app's bearer token (or none) and an optional JSON body. */
    public static HttpResponse<String> call(String action, String id, String accessToken, String json)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(IntegrationTestSupport.ISSUER + "/qr/" + id + "/" + action))
                .timeout(Duration.ofSeconds(20))
                .header("Accept", "application/json")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString((json != null) ? json : ""));
        if (accessToken != null) {
            request.header("Authorization", "Bearer " + accessToken);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The provincial app's access token: demo-app, a public client with PKCE, signed in as the account. */
    public static String appToken(Account account) throws Exception {
        return token(
                new OidcClient(IntegrationTestSupport.ISSUER, "demo-app", null, "http://127.0.0.1:8089/callback"),
                account,
                "openid profile");
    }

    /** An access token of any client, through the real login form. */
    public static String token(OidcClient client, Account account, String scope) throws Exception {
        try (Browser phone = new Browser()) {
            OidcClient.Attempt attempt = client.authorizationRequest(scope, (b) -> {});
            phone.signIn((HtmlPage) phone.open(attempt.uri().toString()), account.username(), TestAccounts.PASSWORD);
            TokenResponse response =
                    client.exchange(client.code(phone.lastClientRedirect(), attempt), attempt.verifier());
            assertThat(response.indicatesSuccess()).as("%s", response).isTrue();
            return response.toSuccessResponse().getTokens().getAccessToken().getValue();
        }
    }
}
