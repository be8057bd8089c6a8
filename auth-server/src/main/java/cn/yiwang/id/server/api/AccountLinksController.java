package cn.yiwang.id.server.api;

import cn.yiwang.id.federation.linking.AccountLinking;
import cn.yiwang.id.federation.linking.IdentityLink;
import cn.yiwang.id.federation.registry.IdentityProviderRegistry;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A citizen's links to provincial identity providers ({@code /account/api/links}, scope
 * {@code yiwang.account}): see which provinces can sign them in, and remove a link.
 */
@RestController
@RequestMapping("/account/api/links")
public final class AccountLinksController {

    private final AccountLinking links;
    private final IdentityProviderRegistry registry;

    public AccountLinksController(AccountLinking links, IdentityProviderRegistry registry) {
        this.links = links;
        this.registry = registry;
    }

    /** One link as the API shows it; the upstream subject stays inside. */
    public record LinkView(
            String idpAlias, String displayNameZh, String displayNameEn, Instant linkedAt, Instant lastLoginAt) {}

    @GetMapping
    public List<LinkView> list(@AuthenticationPrincipal Jwt token) {
        return this.links.linksOf(UUID.fromString(token.getSubject())).stream()
                .map(this::view)
                .toList();
    }

    @DeleteMapping("/{alias}")
    public ResponseEntity<Void> unlink(@PathVariable String alias, @AuthenticationPrincipal Jwt token) {
        if (!this.links.unlink(UUID.fromString(token.getSubject()), alias)) {
            throw ApiProblems.notFound("Link not found", "This account has no link to that identity provider");
        }
        return ResponseEntity.noContent().build();
    }

    private LinkView view(IdentityLink link) {
        return this.registry
                .findEnabled(link.idpAlias())
                .map((idp) -> new LinkView(
                        link.idpAlias(), idp.displayNameZh(), idp.displayNameEn(), link.linkedAt(), link.lastLoginAt()))
                .orElse(new LinkView(
                        link.idpAlias(), link.idpAlias(), link.idpAlias(), link.linkedAt(), link.lastLoginAt()));
    }
}
