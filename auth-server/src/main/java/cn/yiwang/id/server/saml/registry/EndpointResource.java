package cn.yiwang.id.server.saml.registry;

import cn.yiwang.id.saml.metadata.SamlEndpoint;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A SAML endpoint as the admin API's JSON and the bootstrap file spell it.
 *
 * @param binding the binding URN, or {@code HTTP-POST} / {@code HTTP-Redirect}
 * @param location where messages go
 * @param responseLocation where responses go when not to {@code location} (single logout only), or absent
 * @param index the assertion consumer service index; absent means its position in the list (and none
 *     for single logout services)
 * @param isDefault whether it is the default assertion consumer service; absent means false
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EndpointResource(
        String binding,
        String location,
        String responseLocation,
        Integer index,
        @JsonProperty("isDefault") Boolean isDefault) {

    /** @return the representation of a stored endpoint */
    public static EndpointResource of(SamlEndpoint endpoint) {
        return new EndpointResource(
                endpoint.binding(),
                endpoint.location(),
                endpoint.responseLocation(),
                (endpoint.index() >= 0) ? endpoint.index() : null,
                endpoint.isDefault());
    }
}
