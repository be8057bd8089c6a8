package cn.yiwang.id.account.enterprise;

import java.util.Objects;

/** The answer of an {@link EnterpriseRegistry}: found, unknown, or no answer. */
public sealed interface RegistryAnswer {

    /**
     * The registry that answered.
     * @return its {@link EnterpriseRegistry#id()}
     */
    String registryId();

    /**
     * The outcome as a metric tag.
     * @return {@code found}, {@code not-found} or {@code unavailable}
     */
    String outcome();

    /**
     * The registry knows the enterprise (whatever its status).
     *
     * @param registryId the registry
     * @param enterprise what it knows
     * @param reference the registry's transaction id, kept as evidence
     */
    record Found(String registryId, RegisteredEnterprise enterprise, String reference) implements RegistryAnswer {

        public Found {
            Objects.requireNonNull(registryId, "registryId");
            Objects.requireNonNull(enterprise, "enterprise");
        }

        @Override
        public String outcome() {
            return "found";
        }
    }

    /**
     * The registry answered that no enterprise has this code.
     *
     * @param registryId the registry
     */
    record NotFound(String registryId) implements RegistryAnswer {

        @Override
        public String outcome() {
            return "not-found";
        }
    }

    /**
     * No answer: ask again later. Nothing may be decided on it.
     *
     * @param registryId the registry
     * @param reason {@code timeout}, {@code circuit-open}, {@code connect-failed}, {@code http-5xx},
     * {@code bad-response}, {@code rejected-<status>}, {@code service-error} or {@code interrupted}
     */
    record Unavailable(String registryId, String reason) implements RegistryAnswer {

        @Override
        public String outcome() {
            return "unavailable";
        }
    }
}
