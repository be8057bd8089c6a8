package cn.yiwang.id.server.client;

import com.nimbusds.jwt.JWTParser;
import jakarta.servlet.http.HttpServletRequest;
import java.text.ParseException;
import java.util.HashMap;
import java.util.Map;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * A {@code private_key_jwt} request without {@code client_id}, which RFC 7523 §2.2 makes optional and some
 * libraries leave out, while Spring Authorization Server's converter requires it: the client is the one the
 * assertion names as {@code sub} (its signature, {@code iss} and {@code sub} are checked afterwards against
 * that client's keys). Returns null when {@code client_id} is present, leaving the request to that converter.
 */
public final class ClientAssertionWithoutClientIdConverter implements AuthenticationConverter {

    static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    @Override
    public Authentication convert(HttpServletRequest request) {
        if (!"POST".equals(request.getMethod())
                || request.getParameter(OAuth2ParameterNames.CLIENT_ID) != null
                || !JWT_BEARER.equals(request.getParameter(OAuth2ParameterNames.CLIENT_ASSERTION_TYPE))) {
            return null;
        }
        String[] assertions = request.getParameterValues(OAuth2ParameterNames.CLIENT_ASSERTION);
        if (assertions == null || assertions.length != 1) {
            throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_REQUEST);
        }
        String subject;
        try {
            subject = JWTParser.parse(assertions[0]).getJWTClaimsSet().getSubject();
        } catch (ParseException ex) {
            throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_CLIENT);
        }
        if (subject == null || subject.isBlank() || subject.length() > 100) {
            throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_CLIENT);
        }
        Map<String, Object> additional = new HashMap<>();
        // as Spring Authorization Server's converter: the code grant's parameters, for the PKCE check
        if (AuthorizationGrantType.AUTHORIZATION_CODE
                .getValue()
                .equals(request.getParameter(OAuth2ParameterNames.GRANT_TYPE))) {
            request.getParameterMap().forEach((name, values) -> {
                if (!OAuth2ParameterNames.CLIENT_ASSERTION.equals(name)
                        && !OAuth2ParameterNames.CLIENT_ASSERTION_TYPE.equals(name)) {
                    additional.put(name, (values.length == 1) ? values[0] : values);
                }
            });
        }
        return new OAuth2ClientAuthenticationToken(
                subject, new ClientAuthenticationMethod(JWT_BEARER), assertions[0], additional);
    }
}
