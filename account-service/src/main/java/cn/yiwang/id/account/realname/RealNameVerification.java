package cn.yiwang.id.account.realname;

import cn.yiwang.id.account.identity.DocumentCheck;
import cn.yiwang.id.account.identity.DocumentProblem;
import cn.yiwang.id.account.identity.IdentityDocumentType;
import cn.yiwang.id.account.identity.IdentityDocuments;
import cn.yiwang.id.account.identity.RealNames;
import cn.yiwang.id.account.verification.IdentityVerifier;
import cn.yiwang.id.account.verification.IdentityVerifiers;
import cn.yiwang.id.account.verification.VerificationCheck;
import cn.yiwang.id.account.verification.VerificationRequest;
import cn.yiwang.id.account.verification.VerificationResult;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Raises an account's level of assurance: name and document number confirmed by an authoritative
 * source for L2 (实名), a live face match against the confirmed identity for L3 (实人). Formats are
 * checked first, so nothing malformed reaches a verifier; the identity is stored only once it is
 * confirmed, and only encrypted.
 */
@Service
public final class RealNameVerification {

    private static final Logger log = LoggerFactory.getLogger(RealNameVerification.class);

    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    private final RealNameRegistry registry;

    private final IdentityVerifiers verifiers;

    private final Clock clock;

