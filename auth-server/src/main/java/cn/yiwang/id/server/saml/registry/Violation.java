package cn.yiwang.id.server.saml.registry;

/**
 * One problem with a service provider's definition.
 *
 * @param field the offending field, as named in the admin API's JSON (e.g. {@code entityId},
 *     {@code assertionConsumerServices[1].location})
 * @param message what is wrong and what is expected, in English
 */
public record Violation(String field, String message) {
}
