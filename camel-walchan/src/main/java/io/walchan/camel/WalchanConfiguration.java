package io.walchan.camel;

import io.walchan.Durability;
import io.walchan.Options;
import io.walchan.ReceiverOptions;
import java.time.Duration;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;

/**
 * The options of a {@code walchan:} endpoint. The component holds one instance as
 * the defaults; every endpoint gets a {@link #copy()} and the URI overrides it.
 *
 * <p>Two kinds of options: <em>channel options</em> ({@link #CHANNEL_OPTIONS}) shape
 * the one channel shared by every endpoint on a directory, so all endpoints on
 * that directory must agree on those they set; the others belong to one endpoint.
 * Durations are milliseconds, or a text such as {@code 5s} or {@code 1m30s}.
 */
@UriParams
public class WalchanConfiguration implements Cloneable {

    /** URI names of the options that configure the shared channel rather than one endpoint. */
    public static final String[] CHANNEL_OPTIONS = {
        "bound", "durability", "syncEveryOps", "syncEveryDelay", "segmentSize", "commitEvery", "commitMaxDelay"};

    @UriParam(description = "Most messages that may be sent and not yet acknowledged; producers then block or fail"
            + " (see blockWhenFull, offerTimeout). At least 1; leave it out for an unbounded channel. A channel"
            + " option: every endpoint on the directory shares it.")
    private Integer bound;
    @UriParam(defaultValue = "SyncPerSend", enums = "SyncPerSend,FlushOnly,SyncEvery", description = "When a send"
            + " returns: SyncPerSend after an fsync of its record (survives power loss), FlushOnly after the write"
            + " to the OS (survives a process crash), SyncEvery after the write, with an fsync every syncEveryOps"
            + " sends or syncEveryDelay. A channel option.")
    private String durability = "SyncPerSend";
    @UriParam(label = "advanced", defaultValue = "1000", description = "With durability=SyncEvery: sends per fsync."
            + " A channel option.")
    private int syncEveryOps = Durability.DEFAULT_SYNC_EVERY_OPS;
    @UriParam(label = "advanced", defaultValue = "100", javaType = "java.time.Duration", description = "With"
            + " durability=SyncEvery: longest time a send stays unsynced, in milliseconds. A channel option.")
    private long syncEveryDelay = Durability.DEFAULT_SYNC_EVERY_DELAY.toMillis();
    @UriParam(label = "advanced", defaultValue = "67108864", description = "Bytes after which a new segment file"
            + " starts; at least 4096. A channel option.")
    private long segmentSize = Options.DEFAULT_SEGMENT_SIZE;
    @UriParam(label = "consumer,advanced", defaultValue = "1", description = "Acknowledgements per checkpoint"
            + " write. Larger batches mean fewer writes and more duplicates after a crash. A channel option.")
    private int commitEvery = 1;
    @UriParam(label = "consumer,advanced", defaultValue = "0", javaType = "java.time.Duration", description = "Longest"
            + " time an acknowledgement stays uncommitted, in milliseconds; 0 commits on every ack. A channel"
            + " option.")
    private long commitMaxDelay;

    @UriParam(label = "consumer", defaultValue = "1", description = "Number of consumer threads. With 1 the route"
            + " sees the messages in log order; with more, in parallel and only roughly in order.")
    private int concurrentConsumers = 1;
    @UriParam(label = "consumer,advanced", defaultValue = "1000", javaType = "java.time.Duration", description = "How"
            + " long a consumer thread waits for a message before checking whether it should stop, in"
            + " milliseconds. Lower values stop faster.")
    private long pollTimeout = 1000;
    @UriParam(label = "consumer", defaultValue = "-1", description = "How often a message whose exchange failed or"
            + " was rolled back is handed back before it is given up: sent to deadLetterUri if set, else logged"
            + " at ERROR and dropped. -1 (default) retries forever. Counted in memory per CamelContext.")
    private int maximumRedeliveries = -1;
    @UriParam(label = "consumer", description = "Endpoint that receives messages given up after"
            + " maximumRedeliveries, and records that cannot be decoded (as raw bytes). The message is"
            + " acknowledged once the dead letter endpoint accepted it.")
    private String deadLetterUri;
    @UriParam(label = "consumer", description = "Type of the body on the consumer: JSON bodies are read as this"
            + " class with Jackson; String and byte[] bodies are converted with Camel's type converters. Unset:"
            + " JSON bodies become Map, List, String, Number or Boolean.")
    private Class<?> bodyType;

