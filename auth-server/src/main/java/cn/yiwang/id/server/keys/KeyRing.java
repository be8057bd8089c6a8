package cn.yiwang.id.server.keys;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The keys every node has read, and which of them does what at a given instant. Within a role and algorithm the keys
 * are ordered by the instant they activate: the <em>active</em> key is the last one activated (it signs); keys
 * that activate later are <em>next</em> (published already, so relying parties know them before they sign); a key
 * followed by an active one is <em>retired</em> and stays published for the retention after its successor
 * activated (until everything it signed has expired), then is removed. State depends on time only, so nodes that
 * read the same rows agree at every instant.
 *
 * @param version the {@code signing_key_version} the rows were read at
 * @param keys every stored key
 */
public record KeyRing(long version, List<StoredKey> keys) {

    public KeyRing {
        keys = keys.stream()
                .sorted(Comparator.comparing(StoredKey::activatesAt).thenComparing(StoredKey::kid))
                .toList();
    }

    /** Where a key stands at an instant. */
    public enum State {
        NEXT,
        ACTIVE,
        RETIRED,
        EXPIRED
    }

    /**
     * The keys of one role and algorithm, in activation order.
     * @param role the role
     * @param algorithm e.g. {@code RS256}
     * @return its keys, oldest activation first
     */
    public List<StoredKey> of(KeyRole role, String algorithm) {
        return this.keys.stream()
                .filter((key) -> key.role() == role && key.algorithm().equals(algorithm))
                .toList();
    }

    /**
     * The key that signs (or decrypts first) for a role and algorithm.
     * @param role the role
     * @param algorithm e.g. {@code RS256}
     * @param now the instant
     * @return the last key activated by then (the first one when none has activated yet), or {@code null} when the
     *     role has no key of that algorithm
     */
    public StoredKey active(KeyRole role, String algorithm, Instant now) {
        StoredKey active = null;
        for (StoredKey key : of(role, algorithm)) {
            if (active == null || !key.activatesAt().isAfter(now)) {
                active = key;
            }
        }
        return active;
    }

    /**
     * Where a key stands.
     * @param key one of this ring's keys
     * @param now the instant
     * @param retention how long a retired key stays published
     * @return its state
     */
    public State state(StoredKey key, Instant now, Duration retention) {
        StoredKey active = active(key.role(), key.algorithm(), now);
        if (key.equals(active)) {
            return State.ACTIVE;
        }
        if (key.activatesAt().isAfter(now)) {
            return State.NEXT;
        }
        Instant retired = retiredAt(key);
        if (key.role().keepsRetired()) {
            return State.RETIRED;
        }
        return (retired != null && now.isBefore(retired.plus(retention))) ? State.RETIRED : State.EXPIRED;
    }

    /**
     * When a key stopped being active: when its successor activated.
     * @param key one of this ring's keys
     * @return that instant, or {@code null} when no successor is known
     */
    public Instant retiredAt(StoredKey key) {
        List<StoredKey> line = of(key.role(), key.algorithm());
        int index = line.indexOf(key);
        return (index >= 0 && index + 1 < line.size()) ? line.get(index + 1).activatesAt() : null;
    }

    /**
     * The keys of a role to publish: for each algorithm the active key first, then the next, then the retired.
     * @param role the role
     * @param now the instant
     * @param retention how long a retired key stays published
     * @return those keys
     */
    public List<StoredKey> published(KeyRole role, Instant now, Duration retention) {
        List<StoredKey> published = new ArrayList<>();
        for (State wanted : List.of(State.ACTIVE, State.NEXT, State.RETIRED)) {
            for (StoredKey key : this.keys) {
                if (key.role() == role && state(key, now, retention) == wanted) {
                    published.add(key);
                }
            }
        }
        return published;
    }

    /**
     * Whether the rows need a change: a role and algorithm without a key, or without a next key (the next one just
     * activated), or a retired key past its retention.
     * @param now the instant
     * @param retention how long a retired key stays published
     * @return {@code true} when {@link SigningKeyStore#maintain} has work to do
     */
    public boolean needsMaintenance(Instant now, Duration retention) {
        for (KeyRole role : KeyRole.values()) {
            for (var algorithm : role.algorithms()) {
                List<StoredKey> line = of(role, algorithm.getName());
                if (line.isEmpty() || !line.get(line.size() - 1).activatesAt().isAfter(now)) {
                    return true;
                }
                for (StoredKey key : line) {
                    if (state(key, now, retention) == State.EXPIRED) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
