package cn.yiwang.id.account.enterprise;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The periodic work on enterprises: every hour, re-check with the registry those checked more than 24 hours
 * ago; every minute, end the authorisations whose expiry passed (so their sessions end within a minute even
 * if nobody refreshes; a refresh is refused at once anyway). Both are idempotent, so every node may run them.
 */
@Component
public final class EnterpriseJobs {

    private static final Logger log = LoggerFactory.getLogger(EnterpriseJobs.class);

    // a bounded batch per run: a registry outage must not hold the scheduler for hours
    private static final int RECHECK_BATCH = 500;

    private final EnterpriseRegistration registration;

    private final EnterpriseAuthorisations authorisations;

    EnterpriseJobs(EnterpriseRegistration registration, EnterpriseAuthorisations authorisations) {
        this.registration = registration;
        this.authorisations = authorisations;
    }

    @Scheduled(initialDelayString = "PT5M", fixedDelayString = "PT1H")
    void recheckStale() {
        int checked = this.registration.recheckStale(RECHECK_BATCH);
        if (checked > 0) {
            log.info("Re-checked {} enterprises with the registry", checked);
        }
    }

    @Scheduled(initialDelayString = "PT1M", fixedDelayString = "PT1M")
    void expireAuthorisations() {
        int ended = this.authorisations.expireDue();
        if (ended > 0) {
            log.info("Ended {} expired enterprise authorisations", ended);
        }
    }
}
