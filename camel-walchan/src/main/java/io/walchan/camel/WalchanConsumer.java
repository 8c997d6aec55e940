package io.walchan.camel;

import io.walchan.CodecException;
import io.walchan.Delivery;
import io.walchan.DisconnectedException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.ShutdownRunningTask;
import org.apache.camel.Suspendable;
import org.apache.camel.spi.AsyncProcessorAwaitManager;
import org.apache.camel.spi.ShutdownAware;
import org.apache.camel.spi.ShutdownStrategy;
import org.apache.camel.support.DefaultConsumer;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.service.ServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives from the endpoint's channel on {@code concurrentConsumers} threads of
 * its own, one {@link Delivery} per exchange; a {@link Settlement} acks or nacks it
 * when the exchange is done.
 *
 * <h2>Implementation notes</h2>
 * <ul>
 *   <li>Each thread loops: {@code recvTimeout(pollTimeout)}, build the exchange,
 *       route it synchronously, repeat. With one thread the route sees the log in
 *       order, and a nacked message comes back before anything newer.</li>
 *   <li>{@code inflight} counts exchanges created and not yet settled; a settlement
 *       may run on another thread when the route hands its completions over.</li>
 *   <li>Records that cannot be decoded go to {@code deadLetterUri} as raw bytes, or
 *       are handed back after a pause of {@code pollTimeout} (so a poison record
 *       does not spin), until {@code maximumRedeliveries}.</li>
 * </ul>
 *
 * <h2>Shutdown</h2>
 * Graceful: polling stops (within {@code pollTimeout}), the in-flight exchanges
 * finish and are settled, then the channel is released (and closed if this was its
 * last user), which commits the acknowledgements. Messages not yet received stay in
 * the log for the next start; nothing is purged. Waits are bounded by the
 * CamelContext's shutdown timeout; a delivery still unsettled then is delivered
 * again after a restart. Suspending pauses polling and keeps the channel open.
 */
public class WalchanConsumer extends DefaultConsumer implements ShutdownAware, Suspendable {

    private static final Logger LOG = LoggerFactory.getLogger(WalchanConsumer.class);
    /** How long a thread sleeps while the consumer is suspended or the context starts. */
    private static final long IDLE_PAUSE_MS = 100;

    private final WalchanConfiguration config;
    private final SharedChannel channel;
    /** The channel directory as the {@code CamelWalchanDirectory} header gives it. */
    private final String directoryName;
    /** Exchanges created and not yet settled. */
    private final AtomicInteger inflight = new AtomicInteger();
    /** Cleared to make every polling thread end after its current message. */
    private volatile boolean polling;
    private ExecutorService executor;
    /** Counted down by each polling thread as it ends. */
    private volatile CountDownLatch threadsDone;
    private Producer deadLetter;
    /** Waits for a route that continues asynchronously; looked up once, at start. */
    private AsyncProcessorAwaitManager awaitManager;
    private boolean acquired;
    /** {@code pollTimeout} as a Duration, made once at start rather than per poll. */
    private Duration pollTimeout;

    /**
     * @param endpoint the endpoint whose channel to receive from
     * @param processor the route
     */
    public WalchanConsumer(WalchanEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.config = endpoint.getConfiguration();
        this.channel = endpoint.channel();
        this.directoryName = channel.directory().toString();
    }

    @Override
    public WalchanEndpoint getEndpoint() {
        return (WalchanEndpoint) super.getEndpoint();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        if (config.getDeadLetterUri() != null) {
            deadLetter = getEndpoint().getCamelContext().getEndpoint(config.getDeadLetterUri()).createProducer();
            ServiceHelper.startService(deadLetter);
        }
        awaitManager = PluginHelper.getAsyncProcessorAwaitManager(getEndpoint().getCamelContext());
        pollTimeout = Duration.ofMillis(config.getPollTimeout());
        channel.acquire(true);
        acquired = true;
        WalchanHealthCheck check = new WalchanHealthCheck("consumer:walchan-" + getRouteId(), getEndpoint());
        check.setCamelContext(getEndpoint().getCamelContext());
        check.setEnabled(getEndpoint().getComponent().isHealthCheckConsumerEnabled());
        setHealthCheck(check);
        polling = true;
        int threads = config.getConcurrentConsumers();
        threadsDone = new CountDownLatch(threads);
        executor = getEndpoint().getCamelContext().getExecutorServiceManager()
                .newFixedThreadPool(this, "WalchanConsumer[" + channel.directory().getFileName() + "]", threads);
        for (int i = 0; i < threads; i++) {
            executor.execute(this::pollLoop);
        }
    }

