package cn.yiwang.id.federation.registry;

/**
 * One problem with an identity provider's definition.
 *
 * @param field the offending field, as named in the admin API's JSON (e.g. {@code issuer})
 * @param message what is wrong and what is expected, in English
 */
public record Violation(String field, String message) {}
