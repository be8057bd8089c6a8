package cn.yiwang.id.server.saml;

import cn.yiwang.id.saml.SamlException;
import cn.yiwang.id.saml.SamlNames;
import cn.yiwang.id.saml.SamlStatus;
import cn.yiwang.id.saml.SamlXml;
import cn.yiwang.id.saml.SecureXml;
import cn.yiwang.id.saml.XmlSignatures;
import cn.yiwang.id.saml.metadata.SamlEndpoint;
import cn.yiwang.id.server.audit.AuditEvent;
import cn.yiwang.id.server.audit.AuditLog;
import cn.yiwang.id.server.saml.registry.ServiceProvider;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * SAML Single Logout over the SOAP binding (bindings §3.2), the back-channel: a signed LogoutRequest
 * posted server to server, so an SP hears of the session's end however it ends (a timeout, an
 * administrator) and whatever its cookies allow in a browser. Deliveries run on a small pool, two
 * attempts each, and every outcome is audited ({@code saml.slo.backchannel}).
 */
public final class SamlSoapLogout implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SamlSoapLogout.class);

    private static final int ATTEMPTS = 2;

    private final SamlKeyStore keys;
    private final AuditLog audit;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Duration timeout;
    private final HttpClient http;
    private final ThreadPoolExecutor executor;

    public SamlSoapLogout(SamlKeyStore keys, AuditLog audit, MeterRegistry meters, Clock clock, Duration timeout) {
        this.keys = keys;
        this.audit = audit;
        this.meters = meters;
        this.clock = clock;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.executor =
                new ThreadPoolExecutor(2, 2, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(10_000), (task) -> {
                    Thread thread = new Thread(task, "saml-soap-logout");
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /** Signs the request, wraps it in a SOAP 1.1 envelope and delivers it in the background. */
    public void send(ServiceProvider sp, SamlEndpoint endpoint, Document logoutRequest, String accountId, String sid) {
        SamlCredential credential = this.keys.credential();
        XmlSignatures.sign(logoutRequest.getDocumentElement(), credential.privateKey(), credential.certificate());
        String body = "<soap11:Envelope xmlns:soap11=\"" + SamlNames.SOAP11_NS + "\"><soap11:Body>"
                + SecureXml.toString(logoutRequest.getDocumentElement()) + "</soap11:Body></soap11:Envelope>";
        try {
            this.executor.execute(() -> deliver(sp, endpoint, body, accountId, sid));
        } catch (RejectedExecutionException ex) {
            record(sp, accountId, sid, "failure", "queue full");
        }
    }

    private void deliver(ServiceProvider sp, SamlEndpoint endpoint, String body, String accountId, String sid) {
        String outcome = "unreachable";
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                HttpResponse<byte[]> response = this.http.send(
                        HttpRequest.newBuilder(URI.create(endpoint.location()))
                                .timeout(this.timeout)
                                .header("Content-Type", "text/xml; charset=utf-8")
                                .header("SOAPAction", "http://www.oasis-open.org/committees/security")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                outcome = status(sp, response);
                if (response.statusCode() < 500) {
                    break;
                }
            } catch (IOException ex) {
                outcome = "unreachable";
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        boolean success = "Success".equals(outcome);
        this.meters
                .counter("yiwang.saml.slo.backchannel", "outcome", success ? "success" : "failure")
                .increment();
        record(sp, accountId, sid, success ? "success" : "failure", outcome);
        if (!success) {
            log.warn("SAML back-channel logout at {} did not succeed: {}", sp.alias(), outcome);
        }
    }

    /** The second-level-free status of the SP's LogoutResponse, or why there is none we can believe. */
    private static String status(ServiceProvider sp, HttpResponse<byte[]> response) {
        if (response.statusCode() != 200) {
            return "http " + response.statusCode();
        }
        try {
            Element envelope = SecureXml.parse(response.body()).getDocumentElement();
            Element logoutResponse = SamlXml.child(envelope, SamlNames.SOAP11_NS, "Body")
                    .flatMap((b) -> SamlXml.child(b, SamlNames.PROTOCOL_NS, "LogoutResponse"))
                    .orElse(null);
            if (logoutResponse == null) {
                return "no LogoutResponse";
            }
            if (XmlSignatures.isSigned(logoutResponse)
                    && !XmlSignatures.verify(logoutResponse, sp.signingCertificates())) {
                return "signature invalid";
            }
            return SamlStatus.of(logoutResponse)
                    .map((s) -> s.codeName().orElse("other"))
                    .orElse("no status");
        } catch (SamlException ex) {
            return ex.reason();
        }
    }

    private void record(ServiceProvider sp, String accountId, String sid, String outcome, String detail) {
        this.audit.record(new AuditEvent(
                this.clock.instant(),
                "saml.slo.backchannel",
                "system",
                accountId,
                "saml:" + sp.alias(),
                sid,
                outcome,
                detail));
    }

    @Override
    public void close() {
        this.executor.shutdown();
    }
}
