package io.walchan.examples.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.walchan.camel.WalchanConsumer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker goes down for several seconds while the application keeps sending:
 * sends keep succeeding (the outbox is local), the forwarding sends fail and are
 * handed back, and after the broker is back the backlog drains, once each and in
 * order per key.
 *
 * <p>The outbox route is suspended for the instant of the stop, so that no produce
 * request is in flight when the broker goes down. A request in flight then may have
 * been written by the broker without its acknowledgement reaching the producer; if
 * the outage outlasts {@code deliveryTimeoutMs}, walchan re-sends that message as a
 * new record — the at-least-once duplicate that docs/scale-out.md describes, and
 * that this test is not about.
 */
class BrokerOutageTest {

    private static final int MESSAGES = 600;
    private static final Duration OUTAGE = Duration.ofSeconds(8);
    /** Shorter than the outage, so that sends fail during it. */
    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(3);

    @TempDir
    Path tmp;
    private EmbeddedKafka kafka;

    @AfterEach
    void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void backlogDrainsAfterAnOutageWithoutLossOrDuplicates() throws Exception {
        kafka = EmbeddedKafka.start(tmp.resolve("kafka"));
        kafka.createTopic("orders-outage", 3);
        try (Outbox outbox = Outbox.start(tmp.resolve("outbox"), kafka.bootstrapServers(), "orders-outage",
                DELIVERY_TIMEOUT)) {
            AtomicInteger sent = new AtomicInteger();
            CompletableFuture<Void> sender = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < MESSAGES; i++) {
                    outbox.send(OutboxToKafkaTest.key(i), OutboxToKafkaTest.key(i) + ":" + i);
                    sent.incrementAndGet();
                    pause(5); // a steady stream, so that the outage falls in its middle
                }
            });
            Topic.await("100 messages forwarded", Duration.ofSeconds(60), () -> outbox.forwarded() >= 100);

            outbox.context().getRouteController().suspendRoute(OutboxRoute.ROUTE_ID);
            long forwardedBefore = awaitQuiet(outbox);
            kafka.stop();
            long stoppedAt = System.nanoTime();
            int sentAtStop = sent.get();
            outbox.context().getRouteController().resumeRoute(OutboxRoute.ROUTE_ID);

            Topic.await("a failed send to be handed back", Duration.ofSeconds(60), () -> outbox.redeliveries() > 0);
            long remaining = OUTAGE.toNanos() - (System.nanoTime() - stoppedAt);
            if (remaining > 0) {
                TimeUnit.NANOSECONDS.sleep(remaining);
            }
            long forwardedDuringOutage = outbox.forwarded() - forwardedBefore;
            int sentDuringOutage = sent.get() - sentAtStop;
            kafka.start();

            sender.get(120, TimeUnit.SECONDS);
            Topic.await("the backlog to drain", Duration.ofSeconds(120), () -> outbox.forwarded() >= MESSAGES);

            assertThat(forwardedDuringOutage).as("forwarded while the broker was down").isZero();
            assertThat(sentDuringOutage).as("sends accepted by the outbox while the broker was down").isPositive();
            assertThat(outbox.redeliveries()).as("failed sends handed back by walchan").isPositive();
            assertThat(outbox.endpoint().getDroppedCount() + outbox.endpoint().getDeadLetteredCount()).isZero();
        }
        List<ConsumerRecord<String, String>> records = Topic.readAll(kafka.bootstrapServers(), "orders-outage");

        assertThat(records).extracting(ConsumerRecord::value).as("every message once")
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, MESSAGES)
                        .mapToObj(i -> OutboxToKafkaTest.key(i) + ":" + i).collect(Collectors.toList()));
        OutboxToKafkaTest.assertInOrderPerKey(records, MESSAGES);
    }

    /**
     * Waits until the suspended outbox route has nothing in flight and its forwarded
     * count stays put over two looks 300 ms apart (longer than an idle consumer
     * thread's pause), so that no produce request is outstanding.
     *
     * @return the forwarded count then
     */
    private static long awaitQuiet(Outbox outbox) throws InterruptedException {
        WalchanConsumer consumer = (WalchanConsumer) outbox.context().getRoute(OutboxRoute.ROUTE_ID).getConsumer();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        long last = -1;
        while (System.nanoTime() < deadline) {
            long now = outbox.forwarded();
            if (consumer.getInflightCount() == 0 && now == last) {
                return now;
            }
            last = now;
            Thread.sleep(300);
        }
        throw new AssertionError("the suspended outbox route did not become quiet within 60 s");
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