    public RealNameVerification(RealNameRegistry registry, IdentityVerifiers verifiers, Optional<Clock> clock) {
        this.registry = registry;
        this.verifiers = verifiers;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    /** Confirms name and document number with an authoritative source and records L2. */
    public RealNameOutcome verifyNameAndNumber(
            UUID accountId, String realName, String documentTypeCode, String documentNumber) {
        Optional<IdentityDocumentType> type = IdentityDocumentType.fromCode(documentTypeCode);
        List<DocumentProblem> problems = problems(realName, type, documentNumber);
        if (!problems.isEmpty()) {
            return new RealNameOutcome.Invalid(problems);
        }
        DocumentCheck document = check(type.get(), documentNumber);
        if (this.registry.isRegisteredToAnother(accountId, document.number())) {
            return new RealNameOutcome.AlreadyRegistered();
        }
        Optional<IdentityVerifier> verifier = this.verifiers.forCheck(VerificationCheck.NAME_AND_NUMBER);
        if (verifier.isEmpty()) {
            return new RealNameOutcome.Unavailable("no-verifier");
        }
        String name = RealNames.normalise(realName);
        VerificationResult result = verifier.get()
                .verify(VerificationRequest.nameAndNumber(name, type.get().code(), document.number()));
        if (result instanceof VerificationResult.Matched matched) {
            try {
                this.registry.recordIdentity(
                        accountId,
                        new VerifiedIdentity(type.get().code(), document.number(), name),
                        new AssuranceEvidence(
                                AssuranceLevel.L2,
                                VerificationCheck.NAME_AND_NUMBER.code(),
                                matched.verifierId(),
                                matched.reference(),
                                null,
                                matched.at()));
            } catch (IdentityAlreadyRegisteredException ex) {
                return new RealNameOutcome.AlreadyRegistered();
            }
            log.info("Account {} confirmed to L2 by {}", accountId, matched.verifierId());
            return new RealNameOutcome.Verified(this.registry.level(accountId));
        }
        return refused(result);
    }

    /** Matches a live face photo (JPEG) against the confirmed identity and records L3. */
    public RealNameOutcome verifyFace(UUID accountId, byte[] jpeg) {
        Optional<VerifiedIdentity> identity = this.registry.identityOf(accountId);
        if (identity.isEmpty()) {
            return new RealNameOutcome.NotEligible("needs-l2");
        }
        if (!VerificationRequest.isJpeg(jpeg)) {
            return new RealNameOutcome.Invalid(
                    List.of(new DocumentProblem("not-a-jpeg", "请上传 JPEG 格式的照片", "Upload a JPEG photo")));
        }
        Optional<IdentityVerifier> verifier = this.verifiers.forCheck(VerificationCheck.FACE_MATCH);
        if (verifier.isEmpty()) {
            return new RealNameOutcome.Unavailable("no-verifier");
        }
        VerificationResult result = verifier.get()
                .verify(VerificationRequest.faceMatch(
                        identity.get().realName(),
                        identity.get().documentType(),
                        identity.get().number(),
                        jpeg));
        if (result instanceof VerificationResult.Matched matched) {
            if (!this.registry.level(accountId).atLeast(AssuranceLevel.L3)) {
                this.registry.recordEvidence(
                        accountId,
                        new AssuranceEvidence(
                                AssuranceLevel.L3,
                                VerificationCheck.FACE_MATCH.code(),
                                matched.verifierId(),
                                matched.reference(),
                                null,
                                matched.at()));
            }
            return new RealNameOutcome.Verified(this.registry.level(accountId));
        }
        return refused(result);
    }

    /**
     * Records an in-person verification at a service counter (L4) by an authorised operator: the
     * document is checked as for L2, must be the account's confirmed document if it has one, and
     * becomes it if it has none.
     */
    public RealNameOutcome recordInPerson(
            UUID accountId,
            String realName,
            String documentTypeCode,
            String documentNumber,
            String operator,
            String office) {
        Optional<IdentityDocumentType> type = IdentityDocumentType.fromCode(documentTypeCode);
        List<DocumentProblem> problems = problems(realName, type, documentNumber);
        if (!problems.isEmpty()) {
            return new RealNameOutcome.Invalid(problems);
        }
        DocumentCheck document = check(type.get(), documentNumber);
        if (this.registry.isRegisteredToAnother(accountId, document.number())) {
            return new RealNameOutcome.AlreadyRegistered();
        }
        AssuranceEvidence evidence = new AssuranceEvidence(
                AssuranceLevel.L4, "in-person", "counter:" + office, null, operator, this.clock.instant());
        Optional<VerifiedIdentity> existing = this.registry.identityOf(accountId);
        if (existing.isPresent()) {
            if (!existing.get().number().equalsIgnoreCase(document.number())) {
                return new RealNameOutcome.Invalid(List.of(new DocumentProblem(
                        "document-mismatch",
                        "证件与该账户已核验的证件不一致",
                        "The document differs from the one this account was verified with")));
            }
            this.registry.recordEvidence(accountId, evidence);
        } else {
            try {
                this.registry.recordIdentity(
                        accountId,
                        new VerifiedIdentity(type.get().code(), document.number(), RealNames.normalise(realName)),
                        evidence);
            } catch (IdentityAlreadyRegisteredException ex) {
                return new RealNameOutcome.AlreadyRegistered();
            }
        }
        log.info("Account {} verified in person (L4) at {} by {}", accountId, office, operator);
        return new RealNameOutcome.Verified(this.registry.level(accountId));
    }

    /** Everything wrong with the name and the document, before any verifier sees them. */
    private List<DocumentProblem> problems(String realName, Optional<IdentityDocumentType> type, String number) {
        List<DocumentProblem> problems = new ArrayList<>(RealNames.check(realName));
        if (type.isEmpty()) {
            problems.add(new DocumentProblem("unknown-document-type", "请选择证件类型", "Choose a document type"));
            return problems;
        }
        problems.addAll(check(type.get(), number).problems());
        return problems;
    }

    private DocumentCheck check(IdentityDocumentType type, String number) {
        return IdentityDocuments.check(type, number, LocalDate.now(this.clock.withZone(CHINA)));
    }

    private static RealNameOutcome refused(VerificationResult result) {
        if (result instanceof VerificationResult.NotMatched notMatched) {
            return new RealNameOutcome.NotMatched(notMatched.reason());
        }
        return new RealNameOutcome.Unavailable(((VerificationResult.Unavailable) result).reason());
    }
}
