package cn.yiwang.id.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import cn.yiwang.id.account.crypto.CryptoProperties;
import cn.yiwang.id.account.otp.SmsProperties;
import cn.yiwang.id.account.verification.HttpVerifierProperties;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The Helm chart in {@code helm/yiwang-id}, linted and rendered by the Helm library itself
 * (helm-java), with the rendered manifests read back as YAML. No cluster and no Spring context:
 * only Spring's {@link Binder}, to prove the environment the chart writes binds to the server's
 * real configuration properties.
 */
class HelmChartTests {

    /** Maven runs the tests in the module directory; the chart sits beside the modules. */
    private static final Path CHART = Path.of("..", "helm", "yiwang-id");

    private static final Path PRODUCTION_VALUES = CHART.resolve("ci").resolve("production-values.yaml");

    /** Names that must never carry an inline value. */
    private static final Pattern SECRET_LIKE = Pattern.compile("KEY|SECRET|PASSWORD|TOKEN|CREDENTIAL");

    /** The server's own settings, so the chart is checked against what the server really does. */
    private static final Map<String, Object> APPLICATION_YML = loadYaml(classpath("/application.yml"));

    /** server.port. */
    private static final int APP_PORT = (Integer) map(APPLICATION_YML, "server").get("port");

    /** spring.lifecycle.timeout-per-shutdown-phase. */
    private static final Duration APP_SHUTDOWN_PHASE = DurationStyle.detectAndParse(
            (String) map(map(APPLICATION_YML, "spring"), "lifecycle").get("timeout-per-shutdown-phase"));

    private static List<Map<String, Object>> minimal;

    private static List<Map<String, Object>> production;

    @TempDir
    Path temp;

    @BeforeAll
    static void renderOnce() {
        minimal = render(template().withValuesFile(resource("minimal-values.yaml")));
        production = render(template().withValuesFile(PRODUCTION_VALUES));
    }

    // --- lint -----------------------------------------------------------------------------------

    @Test
    void lintWhenRequiredValuesGivenThenPassesStrict() throws IOException {
        // helm-java's lint takes no values file, and the chart's own values.yaml deliberately
        // names no Secrets; so lint a copy whose values.yaml has the minimal values merged in.
        Path chart = copyChart(this.temp.resolve("yiwang-id"));
        Map<String, Object> values =
                merge(loadYaml(chart.resolve("values.yaml")), loadYaml(resource("minimal-values.yaml")));
        Files.writeString(chart.resolve("values.yaml"), dumpYaml(values));

        LintResult result = new Helm(chart).lint().strict().call();

        assertThat(result.isFailed())
                .as(String.join("\n", result.getMessages()))
                .isFalse();
        assertThat(result.getMessages()).noneMatch((line) -> line.contains("[ERROR]") || line.contains("[WARNING]"));
    }

    @Test
    void lintWhenChartDefaultsOnlyThenFailsNamingTheMissingSecretReferences() {
        LintResult result = new Helm(CHART).lint().call();

        assertThat(result.isFailed()).isTrue();
        assertThat(String.join("\n", result.getMessages()))
                .contains(
                        "secrets.masterKey: secretName is required",
                        "secrets.blindIndexKey: secretName is required",
                        "secrets.dataKeys: Array must have at least 1 items",
                        "secrets.database: secretName is required");
    }

    // --- probes, ports, shutdown ------------------------------------------------------------------

