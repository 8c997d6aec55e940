package io.walchan.examples.kafka;

import io.walchan.camel.WalchanEndpoint;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * The application's side of the outbox: {@link #send} writes a message to the local
 * walchan channel and returns once it is on disk; the {@link OutboxRoute} in the same
 * CamelContext forwards it to Kafka in the background.
 *
 * <p>Thread-safe: several threads may send. {@link #close()} stops the route
 * gracefully; what was not yet forwarded stays in the outbox for the next start.
 */
public final class Outbox implements AutoCloseable {

    private final CamelContext context;
    private final ProducerTemplate template;
    private final String uri;

    private Outbox(CamelContext context, String uri) {
        this.context = context;
        this.template = context.createProducerTemplate();
        this.uri = uri;
    }

    /**
     * Starts a CamelContext with the outbox route.
     *
     * @param outboxDir the outbox channel directory (created if missing; its backlog is forwarded)
     * @param brokers the Kafka bootstrap servers
     * @param topic the topic to forward to
     * @param deliveryTimeout longest time one send to Kafka may take before the message is handed back
     * @return the started outbox
     * @throws Exception if Camel cannot start (for example the directory is open in another process)
     */
    public static Outbox start(Path outboxDir, String brokers, String topic, Duration deliveryTimeout)
            throws Exception {
        CamelContext context = new DefaultCamelContext();
        context.getShutdownStrategy().setTimeout(deliveryTimeout.toSeconds() + 5);
        try {
            context.addRoutes(new OutboxRoute(outboxDir, OutboxRoute.kafkaUri(brokers, topic, deliveryTimeout)));
            context.start();
        } catch (Exception | Error e) {
            context.stop();
            throw e;
        }
        return new Outbox(context, OutboxRoute.outboxUri(outboxDir));
    }

    /**
     * Puts one message into the outbox. Returns once it is fsynced: from then on it
     * reaches Kafka at least once, even if this process crashes.
     *
     * @param key the Kafka record key (its messages keep their order in its partition)
     * @param value the record value
     * @throws org.apache.camel.CamelExecutionException if the message could not be stored
     */
    public void send(String key, String value) {
        template.sendBodyAndHeader(uri, value, KafkaConstants.KEY, key);
    }

    /** @return the CamelContext, to add routes or suspend the outbox route */
    public CamelContext context() {
        return context;
    }

    /** @return the outbox route's walchan endpoint, whose counters (acked, re-deliveries) show progress */
    public WalchanEndpoint endpoint() {
        return (WalchanEndpoint) context.getRoute(OutboxRoute.ROUTE_ID).getEndpoint();
    }

    /** @return messages forwarded to Kafka and acknowledged in the outbox since the start */
    public long forwarded() {
        return endpoint().getAckedCount();
    }

    /** @return failed sends to Kafka whose message was handed back for another try, since the start */
    public long redeliveries() {
        return endpoint().getRedeliveryCount();
    }

    /** Stops the route (the in-flight send finishes or is handed back) and closes the channel. */
    @Override
    public void close() {
        template.stop();
        context.stop();
    }
}
