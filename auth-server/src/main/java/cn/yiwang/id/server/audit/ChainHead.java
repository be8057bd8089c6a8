package cn.yiwang.id.server.audit;

/**
 * The single row of {@code audit_chain_head}: where the chain ends, and where it starts once old rows are pruned.
 *
 * @param seq the last row's seq (0 before the first)
 * @param hash the last row's hash
 * @param anchorSeq the last pruned row's seq (0 when nothing was pruned)
 * @param anchorHash the last pruned row's hash: the first remaining row's expected {@code prev_hash}
 * @param legacyThroughId rows up to this id predate the chain and are chained at start-up
 */
record ChainHead(long seq, String hash, long anchorSeq, String anchorHash, long legacyThroughId) {}
