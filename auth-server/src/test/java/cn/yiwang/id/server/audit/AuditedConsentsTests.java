package cn.yiwang.id.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.server.authorization.InMemoryOAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

class AuditedConsentsTests {

    private final List<AuditEvent> recorded = new ArrayList<>();

    private final AuditLog audit = new AuditLog() {
        @Override
        public void record(AuditEvent event) {
            AuditedConsentsTests.this.recorded.add(event);
        }

        @Override
        public List<AuditEvent> forSession(String sessionId) {
            return List.of();
        }

        @Override
        public List<AuditEvent> forAccount(String accountId, int limit) {
            return List.of();
        }
    };

    @Test
    void saveWhenCitizenConsentsThenStoredAndAuditedWithClientIdAndScopes() {
        RegisteredClient client = RegisteredClient.withId("internal-1")
                .clientId("zheliban")
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri("https://app.example/callback")
                .build();
        InMemoryOAuth2AuthorizationConsentService store = new InMemoryOAuth2AuthorizationConsentService();
        AuditedConsents consents = new AuditedConsents(
                store,
                new InMemoryRegisteredClientRepository(client),
                this.audit,
                Clock.fixed(Instant.parse("2026-12-07T00:00:00Z"), ZoneOffset.UTC));

        consents.save(OAuth2AuthorizationConsent.withId("internal-1", "account-7")
                .scope("profile")
                .scope("phone")
                .build());

        assertThat(store.findById("internal-1", "account-7")).isNotNull();
        assertThat(this.recorded).singleElement().satisfies((event) -> {
            assertThat(event.type()).isEqualTo("consent.granted");
            assertThat(event.accountId()).isEqualTo("account-7");
            assertThat(event.clientId()).isEqualTo("zheliban");
            assertThat(event.detail()).isEqualTo("scopes phone profile");
        });
    }
}
