package cn.yiwang.id.server.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yiwang.id.server.keys.KeyRole;
import cn.yiwang.id.server.keys.SigningKeyStore;
import cn.yiwang.id.server.keys.SigningKeys;
import cn.yiwang.id.server.test.IntegrationTestSupport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;

/** JWKS and discovery from prepared bytes: strong ETag, Cache-Control, 304 on If-None-Match, new ETag on rotation. */
class PreparedDocumentsIntegrationTests extends IntegrationTestSupport {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Autowired
    SigningKeyStore store;

    @Autowired
    SigningKeys keys;

    @ParameterizedTest
    @ValueSource(
            strings = {"/oauth2/jwks", "/.well-known/openid-configuration", "/.well-known/oauth-authorization-server"})
    void getWhenIfNoneMatchesTheEtagThen304WithoutBodyElseTheSameBytes(String path) throws Exception {
        HttpResponse<String> first = get(path, null);
        HttpResponse<String> second = get(path, null);

        assertThat(first.statusCode()).isEqualTo(200);
        String etag = first.headers().firstValue("ETag").orElseThrow();
        assertThat(etag).as("a strong validator").startsWith("\"").endsWith("\"");
        assertThat(first.headers().firstValue("Cache-Control"))
                .hasValueSatisfying((value) -> assertThat(value).startsWith("public, max-age="));
        assertThat(first.headers().firstValue("Pragma")).isEmpty();
        assertThat(first.headers().firstValue("Content-Type"))
                .hasValueSatisfying((value) -> assertThat(value).contains("json"));
        assertThat(first.body()).startsWith("{");
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.headers().firstValue("ETag")).hasValue(etag);
        assertThat(second.body()).isEqualTo(first.body());

        HttpResponse<String> revalidated = get(path, etag);
        assertThat(revalidated.statusCode()).isEqualTo(304);
        assertThat(revalidated.body()).isEmpty();
        assertThat(revalidated.headers().firstValue("ETag")).hasValue(etag);
        assertThat(get(path, "\"other\"").statusCode()).isEqualTo(200);
        assertThat(get(path, "W/" + etag).statusCode())
                .as("weak comparison (RFC 9110 §13.1.2)")
                .isEqualTo(304);
    }

    @Test
    void jwksWhenKeyRotatedThenNewEtagAndNewKeyServed() throws Exception {
        HttpResponse<String> before = get("/oauth2/jwks", null);
        String etag = before.headers().firstValue("ETag").orElseThrow();

        this.store.rotate(KeyRole.OIDC_SIGNING);
        this.keys.refresh();

        HttpResponse<String> after = get("/oauth2/jwks", etag);
        Instant deadline = Instant.now().plusSeconds(15);
        while (after.statusCode() == 304 && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
            after = get("/oauth2/jwks", etag);
        }
        assertThat(after.statusCode()).isEqualTo(200);
        assertThat(after.headers().firstValue("ETag")).isPresent().get().isNotEqualTo(etag);
        assertThat(after.body()).isNotEqualTo(before.body());
    }

    private static HttpResponse<String> get(String path, String ifNoneMatch) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(ISSUER + path))
                .timeout(Duration.ofSeconds(10))
                .GET();
        if (ifNoneMatch != null) {
            request.header("If-None-Match", ifNoneMatch);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
