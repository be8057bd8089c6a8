package cn.yiwang.id.server.logout;

import java.util.Optional;

/**
 * Tells a session participant that is not an OAuth client (a SAML service provider) that the
 * session has ended; participants are recorded as {@code <kind>:<id>}.
 */
public interface ParticipantLogout {

    /** Whether this kind of participant is ours to notify. */
    boolean handles(String participantId);

    /**
     * Notifies the participant out of band, or returns the page the ending browser should load in
     * an iframe to notify it (a front-channel logout request).
     */
    Optional<FrontChannelLogout> logout(String participantId, String accountId, String sid);
}
