package cn.yiwang.id.federation.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import cn.yiwang.id.account.realname.AssuranceLevel;
import cn.yiwang.id.federation.IdentityProvider;
import cn.yiwang.id.federation.saml.TestSamlIdp;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/**
 * {@link IdentityProviderAdminController} through MockMvc on real PostgreSQL: status codes, headers
 * and exact bodies. The auth-server's security (scope {@code yiwang.admin}) is not part of this
 * module; the administrator's token is put in the security context as that security would.
 */
@SpringBootTest(classes = FederationTestApplication.class)
@ExtendWith(OutputCaptureExtension.class)
class IdentityProviderAdminControllerIntegrationTests {

    private static final String PATH = "/admin/api/identity-providers";

    @Autowired
    private WebApplicationContext context;

    @Autowired
    private IdentityProviderAdministration administration;

    @Autowired
    private JdbcClient jdbc;

    private MockMvc mvc;

    private final List<String> created = new ArrayList<>();

    @BeforeEach
    void setUp() {
        this.mvc = MockMvcBuilders.webAppContextSetup(this.context).build();
    }

    @AfterEach
    void cleanUp() {
        SecurityContextHolder.clearContext();
        this.created.forEach((alias) -> this.jdbc
                .sql("delete from identity_provider where alias = ?")
                .param(alias)
                .update());
    }

