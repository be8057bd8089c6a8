package cn.yiwang.id.server.device;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.endpoint.OAuth2DeviceAuthorizationResponse;
import org.springframework.security.oauth2.core.http.converter.OAuth2DeviceAuthorizationResponseHttpMessageConverter;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2DeviceAuthorizationRequestAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Writes the device authorization response (RFC 8628 §3.2) with the polling {@code interval} announced
 * (the devices are held to it) and the verification URIs built from the issuer, so they are right behind
 * a proxy: {@code verification_uri} is {@code {issuer}/activate}, and {@code verification_uri_complete}
 * adds the user code, for the kiosk to show as a QR code.
 */
public final class DeviceAuthorizationResponseHandler implements AuthenticationSuccessHandler {

    private final String verificationUri;
    private final DevicePolling polling;
    private final OAuth2DeviceAuthorizationResponseHttpMessageConverter converter =
            new OAuth2DeviceAuthorizationResponseHttpMessageConverter();

    public DeviceAuthorizationResponseHandler(String verificationUri, DevicePolling polling) {
        this.verificationUri = verificationUri;
        this.polling = polling;
    }

    @Override
    public void onAuthenticationSuccess(
            HttpServletRequest request, HttpServletResponse response, Authentication authentication)
            throws IOException {
        OAuth2DeviceAuthorizationRequestAuthenticationToken result =
                (OAuth2DeviceAuthorizationRequestAuthenticationToken) authentication;
        String userCode = result.getUserCode().getTokenValue();
        OAuth2DeviceAuthorizationResponse body = OAuth2DeviceAuthorizationResponse.with(
                        result.getDeviceCode(), result.getUserCode())
                .verificationUri(this.verificationUri)
                .verificationUriComplete(UriComponentsBuilder.fromUriString(this.verificationUri)
                        .queryParam("user_code", userCode)
                        .build()
                        .toUriString())
                .interval(this.polling.intervalSeconds())
                .build();
        response.setHeader("Cache-Control", "no-store");
        this.converter.write(body, null, new ServletServerHttpResponse(response));
    }
}
