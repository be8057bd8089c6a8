package cn.yiwang.id.server.exchange;

import java.util.Arrays;
import java.util.List;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/** The per-client token-exchange policy: the target services a client may exchange citizens' tokens for. */
public final class TokenExchangeAudiences {

    /** Client setting: the {@code resource}/{@code audience} values the client may ask for, space-separated. */
    public static final String SETTING = "settings.client.token-exchange-audiences";

    private TokenExchangeAudiences() {}

    public static List<String> of(RegisteredClient client) {
        return (client.getClientSettings().getSetting(SETTING) instanceof String text && !text.isBlank())
                ? Arrays.asList(text.trim().split("\\s+"))
                : List.of();
    }
}
