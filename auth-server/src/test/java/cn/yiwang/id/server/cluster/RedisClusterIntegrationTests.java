package cn.yiwang.id.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yiwang.id.account.Account;
import cn.yiwang.id.account.AccountRepository;
import cn.yiwang.id.server.YiwangIdApplication;
import cn.yiwang.id.server.test.Browser;
import cn.yiwang.id.server.test.IntegrationTestSupport;
import cn.yiwang.id.server.test.LocalRedisCluster;
import cn.yiwang.id.server.test.OidcClient;
import cn.yiwang.id.server.test.TestAccounts;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * The server on a real three-master Redis Cluster (started on loopback ports for this test):
 * sign-in, SSO session, code exchange, refresh and logout work with keys spread over the masters.
 */
class RedisClusterIntegrationTests {

    private static LocalRedisCluster cluster;

    private static ConfigurableApplicationContext node;

    private static String issuer;

    @BeforeAll
    static void startClusterAndNode() throws Exception {
        cluster = new LocalRedisCluster(3);
        int port = IntegrationTestSupport.freePort();
        issuer = "http://127.0.0.1:" + port;
        Map<String, Object> properties = IntegrationTestSupport.nodeProperties(port);
        properties.remove("spring.data.redis.host");
        properties.remove("spring.data.redis.port");
        properties.put("spring.data.redis.cluster.nodes", cluster.nodes());
        properties.put("yiwang.issuer", issuer);
        List<String> args = new ArrayList<>();
        properties.forEach((name, value) -> args.add("--" + name + "=" + value));
        node = new SpringApplicationBuilder(YiwangIdApplication.class).run(args.toArray(String[]::new));
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void loginAndTokenExchangeWhenRedisIsAClusterThenWorkAcrossMasters() throws Exception {
        RedisConnectionFactory connections = node.getBean(RedisConnectionFactory.class);
        try (RedisClusterConnection connection = connections.getClusterConnection()) {
            assertThat(connection.clusterGetNodes()).as("three masters").hasSize(3);
        }
        Account account = TestAccounts.create(node.getBean(AccountRepository.class));
        OidcClient web = new OidcClient(issuer, "demo-web", "demo-secret", "http://127.0.0.1:8081/callback");
        try (Browser browser = new Browser()) {
            OidcClient.Attempt attempt = web.authorizationRequest("openid profile", (b) -> {});
            browser.signIn(
                    (HtmlPage) browser.open(attempt.uri().toString()), account.username(), TestAccounts.PASSWORD);
            TokenResponse response = web.exchange(web.code(browser.lastClientRedirect(), attempt), attempt.verifier());
            assertThat(response.indicatesSuccess()).as("%s", response).isTrue();
            OIDCTokens tokens = ((OIDCTokenResponse) response.toSuccessResponse()).getOIDCTokens();
            IDTokenClaimsSet id = web.validate(tokens.getIDTokenString(), attempt.nonce(), JWSAlgorithm.RS256);
            assertThat(id.getSubject().getValue()).isEqualTo(account.id().toString());

            OidcClient.Attempt sso = web.authorizationRequest("openid", (b) -> {});
            browser.open(sso.uri().toString());
            assertThat(web.code(browser.lastClientRedirect(), sso))
                    .as("SSO session read back from the cluster")
                    .isNotNull();

            TokenResponse refreshed = OIDCTokenResponseParser.parse(new TokenRequest(
                            web.provider().getTokenEndpointURI(),
                            web.clientAuthentication(),
                            new RefreshTokenGrant(tokens.getRefreshToken()))
                    .toHTTPRequest()
                    .send());
            assertThat(refreshed.indicatesSuccess()).as("%s", refreshed).isTrue();
        }
    }
}
