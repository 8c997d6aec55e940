package io.walchan;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * When a {@code send} returns, relative to the record reaching stable storage.
 *
 * <table>
 *   <caption>Durability modes</caption>
 *   <tr><th>mode</th><th>send returns after</th><th>survives kill -9</th><th>survives power loss</th></tr>
 *   <tr><td>{@link #SYNC_PER_SEND}</td><td>fdatasync of its record (shared by concurrent
 *       senders: group commit)</td><td>yes</td><td>yes</td></tr>
 *   <tr><td>{@link #syncEvery syncEvery(n, d)}</td><td>write to the OS; an fsync starts in the
 *       background after n sends or d after the first unsynced send; a sender waits for it only
 *       when the disk falls more than d behind</td><td>yes</td><td>all but the sends of about the
 *       last d (plus one fsync)</td></tr>
 *   <tr><td>{@link #FLUSH_ONLY}</td><td>write to the OS</td><td>yes</td><td>no</td></tr>
 * </table>
 *
 * <p>Values are immutable and compare by value, so configurations can be compared.
 */
public final class Durability {

    /** The kinds of durability; {@link #parse} accepts their names. */
    public enum Kind {
        /** fsync before every send returns. */
        SYNC_PER_SEND("SyncPerSend"),
        /** No fsync: the record is handed to the OS. */
        FLUSH_ONLY("FlushOnly"),
        /** fsync after a number of sends or a delay. */
        SYNC_EVERY("SyncEvery");

        private final String uriName;

        Kind(String uriName) {
            this.uriName = uriName;
        }

        /** @return the name used in URIs and configuration, e.g. {@code SyncPerSend} */
        public String uriName() {
            return uriName;
        }
    }

    /** {@code parse("SyncEvery")} without parameters: sync every 1000 sends or 100 ms. */
    public static final int DEFAULT_SYNC_EVERY_OPS = 1000;
    /** See {@link #DEFAULT_SYNC_EVERY_OPS}. */
    public static final Duration DEFAULT_SYNC_EVERY_DELAY = Duration.ofMillis(100);

    /** Every send returns only after its record is on stable storage. */
    public static final Durability SYNC_PER_SEND = new Durability(Kind.SYNC_PER_SEND, 1, Duration.ZERO);
    /** Every send returns after its record is handed to the OS. */
    public static final Durability FLUSH_ONLY = new Durability(Kind.FLUSH_ONLY, 0, Duration.ZERO);

    private final Kind kind;
    private final int maxOps;
    private final Duration maxDelay;

    private Durability(Kind kind, int maxOps, Duration maxDelay) {
        this.kind = kind;
        this.maxOps = maxOps;
        this.maxDelay = maxDelay;
    }

    /**
     * fsync after {@code maxOps} sends or {@code maxDelay} after the first unsynced
     * send, whichever comes first; the delay is honoured by a timer, also when no
     * further send arrives (it starts the fsync at {@code maxDelay / 2}, so that the fsync
     * is done by {@code maxDelay}). The fsync runs on the channel's timer thread, so senders do
     * not wait for it while the disk keeps up. A sender waits (until its own record is
     * durable) only when a send older than {@code maxDelay} may still be unsynced: when
     * a send returns, every send that returned more than {@code maxDelay} before it was
     * called is durable, so a power cut loses at most about the last {@code maxDelay} of
     * sends (plus the fsync in flight).
     *
     * @param maxOps sends per fsync, at least 1
     * @param maxDelay longest time a send stays unsynced, positive
     * @return the durability
     */
    public static Durability syncEvery(int maxOps, Duration maxDelay) {
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (maxOps < 1) {
            throw new IllegalArgumentException("syncEvery maxOps must be at least 1, was " + maxOps);
        }
        if (maxDelay.isNegative() || maxDelay.isZero()) {
            throw new IllegalArgumentException("syncEvery maxDelay must be positive, was " + maxDelay);
        }
        return new Durability(Kind.SYNC_EVERY, maxOps, maxDelay);
    }

    /**
     * Parses a configuration name: {@code SyncPerSend}, {@code FlushOnly} or
     * {@code SyncEvery} (with the default 1000 sends / 100 ms). Case, {@code _} and
     * {@code -} are ignored, so {@code SYNC_PER_SEND} is accepted too.
     *
     * @param name the name
     * @return the durability
     * @throws IllegalArgumentException naming the valid values if {@code name} is unknown
     */
    public static Durability parse(String name) {
        String key = name == null ? "" : name.replace("_", "").replace("-", "").trim().toLowerCase(Locale.ROOT);
        switch (key) {
            case "syncpersend":
                return SYNC_PER_SEND;
            case "flushonly":
                return FLUSH_ONLY;
            case "syncevery":
                return syncEvery(DEFAULT_SYNC_EVERY_OPS, DEFAULT_SYNC_EVERY_DELAY);
            default:
                throw new IllegalArgumentException("unknown durability '" + name
                        + "': valid values are SyncPerSend, FlushOnly, SyncEvery");
        }
    }

    /** @return the kind of durability */
    public Kind kind() {
        return kind;
    }

    /** @return sends per fsync for {@link Kind#SYNC_EVERY}, 1 for SYNC_PER_SEND, 0 for FLUSH_ONLY */
    public int maxOps() {
        return maxOps;
    }

    /** @return the longest time a send stays unsynced for {@link Kind#SYNC_EVERY}, else zero */
    public Duration maxDelay() {
        return maxDelay;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Durability
                && ((Durability) o).kind == kind
                && ((Durability) o).maxOps == maxOps
                && ((Durability) o).maxDelay.equals(maxDelay);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, maxOps, maxDelay);
    }

    @Override
    public String toString() {
        return kind == Kind.SYNC_EVERY ? "SyncEvery(" + maxOps + " ops, " + maxDelay.toMillis() + " ms)" : kind.uriName();
    }
}
