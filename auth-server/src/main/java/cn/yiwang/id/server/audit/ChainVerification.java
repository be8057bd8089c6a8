package cn.yiwang.id.server.audit;

import java.time.Instant;

/**
 * What walking the audit chain found.
 *
 * @param intact whether every row and checkpoint checked out
 * @param verifiedAt when the walk ran
 * @param firstSeq the first row the chain starts from (after pruning, the one after the anchor)
 * @param headSeq the chain head's seq
 * @param rows how many chained rows were walked
 * @param checkpoints how many signed checkpoints were checked
 * @param firstBreak the first problem, {@code null} when intact
 */
public record ChainVerification(
        boolean intact, Instant verifiedAt, long firstSeq, long headSeq, long rows, int checkpoints, Break firstBreak) {

    /** Why the chain is broken at a place. */
    public enum Reason {
        /** The row's content no longer matches its hash: it was edited. */
        CONTENT_CHANGED("content-changed"),
        /** The row's previous hash is not the previous row's hash: a row before it was rewritten or replaced. */
        LINK_BROKEN("link-broken"),
        /** A seq between the anchor and the head has no row: it was deleted. */
        ROW_MISSING("row-missing"),
        /** A row that is not part of the chain: written around it, or after the head. */
        ROW_INSERTED("row-inserted"),
        /** A signed checkpoint disagrees with the chain, or its signature does not verify. */
        CHECKPOINT_MISMATCH("checkpoint-mismatch");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        /** @return the code shown in the JSON, e.g. {@code content-changed} */
        public String code() {
            return this.code;
        }
    }

    /**
     * The first problem.
     *
     * @param seq where in the chain ({@code null} for a row written around it, which has none)
     * @param rowId the row's id when there is a row
     * @param reason why
     * @param detail a sentence for the administrator
     */
    public record Break(Long seq, Long rowId, Reason reason, String detail) {}
}
