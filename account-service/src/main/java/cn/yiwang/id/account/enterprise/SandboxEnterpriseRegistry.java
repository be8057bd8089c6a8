package cn.yiwang.id.account.enterprise;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A registry of synthetic enterprises, for the embedded default, demos and tests; never for
 * production (its configuration refuses the {@code prod} profile, like the real-name sandbox).
 *
 * <p>The enterprises are listed in README and {@code docs/enterprise-verifier-contract.md}; their
 * representatives are the real-name sandbox's synthetic citizens. {@link #changeRepresentative} lets a
 * demo or a test play the registry recording a new legal representative; the change lives in this
 * instance only.
 */
public final class SandboxEnterpriseRegistry implements EnterpriseRegistry {

    /** The id of this registry. */
    public static final String ID = "sandbox";

    /** The synthetic enterprises. */
    public static final List<RegisteredEnterprise> ENTERPRISES = List.of(
            // active, represented by 测试用户二
            new RegisteredEnterprise(
                    "91310115MA1FL00154", "一网示例科技有限公司", EnterpriseStatus.ACTIVE, "测试用户二", "310104199003071512"),
            // cancelled (注销)
            new RegisteredEnterprise(
                    "91310104MA1FL00231", "已注销示例贸易有限公司", EnterpriseStatus.CANCELLED, "测试用户二", "310104199003071512"),
            // active; its representative changed from 测试用户二 to 测试用户三
            new RegisteredEnterprise(
                    "91310105MA1FL0031A", "变更示例服务有限公司", EnterpriseStatus.ACTIVE, "测试用户三", "440305200002290029"),
            // a social organisation (民政, 社会团体), represented by 测试用户一
            new RegisteredEnterprise(
                    "52100000500000015L", "一网示例公益协会", EnterpriseStatus.ACTIVE, "测试用户一", "11010519491231002X"));

    /** A code the sandbox answers as a registry that is down would: no answer ({@code sandbox-unavailable}). */
    public static final String UNAVAILABLE = "91310101MA1FL0090K";

    private final Map<String, RegisteredEnterprise> enterprises = new ConcurrentHashMap<>(
            ENTERPRISES.stream().collect(Collectors.toMap(RegisteredEnterprise::uscc, Function.identity())));

    @Override
    public RegistryAnswer lookup(String uscc) {
        if (UNAVAILABLE.equals(uscc)) {
            return new RegistryAnswer.Unavailable(ID, "sandbox-unavailable");
        }
        return Optional.ofNullable(this.enterprises.get(uscc))
                .<RegistryAnswer>map((found) -> new RegistryAnswer.Found(ID, found, "sandbox-" + UUID.randomUUID()))
                .orElseGet(() -> new RegistryAnswer.NotFound(ID));
    }

    /**
     * Records a new legal representative, as the registry would after a change of registration.
     * @param uscc one of this sandbox's enterprises
     * @param name the new representative's name
     * @param number the new representative's ID number
     */
    public void changeRepresentative(String uscc, String name, String number) {
        this.enterprises.computeIfPresent(
                uscc, (code, old) -> new RegisteredEnterprise(code, old.name(), old.status(), name, number));
    }

    /**
     * Adds or replaces an enterprise (demos and tests).
     * @param enterprise the enterprise
     */
    public void put(RegisteredEnterprise enterprise) {
        this.enterprises.put(enterprise.uscc(), enterprise);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String toString() {
        return "SandboxEnterpriseRegistry";
    }
}