    @Override
    protected void doStop() throws Exception {
        polling = false;
        awaitQuiet();
        if (executor != null) {
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdownNow(executor);
            executor = null;
        }
        if (acquired) {
            acquired = false;
            channel.release(true);
        }
        ServiceHelper.stopService(deadLetter);
        deadLetter = null;
        super.doStop();
    }

    /** Waits, within the shutdown timeout, for the threads to end and the in-flight exchanges to settle. */
    private void awaitQuiet() {
        ShutdownStrategy strategy = getEndpoint().getCamelContext().getShutdownStrategy();
        long deadline = System.nanoTime() + strategy.getTimeUnit().toNanos(strategy.getTimeout());
        try {
            CountDownLatch latch = threadsDone;
            if (latch != null && !latch.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                LOG.warn("{} walchan consumer thread(s) of {} did not end within the shutdown timeout",
                        latch.getCount(), channel.directory());
            }
            while (inflight.get() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("Interrupted while waiting for walchan consumers of {} to finish", channel.directory());
        }
        if (inflight.get() > 0) {
            LOG.warn("{} exchange(s) from walchan channel {} are still in flight at stop; their messages are"
                    + " delivered again after a restart", inflight.get(), channel.directory());
        }
    }

    private void pollLoop() {
        try {
            while (polling) {
                if (isSuspending() || isSuspended() || getEndpoint().getCamelContext().getStatus().isStarting()) {
                    if (!pause(IDLE_PAUSE_MS)) {
                        return;
                    }
                } else if (!pollOnce()) {
                    return;
                }
            }
        } finally {
            threadsDone.countDown();
        }
    }

    /** @return false if this thread should end */
    private boolean pollOnce() {
        Delivery<WalchanMessage> delivery;
        try {
            delivery = channel.receiver().recvTimeout(pollTimeout);
        } catch (CodecException e) {
            return undecodable(e.delivery(), e.bytes(), Map.of(), e);
        } catch (DisconnectedException | IllegalStateException e) {
            if (polling) {
                LOG.warn("walchan channel {} closed while its consumer polls; consumer thread ends: {}",
                        channel.directory(), e.getMessage());
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.debug("walchan consumer thread of {} interrupted while polling; it ends", channel.directory());
            return false;
        } catch (RuntimeException e) {
            getExceptionHandler().handleException("Cannot receive from walchan channel " + channel.directory()
                    + "; retrying in " + config.getPollTimeout() + " ms", e);
            return pause(config.getPollTimeout());
        }
        if (delivery != null && (isSuspending() || isSuspended() || !polling)) {
            // Suspended or stopped while this thread waited in recvTimeout: hand the message back
            // (it comes first after resume, or after a restart) rather than route it.
            delivery.nack();
            return true;
        }
        return delivery == null || process(delivery);
    }

    /** Routes one message; the settlement acks or nacks it. @return false if this thread should end */
    private boolean process(Delivery<WalchanMessage> delivery) {
        Exchange exchange = createExchange(false);
        WalchanMessage record = delivery.get();
        int failures = channel.failures.isEmpty() ? 0 : channel.failures.getOrDefault(delivery.position(), 0);
        ReceivedMessage in = new ReceivedMessage(exchange.getContext(), record.headers(), delivery.position(),
                delivery.redelivered() || failures > 0, failures, directoryName);
        exchange.setIn(in);
        try {
            in.setBody(getEndpoint().mapper().body(record, exchange, config.getBodyType()));
        } catch (Exception e) {
            releaseExchange(exchange, false);
            return undecodable(delivery, record.body(), record.headers(), e);
        }
        Settlement settlement = new Settlement(this, delivery);
        exchange.getExchangeExtension().addOnCompletion(settlement);
        inflight.incrementAndGet();
        try {
            // What Processor.process(exchange) does, without its per-call plugin lookup (~10 % of this
            // thread): route on this thread, and wait if the route continues on another one.
            awaitManager.process(getAsyncProcessor(), exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        if (exchange.getException() != null) {
            getExceptionHandler().handleException("Error processing exchange from walchan channel "
                    + channel.directory() + "; the message is handed back", exchange, exchange.getException());
        }
        releaseExchange(exchange, false);
        return true;
    }

    /** Called by a settlement of a completed exchange. */
    void ack(Delivery<?> delivery) {
        try {
            delivery.ack();
            if (!channel.failures.isEmpty()) { // The common case has none: no key to box, no lookup.
                channel.failures.remove(delivery.position());
            }
            getEndpoint().countAcked();
        } catch (DisconnectedException e) {
            LOG.warn("Cannot acknowledge the message at position {}: walchan channel {} is closed; it is delivered"
                    + " again after the channel reopens", delivery.position(), channel.directory());
        }
    }

    /** Called by a settlement of a failed or rolled back exchange: hand back, or give up. */
    void failed(Delivery<WalchanMessage> delivery, WalchanMessage record, Exception cause, String reason) {
        int failures = channel.failures.merge(delivery.position(), 1, Integer::sum);
        int max = config.getMaximumRedeliveries();
        if (max >= 0 && failures > max) {
            giveUp(delivery, record.body(), record.headers(), record, cause,
                    "given up after " + failures + " failed attempt(s): " + reason);
        } else {
            delivery.nack();
            getEndpoint().countHandedBack();
        }
    }

    /** Called by a settlement once its message is settled. */
    void settled() {
        inflight.decrementAndGet();
    }

    /**
     * Gives a message up: to the dead letter endpoint (ack once it accepted the
     * message, nack if it did not), or, without one, logged at ERROR and acked.
     *
     * @param record the decoded record, or null to send the raw bytes
     * @return true if the message was settled for good
     */
    private boolean giveUp(Delivery<?> delivery, byte[] raw, Map<String, Object> headers, WalchanMessage record,
            Exception cause, String why) {
        if (deadLetter != null) {
            if (!sendToDeadLetter(delivery, raw, headers, record, cause, why)) {
                delivery.nack();
                return false;
            }
            getEndpoint().countDeadLettered();
        } else {
            LOG.error("Dropping the message at position {} of walchan channel {}: {}. It is acknowledged; set"
                    + " deadLetterUri to keep such messages", delivery.position(), channel.directory(), why, cause);
            getEndpoint().countDropped();
        }
        delivery.ack();
        channel.failures.remove(delivery.position());
        return true;
    }

    private boolean sendToDeadLetter(Delivery<?> delivery, byte[] raw, Map<String, Object> headers,
            WalchanMessage record, Exception cause, String why) {
        Exchange dead = deadLetter.getEndpoint().createExchange();
        try {
            if (record != null) {
                getEndpoint().mapper().fill(record, dead.getIn(), config.getBodyType());
            } else {
                dead.getIn().setHeaders(new java.util.LinkedHashMap<>(headers));
                dead.getIn().setBody(raw);
            }
        } catch (Exception e) {
            dead.getIn().setHeaders(new java.util.LinkedHashMap<>(headers));
            dead.getIn().setBody(raw);
        }
        dead.getIn().setHeader(WalchanConstants.POSITION, delivery.position());
        dead.getIn().setHeader(WalchanConstants.DIRECTORY, channel.directory().toString());
        dead.getIn().setHeader(WalchanConstants.DEAD_LETTER_CAUSE, why);
        if (cause != null) {
            dead.setProperty(Exchange.EXCEPTION_CAUGHT, cause);
        }
        try {
            deadLetter.process(dead);
        } catch (Exception e) {
            dead.setException(e);
        }
        if (dead.getException() != null) {
            LOG.error("Cannot send the message at position {} of walchan channel {} to the dead letter endpoint {};"
                    + " it is handed back", delivery.position(), channel.directory(), config.getDeadLetterUri(),
                    dead.getException());
            return false;
        }
        return true;
    }

    /** A record that cannot be decoded, or whose body cannot become bodyType. @return false to end the thread */
    private boolean undecodable(Delivery<?> delivery, byte[] raw, Map<String, Object> headers, Exception cause) {
        String why = "it cannot be decoded: " + cause.getMessage();
        int failures = channel.failures.merge(delivery.position(), 1, Integer::sum);
        int max = config.getMaximumRedeliveries();
        if (deadLetter != null || (max >= 0 && failures > max)) {
            if (giveUp(delivery, raw, headers, null, cause, why)) {
                return true;
            }
        }
        LOG.warn("The message at position {} of walchan channel {} is handed back in {} ms: {}. Set deadLetterUri"
                + " or maximumRedeliveries to move it aside", delivery.position(), channel.directory(),
                config.getPollTimeout(), why);
        boolean keepGoing = pause(config.getPollTimeout());
        delivery.nack();
        return keepGoing;
    }

    /** @return false if interrupted (the flag is restored) */
    private boolean pause(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.debug("walchan consumer thread of {} interrupted; it ends", channel.directory());
            return false;
        }
    }

    /** @return false: the consumer stops early; what it has not received stays in the log */
    @Override
    public boolean deferShutdown(ShutdownRunningTask shutdownRunningTask) {
        return false;
    }

    /** @return 0: the backlog stays on disk; in-flight exchanges are counted by Camel */
    @Override
    public int getPendingExchangesSize() {
        return 0;
    }

    @Override
    public void prepareShutdown(boolean suspendOnly, boolean forced) {
        if (!suspendOnly) {
            polling = false;
        }
    }

    /** @return exchanges created by this consumer and not yet settled */
    public int getInflightCount() {
        return inflight.get();
    }
}
