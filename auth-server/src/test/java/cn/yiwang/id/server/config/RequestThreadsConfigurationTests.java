package cn.yiwang.id.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.catalina.connector.Connector;
import org.apache.coyote.AbstractProtocol;
import org.junit.jupiter.api.Test;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.mock.env.MockEnvironment;

class RequestThreadsConfigurationTests {

    @Test
    void fourPerCoreAndNeverFewerThanEight() {
        assertThat(RequestThreadsConfiguration.threadsFor(1)).isEqualTo(8);
        assertThat(RequestThreadsConfiguration.threadsFor(2)).isEqualTo(8);
        assertThat(RequestThreadsConfiguration.threadsFor(4)).isEqualTo(16);
        assertThat(RequestThreadsConfiguration.threadsFor(16)).isEqualTo(64);
    }

    @Test
    void theConnectorGetsThemUnlessConfigured() {
        int expected =
                RequestThreadsConfiguration.threadsFor(Runtime.getRuntime().availableProcessors());
        assertThat(maxThreadsWith(new MockEnvironment())).isEqualTo(expected);
        // Tomcat's default of 10 spare threads would exceed 8 threads: the spare count follows
        assertThat(minSpareThreadsWith(new MockEnvironment())).isLessThanOrEqualTo(expected);
        // an operator's setting is left to Spring Boot, which applies it itself
        assertThat(maxThreadsWith(new MockEnvironment().withProperty("server.tomcat.threads.max", "300")))
                .isEqualTo(new Connector().getProperty("maxThreads"));
    }

    private static Object maxThreadsWith(MockEnvironment environment) {
        return protocolWith(environment).getMaxThreads();
    }

    private static int minSpareThreadsWith(MockEnvironment environment) {
        return protocolWith(environment).getMinSpareThreads();
    }

    private static AbstractProtocol<?> protocolWith(MockEnvironment environment) {
        TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory();
        new RequestThreadsConfiguration().requestThreads(environment).customize(factory);
        Connector connector = new Connector();
        factory.getConnectorCustomizers().forEach((customizer) -> customizer.customize(connector));
        return (AbstractProtocol<?>) connector.getProtocolHandler();
    }
}
