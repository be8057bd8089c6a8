package cn.yiwang.id.server.web;

import cn.yiwang.id.account.realname.AssuranceLevel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code claims} request parameter (OIDC Core §5.5) as far as it asks for a level of assurance: the
 * {@code acr} member of {@code id_token} (or {@code userinfo}), with {@code value} or {@code values} (§5.5.1.1),
 * which some libraries send instead of {@code acr_values}. Any listed value satisfies the request, so the lowest
 * one we know counts. A parameter that is not a JSON object asks for nothing here.
 */
public final class ClaimsRequest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final int MAX_LENGTH = 4096;

    private ClaimsRequest() {}

    /** @return the level the {@code claims} parameter asks {@code acr} to meet, or empty */
    public static Optional<AssuranceLevel> requestedAcr(String claims) {
        if (claims == null || claims.isBlank() || claims.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        JsonNode root;
        try {
            root = JSON.readTree(claims);
        } catch (JacksonException ex) {
            return Optional.empty();
        }
        if (root == null || !root.isObject()) {
            return Optional.empty();
        }
        List<String> values = new ArrayList<>();
        for (String member : List.of("id_token", "userinfo")) {
            JsonNode acr = root.path(member).path("acr");
            if (acr.isObject()) {
                if (acr.path("value").isString()) {
                    values.add(acr.path("value").asString());
                }
                acr.path("values").forEach((value) -> {
                    if (value.isString()) {
                        values.add(value.asString());
                    }
                });
            }
        }
        return AssuranceLevel.requested(String.join(" ", values));
    }
}