    @UriParam(label = "producer", defaultValue = "false", description = "On a bounded channel that is full: true"
            + " waits for room (at most offerTimeout if that is set); false fails at once (or after offerTimeout)"
            + " with WalchanChannelFullException.")
    private boolean blockWhenFull;
    @UriParam(label = "producer", defaultValue = "0", javaType = "java.time.Duration", description = "On a bounded"
            + " channel that is full: longest wait for room, in milliseconds, before the exchange fails with"
            + " WalchanChannelFullException; 0 means no limit with blockWhenFull=true, no wait without.")
    private long offerTimeout;

    @UriParam(label = "advanced", defaultValue = "100", description = "Most messages browsing the endpoint returns"
            + " (BrowsableEndpoint: JMX, the Camel CLI and dev consoles). Browsing reads the log without consuming.")
    private int browseLimit = 100;
    @UriParam(label = "advanced", defaultValue = "67108864", description = "The health check of this endpoint's"
            + " consumers and producers reports DOWN when the file system of the channel directory has fewer usable"
            + " bytes than this (default 64 MiB); 0 turns the free space check off.")
    private long minFreeSpace = DEFAULT_MIN_FREE_SPACE;

    /** Default of {@link #getMinFreeSpace()}: 64 MiB. */
    public static final long DEFAULT_MIN_FREE_SPACE = 64L << 20;

    /**
     * Checks every value; called when an endpoint is created.
     *
     * @throws IllegalArgumentException naming the option, the bad value and what is accepted
     */
    public void validate() {
        if (bound != null && bound < 1) {
            throw new IllegalArgumentException("bound must be at least 1, was " + bound
                    + " (leave bound out for an unbounded channel)");
        }
        durability();
        segmentOptions();
        receiverOptions();
        if (concurrentConsumers < 1) {
            throw new IllegalArgumentException("concurrentConsumers must be at least 1, was " + concurrentConsumers);
        }
        if (pollTimeout < 1) {
            throw new IllegalArgumentException("pollTimeout must be at least 1 ms, was " + pollTimeout);
        }
        if (offerTimeout < 0) {
            throw new IllegalArgumentException("offerTimeout must not be negative, was " + offerTimeout);
        }
        if (maximumRedeliveries < -1) {
            throw new IllegalArgumentException("maximumRedeliveries must be -1 (forever) or more, was "
                    + maximumRedeliveries);
        }
        if (deadLetterUri != null && deadLetterUri.isBlank()) {
            throw new IllegalArgumentException("deadLetterUri must not be blank; leave it out for none");
        }
        if (browseLimit < 1) {
            throw new IllegalArgumentException("browseLimit must be at least 1, was " + browseLimit);
        }
        if (minFreeSpace < 0) {
            throw new IllegalArgumentException("minFreeSpace must not be negative, was " + minFreeSpace
                    + " (0 turns the free space check off)");
        }
    }

    /** @return the durability these options describe; IllegalArgumentException if invalid */
    Durability durability() {
        Durability parsed = Durability.parse(durability);
        if (parsed.kind() != Durability.Kind.SYNC_EVERY) {
            return parsed;
        }
        return Durability.syncEvery(syncEveryOps, Duration.ofMillis(syncEveryDelay));
    }

    /** @return the log options these options describe; IllegalArgumentException if invalid */
    Options segmentOptions() {
        return Options.builder().durability(durability()).segmentSize(segmentSize).build();
    }

    /** @return the commit policy these options describe; IllegalArgumentException if invalid */
    ReceiverOptions receiverOptions() {
        return new ReceiverOptions(commitEvery, Duration.ofMillis(commitMaxDelay));
    }

    /** @return a copy, for an endpoint to change */
    public WalchanConfiguration copy() {
        try {
            return (WalchanConfiguration) clone();
        } catch (CloneNotSupportedException e) {
            throw new RuntimeCamelException(e);
        }
    }

    /** @return the bound, or null for an unbounded channel */
    public Integer getBound() {
        return bound;
    }

    /** @param bound most messages sent and not yet acknowledged, at least 1; null for unbounded */
    public void setBound(Integer bound) {
        this.bound = bound;
    }

    /** @return the durability name: SyncPerSend, FlushOnly or SyncEvery */
    public String getDurability() {
        return durability;
    }

    /** @param durability SyncPerSend, FlushOnly or SyncEvery (case, '_' and '-' ignored) */
    public void setDurability(String durability) {
        this.durability = durability;
    }

