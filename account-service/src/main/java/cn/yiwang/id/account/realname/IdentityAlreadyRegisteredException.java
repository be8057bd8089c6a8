package cn.yiwang.id.account.realname;

/** The document number already belongs to another account: one account per person. */
public final class IdentityAlreadyRegisteredException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public IdentityAlreadyRegisteredException() {
        super("This identity document is already registered to another account");
    }
}
