package cn.yiwang.id.server.saml;

import cn.yiwang.id.server.saml.registry.ServiceProvider;

/**
 * A SAML request we refuse. With a trusted SP and ACS it is answered with a SAML status response
 * there; without (unknown SP, bad signature, unregistered ACS) only an error page is safe.
 */
public final class SamlRequestException extends RuntimeException {

    private final String reason;
    private final transient ServiceProvider serviceProvider;
    private final String acs;
    private final String inResponseTo;
    private final String relayState;
    private final String statusCode;
    private final String secondLevel;

    private SamlRequestException(
            String reason,
            String message,
            ServiceProvider serviceProvider,
            String acs,
            String inResponseTo,
            String relayState,
            String statusCode,
            String secondLevel) {
        super(message);
        this.reason = reason;
        this.serviceProvider = serviceProvider;
        this.acs = acs;
        this.inResponseTo = inResponseTo;
        this.relayState = relayState;
        this.statusCode = statusCode;
        this.secondLevel = secondLevel;
    }

    /** Nobody to answer: an error page. */
    static SamlRequestException untrusted(String reason, String message, ServiceProvider serviceProvider) {
        return new SamlRequestException(reason, message, serviceProvider, null, null, null, null, null);
    }

    /** A status response to the SP's ACS. */
    static SamlRequestException answered(
            String reason,
            String message,
            ServiceProvider serviceProvider,
            String acs,
            String inResponseTo,
            String relayState,
            String statusCode,
            String secondLevel) {
        return new SamlRequestException(
                reason, message, serviceProvider, acs, inResponseTo, relayState, statusCode, secondLevel);
    }

    public String reason() {
        return this.reason;
    }

    public ServiceProvider serviceProvider() {
        return this.serviceProvider;
    }

    public boolean answerable() {
        return this.serviceProvider != null && this.acs != null;
    }

    public String acs() {
        return this.acs;
    }

    public String inResponseTo() {
        return this.inResponseTo;
    }

    public String relayState() {
        return this.relayState;
    }

    public String statusCode() {
        return this.statusCode;
    }

    public String secondLevel() {
        return this.secondLevel;
    }
}
