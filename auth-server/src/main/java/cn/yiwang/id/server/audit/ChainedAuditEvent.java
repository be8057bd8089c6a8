package cn.yiwang.id.server.audit;

/**
 * An audit row as stored, with its place in the hash chain.
 *
 * @param id the row's surrogate key
 * @param seq its place in the chain, {@code null} for a row written around the chain
 * @param prevHash the previous row's hash
 * @param hash SHA-256 of its canonical form ({@link AuditCanonicalForm})
 * @param event its content
 */
public record ChainedAuditEvent(long id, Long seq, String prevHash, String hash, AuditEvent event) {}
