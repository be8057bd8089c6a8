package cn.yiwang.id.server.session;

import java.util.Set;

/**
 * Who took part in an SSO session: the relying parties that received tokens in it, and the
 * authorizations (token sets) issued in it.
 *
 * @param accountId the session's account
 * @param clientIds client ids of the relying parties
 * @param authorizationIds ids of the OAuth2 authorizations issued in the session
 */
public record SessionParticipants(String accountId, Set<String> clientIds, Set<String> authorizationIds) {

    public SessionParticipants {
        clientIds = Set.copyOf(clientIds);
        authorizationIds = Set.copyOf(authorizationIds);
    }
}
