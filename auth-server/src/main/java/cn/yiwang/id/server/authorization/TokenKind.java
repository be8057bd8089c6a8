package cn.yiwang.id.server.authorization;

import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2DeviceCode;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.core.OAuth2UserCode;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;

/**
 * The token kinds an authorization can hold, with their one-letter storage code and index name. A kind issued once
 * per authorization (a code, a device code, a user code) is recognised by its index alone; kinds that rotate (access,
 * refresh and ID tokens) keep their digest in the record too, so that an index left by a rotated token finds nothing.
 */
enum TokenKind {
    CODE("c", "code", OAuth2AuthorizationCode.class, false),
    ACCESS("a", "access_token", OAuth2AccessToken.class, true),
    REFRESH("r", "refresh_token", OAuth2RefreshToken.class, true),
    ID("i", "id_token", OidcIdToken.class, true),
    // RFC 8628: the device polls with the device code; the citizen types the user code at /activate
    DEVICE("d", "device_code", OAuth2DeviceCode.class, false),
    USER("u", "user_code", OAuth2UserCode.class, false);

    final String code;
    final String typeName;
    final Class<? extends OAuth2Token> type;
    final boolean rotates;

    TokenKind(String code, String typeName, Class<? extends OAuth2Token> type, boolean rotates) {
        this.code = code;
        this.typeName = typeName;
        this.type = type;
        this.rotates = rotates;
    }

    static TokenKind of(String code) {
        for (TokenKind kind : values()) {
            if (kind.code.equals(code)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("Unknown token kind " + code);
    }
}
