package io.walchan.camel;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.AsyncEndpoint;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.MultipleConsumersSupport;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedResource;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;

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
public class WalchanEndpoint extends DefaultEndpoint implements AsyncEndpoint, MultipleConsumersSupport {

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

    void bind(Path directory, SharedChannel channel, MessageMapper mapper) {
        this.directory = directory;
        this.channel = channel;
        this.mapper = mapper;
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
}
