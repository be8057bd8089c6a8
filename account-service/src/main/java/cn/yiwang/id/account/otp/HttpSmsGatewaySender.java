package cn.yiwang.id.account.otp;

import cn.yiwang.id.account.crypto.Masking;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Sends SMS through the JSON gateway described in {@code docs/sms-gateway-contract.md}:
 * {@code POST <base-url>/v1/sms} with a bearer API key; a 2xx answer with {@code {"status":"ok"}}
 * means accepted, anything else is a failure with a reason.
 *
 * <p>Each message is posted exactly once. The JDK client does not retry a POST by itself, and this
 * class does not either: a timed-out request may still have been delivered, and a second code SMS
 * is worse than the citizen asking for a new one.
 */
public final class HttpSmsGatewaySender implements SmsSender {

    private static final int MAX_REASON_LENGTH = 200;

    // a gateway's error text may echo the number it refused
    private static final Pattern LONG_DIGITS = Pattern.compile("\\d{7,}");

    private final HttpClient http;

    private final URI endpoint;

    private final SmsProperties.Http properties;

    private final JsonMapper json = JsonMapper.builder().build();

    public HttpSmsGatewaySender(SmsProperties.Http properties) {
        properties.requireComplete();
        this.properties = properties;
        String base = properties.baseUrl().toString();
        this.endpoint = URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/v1/sms");
        this.http = HttpClient.newBuilder()
                .connectTimeout(properties.connectTimeout())
                // never carry the API key to wherever a redirect points
                .followRedirects(HttpClient.Redirect.NEVER)
                // one small POST: no h2c upgrade dance on plain-http test gateways
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /**
     * Returns where messages are posted.
     * @return {@code <base-url>/v1/sms}
     */
    public URI endpoint() {
        return this.endpoint;
    }

    @Override
    public void send(String phone, OneTimeCodeSms sms) {
        HttpRequest request = HttpRequest.newBuilder(this.endpoint)
                .timeout(this.properties.timeout())
                .header("Content-Type", "application/json; charset=utf-8")
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + this.properties.apiKey())
                .POST(HttpRequest.BodyPublishers.ofByteArray(requestBody(phone, sms)))
                .build();
        HttpResponse<String> response = exchange(request);
        int status = response.statusCode();
        JsonNode body = parse(response.body());
        if (status < 200 || status > 299) {
            throw new SmsSendException("the gateway answered HTTP " + status + details(body));
        }
        if (body == null) {
            throw new SmsSendException(
                    "the gateway answered HTTP " + status + " with a body that is not a JSON object");
        }
        JsonNode outcome = body.get("status");
        if (outcome == null || !outcome.isString() || !"ok".equals(outcome.asString())) {
            throw new SmsSendException("the gateway answered HTTP " + status + " with status "
                    + ((outcome != null) ? sanitise(outcome.toString()) : "missing") + details(body));
        }
    }

    private byte[] requestBody(String phone, OneTimeCodeSms sms) {
        ObjectNode body = this.json.createObjectNode();
        body.put("phone", phone);
        body.put("templateId", this.properties.templateId());
        body.putObject("params").put("code", sms.code());
        body.put("signName", this.properties.signName());
        return this.json.writeValueAsBytes(body);
    }

    private HttpResponse<String> exchange(HttpRequest request) {
        Duration timeout = this.properties.timeout();
        CompletableFuture<HttpResponse<String>> future =
                this.http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        try {
            // the request timeout ends at the response headers; this one also bounds a trickling body
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException ex) {
            future.cancel(true);
            throw new SmsSendException("the gateway did not answer within " + timeout, ex);
        } catch (InterruptedException ex) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new SmsSendException("interrupted while waiting for the gateway", ex);
        } catch (ExecutionException ex) {
            Throwable cause = ex.getCause();
            if (cause instanceof HttpTimeoutException) {
                throw new SmsSendException("the gateway did not answer within " + timeout, cause);
            }
            if (cause instanceof IOException) {
                throw new SmsSendException(
                        "the gateway could not be reached (" + cause.getClass().getSimpleName()
                                + ((cause.getMessage() != null) ? ": " + sanitise(cause.getMessage()) : "") + ")",
                        cause);
            }
            throw new SmsSendException("the request to the gateway failed", cause);
        }
    }

    private JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode node = this.json.readTree(body);
            return (node != null && node.isObject()) ? node : null;
        } catch (JacksonException ex) {
            return null;
        }
    }

    private static String details(JsonNode body) {
        if (body == null) {
            return "";
        }
        StringBuilder details = new StringBuilder();
        for (String field : new String[] {"code", "message"}) {
            JsonNode value = body.get(field);
            if (value != null && !value.isNull()) {
                details.append((details.length() == 0) ? " (" : ", ")
                        .append(field)
                        .append(' ')
                        .append(sanitise(value.asString()));
            }
        }
        return (details.length() > 0) ? details.append(')').toString() : "";
    }

    private static String sanitise(String text) {
        String shortened = (text.length() > MAX_REASON_LENGTH) ? text.substring(0, MAX_REASON_LENGTH) + "…" : text;
        Matcher digits = LONG_DIGITS.matcher(shortened);
        StringBuilder masked = new StringBuilder();
        while (digits.find()) {
            digits.appendReplacement(masked, Matcher.quoteReplacement(Masking.phone(digits.group())));
        }
        return digits.appendTail(masked).toString();
    }
}