    /** @return sends per fsync with SyncEvery */
    public int getSyncEveryOps() {
        return syncEveryOps;
    }

    /** @param syncEveryOps sends per fsync with SyncEvery, at least 1 */
    public void setSyncEveryOps(int syncEveryOps) {
        this.syncEveryOps = syncEveryOps;
    }

    /** @return longest unsynced time with SyncEvery, ms */
    public long getSyncEveryDelay() {
        return syncEveryDelay;
    }

    /** @param syncEveryDelay longest unsynced time with SyncEvery, ms, positive */
    public void setSyncEveryDelay(long syncEveryDelay) {
        this.syncEveryDelay = syncEveryDelay;
    }

    /** @return segment size in bytes */
    public long getSegmentSize() {
        return segmentSize;
    }

    /** @param segmentSize bytes after which a new segment starts, at least 4096 */
    public void setSegmentSize(long segmentSize) {
        this.segmentSize = segmentSize;
    }

    /** @return acknowledgements per commit */
    public int getCommitEvery() {
        return commitEvery;
    }

    /** @param commitEvery acknowledgements per commit, at least 1 */
    public void setCommitEvery(int commitEvery) {
        this.commitEvery = commitEvery;
    }

    /** @return longest uncommitted time of an ack, ms */
    public long getCommitMaxDelay() {
        return commitMaxDelay;
    }

    /** @param commitMaxDelay longest uncommitted time of an ack, ms; 0 commits every ack */
    public void setCommitMaxDelay(long commitMaxDelay) {
        this.commitMaxDelay = commitMaxDelay;
    }

    /** @return consumer threads */
    public int getConcurrentConsumers() {
        return concurrentConsumers;
    }

    /** @param concurrentConsumers consumer threads, at least 1 */
    public void setConcurrentConsumers(int concurrentConsumers) {
        this.concurrentConsumers = concurrentConsumers;
    }

    /** @return the poll timeout, ms */
    public long getPollTimeout() {
        return pollTimeout;
    }

    /** @param pollTimeout how long a consumer thread waits per poll, ms */
    public void setPollTimeout(long pollTimeout) {
        this.pollTimeout = pollTimeout;
    }

    /** @return re-deliveries before a message is given up; -1 for forever */
    public int getMaximumRedeliveries() {
        return maximumRedeliveries;
    }

    /** @param maximumRedeliveries re-deliveries before a message is given up; -1 for forever */
    public void setMaximumRedeliveries(int maximumRedeliveries) {
        this.maximumRedeliveries = maximumRedeliveries;
    }

    /** @return the dead letter endpoint URI, or null */
    public String getDeadLetterUri() {
        return deadLetterUri;
    }

    /** @param deadLetterUri endpoint for messages given up and undecodable records */
    public void setDeadLetterUri(String deadLetterUri) {
        this.deadLetterUri = deadLetterUri;
    }

    /** @return the consumer body type, or null */
    public Class<?> getBodyType() {
        return bodyType;
    }

    /** @param bodyType the type JSON bodies are read as, and other bodies converted to, on the consumer */
    public void setBodyType(Class<?> bodyType) {
        this.bodyType = bodyType;
    }

    /** @return whether producers wait for room on a full channel */
    public boolean isBlockWhenFull() {
        return blockWhenFull;
    }

    /** @param blockWhenFull whether producers wait for room on a full channel */
    public void setBlockWhenFull(boolean blockWhenFull) {
        this.blockWhenFull = blockWhenFull;
    }

    /** @return longest wait for room, ms; 0 for none */
    public long getOfferTimeout() {
        return offerTimeout;
    }

    /** @param offerTimeout longest wait for room on a full channel, ms; 0 for none */
    public void setOfferTimeout(long offerTimeout) {
        this.offerTimeout = offerTimeout;
    }

    /** @return most messages a browse returns */
    public int getBrowseLimit() {
        return browseLimit;
    }

    /** @param browseLimit most messages a browse returns */
    public void setBrowseLimit(int browseLimit) {
        this.browseLimit = browseLimit;
    }

    /** @return usable bytes below which the health check reports DOWN; 0 for no check */
    public long getMinFreeSpace() {
        return minFreeSpace;
    }

    /** @param minFreeSpace usable bytes below which the health check reports DOWN; 0 for no check */
    public void setMinFreeSpace(long minFreeSpace) {
        this.minFreeSpace = minFreeSpace;
    }
}