    @Test
    void probesHitTheActuatorHealthGroupsOnTheServerPort() {
        for (List<Map<String, Object>> docs : List.of(minimal, production)) {
            Map<String, Object> container = container(docs);
            assertThat(probe(container, "startupProbe")).containsEntry("path", "/actuator/health/liveness");
            assertThat(probe(container, "livenessProbe")).containsEntry("path", "/actuator/health/liveness");
            assertThat(probe(container, "readinessProbe")).containsEntry("path", "/actuator/health/readiness");
            for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                assertThat(containerPort(container, probe(container, probe).get("port")))
                        .as(probe)
                        .isEqualTo(APP_PORT);
            }
            Map<String, Object> service = only(docs, "Service");
            Map<String, Object> servicePort =
                    list(map(service, "spec").get("ports")).get(0);
            assertThat(containerPort(container, servicePort.get("targetPort"))).isEqualTo(APP_PORT);
        }
    }

    @Test
    void shutdownDrainsBeforeSpringStopsAndWithinTheGracePeriod() {
        for (List<Map<String, Object>> docs : List.of(minimal, production)) {
            Map<String, Object> podSpec = podSpec(docs);
            Map<String, Object> container = container(docs);
            Map<String, Object> preStop = map(map(container, "lifecycle"), "preStop");
            int sleep = ((Number) map(preStop, "sleep").get("seconds")).intValue();
            Duration phase = bind(docs, "spring.lifecycle.timeout-per-shutdown-phase", Duration.class);

            assertThat(sleep).isPositive();
            assertThat(phase).isEqualTo(APP_SHUTDOWN_PHASE);
            // the grace period counts from the start of preStop, so it must cover both, plus a margin
            assertThat(((Number) podSpec.get("terminationGracePeriodSeconds")).longValue())
                    .isGreaterThanOrEqualTo(sleep + phase.toSeconds() + 5);
        }
    }

    @Test
    void preStopFallsBackToExecSleepForOlderClusters() {
        Map<String, Object> container = container(render(
                template().withValuesFile(resource("minimal-values.yaml")).set("shutdown.preStopHandler", "exec")));

        assertThat(map(map(map(container, "lifecycle"), "preStop"), "exec").get("command"))
                .isEqualTo(List.of("sleep", "10"));
    }

    // --- secrets --------------------------------------------------------------------------------

    @Test
    void secretsAreOnlyReferencesToExistingSecrets() {
        assertSecretsAreReferences(
                minimal,
                "YIWANG_KEYS_MASTER_KEY",
                "YIWANG_CRYPTO_ACTIVE_KEY_ID",
                "YIWANG_CRYPTO_DATAKEYS_K1",
                "YIWANG_CRYPTO_BLIND_INDEX_KEY",
                "SPRING_DATASOURCE_PASSWORD",
                "YIWANG_SMS_HTTP_API_KEY");
        assertSecretsAreReferences(
                production,
                "YIWANG_CRYPTO_DATAKEYS_K2025",
                "YIWANG_CRYPTO_DATAKEYS_K2026",
                "SPRING_DATA_REDIS_PASSWORD",
                "SPRING_DATA_REDIS_SENTINEL_PASSWORD",
                "YIWANG_VERIFICATION_HTTP_KEY_ID",
                "YIWANG_VERIFICATION_HTTP_SECRET");
    }

    private static void assertSecretsAreReferences(List<Map<String, Object>> docs, String... expected) {
        Map<String, Map<String, Object>> env = env(container(docs));
        List<String> secretLike = env.keySet().stream()
                .filter((name) -> SECRET_LIKE.matcher(name).find())
                .toList();

        // the expected names make sure the check below is not vacuously true
        assertThat(secretLike).contains(expected);
        for (String name : secretLike) {
            Map<String, Object> entry = env.get(name);
            assertThat(entry).as(name).doesNotContainKey("value");
            Map<String, Object> ref = map(map(entry, "valueFrom"), "secretKeyRef");
            assertThat((String) ref.get("name")).as(name).isNotBlank();
            assertThat((String) ref.get("key")).as(name).isNotBlank();
        }
        assertThat(map(map(env.get("SPRING_DATASOURCE_USERNAME"), "valueFrom"), "secretKeyRef"))
                .isNotEmpty();
        // the chart never creates a Secret: it could only do so from a value
        assertThat(docs).noneMatch((doc) -> "Secret".equals(doc.get("kind")));
    }

    @Test
    void renderWhenExtraEnvHasAnInlineSecretThenRefused() {
        assertThatIllegalStateException()
                .isThrownBy(() -> render(template()
                        .withValuesFile(resource("minimal-values.yaml"))
                        .set("extraEnv[0].name", "PARTNER_API_KEY")
                        .set("extraEnv[0].value", "inline")))
                .withMessageContaining("extraEnv: PARTNER_API_KEY looks secret and has an inline value");
    }

    @Test
    void renderWhenSecretReferenceHasAValueFieldThenSchemaRefusesIt() {
        assertThatIllegalStateException()
                .isThrownBy(() -> render(template()
                        .withValuesFile(resource("minimal-values.yaml"))
                        .set("secrets.masterKey.value", "c2VjcmV0")))
                .withMessageContaining("secrets.masterKey: Additional property value is not allowed");
    }

    @Test
    void renderWhenBootstrapClientHasAPlainSecretThenRefused() throws IOException {
        Path values = write("plain-client-secret.yaml", """
                bootstrap:
                  clientsYml: |
                    clients:
                      - client-id: portal
                        client-secret: s3cret-in-git
                """);

        assertThatIllegalStateException()
                .isThrownBy(() -> render(template()
                        .withValuesFile(resource("minimal-values.yaml"))
                        .withValuesFile(values)))
                .withMessageContaining("bootstrap.clientsYml: client-secret of client portal is not a hash");
    }

    // --- the environment the server reads -------------------------------------------------------

    @Test
    void nativeHeapTrimmingIsLeftOutWhenItsIntervalIsZero() {
        Map<String, Map<String, Object>> env = env(container(render(
                template().withValuesFile(resource("minimal-values.yaml")).set("jvm.trimNativeHeapIntervalMs", "0"))));
        assertThat((String) env.get("JAVA_TOOL_OPTIONS").get("value"))
                .contains("-XX:+UseSerialGC")
                .doesNotContain("TrimNativeHeapInterval");
    }

    @Test
    void environmentRunsTheProdProfileWithHeapFromTheMemoryLimit() {
        for (List<Map<String, Object>> docs : List.of(minimal, production)) {
            Map<String, Map<String, Object>> env = env(container(docs));
            assertThat(env.get("SPRING_PROFILES_ACTIVE")).containsEntry("value", "prod");
            assertThat((String) env.get("JAVA_TOOL_OPTIONS").get("value"))
                    .contains(
                            "-XX:MaxRAMPercentage=75",
                            "-XX:+ExitOnOutOfMemoryError",
                            "-XX:+UseSerialGC",
                            "-Xms64m",
                            "-XX:TrimNativeHeapInterval=5000");
            assertThat(env.get("MALLOC_ARENA_MAX")).containsEntry("value", "2");
            assertThat(map(map(container(docs), "resources"), "limits")).containsKey("memory");
            assertThat(env.get("YIWANG_ISSUER")).containsEntry("value", "https://id.example.gov.cn");
            assertThat(env.get("YIWANG_SMS_SENDER")).containsEntry("value", "http");
            assertThat(env).containsKeys("SPRING_DATASOURCE_URL", "YIWANG_SMS_HTTP_BASE_URL");
        }
    }

    @Test
    void keyEnvironmentBindsToTheServersCryptoProperties() {
        // YIWANG_CRYPTO_DATA_KEYS_<ID> would bind nothing: map entries bind only under the
        // canonical name (DATAKEYS); this checks the rendered names against the real binder.
        CryptoProperties crypto = bind(production, "yiwang.crypto", CryptoProperties.class);

        assertThat(crypto.dataKeys()).containsOnlyKeys("k2025", "k2026");
        assertThat(crypto.activeKeyId()).isEqualTo(placeholder("yiwang-id-keys", "active-key-id"));
        assertThat(crypto.blindIndexKey()).isEqualTo(placeholder("yiwang-id-keys", "blind-index-key"));
        assertThat(bind(minimal, "yiwang.keys.master-key", String.class))
                .isEqualTo(placeholder("yiwang-id-keys", "master-key"));
    }

    @Test
    void integrationEnvironmentBindsToTheSmsAndVerifierProperties() {
        SmsProperties sms = bind(production, "yiwang.sms", SmsProperties.class);
        HttpVerifierProperties verifier = bind(production, "yiwang.verification.http", HttpVerifierProperties.class);

        assertThat(sms.sender()).isEqualTo(SmsProperties.Sender.HTTP);
        assertThat(sms.http().baseUrl()).hasToString("https://sms-gateway.example.gov.cn");
        assertThat(sms.http().apiKey()).isEqualTo(placeholder("yiwang-id-integrations", "sms-api-key"));
        assertThat(sms.http().signName()).isEqualTo("一网通办");
        assertThat(verifier.enabled()).isTrue();
        assertThat(verifier.keyId()).isEqualTo(placeholder("yiwang-id-integrations", "verification-key-id"));
        assertThat(verifier.secret()).isEqualTo(placeholder("yiwang-id-integrations", "verification-secret"));
    }

    @Test
    void bootstrapClientsComeFromTheConfigMapMountedAtConfig() {
        Map<String, Object> container = container(production);
        Map<String, Object> podSpec = podSpec(production);

        assertThat(env(container).get("YIWANG_BOOTSTRAP_CLIENTS_FILE"))
                .containsEntry("value", "file:/config/clients.yml");
        Map<String, Object> mount = list(container.get("volumeMounts")).stream()
                .filter((m) -> "/config".equals(m.get("mountPath")))
                .findFirst()
                .orElseThrow();
        Map<String, Object> volume = volume(podSpec, (String) mount.get("name"));
        Map<String, Object> configMap =
                named(production, "ConfigMap", (String) map(volume, "configMap").get("name"));
        Map<String, Object> clients =
                new Yaml().load((String) map(configMap, "data").get("clients.yml"));

        assertThat(list(clients.get("clients")))
                .extracting((c) -> c.get("client-id"))
                .containsExactly("shanghai-portal", "citizen-app");
        // the provincial IdPs and the SAML SPs come the same way, each file named to its property
        assertThat(bind(production, "yiwang.federation.identity-providers-file", String.class))
                .isEqualTo("file:/config/identity-providers.yml");
        assertThat(bind(production, "yiwang.saml.service-providers-file", String.class))
                .isEqualTo("file:/config/saml-service-providers.yml");
        Map<String, Object> providers =
                new Yaml().load((String) map(configMap, "data").get("identity-providers.yml"));
        Map<String, Object> serviceProviders =
                new Yaml().load((String) map(configMap, "data").get("saml-service-providers.yml"));
        assertThat(list(providers.get("identity-providers"))).isEmpty();
        assertThat(list(serviceProviders.get("service-providers"))).isEmpty();
        // the server reads the file at start-up only, so a change must roll the pods
        Map<String, Object> podMetadata = map(map(map(deployment(production), "spec"), "template"), "metadata");
        assertThat(map(podMetadata, "annotations")).containsKey("checksum/bootstrap");
    }

    @Test
    void forwardedHeadersTrustOnlyTheConfiguredProxies() {
        Map<String, Map<String, Object>> env = env(container(production));
        String proxies = bind(production, "server.tomcat.remoteip.internal-proxies", String.class);

        assertThat(env.get("SERVER_FORWARD_HEADERS_STRATEGY")).containsEntry("value", "native");
        // the regex survives YAML quoting unchanged and means what the values file says
        assertThat(proxies).isEqualTo("10\\.244\\.\\d{1,3}\\.\\d{1,3}");
        assertThat(Pattern.matches(proxies, "10.244.3.17")).isTrue();
        assertThat(Pattern.matches(proxies, "203.0.113.5")).isFalse();
    }

    // --- redis modes ------------------------------------------------------------------------------

    @Test
    void redisStandaloneGivesHostAndPort() {
        Map<String, Map<String, Object>> env = env(container(minimal));
        DataRedisProperties redis = bind(minimal, "spring.data.redis", DataRedisProperties.class);

        assertThat(env)
                .containsKeys("SPRING_DATA_REDIS_HOST", "SPRING_DATA_REDIS_PORT")
                .doesNotContainKeys("SPRING_DATA_REDIS_SENTINEL_MASTER", "SPRING_DATA_REDIS_CLUSTER_NODES");
        assertThat(redis.getHost()).isEqualTo("redis");
        assertThat(redis.getPort()).isEqualTo(6379);
    }

    @Test
    void redisSentinelGivesMasterAndNodes() {
        Map<String, Map<String, Object>> env = env(container(production));
        DataRedisProperties redis = bind(production, "spring.data.redis", DataRedisProperties.class);

        assertThat(env)
                .containsKeys("SPRING_DATA_REDIS_SENTINEL_MASTER", "SPRING_DATA_REDIS_SENTINEL_NODES")
                .doesNotContainKeys("SPRING_DATA_REDIS_HOST", "SPRING_DATA_REDIS_CLUSTER_NODES");
        assertThat(redis.getSentinel().getMaster()).isEqualTo("yiwang");
        assertThat(redis.getSentinel().getNodes())
                .containsExactly(
                        "redis-sentinel-0.redis-sentinel.redis.svc:26379",
                        "redis-sentinel-1.redis-sentinel.redis.svc:26379",
                        "redis-sentinel-2.redis-sentinel.redis.svc:26379");
        assertThat(redis.getSentinel().getPassword()).isEqualTo(placeholder("yiwang-redis", "sentinel-password"));
        assertThat(redis.getPassword()).isEqualTo(placeholder("yiwang-redis", "redis-password"));
    }

    @Test
    void redisClusterGivesNodesAndAdaptiveTopologyRefresh() throws IOException {
        Path values = write("redis-cluster.yaml", """
                redis:
                  mode: cluster
                  cluster:
                    nodes: [ "redis-0.redis:6379", "redis-1.redis:6379", "redis-2.redis:6379" ]
                """);
        List<Map<String, Object>> docs = render(
                template().withValuesFile(resource("minimal-values.yaml")).withValuesFile(values));
        Map<String, Map<String, Object>> env = env(container(docs));
        DataRedisProperties redis = bind(docs, "spring.data.redis", DataRedisProperties.class);

        assertThat(env)
                .containsKey("SPRING_DATA_REDIS_CLUSTER_NODES")
                .doesNotContainKeys(
                        "SPRING_DATA_REDIS_HOST", "SPRING_DATA_REDIS_SENTINEL_MASTER", "SPRING_DATA_REDIS_DATABASE");
        assertThat(redis.getCluster().getNodes())
                .containsExactly("redis-0.redis:6379", "redis-1.redis:6379", "redis-2.redis:6379");
        assertThat(redis.getLettuce().getCluster().getRefresh().isAdaptive()).isTrue();
        assertThat(redis.getLettuce().getCluster().getRefresh().getPeriod()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void renderWhenRedisModeUnknownOrIncompleteThenSchemaSaysWhat() {
        assertThatIllegalStateException()
                .isThrownBy(() -> render(template()
                        .withValuesFile(resource("minimal-values.yaml"))
                        .set("redis.mode", "sentinal")))
                .withMessageContaining(
                        "redis.mode: redis.mode must be one of the following: \"standalone\", \"sentinel\", \"cluster\"");
        assertThatIllegalStateException()
                .isThrownBy(() -> render(template()
                        .withValuesFile(resource("minimal-values.yaml"))
                        .set("redis.mode", "cluster")))
                .withMessageContaining("redis.cluster.nodes: Array must have at least 1 items");
    }

    // --- schema -----------------------------------------------------------------------------------

    @Test
    void renderWhenValueHasTheWrongTypeThenSchemaNamesIt() {
        assertThatIllegalStateException()
                .isThrownBy(() -> render(template()
                        .withValuesFile(resource("minimal-values.yaml"))
                        .withValuesFile(resource("wrong-type-values.yaml"))))
                .withMessageContaining("values don't meet the specifications of the schema")
                .withMessageContaining("replicas: Invalid type. Expected: integer, given: string");
    }

    @Test
    void renderWhenMasterKeyMissingThenSchemaNamesIt() {
        assertThatIllegalStateException()
                .isThrownBy(() -> render(template().withValuesFile(resource("missing-master-key-values.yaml"))))
                .withMessageContaining("secrets.masterKey: secretName is required");
        // removing the whole reference (null deletes a default in Helm) fails as clearly
        assertThatIllegalStateException()
                .isThrownBy(() -> render(template()
                        .withValuesFile(resource("minimal-values.yaml"))
                        .set("secrets.masterKey", "null")))
                .withMessageContaining("secrets: masterKey is required");
    }

    @Test
    void renderWhenValueMisspelledThenSchemaRefusesIt() {
        assertThatIllegalStateException()
                .isThrownBy(() -> render(template()
                        .withValuesFile(resource("minimal-values.yaml"))
                        .set("replicaCount", "3")))
                .withMessageContaining("Additional property replicaCount is not allowed");
    }

    // --- security -----------------------------------------------------------------------------------

    @Test
    void podRunsRestricted() {
        for (List<Map<String, Object>> docs : List.of(minimal, production)) {
            Map<String, Object> podSpec = podSpec(docs);
            Map<String, Object> pod = map(podSpec, "securityContext");
            Map<String, Object> container = map(container(docs), "securityContext");

            assertThat(pod).containsEntry("runAsNonRoot", true).containsEntry("runAsUser", 10001);
            assertThat(map(pod, "seccompProfile")).containsEntry("type", "RuntimeDefault");
            assertThat(container)
                    .containsEntry("runAsNonRoot", true)
                    .containsEntry("runAsUser", 10001)
                    .containsEntry("readOnlyRootFilesystem", true)
                    .containsEntry("allowPrivilegeEscalation", false);
            assertThat(map(container, "capabilities").get("drop")).isEqualTo(List.of("ALL"));
            assertThat(map(container, "seccompProfile")).containsEntry("type", "RuntimeDefault");
            assertThat(podSpec).containsEntry("automountServiceAccountToken", false);
            // a read-only root needs somewhere to write: /tmp is an emptyDir
            Map<String, Object> tmp = list(container(docs).get("volumeMounts")).stream()
                    .filter((m) -> "/tmp".equals(m.get("mountPath")))
                    .findFirst()
                    .orElseThrow();
            assertThat(volume(podSpec, (String) tmp.get("name"))).containsKey("emptyDir");
        }
    }

    @Test
    void replicasSpreadAcrossZonesAndNodes() {
        List<Map<String, Object>> constraints = list(podSpec(production).get("topologySpreadConstraints"));

        assertThat(constraints)
                .extracting((c) -> c.get("topologyKey"))
                .containsExactly("topology.kubernetes.io/zone", "kubernetes.io/hostname");
        assertThat(constraints)
                .allSatisfy((c) -> assertThat(map(map(c, "labelSelector"), "matchLabels"))
                        .isEqualTo(map(map(map(deployment(production), "spec"), "selector"), "matchLabels")));
    }

    @Test
    void networkPolicyAdmitsTheIngressControllerAndLetsOutOnlyDnsDatabaseRedisAndHttps() {
        Map<String, Object> spec = map(only(production, "NetworkPolicy"), "spec");
        List<Map<String, Object>> ingress = list(spec.get("ingress"));
        List<Map<String, Object>> egress = list(spec.get("egress"));

        assertThat(spec.get("policyTypes")).isEqualTo(List.of("Ingress", "Egress"));
        Map<String, Object> controller = list(ingress.get(0).get("from")).get(0);
        assertThat(map(map(controller, "namespaceSelector"), "matchLabels"))
                .containsEntry("kubernetes.io/metadata.name", "ingress-nginx");
        assertThat(ingress)
                .allSatisfy((rule) -> assertThat(list(rule.get("ports")))
                        .extracting((p) -> p.get("port"))
                        .containsOnly(APP_PORT));
        assertThat(egress.stream()
                        .flatMap((rule) -> list(rule.get("ports")).stream())
                        .map((p) -> p.get("port") + "/" + p.get("protocol")))
                .containsExactlyInAnyOrder("53/UDP", "53/TCP", "5432/TCP", "6379/TCP", "26379/TCP", "443/TCP");
    }

    // --- scaling and availability -----------------------------------------------------------------

    @Test
    void autoscalerAndDisruptionBudgetAreSane() {
        for (List<Map<String, Object>> docs : List.of(minimal, production)) {
            Map<String, Object> deployment = deployment(docs);
            Map<String, Object> hpa = only(docs, "HorizontalPodAutoscaler");
            Map<String, Object> hpaSpec = map(hpa, "spec");
            int min = ((Number) hpaSpec.get("minReplicas")).intValue();
            int max = ((Number) hpaSpec.get("maxReplicas")).intValue();
            Map<String, Object> cpu = map(map(list(hpaSpec.get("metrics")).get(0), "resource"), "target");

            assertThat(hpa.get("apiVersion")).isEqualTo("autoscaling/v2");
            assertThat(map(hpaSpec, "scaleTargetRef"))
                    .containsEntry("kind", "Deployment")
                    .containsEntry("name", map(deployment, "metadata").get("name"));
            assertThat(min).isGreaterThanOrEqualTo(2);
            assertThat(max).isGreaterThanOrEqualTo(min);
            assertThat(map(list(hpaSpec.get("metrics")).get(0), "resource")).containsEntry("name", "cpu");
            assertThat(cpu).containsEntry("type", "Utilization");
            assertThat(((Number) cpu.get("averageUtilization")).intValue()).isBetween(1, 100);
            // utilisation is relative to the request; the HPA owns the replica count
            assertThat(map(map(container(docs), "resources"), "requests")).containsKey("cpu");
            assertThat(map(deployment, "spec")).doesNotContainKey("replicas");

            Map<String, Object> pdb = only(docs, "PodDisruptionBudget");
            Map<String, Object> pdbSpec = map(pdb, "spec");
            assertThat(pdb.get("apiVersion")).isEqualTo("policy/v1");
            assertThat(map(map(map(map(deployment, "spec"), "template"), "metadata"), "labels"))
                    .containsAllEntriesOf(cast(map(pdbSpec, "selector").get("matchLabels")));
            // a drain must always be possible: at least one pod may go at any replica count
            assertThat(pdbSpec).containsEntry("maxUnavailable", 1).doesNotContainKey("minAvailable");
        }
    }

    @Test
    void withoutAutoscalerTheDeploymentCarriesTheReplicas() {
        List<Map<String, Object>> docs = render(
                template().withValuesFile(resource("minimal-values.yaml")).set("autoscaling.enabled", "false"));

        assertThat(docs).noneMatch((doc) -> "HorizontalPodAutoscaler".equals(doc.get("kind")));
        assertThat(map(deployment(docs), "spec")).containsEntry("replicas", 3);
    }

    // --- exposure and monitoring --------------------------------------------------------------------

    @Test
    void ingressAndServiceMonitorOnlyWhenAskedFor() {
        assertThat(minimal)
                .noneMatch((doc) -> "Ingress".equals(doc.get("kind")) || "ServiceMonitor".equals(doc.get("kind")));

        Map<String, Object> ingressSpec = map(only(production, "Ingress"), "spec");
        Map<String, Object> tls = list(ingressSpec.get("tls")).get(0);
        assertThat(tls).containsEntry("secretName", "yiwang-id-tls");
        assertThat(tls.get("hosts")).isEqualTo(List.of("id.example.gov.cn"));
        Map<String, Object> backend = map(
                list(map(list(ingressSpec.get("rules")).get(0), "http").get("paths"))
                        .get(0),
                "backend");
        assertThat(map(backend, "service"))
                .containsEntry(
                        "name", map(only(production, "Service"), "metadata").get("name"));

        Map<String, Object> monitor = only(production, "ServiceMonitor");
        Map<String, Object> endpoint =
                list(map(monitor, "spec").get("endpoints")).get(0);
        assertThat(monitor.get("apiVersion")).isEqualTo("monitoring.coreos.com/v1");
        assertThat(endpoint).containsEntry("path", "/actuator/prometheus").containsEntry("port", "http");
        assertThat(list(map(only(production, "Service"), "spec").get("ports")))
                .extracting((p) -> p.get("name"))
                .contains("http");
    }

    // --- helpers ------------------------------------------------------------------------------------

    private static TemplateCommand template() {
        return new Helm(CHART).template().withName("yiwang-id").withNamespace("yiwang");
    }

    private static List<Map<String, Object>> render(TemplateCommand command) {
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : new Yaml().loadAll(command.call())) {
            if (document != null) {
                documents.add(cast(document));
            }
        }
        return documents;
    }

    private static Path resource(String name) {
        return classpath("/helm/" + name);
    }

    private static Path classpath(String name) {
        try {
            return Path.of(HelmChartTests.class.getResource(name).toURI());
        } catch (URISyntaxException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(this.temp.resolve(name), content, StandardCharsets.UTF_8);
    }

    private Path copyChart(Path target) throws IOException {
        try (Stream<Path> files = Files.walk(CHART)) {
            for (Path source : files.toList()) {
                Path destination = target.resolve(CHART.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(destination);
                } else {
                    Files.copy(source, destination);
                }
            }
        }
        return target;
    }

    private static Map<String, Object> loadYaml(Path file) {
        try {
            return new Yaml().load(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static String dumpYaml(Map<String, Object> values) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setAllowUnicode(true);
        return new Yaml(options).dump(values);
    }

    /** Helm's merge of a values file over the defaults: maps merge, everything else replaces. */
    private static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> override) {
        Map<String, Object> merged = new LinkedHashMap<>(base);
        override.forEach((key, value) -> {
            if (value instanceof Map<?, ?> && merged.get(key) instanceof Map<?, ?>) {
                merged.put(key, merge(cast(merged.get(key)), cast(value)));
            } else {
                merged.put(key, value);
            }
        });
        return merged;
    }

    private static Map<String, Object> only(List<Map<String, Object>> docs, String kind) {
        List<Map<String, Object>> matching =
                docs.stream().filter((doc) -> kind.equals(doc.get("kind"))).toList();
        assertThat(matching).as(kind).hasSize(1);
        return matching.get(0);
    }

    private static Map<String, Object> named(List<Map<String, Object>> docs, String kind, String name) {
        return docs.stream()
                .filter((doc) -> kind.equals(doc.get("kind"))
                        && name.equals(map(doc, "metadata").get("name")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }

    private static Map<String, Object> deployment(List<Map<String, Object>> docs) {
        return only(docs, "Deployment");
    }

    private static Map<String, Object> podSpec(List<Map<String, Object>> docs) {
        return map(map(map(deployment(docs), "spec"), "template"), "spec");
    }

    private static Map<String, Object> container(List<Map<String, Object>> docs) {
        List<Map<String, Object>> containers = list(podSpec(docs).get("containers"));
        assertThat(containers).hasSize(1);
        return containers.get(0);
    }

    private static Map<String, Object> volume(Map<String, Object> podSpec, String name) {
        return list(podSpec.get("volumes")).stream()
                .filter((v) -> name.equals(v.get("name")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no volume " + name));
    }

    private static Map<String, Object> probe(Map<String, Object> container, String probe) {
        return map(map(container, probe), "httpGet");
    }

    /** A probe or Service port may name the container port; resolve it to its number. */
    private static int containerPort(Map<String, Object> container, Object port) {
        if (port instanceof Number number) {
            return number.intValue();
        }
        return list(container.get("ports")).stream()
                .filter((p) -> port.equals(p.get("name")))
                .map((p) -> ((Number) p.get("containerPort")).intValue())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no container port named " + port));
    }

    /** The container's env by name, in order; a name listed twice would hide a mistake. */
    private static Map<String, Map<String, Object>> env(Map<String, Object> container) {
        Map<String, Map<String, Object>> env = new LinkedHashMap<>();
        for (Map<String, Object> entry : list(container.get("env"))) {
            assertThat(env.put((String) entry.get("name"), entry))
                    .as("duplicate env %s", entry.get("name"))
                    .isNull();
        }
        return env;
    }

    /** What the server would see: the rendered env, each secretKeyRef replaced by a placeholder. */
    private static <T> T bind(List<Map<String, Object>> docs, String prefix, Class<T> type) {
        Map<String, Object> variables = new LinkedHashMap<>();
        env(container(docs)).forEach((name, entry) -> {
            if (entry.containsKey("value")) {
                variables.put(name, entry.get("value"));
            } else {
                Map<String, Object> ref = map(map(entry, "valueFrom"), "secretKeyRef");
                variables.put(name, placeholder((String) ref.get("name"), (String) ref.get("key")));
            }
        });
        StandardEnvironment environment = new StandardEnvironment();
        environment
                .getPropertySources()
                .replace(
                        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        new SystemEnvironmentPropertySource(
                                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
        return Binder.get(environment)
                .bind(prefix, type)
                .orElseThrow(() -> new AssertionError("nothing bound to " + prefix));
    }

    /** Stands in for a Secret's content; long enough for the verifier's 32-character minimum. */
    private static String placeholder(String secretName, String key) {
        return "from-secret/" + secretName + "/" + key;
    }

    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        assertThat(value).as(key).isInstanceOf(Map.class);
        return cast(value);
    }

    private static List<Map<String, Object>> list(Object value) {
        assertThat(value).isInstanceOf(List.class);
        return cast(value);
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object value) {
        return (T) value;
    }
}