    @Test
    void createWhenValidThenCreatedWithLocationAndETagAndNoSecret(CapturedOutput output) throws Exception {
        String alias = alias();
        this.mvc
                .perform(json(post(PATH), zhejiang(alias, "\"clientSecret\": \"zj-secret-value\","))
                        .with(admin("ops-console")))
                .andExpect(status().isCreated())
                .andExpect(header().string(HttpHeaders.LOCATION, "http://localhost" + PATH + "/" + alias))
                .andExpect(header().string(HttpHeaders.ETAG, "\"1\""))
                .andExpect(content().json(representation(alias, true, 1), JsonCompareMode.STRICT))
                .andExpect(content()
                        .string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("zj-secret-value"))));
        VersionedIdentityProvider stored = this.administration.find(alias).orElseThrow();
        assertThat(stored.provider().clientSecret()).isEqualTo("zj-secret-value");
        assertThat(output)
                .contains("Identity provider " + alias + " created by admin:ops-console")
                .doesNotContain("zj-secret-value");
    }

    @Test
    void createWhenInvalidThenProblemListingEveryError() throws Exception {
        this.mvc
                .perform(json(post(PATH), """
				{"alias": "Bad Alias", "displayNameZh": "浙里办", "displayNameEn": "Zhejiang", "regionCode": "33",
				 "issuer": "http://idp.zj.example.gov.cn?x=1", "clientId": "yiwang-id",
				 "clientAuthentication": "private_key_jwt", "clientSecret": "not-allowed",
				 "scopes": ["profile"], "claimMappings": {"email": "mail"}, "trustLevel": 7}
				""").with(admin("ops-console")))
                .andExpect(status().isBadRequest())
                .andExpect(header().string(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_PROBLEM_JSON_VALUE))
                .andExpect(content().json("""
					{"title": "Invalid identity provider", "status": 400,
					 "detail": "The identity provider has 7 invalid field(s): alias, regionCode, issuer, clientSecret, scopes, claimMappings.email, trustLevel",
					 "instance": "/admin/api/identity-providers",
					 "errors": [
					   {"field": "alias", "message": "must be 2 to 32 characters: lower-case letters a-z, digits and '-' (it appears in URLs and in idp_hint)"},
					   {"field": "regionCode", "message": "must be the 6-digit administrative division code of the province (GB/T 2260), e.g. 330000"},
					   {"field": "issuer", "message": "must use https (http is allowed for loopback addresses only, for tests)"},
					   {"field": "clientSecret", "message": "must not be set with private_key_jwt, which authenticates with a signed JWT instead of a secret"},
					   {"field": "scopes", "message": "must include openid, so the upstream returns an ID token"},
					   {"field": "claimMappings.email", "message": "'email' is not an account attribute; map only name, id_number, id_document_type, phone, level"},
					   {"field": "trustLevel", "message": "must be 1, 2, 3 or 4: the highest level of assurance (L1 to L4) this identity provider may assert"}
					 ]}
					""", JsonCompareMode.STRICT));
    }

    @Test
    void createWhenUnknownEnumValuesThenExplainedAsFieldErrors() throws Exception {
        String alias = alias();
        this.mvc
                .perform(json(
                        post(PATH),
                        zhejiang(alias, "\"clientSecret\": \"s\",")
                                .replace("\"protocol\": \"oidc\"", "\"protocol\": \"ws-federation\"")
                                .replace("\"client_secret_basic\"", "\"client_secret_jwt\"")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field")
                        .value(org.hamcrest.Matchers.contains("protocol", "clientAuthentication")));
    }

    @Test
    void createWhenSamlWithInlineMetadataThenCreatedAndShownWithItsSettings() throws Exception {
        String alias = alias();
        String metadata = TestSamlIdp.metadataXml().replace("\"", "\\\"");
        String body = """
				{"alias": "%s", "displayNameZh": "苏服办", "displayNameEn": "Jiangsu", "regionCode": "320000",
				 "protocol": "saml", "issuer": "%s",
				 "saml": {"metadataXml": "%s", "authnContextLevels": {"http://idp.js.example.gov.cn/loa/2.0": 2}},
				 "claimMappings": {"name": "cn", "id_number": "idcard"}, "trustLevel": 2}
				""".formatted(alias, TestSamlIdp.ENTITY_ID, metadata);
        this.created.add(alias);
        this.mvc
                .perform(json(post(PATH), body).with(admin("ops-console")))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.protocol").value("saml"))
                .andExpect(jsonPath("$.issuer").value(TestSamlIdp.ENTITY_ID))
                .andExpect(jsonPath("$.clientAuthentication").doesNotExist())
                .andExpect(jsonPath("$.saml.metadataXml").value(TestSamlIdp.metadataXml()))
                .andExpect(jsonPath("$.saml.authnContextLevels['http://idp.js.example.gov.cn/loa/2.0']")
                        .value(2))
                .andExpect(jsonPath("$.saml.legacyCbc").value(false));
        IdentityProvider stored = this.administration.find(alias).orElseThrow().provider();
        assertThat(stored.protocol()).isEqualTo(IdentityProvider.Protocol.SAML);
        assertThat(stored.saml().legacyCbc()).as("AES-GCM only unless flagged").isFalse();
        assertThat(stored.saml().level("http://idp.js.example.gov.cn/loa/2.0")).contains(AssuranceLevel.L2);
        assertThat(stored.clientId()).isNull();
    }

    @Test
    void createWhenSamlFlaggedLegacyCbcThenStoredAndShown() throws Exception {
        String alias = alias();
        String metadata = TestSamlIdp.metadataXml().replace("\"", "\\\"");
        String body = """
				{"alias": "%s", "displayNameZh": "苏服办", "displayNameEn": "Jiangsu", "regionCode": "320000",
				 "protocol": "saml", "issuer": "%s", "saml": {"metadataXml": "%s", "legacyCbc": true},
				 "claimMappings": {"name": "cn"}, "trustLevel": 2}
				""".formatted(alias, TestSamlIdp.ENTITY_ID, metadata);
        this.created.add(alias);
        this.mvc
                .perform(json(post(PATH), body).with(admin("ops-console")))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.saml.legacyCbc").value(true));
        this.mvc
                .perform(get(PATH + "/" + alias).with(admin("ops-console")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.saml.legacyCbc").value(true));
        assertThat(this.administration
                        .find(alias)
                        .orElseThrow()
                        .provider()
                        .saml()
                        .legacyCbc())
                .isTrue();
    }

    @Test
    void createWhenSamlWithoutUsableMetadataThenProblemNamingTheFields() throws Exception {
        this.mvc
                .perform(json(post(PATH), """
				{"alias": "%s", "displayNameZh": "苏服办", "displayNameEn": "Jiangsu", "regionCode": "320000",
				 "protocol": "saml", "issuer": "https://idp.js.example.gov.cn/saml", "clientId": "yiwang",
				 "saml": {"metadataUrl": "http://idp.js.example.gov.cn/md", "authnContextLevels": {"urn:x": 9}},
				 "trustLevel": 2}
				""".formatted(alias())).with(admin("ops-console")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field")
                        .value(org.hamcrest.Matchers.contains(
                                "clientId", "saml.metadataUrl", "saml.authnContextLevels.urn:x")));
    }

    @Test
    void createWhenAliasTakenThenConflict() throws Exception {
        String alias = alias();
        this.administration.create(TestIdentityProviders.builder().alias(alias).build(), "test");
        this.mvc
                .perform(json(post(PATH), zhejiang(alias, "\"clientSecret\": \"s\","))
                        .with(admin("ops-console")))
                .andExpect(status().isConflict())
                .andExpect(content().json("""
					{"title": "Identity provider exists", "status": 409,
					 "detail": "An identity provider with alias '%s' already exists; change it with PUT /admin/api/identity-providers/%s",
					 "instance": "/admin/api/identity-providers"}
					""".formatted(alias, alias), JsonCompareMode.STRICT));
    }

    @Test
    void createWhenBodyNotJsonThenBadRequest() throws Exception {
        this.mvc
                .perform(json(post(PATH), "{\"alias\": "))
                .andExpect(status().isBadRequest())
                .andExpect(header().string(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_PROBLEM_JSON_VALUE))
                .andExpect(content().json("""
					{"title": "Unreadable request body", "status": 400,
					 "detail": "The body must be a JSON object describing an identity provider",
					 "instance": "/admin/api/identity-providers"}
					""", JsonCompareMode.STRICT));
    }

    @Test
    void createWhenValueOfWrongTypeThenBadRequestNamingTheField() throws Exception {
        this.mvc
                .perform(json(post(PATH), "{\"alias\": \"zj\", \"trustLevel\": \"high\", \"clientSecret\": \"s3\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().json("""
					{"title": "Unreadable request body", "status": 400,
					 "detail": "The body must be a JSON object describing an identity provider; the value of 'trustLevel' has the wrong type or syntax",
					 "errors": [{"field": "trustLevel", "message": "has the wrong JSON type or syntax"}],
					 "instance": "/admin/api/identity-providers"}
					""", JsonCompareMode.STRICT))
                .andExpect(content().string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("s3"))));
    }

    @Test
    void createWhenBodyMissingThenBadRequest() throws Exception {
        this.mvc
                .perform(post(PATH).contentType(MediaType.APPLICATION_JSON))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail")
                        .value("The body must be a JSON object describing an identity provider; "
                                + "the body is missing"));
    }

    @Test
    void createWhenNotJsonMediaTypeThenUnsupportedMediaType() throws Exception {
        this.mvc
                .perform(post(PATH).contentType(MediaType.TEXT_PLAIN).content("alias=zj"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(header().string(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE))
                .andExpect(content().json("""
					{"title": "Unsupported media type", "status": 415,
					 "detail": "Send the identity provider as application/json",
					 "instance": "/admin/api/identity-providers"}
					""", JsonCompareMode.STRICT));
    }

    @Test
    void getWhenExistsThenRepresentationWithETagAndNoSecret() throws Exception {
        String alias = alias();
        create(alias);
        this.mvc
                .perform(get(PATH + "/" + alias))
                .andExpect(status().isOk())
                .andExpect(header().string(HttpHeaders.ETAG, "\"1\""))
                .andExpect(content().json(representation(alias, true, 1), JsonCompareMode.STRICT));
    }

    @Test
    void getWhenUnknownThenNotFound() throws Exception {
        String alias = TestIdentityProviders.alias();
        this.mvc
                .perform(get(PATH + "/" + alias))
                .andExpect(status().isNotFound())
                .andExpect(content().json("""
					{"title": "Identity provider not found", "status": 404,
					 "detail": "No identity provider has the alias '%s'",
					 "instance": "/admin/api/identity-providers/%s"}
					""".formatted(alias, alias), JsonCompareMode.STRICT));
    }

    @Test
    void listWhenCreatedThenIncludedWithoutSecrets() throws Exception {
        String alias = alias();
        create(alias);
        this.mvc
                .perform(get(PATH))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[?(@.alias == '" + alias + "')].clientSecretSet")
                        .value(true))
                .andExpect(jsonPath("$[*].clientSecret").isEmpty());
    }

    @Test
    void replaceWhenIfMatchMissingThenPreconditionRequired() throws Exception {
        String alias = alias();
        create(alias);
        this.mvc
                .perform(json(put(PATH + "/" + alias), zhejiang(alias, "")))
                .andExpect(status().isPreconditionRequired())
                .andExpect(content().json("""
					{"title": "If-Match required", "status": 428,
					 "detail": "Send If-Match with the ETag of GET /admin/api/identity-providers/%s, so that a concurrent change is not overwritten",
					 "instance": "/admin/api/identity-providers/%s"}
					""".formatted(alias, alias), JsonCompareMode.STRICT));
    }

    @Test
    void replaceWhenIfMatchStaleThenPreconditionFailedWithCurrentETag() throws Exception {
        String alias = alias();
        create(alias);
        this.administration.update(
                TestIdentityProviders.builder()
                        .alias(alias)
                        .displayNameEn("Other")
                        .build(),
                1,
                "test");
        this.mvc
                .perform(json(put(PATH + "/" + alias), zhejiang(alias, "")).header(HttpHeaders.IF_MATCH, "\"1\""))
                .andExpect(status().isPreconditionFailed())
                .andExpect(header().string(HttpHeaders.ETAG, "\"2\""))
                .andExpect(content().json("""
					{"title": "Identity provider changed", "status": 412,
					 "detail": "The identity provider '%s' has changed since the version in If-Match; its ETag is now \\"2\\". GET it again and reapply your change",
					 "instance": "/admin/api/identity-providers/%s"}
					""".formatted(alias, alias), JsonCompareMode.STRICT));
        assertThat(this.administration.find(alias).orElseThrow().provider().displayNameEn())
                .isEqualTo("Other");
    }

    @Test
    void replaceWhenIfMatchCurrentAndSecretOmittedThenReplacedKeepingSecret(CapturedOutput output) throws Exception {
        String alias = alias();
        create(alias);
        String changed = zhejiang(alias, "").replace("https://idp.zj.example.gov.cn", "https://new.zj.example.gov.cn");
        this.mvc
                .perform(json(put(PATH + "/" + alias), changed)
                        .header(HttpHeaders.IF_MATCH, "\"1\"")
                        .with(admin("ops-console")))
                .andExpect(status().isOk())
                .andExpect(header().string(HttpHeaders.ETAG, "\"2\""))
                .andExpect(jsonPath("$.issuer").value("https://new.zj.example.gov.cn"))
                .andExpect(jsonPath("$.clientSecretSet").value(true))
                .andExpect(jsonPath("$.version").value(2));
        assertThat(this.administration.find(alias).orElseThrow().provider().clientSecret())
                .isEqualTo("kept-secret");
        assertThat(output)
                .contains("Identity provider " + alias + " updated by admin:ops-console (version 1 -> 2), "
                        + "changed: [issuer]");
    }

    @Test
    void replaceWhenSecretGivenThenReplacedAndOnlyItsNameLogged(CapturedOutput output) throws Exception {
        String alias = alias();
        create(alias);
        this.mvc
                .perform(json(put(PATH + "/" + alias), zhejiang(alias, "\"clientSecret\": \"rotated-secret-77\","))
                        .header(HttpHeaders.IF_MATCH, "\"1\"")
                        .with(admin("ops-console")))
                .andExpect(status().isOk())
                .andExpect(
                        content().string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("rotated"))));
        assertThat(this.administration.find(alias).orElseThrow().provider().clientSecret())
                .isEqualTo("rotated-secret-77");
        assertThat(output)
                .contains("changed: [clientSecret]")
                .doesNotContain("rotated-secret-77")
                .doesNotContain("kept-secret");
    }

    @Test
    void replaceWhenPrivateKeyJwtThenStoredSecretDropped() throws Exception {
        String alias = alias();
        create(alias);
        this.mvc
                .perform(json(
                                put(PATH + "/" + alias),
                                zhejiang(alias, "").replace("client_secret_basic", "private_key_jwt"))
                        .header(HttpHeaders.IF_MATCH, "*"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.clientAuthentication").value("private_key_jwt"))
                .andExpect(jsonPath("$.clientSecretSet").value(false));
        assertThat(this.administration.find(alias).orElseThrow().provider().clientSecret())
                .isNull();
    }

    @Test
    void replaceWhenAliasInBodyDiffersThenBadRequest() throws Exception {
        String alias = alias();
        create(alias);
        this.mvc
                .perform(json(put(PATH + "/" + alias), zhejiang("other", "")).header(HttpHeaders.IF_MATCH, "\"1\""))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("alias"))
                .andExpect(jsonPath("$.errors[0].message")
                        .value("must be '" + alias + "', the alias in the URL: an alias "
                                + "cannot be changed (create a new identity provider and delete this one instead)"))
                .andExpect(jsonPath("$.errors.length()").value(1));
    }

    @Test
    void replaceWhenUnknownThenNotFound() throws Exception {
        String alias = TestIdentityProviders.alias();
        this.mvc
                .perform(json(put(PATH + "/" + alias), zhejiang(alias, "")).header(HttpHeaders.IF_MATCH, "\"1\""))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.title").value("Identity provider not found"));
    }

    @Test
    void deleteWhenExistsThenNoContentAndGone(CapturedOutput output) throws Exception {
        String alias = alias();
        create(alias);
        this.mvc.perform(delete(PATH + "/" + alias).with(admin("ops-console"))).andExpect(status().isNoContent());
        this.mvc.perform(get(PATH + "/" + alias)).andExpect(status().isNotFound());
        this.mvc
                .perform(delete(PATH + "/" + alias))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail").value("No identity provider has the alias '" + alias + "'"));
        assertThat(output).contains("Identity provider " + alias + " deleted by admin:ops-console");
    }

    @Test
    void deleteWhenIfMatchStaleThenPreconditionFailedAndKept() throws Exception {
        String alias = alias();
        create(alias);
        this.mvc
                .perform(delete(PATH + "/" + alias).header(HttpHeaders.IF_MATCH, "\"7\""))
                .andExpect(status().isPreconditionFailed())
                .andExpect(header().string(HttpHeaders.ETAG, "\"1\""));
        assertThat(this.administration.find(alias)).isPresent();
        this.mvc
                .perform(delete(PATH + "/" + alias).header(HttpHeaders.IF_MATCH, "\"1\""))
                .andExpect(status().isNoContent());
    }

    private String alias() {
        String alias = TestIdentityProviders.alias();
        this.created.add(alias);
        return alias;
    }

    private void create(String alias) {
        this.administration.create(
                TestIdentityProviders.builder()
                        .alias(alias)
                        .clientSecret("kept-secret")
                        .build(),
                "test");
    }

    private String representation(String alias, boolean secretSet, int version) {
        IdentityProvider stored = this.administration.find(alias).orElseThrow().provider();
        return """
				{"alias": "%s", "displayNameZh": "浙里办", "displayNameEn": "Zhejiang", "regionCode": "330000",
				 "protocol": "oidc", "issuer": "https://idp.zj.example.gov.cn", "clientId": "yiwang-id",
				 "clientSecretSet": %s, "clientAuthentication": "client_secret_basic", "scopes": ["openid", "profile"],
				 "claimMappings": {"name": "name", "id_number": "idcard"}, "trustLevel": 2, "enabled": true,
				 "shownOnLoginPage": true, "order": 10, "updatedAt": "%s", "version": %d}
				""".formatted(alias, secretSet, stored.updatedAt(), version);
    }

    /** The request body of the {@link TestIdentityProviders} default, with {@code secret} spliced in. */
    private static String zhejiang(String alias, String secret) {
        return """
				{"alias": "%s", "displayNameZh": "浙里办", "displayNameEn": "Zhejiang", "regionCode": "330000",
				 "protocol": "oidc", "issuer": "https://idp.zj.example.gov.cn", "clientId": "yiwang-id", %s
				 "clientAuthentication": "client_secret_basic", "scopes": ["openid", "profile"],
				 "claimMappings": {"name": "name", "id_number": "idcard"}, "trustLevel": 2, "enabled": true,
				 "shownOnLoginPage": true, "order": 10}
				""".formatted(alias, secret);
    }

    private static MockHttpServletRequestBuilder json(MockHttpServletRequestBuilder request, String body) {
        return request.contentType(MediaType.APPLICATION_JSON).content(body);
    }

    // what the auth-server's resource-server chain leaves behind for a client-credentials admin token
    private static RequestPostProcessor admin(String clientId) {
        return (request) -> {
            Jwt token = Jwt.withTokenValue("token")
                    .header("alg", "RS256")
                    .subject(clientId)
                    .claim("client_id", clientId)
                    .claim("scope", "yiwang.admin")
                    .build();
            SecurityContextHolder.getContext()
                    .setAuthentication(new TestingAuthenticationToken(token, null, "SCOPE_yiwang.admin"));
            return request;
        };
    }
}
