package cn.yiwang.id.account.search;

import cn.yiwang.id.account.AccountStatus;
import cn.yiwang.id.account.realname.AssuranceLevel;
import java.time.Instant;
import java.util.UUID;

/**
 * An account as an administrator sees it: identifiers masked, never in full.
 *
 * @param id the account id
 * @param username the user name, or {@code null}
 * @param phoneMasked the masked mobile number ({@code 138****5678}), or {@code null}
 * @param idNumberMasked the masked ID number ({@code 3101**********1234}), or {@code null} before real-name
 * @param nameMasked the masked real name ({@code 张*}), or {@code null} before real-name
 * @param status the lifecycle state
 * @param level the level of assurance
 * @param createdAt when the account was created
 * @param version the row's version for {@code If-Match} (it changes with every change of the row)
 */
public record AccountMatch(
        UUID id,
        String username,
        String phoneMasked,
        String idNumberMasked,
        String nameMasked,
        AccountStatus status,
        AssuranceLevel level,
        Instant createdAt,
        String version) {}
