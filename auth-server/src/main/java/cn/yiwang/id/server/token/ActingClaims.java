package cn.yiwang.id.server.token;

import cn.yiwang.id.server.client.SubjectIdentifiers;
import cn.yiwang.id.server.session.SsoAuthentication;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * The {@code act} claim (RFC 8693 §4.1) of tokens and userinfo issued in a session where a community agent
 * (代办员) acts for a citizen who approved it: {@code sub} stays the citizen's, and {@code act} names the agent
 * as this client knows them (pairwise like any subject) with {@code role} {@code community_agent}, so every
 * relying party sees who acted.
 */
public final class ActingClaims {

    /** The actor claim. */
    public static final String ACT = "act";

    /** The role of a community agent in {@code act}. */
    public static final String COMMUNITY_AGENT = "community_agent";

    private final SubjectIdentifiers subjects;

    public ActingClaims(SubjectIdentifiers subjects) {
        this.subjects = subjects;
    }

    /** The {@code act} value for tokens of this principal at this client, empty when nobody acts for anyone. */
    public Optional<Map<String, Object>> act(RegisteredClient client, Authentication principal) {
        if (!(principal instanceof SsoAuthentication sso) || !sso.getSession().isActing()) {
            return Optional.empty();
        }
        Map<String, Object> act = new LinkedHashMap<>();
        act.put("sub", this.subjects.subjectFor(client, sso.getSession().actorId()));
        act.put("role", COMMUNITY_AGENT);
        return Optional.of(act);
    }
}
