package cn.yiwang.id.saml.metadata;

/**
 * One protocol endpoint from metadata (an AssertionConsumerService, SingleSignOnService or
 * SingleLogoutService).
 *
 * @param binding the binding URI
 * @param location where requests (or responses, for an ACS) go
 * @param responseLocation where responses go, if not to {@code location} (SLO)
 * @param index the ACS index, or -1 when the endpoint has none
 * @param isDefault whether metadata marks it as the default
 */
public record SamlEndpoint(String binding, String location, String responseLocation, int index, boolean isDefault) {

    /** Where a response to this endpoint goes. */
    public String responseTarget() {
        return (this.responseLocation != null && !this.responseLocation.isBlank())
                ? this.responseLocation
                : this.location;
    }
}
