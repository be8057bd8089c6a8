package cn.yiwang.id.account.enterprise;

/**
 * Looks an enterprise up in the authoritative registry (the market-regulation registry, or the
 * registry of institutions and social organisations): does it exist, is it active, who is its legal
 * representative. Same shape as the real-name {@code IdentityVerifier}: implementations never throw
 * for an answer they could not get, they return {@link RegistryAnswer.Unavailable}.
 */
public interface EnterpriseRegistry {

    /**
     * Looks one enterprise up.
     * @param uscc a valid, normalised unified social credit code
     * @return found, not found, or unavailable; never {@code null}
     */
    RegistryAnswer lookup(String uscc);

    /**
     * Names this registry in records, logs and metrics.
     * @return for example {@code http:registry.example.gov.cn} or {@code sandbox}
     */
    String id();
}
