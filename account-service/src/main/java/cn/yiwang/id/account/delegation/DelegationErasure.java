package cn.yiwang.id.account.delegation;

import cn.yiwang.id.account.AccountSchemaConfiguration;
import cn.yiwang.id.account.deletion.PersonalDataEraser;
import java.util.UUID;
import org.springframework.context.annotation.DependsOn;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * An erased account leaves no agent flag and no delegation, given or taken: a delegation row names both
 * persons, and one that lost either has nothing left to say (its tokens already read as ended once it is gone).
 * The audit log keeps what happened, by account id only.
 */
@Component
@DependsOn(AccountSchemaConfiguration.FLYWAY_BEAN)
public final class DelegationErasure implements PersonalDataEraser {

    private final JdbcClient jdbc;

    public DelegationErasure(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void erase(UUID accountId) {
        this.jdbc
                .sql("delete from agent_delegation where agent_id = ? or citizen_id = ?")
                .params(accountId, accountId)
                .update();
        this.jdbc
                .sql("delete from community_agent where account_id = ?")
                .param(accountId)
                .update();
    }
}
