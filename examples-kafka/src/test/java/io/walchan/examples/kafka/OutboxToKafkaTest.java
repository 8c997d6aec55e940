package io.walchan.examples.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The outbox against a running broker: everything arrives once, in order per key. */
class OutboxToKafkaTest {

    private static final int MESSAGES = 1000;
    private static final int KEYS = 10;

    @TempDir
    static Path tmp;
    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() throws Exception {
        kafka = EmbeddedKafka.start(tmp.resolve("kafka"));
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void thousandMessagesArriveExactlyOnceEachInOrderPerKey() throws Exception {
        kafka.createTopic("orders-once", 3);
        try (Outbox outbox = Outbox.start(tmp.resolve("outbox"), kafka.bootstrapServers(), "orders-once",
                Duration.ofSeconds(10))) {
            for (int i = 0; i < MESSAGES; i++) {
                outbox.send(key(i), key(i) + ":" + i);
            }
            Topic.await("the outbox to forward " + MESSAGES + " messages", Duration.ofSeconds(120),
                    () -> outbox.forwarded() >= MESSAGES);
            assertThat(outbox.redeliveries()).isZero();
        }
        List<ConsumerRecord<String, String>> records = Topic.readAll(kafka.bootstrapServers(), "orders-once");

        assertThat(records).extracting(ConsumerRecord::value)
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, MESSAGES).mapToObj(i -> key(i) + ":" + i)
                        .collect(Collectors.toList()));
        assertInOrderPerKey(records, MESSAGES);
    }

    @Test
    void exampleMainForwardsTenOrders() throws Exception {
        kafka.createTopic(OutboxExample.TOPIC, 3);
        OutboxExample.main(new String[] {kafka.bootstrapServers(), tmp.resolve("example-outbox").toString()});

        assertThat(Topic.readAll(kafka.bootstrapServers(), OutboxExample.TOPIC)).extracting(ConsumerRecord::value)
                .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, 10).mapToObj(i -> "order-" + i)
                        .collect(Collectors.toList()));
    }

    static String key(int i) {
        return "customer-" + (i % KEYS);
    }

    /** Each key's records, read from its partition in offset order, carry increasing sequence numbers. */
    static void assertInOrderPerKey(List<ConsumerRecord<String, String>> records, int messages) {
        Map<String, List<Integer>> byKey = new TreeMap<>();
        for (ConsumerRecord<String, String> r : records) {
            assertThat(r.value()).startsWith(r.key() + ":");
            byKey.computeIfAbsent(r.key(), k -> new ArrayList<>())
                    .add(Integer.parseInt(r.value().substring(r.value().indexOf(':') + 1)));
        }
        assertThat(byKey).hasSize(Math.min(KEYS, messages));
        byKey.forEach((key, sequence) -> assertThat(sequence).as("sequence numbers of " + key).isSorted());
    }
}
