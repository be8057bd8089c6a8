package cn.yiwang.id.server.config;

import org.apache.coyote.AbstractProtocol;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Tomcat's request threads sized to the cores: four per core, at least eight, unless
 * {@code server.tomcat.threads.max} is set. Nearly all of a request's time is CPU (a signature, a hash) or a
 * sub-millisecond Redis round trip, so more threads than that only interleave requests: with Tomcat's default 200, 64
 * concurrent token requests on 2 cores had a p99 fourteen times their median, with 8 threads about twice (bench/README).
 * Requests beyond the threads wait in order on their open connections. Calls that can wait on others (a province's
 * token endpoint, the real-name verifier) are bounded by their timeouts and circuit breakers; a deployment whose
 * upstreams are slow can raise the count with {@code server.tomcat.threads.max}.
 */
@Configuration(proxyBeanMethods = false)
public class RequestThreadsConfiguration {

    /** Per core; measured on 2 cores (bench/README, issue 18). */
    static final int THREADS_PER_CORE = 4;

    /** Never fewer, so a few waiting requests cannot hold every thread on a small node. */
    static final int MINIMUM_THREADS = 8;

    /**
     * Sets the request threads unless configured.
     * @param environment where {@code server.tomcat.threads.max} would be set
     * @return the customizer, which runs after Spring Boot's own and so wins over its default
     */
    @Bean
    public WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> requestThreads(Environment environment) {
        return (factory) -> {
            if (environment.containsProperty("server.tomcat.threads.max")) {
                return;
            }
            int threads = threadsFor(Runtime.getRuntime().availableProcessors());
            factory.addConnectorCustomizers((connector) -> {
                if (connector.getProtocolHandler() instanceof AbstractProtocol<?> protocol) {
                    protocol.setMinSpareThreads(Math.min(protocol.getMinSpareThreads(), threads));
                    protocol.setMaxThreads(threads);
                }
            });
        };
    }

    static int threadsFor(int cores) {
        return Math.max(MINIMUM_THREADS, THREADS_PER_CORE * cores);
    }
}
