package io.walchan.camel;

import io.walchan.ChannelStats;
import io.walchan.WalchanException;
import io.walchan.internal.inspect.LogSummary;
import io.walchan.internal.inspect.NotAChannelDirectoryException;
import io.walchan.internal.inspect.RecordCursor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.apache.camel.AsyncEndpoint;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Exchange;
import org.apache.camel.MultipleConsumersSupport;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedOperation;
import org.apache.camel.api.management.ManagedResource;
import org.apache.camel.spi.BrowsableEndpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Send and receive messages through a persistent, write-ahead-log backed walchan
 * channel: at-least-once delivery across restarts and crashes, acknowledged when
 * the exchange completes, handed back when it fails or is rolled back.
 *
 * <p>Every endpoint naming the same directory (after canonicalization) in one
 * CamelContext shares one channel; see {@link WalchanConfiguration} for which
 * options must then agree.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "walchan", title = "Walchan", syntax = "walchan:path",
        category = {Category.MESSAGING}, headersClass = WalchanConstants.class, remote = false)
@ManagedResource(description = "Managed walchan endpoint")
public class WalchanEndpoint extends DefaultEndpoint implements AsyncEndpoint, BrowsableEndpoint,
        MultipleConsumersSupport {

    private static final Logger LOG = LoggerFactory.getLogger(WalchanEndpoint.class);

    @UriPath(description = "The channel directory: absolute, or relative to the working directory. Created if"
            + " missing. One channel per directory per CamelContext.")
    @Metadata(required = true)
    private String path;
    @UriParam
    private WalchanConfiguration configuration;

    /** The canonical directory; set by the component after the options are validated. */
    private Path directory;
    /** The shared channel of {@link #directory}; set by the component. */
    private SharedChannel channel;
    private MessageMapper mapper;
    private MessageCodec codec;

    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong handedBack = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    /**
     * @param uri the endpoint URI
     * @param component the walchan component
     * @param path the directory as written in the URI
     * @param configuration the options (a copy of the component's, for this endpoint)
     */
    public WalchanEndpoint(String uri, WalchanComponent component, String path, WalchanConfiguration configuration) {
        super(uri, component);
        this.path = path;
        this.configuration = configuration;
    }

    @Override
    public WalchanComponent getComponent() {
        return (WalchanComponent) super.getComponent();
    }

    @Override
    public Producer createProducer() throws Exception {
        return new WalchanProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        WalchanConsumer consumer = new WalchanConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    /** @return false: competing consumers are {@code concurrentConsumers}, or several endpoint URIs */
    @Override
    public boolean isMultipleConsumersSupported() {
        return false;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        // Re-register after a shutdown and restart of this endpoint; a no-op otherwise.
        getComponent().register(this, null);
    }

    @Override
    protected void doShutdown() throws Exception {
        getComponent().unregister(this);
        super.doShutdown();
    }

    void bind(Path directory, SharedChannel channel, MessageMapper mapper, MessageCodec codec) {
        this.directory = directory;
        this.channel = channel;
        this.mapper = mapper;
        this.codec = codec;
    }

    SharedChannel channel() {
        return channel;
    }

    MessageMapper mapper() {
        return mapper;
    }

    void countAcked() {
        acked.incrementAndGet();
    }

    void countHandedBack() {
        handedBack.incrementAndGet();
    }

    void countDeadLettered() {
        deadLettered.incrementAndGet();
    }

    void countDropped() {
        dropped.incrementAndGet();
    }

    /** @return the directory as written in the URI */
    public String getPath() {
        return path;
    }

    /** @param path the directory as written in the URI */
    public void setPath(String path) {
        this.path = path;
    }

    /** @return this endpoint's options */
    public WalchanConfiguration getConfiguration() {
        return configuration;
    }

    /** @param configuration this endpoint's options */
    public void setConfiguration(WalchanConfiguration configuration) {
        this.configuration = configuration;
    }

    /** @return the canonical channel directory */
    public Path getDirectory() {
        return directory;
    }

    /** @return the canonical channel directory, for JMX */
    @ManagedAttribute(description = "Canonical channel directory")
    public String getDirectoryName() {
        return String.valueOf(directory);
    }

    /** @return the channel settings in effect for the directory (merged over all its endpoints) */
    @ManagedAttribute(description = "Channel settings in effect for the directory")
    public String getChannelSettings() {
        return String.valueOf(channel.settings());
    }

    /** @return whether the shared channel is open */
    @ManagedAttribute(description = "Whether the shared channel is open")
    public boolean isChannelOpen() {
        return channel.isOpen();
    }

    /** @return messages that failed at least once and are not yet settled for good */
    @ManagedAttribute(description = "Messages of the directory that failed and are not yet settled for good")
    public int getFailingMessages() {
        return channel.failures.size();
    }

    /** @return messages this endpoint's consumers acknowledged */
    @ManagedAttribute(description = "Messages acknowledged by this endpoint's consumers")
    public long getAckedCount() {
        return acked.get();
    }

    /** @return messages this endpoint's consumers handed back for re-delivery */
    @ManagedAttribute(description = "Messages handed back (nacked) for re-delivery")
    public long getRedeliveryCount() {
        return handedBack.get();
    }

    /** @return messages this endpoint's consumers sent to the dead letter URI */
    @ManagedAttribute(description = "Messages sent to the dead letter URI")
    public long getDeadLetteredCount() {
        return deadLettered.get();
    }

    /** @return messages given up without a dead letter URI (logged at ERROR and acknowledged) */
    @ManagedAttribute(description = "Messages given up without a dead letter URI")
    public long getDroppedCount() {
        return dropped.get();
    }

    // ---- channel state (JMX) ----

    /**
     * @return the open channel's stats; while it is closed, the same read from the
     *     directory without opening or locking it (lastFsync and failure then null);
     *     null if the directory is not (yet) a channel directory
     */
    ChannelStats currentStats() {
        ChannelStats stats = channel == null ? null : channel.stats();
        if (stats != null || directory == null || !Files.isDirectory(directory)) {
            return stats;
        }
        try {
            LogSummary s = LogSummary.of(directory);
            long committed = Math.max(s.committed, s.firstPosition);
            return new ChannelStats(directory, s.endPosition, committed, committed, s.unacked, s.segments,
                    s.segmentBytes, null, null);
        } catch (NotAChannelDirectoryException e) {
            return null;
        } catch (RuntimeException e) {
            LOG.debug("Cannot read the state of walchan directory {}: {}", directory, e.toString());
            return null;
        }
    }

    /** @return messages sent and not acknowledged (the queue depth); -1 if unknown */
    @ManagedAttribute(description = "Queue depth: messages sent and not yet acknowledged (-1 if unknown)")
    public long getQueueDepth() {
        return getUnacknowledged();
    }

    /** @return messages sent and not acknowledged; -1 if unknown */
    @ManagedAttribute(description = "Messages sent and not yet acknowledged; with out-of-order acks, acked messages"
            + " above the first unacknowledged one still count (-1 if unknown)")
    public long getUnacknowledged() {
        ChannelStats s = currentStats();
        return s == null ? -1 : s.unacknowledged();
    }

    /** @return the position the next message sent gets; -1 if unknown */
    @ManagedAttribute(description = "Position the next message sent gets: messages ever sent (-1 if unknown)")
    public long getEndPosition() {
        ChannelStats s = currentStats();
        return s == null ? -1 : s.endPosition();
    }

    /** @return the persisted committed position; -1 if unknown */
    @ManagedAttribute(description = "Persisted committed position: messages below it are never delivered again"
            + " (-1 if unknown)")
    public long getCommittedPosition() {
        ChannelStats s = currentStats();
        return s == null ? -1 : s.committedPosition();
    }

    /** @return the end of the contiguous acknowledged prefix; -1 if unknown */
    @ManagedAttribute(description = "End of the contiguous acknowledged prefix (ahead of the committed position"
            + " while commits are batched; -1 if unknown)")
    public long getAcknowledgedPosition() {
        ChannelStats s = currentStats();
        return s == null ? -1 : s.acknowledgedPosition();
    }

    /** @return when the log was last made durable (ISO-8601), or null */
    @ManagedAttribute(description = "When the log was last fsynced (ISO-8601), empty if never in this process or the"
            + " channel is closed")
    public String getLastFsync() {
        ChannelStats s = currentStats();
        return s == null || s.lastFsync() == null ? null : s.lastFsync().toString();
    }

    /** @return segment files in use; -1 if unknown */
    @ManagedAttribute(description = "Segment files in use (-1 if unknown)")
    public int getSegments() {
        ChannelStats s = currentStats();
        return s == null ? -1 : s.segments();
    }

    /** @return bytes in the segment files; -1 if unknown */
    @ManagedAttribute(description = "Bytes in the segment files (-1 if unknown)")
    public long getLogBytes() {
        ChannelStats s = currentStats();
        return s == null ? -1 : s.logBytes();
    }

    /** @return why the channel refuses sends (a failed fsync), or null while healthy */
    @ManagedAttribute(description = "Why the channel refuses sends (a failed fsync); empty while healthy")
    public String getFailure() {
        ChannelStats s = currentStats();
        return s == null ? null : s.failure();
    }

    /**
     * Acknowledges every message of the directory that no consumer has received:
     * they are gone for good. Refused while a consumer of the directory (any route,
     * any endpoint on it) is started, since its in-flight messages could not be told
     * apart; stop those routes first. Producers may keep sending: what they send
     * during the purge may or may not be purged. Opens and closes the channel if no
     * producer or consumer has it open.
     *
     * @return the number of messages purged
     * @throws IllegalStateException if a consumer of the directory is started
     */
    @ManagedOperation(description = "Acknowledge (drop) every message not yet received; only while no consumer of"
            + " the directory is started")
    public long purge() {
        return channel.purge();
    }

    // ---- browsing ----

    @Override
    public int getBrowseLimit() {
        return configuration.getBrowseLimit();
    }

    @Override
    public void setBrowseLimit(int browseLimit) {
        configuration.setBrowseLimit(browseLimit);
    }

    /** @return up to {@code browseLimit} messages not yet acknowledged, oldest first, without consuming them */
    @Override
    public List<Exchange> getExchanges() {
        return getExchanges(getBrowseLimit(), null);
    }

    /**
     * Reads the log from the first unacknowledged message (the acknowledged position
     * of the open channel, else the committed position on disk), read-only and
     * without the directory lock: nothing is consumed, acknowledged or written. Each
     * record becomes an exchange with the body and headers a consumer would see, plus
     * {@code CamelWalchanPosition} and {@code CamelWalchanDirectory}; a record that
     * cannot be decoded becomes its raw bytes. Messages in flight in a consumer, and
     * with several consumer threads messages acked out of order, are listed too.
     *
     * @param limit most exchanges returned (after the filter); 0 or less means {@code browseLimit}
     * @param filter keeps the exchanges it accepts, or null for all
     */
    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public List<Exchange> getExchanges(int limit, Predicate filter) {
        int max = limit > 0 ? limit : getBrowseLimit();
        List<Exchange> answer = new ArrayList<>();
        ChannelStats stats = currentStats();
        if (stats == null) {
            return answer;
        }
        try (RecordCursor cursor = RecordCursor.open(directory, stats.acknowledgedPosition())) {
            RecordCursor.Record r;
            while (answer.size() < max && (r = cursor.next()) != null) {
                Exchange exchange = browsed(r);
                if (filter == null || filter.test(exchange)) {
                    answer.add(exchange);
                }
            }
        } catch (NotAChannelDirectoryException e) {
            return answer;
        } catch (IOException | WalchanException e) {
            // E.g. a segment reclaimed by the channel while it was read: return what was read.
            LOG.debug("Browsing walchan directory {} stopped early: {}", directory, e.toString());
        }
        return answer;
    }

    private Exchange browsed(RecordCursor.Record r) {
        Exchange exchange = createExchange();
        try {
            mapper.fill(codec.decode(r.payload), exchange.getIn(), configuration.getBodyType());
        } catch (Exception e) {
            exchange.getIn().setBody(r.payload);
        }
        exchange.getIn().setHeader(WalchanConstants.POSITION, r.position);
        exchange.getIn().setHeader(WalchanConstants.DIRECTORY, String.valueOf(directory));
        return exchange;
    }

    /** @return how many messages a browse would list (up to {@code limit}), without reading them; no timestamps */
    @Override
    public BrowseStatus getBrowseStatus(int limit) {
        ChannelStats stats = currentStats();
        long pending = stats == null ? 0 : Math.max(0, stats.endPosition() - stats.acknowledgedPosition());
        int max = limit > 0 ? limit : getBrowseLimit();
        return new BrowseStatus((int) Math.min(pending, max), 0, 0);
    }
}
