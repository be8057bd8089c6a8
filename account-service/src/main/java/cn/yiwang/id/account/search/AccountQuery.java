package cn.yiwang.id.account.search;

import cn.yiwang.id.account.LoginNames;
import cn.yiwang.id.account.identity.IdentityDocuments;
import cn.yiwang.id.kit.registry.Violation;
import java.util.ArrayList;
import java.util.List;

/**
 * What an administrator searches accounts by: exactly one of a user name, a mobile number or an ID
 * document number. Numbers are only ever looked up through their keyed blind index, so a search is an
 * exact match, never a partial one.
 *
 * @param username a user name (case-insensitive), or {@code null}
 * @param phone a mainland mobile number (any common formatting), or {@code null}
 * @param idNumber an ID document number (full-width or spaced digits accepted), or {@code null}
 */
public record AccountQuery(String username, String phone, String idNumber) {

    // the longest ID document number is 18 characters; anything much longer is not one
    private static final int MAX_ID_NUMBER_LENGTH = 64;

    /** Hides the numbers, so a query in a log line or exception leaks nothing. */
    @Override
    public String toString() {
        return "AccountQuery[username=" + this.username + ", phone=" + ((this.phone != null) ? "***" : null)
                + ", idNumber=" + ((this.idNumber != null) ? "***" : null) + "]";
    }

    /**
     * What is wrong with this query, field by field; empty when it can be run.
     * @return the violations, in field order
     */
    public List<Violation> violations() {
        List<Violation> violations = new ArrayList<>();
        int given = count(this.username) + count(this.phone) + count(this.idNumber);
        if (given != 1) {
            violations.add(new Violation("query", "give exactly one of username, phone, idNumber"));
            return violations;
        }
        if (present(this.username)
                && (this.username.length() > LoginNames.MAX_INPUT_LENGTH
                        || LoginNames.normalise(this.username).isEmpty())) {
            violations.add(new Violation("username", "is not a user name"));
        }
        if (present(this.phone) && LoginNames.mobilePhone(this.phone).isEmpty()) {
            violations.add(new Violation("phone", "is not a mainland mobile number (11 digits starting with 1)"));
        }
        if (present(this.idNumber)
                && (this.idNumber.length() > MAX_ID_NUMBER_LENGTH
                        || !IdentityDocuments.normalise(this.idNumber).matches("[0-9A-Z]{15,18}"))) {
            violations.add(new Violation("idNumber", "is not an ID document number (15 to 18 letters and digits)"));
        }
        return violations;
    }

    static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    private static int count(String value) {
        return present(value) ? 1 : 0;
    }
}
