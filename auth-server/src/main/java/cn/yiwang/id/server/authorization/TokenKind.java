package cn.yiwang.id.server.authorization;

import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2DeviceCode;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.core.OAuth2UserCode;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;

/** The token kinds an authorization can hold, with their one-letter storage code and index name. */
enum TokenKind {
    CODE("c", "code", OAuth2AuthorizationCode.class),
    ACCESS("a", "access_token", OAuth2AccessToken.class),
    REFRESH("r", "refresh_token", OAuth2RefreshToken.class),
    ID("i", "id_token", OidcIdToken.class),
    // RFC 8628: the device polls with the device code; the citizen types the user code at /activate
    DEVICE("d", "device_code", OAuth2DeviceCode.class),
    USER("u", "user_code", OAuth2UserCode.class);

    final String code;
    final String typeName;
    final Class<? extends OAuth2Token> type;

    TokenKind(String code, String typeName, Class<? extends OAuth2Token> type) {
        this.code = code;
        this.typeName = typeName;
        this.type = type;
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
