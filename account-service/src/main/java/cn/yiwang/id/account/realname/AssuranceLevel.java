package cn.yiwang.id.account.realname;

/**
 * Levels of assurance of an account: L1 registered (phone proved), L2 name and ID number confirmed by
 * an authoritative source (实名), L3 L2 plus a live face match (实人), L4 verified in person.
 */
public enum AssuranceLevel {
    L1(1),
    L2(2),
    L3(3),
    L4(4);

    private final int value;

    AssuranceLevel(int value) {
        this.value = value;
    }

    public int value() {
        return this.value;
    }

    public boolean atLeast(AssuranceLevel other) {
        return this.value >= other.value;
    }

    public static AssuranceLevel of(int value) {
        for (AssuranceLevel level : values()) {
            if (level.value == value) {
                return level;
            }
        }
        throw new IllegalArgumentException("No level of assurance " + value);
    }

    public static AssuranceLevel min(AssuranceLevel a, AssuranceLevel b) {
        return (a.value <= b.value) ? a : b;
    }
}
