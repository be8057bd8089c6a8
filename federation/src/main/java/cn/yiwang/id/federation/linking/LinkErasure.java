package cn.yiwang.id.federation.linking;

import cn.yiwang.id.account.deletion.PersonalDataEraser;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** When an account is erased, its links to provincial identities go with it (the upstream subjects). */
@Component
public final class LinkErasure implements PersonalDataEraser {

    private final AccountLinking linking;

    public LinkErasure(AccountLinking linking) {
        this.linking = linking;
    }

    @Override
    public void erase(UUID accountId) {
        this.linking.unlinkAll(accountId);
    }
}
