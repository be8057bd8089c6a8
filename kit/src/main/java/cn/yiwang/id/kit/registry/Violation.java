package cn.yiwang.id.kit.registry;

/**
 * One problem with a registry entry's definition (an identity provider, a service provider, a client).
 *
 * @param field the offending field, as named in the admin API's JSON (e.g. {@code issuer})
 * @param message what is wrong and what is expected, in English
 */
public record Violation(String field, String message) {}
