package cn.yiwang.id.server.account;

import cn.yiwang.id.account.deletion.AccountDeletion;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Erases the accounts whose cooling-off period is over, every {@code yiwang.account.deletion.erasure-interval}
 * (default an hour). Each account is claimed by one node; an erasure that fails is tried again next round.
 */
@Component
public final class AccountErasureJob {

    private static final Logger log = LoggerFactory.getLogger(AccountErasureJob.class);

    private static final int BATCH = 100;

    private final AccountDeletion deletion;

    public AccountErasureJob(AccountDeletion deletion) {
        this.deletion = deletion;
    }

    @Scheduled(
            initialDelayString = "${yiwang.account.deletion.erasure-interval:PT1H}",
            fixedDelayString = "${yiwang.account.deletion.erasure-interval:PT1H}")
    public void run() {
        int erased = 0;
        for (UUID accountId : this.deletion.due(BATCH)) {
            try {
                if (this.deletion.erase(accountId)) {
                    erased++;
                }
            } catch (RuntimeException ex) {
                log.error("Erasure of account {} failed, will be tried again: {}", accountId, ex.getMessage());
            }
        }
        if (erased > 0) {
            log.info("Erased {} accounts whose deletion cooling-off period was over", erased);
        }
    }
}
