package io.walchan.examples.kafka;

import java.nio.file.Path;
import java.time.Duration;
import org.apache.camel.builder.RouteBuilder;

/**
 * The outbox route: forwards every message of a local walchan channel to a Kafka
 * topic, and acknowledges the local message only once Kafka acknowledged the write.
 *
 * <pre>
 * from("walchan:&lt;dir&gt;?pollTimeout=200")
 *     .to("kafka:orders?brokers=...&amp;requestRequiredAcks=all&amp;enableIdempotence=true&amp;lingerMs=0"
 *         + "&amp;deliveryTimeoutMs=...&amp;requestTimeoutMs=...&amp;maxBlockMs=...")
 * </pre>
 *
 * <ul>
 *   <li>The walchan consumer routes one message at a time and waits for the Kafka
 *       producer's callback; the exchange completes (-> ack) when the broker
 *       acknowledged the write with {@code acks=all}, and fails (-> nack, delivered
 *       again at once, before newer messages) when the send fails.</li>
 *   <li>{@code deliveryTimeoutMs} bounds how long one send may try (with the
 *       producer's own retries) before it fails; {@code maxBlockMs} bounds the wait
 *       for metadata. Without them a broker outage blocks the route for camel-kafka's
 *       defaults (2 min, 1 min) before the message is handed back.</li>
 *   <li>The idempotent producer turns the Kafka client's own retries within one
 *       delivery timeout into exactly one record. A write that reached the broker but
 *       whose acknowledgement did not come back in time is re-sent by walchan as a new
 *       record: the guarantee end to end is at-least-once (see docs/scale-out.md).</li>
 *   <li>One consumer thread keeps the log's order, so each key's messages reach its
 *       partition in send order.</li>
 * </ul>
 */
public final class OutboxRoute extends RouteBuilder {

    /** The route id, for suspending/resuming it and for reading its endpoint's counters. */
    public static final String ROUTE_ID = "outbox";

    private final Path outboxDir;
    private final String kafkaUri;

    /**
     * @param outboxDir the outbox channel directory
     * @param kafkaUri where to forward, usually {@link #kafkaUri(String, String, Duration)}
     */
    public OutboxRoute(Path outboxDir, String kafkaUri) {
        this.outboxDir = outboxDir;
        this.kafkaUri = kafkaUri;
    }

    /**
     * @param outboxDir the outbox channel directory
     * @return the URI the application sends to (and the route reads from): SyncPerSend, so a
     *         send returns once the message is fsynced
     */
    public static String outboxUri(Path outboxDir) {
        return "walchan:" + outboxDir.toAbsolutePath() + "?durability=SyncPerSend";
    }

    /**
     * The Kafka endpoint of the outbox: acks from all in-sync replicas, the idempotent
     * producer, no batching delay, and an upper bound on each send.
     *
     * @param brokers the bootstrap servers, {@code host:port[,host:port]}
     * @param topic the topic
     * @param deliveryTimeout longest time one send may take, retries included; at least 2 s.
     *        After it the exchange fails and walchan hands the message back.
     * @return the {@code kafka:} URI
     */
    public static String kafkaUri(String brokers, String topic, Duration deliveryTimeout) {
        long deliveryMs = deliveryTimeout.toMillis();
        if (deliveryMs < 2000) {
            throw new IllegalArgumentException("deliveryTimeout must be at least 2 s, was " + deliveryTimeout);
        }
        long requestMs = deliveryMs / 2; // Kafka requires delivery.timeout.ms >= linger.ms + request.timeout.ms
        return "kafka:" + topic + "?brokers=" + brokers
                + "&requestRequiredAcks=all&enableIdempotence=true&lingerMs=0"
                + "&deliveryTimeoutMs=" + deliveryMs + "&requestTimeoutMs=" + requestMs + "&maxBlockMs=" + deliveryMs;
    }

    @Override
    public void configure() {
        // The walchan consumer logs each hand-back (WARN); Camel's ERROR report of the same failure is noise.
        errorHandler(defaultErrorHandler().logExhausted(false));
        from(outboxUri(outboxDir) + "&pollTimeout=200").routeId(ROUTE_ID)
                .to(kafkaUri);
    }
}
