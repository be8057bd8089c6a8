package cn.yiwang.id.account.enterprise;

/**
 * What a citizen declares to register an enterprise.
 *
 * @param uscc the unified social credit code as entered
 * @param name the enterprise's name as entered
 * @param representativeName the legal representative's name as entered
 * @param representativeNumber the legal representative's ID number as entered
 */
public record EnterpriseDeclaration(String uscc, String name, String representativeName, String representativeNumber) {

    // the representative's identity is personal data
    @Override
    public String toString() {
        return "EnterpriseDeclaration[uscc=" + this.uscc + ", name=" + this.name + "]";
    }
}
