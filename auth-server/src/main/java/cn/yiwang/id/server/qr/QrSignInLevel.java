package cn.yiwang.id.server.qr;

import cn.yiwang.id.account.realname.AssuranceLevel;
import java.util.Optional;

/**
 * The one rule for the level of assurance of a QR sign-in: the lower of the app session's level and,
 * when the app belongs to a province, the trust level administrators gave that province (as for a
 * federated sign-in through it). Kept alone here so it moves as one piece into the shared level rules.
 */
public final class QrSignInLevel {

    private QrSignInLevel() {}

    public static AssuranceLevel of(AssuranceLevel appSession, Optional<AssuranceLevel> provinceTrust) {
        return provinceTrust
                .map((trust) -> AssuranceLevel.min(appSession, trust))
                .orElse(appSession);
    }
}
