package cn.yiwang.id.server.web;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;

/** Treats the rest of an authorization request as unauthenticated. */
final class AuthenticationDrop {

    private AuthenticationDrop() {}

    static void forRequest(HttpServletRequest request) {
        SecurityContextHolder.clearContext();
        // Spring Authorization Server pre-validates the request earlier in the chain and keeps the
        // result, principal included, in this attribute; drop it so the endpoint sees the cleared context.
        request.removeAttribute(OAuth2AuthorizationCodeRequestAuthenticationToken.class.getName());
    }
}
