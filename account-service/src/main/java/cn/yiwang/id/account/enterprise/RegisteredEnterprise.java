package cn.yiwang.id.account.enterprise;

import cn.yiwang.id.account.crypto.Masking;
import java.util.Objects;

/**
 * What the enterprise registry says about an enterprise: its name, status and current legal representative.
 *
 * @param uscc the unified social credit code, normalised
 * @param name the registered name
 * @param status {@link EnterpriseStatus#ACTIVE} when it may act at all
 * @param representativeName the legal representative's name (personal data)
 * @param representativeNumber the legal representative's resident ID number (personal data)
 */
public record RegisteredEnterprise(
        String uscc, String name, EnterpriseStatus status, String representativeName, String representativeNumber) {

    public RegisteredEnterprise {
        Objects.requireNonNull(uscc, "uscc");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(representativeName, "representativeName");
        Objects.requireNonNull(representativeNumber, "representativeNumber");
    }

    // the representative's identity is personal data and toString ends up in logs
    @Override
    public String toString() {
        return "RegisteredEnterprise[uscc=" + this.uscc + ", name=" + this.name + ", status=" + this.status
                + ", representative=" + Masking.name(this.representativeName) + " "
                + Masking.idNumber(this.representativeNumber) + "]";
    }
}
