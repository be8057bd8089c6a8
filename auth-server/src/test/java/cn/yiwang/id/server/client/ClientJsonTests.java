package cn.yiwang.id.server.client;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yiwang.id.kit.registry.Violation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

/** The admin API's and the stored form of a client definition. */
class ClientJsonTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void readWhenOnlyRequiredFieldsThenTheBootstrapFilesDefaults() {
        List<Violation> violations = new ArrayList<>();

        ClientDefinition definition = ClientJson.read(
                JSON.readTree("{\"clientId\":\"rp\",\"grantTypes\":[\"client_credentials\"]}"), violations);

        assertThat(violations).isEmpty();
        assertThat(definition.accessTokenTtl()).isEqualTo(Duration.ofMinutes(10));
        assertThat(definition.refreshTokenTtl()).isEqualTo(Duration.ofHours(8));
        assertThat(definition.authorizationCodeTtl()).isEqualTo(Duration.ofMinutes(2));
        assertThat(definition.idTokenSignatureAlgorithm()).isEqualTo("RS256");
        assertThat(definition.subjectType()).isEqualTo("public");
        assertThat(definition.enabled()).isTrue();
    }

    @Test
    void writeThenReadWhenEveryFieldSetThenSameDefinitionAndSecretOnlyWhenAsked() {
        ClientDefinition definition = ClientJson.read(JSON.readTree("""
                        {"clientId":"rp","clientName":"门户","clientSecret":"{sha256}ab$cd","redirectUris":
                         ["https://rp.example.cn/cb"],"grantTypes":["authorization_code","refresh_token"],
                         "scopes":["openid"],"accessTokenTtl":"PT90S","refreshTokenTtl":"1d","webOrigins":["+"],
                         "subjectType":"pairwise","minimumAcr":"urn:yiwang:loa:2","enabled":false}"""), new ArrayList<>());

        ClientDefinition again = ClientJson.fromJson(ClientJson.toJson(definition));

        assertThat(again).isEqualTo(definition);
        assertThat(ClientJson.write(definition, false).has("clientSecret")).isFalse();
        assertThat(ClientJson.write(definition, false).get("accessTokenTtl").asString())
                .isEqualTo("90s");
        assertThat(ClientJson.write(definition, false).get("refreshTokenTtl").asString())
                .isEqualTo("1d");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{'clientId':'rp','grantTypes':'client_credentials'} | grantTypes",
                "{'clientId':'rp','grantTypes':['client_credentials'],'requireConsent':'yes'} | requireConsent",
                "{'clientId':'rp','grantTypes':['client_credentials'],'accessTokenTtl':'soon'} | accessTokenTtl",
                "{'clientId':7,'grantTypes':['client_credentials']} | clientId",
                "{'clientId':'rp','grantTypes':['client_credentials'],'colour':'red'} | colour"
            })
    void readWhenAFieldHasTheWrongTypeThenNamed(String json, String field) {
        List<Violation> violations = new ArrayList<>();

        ClientDefinition definition = ClientJson.read(JSON.readTree(json.replace('\'', '"')), violations);

        assertThat(definition).isNull();
        assertThat(violations).extracting(Violation::field).containsExactly(field);
    }
}
