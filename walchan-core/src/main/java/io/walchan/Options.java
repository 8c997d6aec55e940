package io.walchan;

import java.util.Objects;

/**
 * How a channel writes its log. Immutable; build with {@link #builder()}.
 *
 * <pre>{@code
 * Options options = Options.builder()
 *         .durability(Durability.SYNC_PER_SEND)
 *         .segmentSize(16 << 20)
 *         .build();
 * }</pre>
 */
public final class Options {

    /** Default segment size: 64 MiB. */
    public static final long DEFAULT_SEGMENT_SIZE = 64L << 20;
    /** Smallest accepted segment size: 4 KiB. */
    public static final long MIN_SEGMENT_SIZE = 4096;
    /** System property that, set to {@code false}, turns every fsync into a no-op. */
    public static final String FSYNC_PROPERTY = "walchan.fsync";

    private final Durability durability;
    private final boolean truncateCorruptTail;
    private final long segmentSize;
    private final boolean fsync;

    private Options(Builder b) {
        this.durability = b.durability;
        this.truncateCorruptTail = b.truncateCorruptTail;
        this.segmentSize = b.segmentSize;
        this.fsync = b.fsync;
    }

    /**
     * The defaults: {@link Durability#SYNC_PER_SEND}, corrupt tails truncated,
     * 64 MiB segments, fsync on unless {@code -Dwalchan.fsync=false}.
     *
     * @return the default options
     */
    public static Options defaults() {
        return builder().build();
    }

    /** @return a builder starting from the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder starting from these options */
    public Builder toBuilder() {
        return new Builder().durability(durability).truncateCorruptTail(truncateCorruptTail)
                .segmentSize(segmentSize).fsync(fsync);
    }

    /** @return when a send returns relative to the record being durable */
    public Durability durability() {
        return durability;
    }

    /** @return whether a torn or corrupt tail record is truncated on open (else open fails) */
    public boolean truncateCorruptTail() {
        return truncateCorruptTail;
    }

    /** @return the size in bytes after which a new segment file is started */
    public long segmentSize() {
        return segmentSize;
    }

    /** @return whether fsync is performed at all; false makes every fsync a no-op */
    public boolean fsync() {
        return fsync;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Options)) {
            return false;
        }
        Options other = (Options) o;
        return durability.equals(other.durability) && truncateCorruptTail == other.truncateCorruptTail
                && segmentSize == other.segmentSize && fsync == other.fsync;
    }

    @Override
    public int hashCode() {
        return Objects.hash(durability, truncateCorruptTail, segmentSize, fsync);
    }

    @Override
    public String toString() {
        return "Options[durability=" + durability + ", truncateCorruptTail=" + truncateCorruptTail
                + ", segmentSize=" + segmentSize + ", fsync=" + fsync + "]";
    }

    /** Builds {@link Options}; every setter validates its argument at once. */
    public static final class Builder {
        private Durability durability = Durability.SYNC_PER_SEND;
        private boolean truncateCorruptTail = true;
        private long segmentSize = DEFAULT_SEGMENT_SIZE;
        private boolean fsync = !"false".equalsIgnoreCase(System.getProperty(FSYNC_PROPERTY, "true").trim());

        private Builder() {
        }

        /**
         * @param durability when a send returns; default {@link Durability#SYNC_PER_SEND}
         * @return this builder
         */
        public Builder durability(Durability durability) {
            this.durability = Objects.requireNonNull(durability, "durability");
            return this;
        }

        /**
         * @param truncate true (default): a torn or corrupt last record is cut off on
         *     open; false: open fails with {@link CorruptLogException} instead
         * @return this builder
         */
        public Builder truncateCorruptTail(boolean truncate) {
            this.truncateCorruptTail = truncate;
            return this;
        }

        /**
         * @param segmentSizeBytes bytes after which a new segment file starts; at least
         *     {@value #MIN_SEGMENT_SIZE}; default 64 MiB. A single larger record gets a
         *     segment of its own.
         * @return this builder
         */
        public Builder segmentSize(long segmentSizeBytes) {
            if (segmentSizeBytes < MIN_SEGMENT_SIZE) {
                throw new IllegalArgumentException("segmentSize must be at least " + MIN_SEGMENT_SIZE
                        + " bytes, was " + segmentSizeBytes);
            }
            this.segmentSize = segmentSizeBytes;
            return this;
        }

        /**
         * @param fsync false turns every fsync into a no-op (tests, throw-away data);
         *     default true unless the system property {@code walchan.fsync=false}
         * @return this builder
         */
        public Builder fsync(boolean fsync) {
            this.fsync = fsync;
            return this;
        }

        /** @return the options */
        public Options build() {
            return new Options(this);
        }
    }
}
