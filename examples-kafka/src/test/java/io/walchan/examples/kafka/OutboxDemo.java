package io.walchan.examples.kafka;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The README's demo: starts a Kafka broker in this JVM (127.0.0.1, free ports, a
 * temporary log directory), then the outbox. Ten orders go through the outbox to the
 * {@code orders} topic; then the broker stops, five more orders are accepted by the
 * outbox anyway, and they reach Kafka once the broker is back.
 *
 * <p>Run: {@code mvn -q -pl examples-kafka -am -DskipTests test-compile exec:exec}.
 */
public final class OutboxDemo {

    private OutboxDemo() {
    }

    /**
     * @param args ignored
     * @throws Exception if the broker or Camel fail
     */
    public static void main(String[] args) throws Exception {
        Path tmp = Files.createTempDirectory("outbox-demo");
        System.out.println("starting a Kafka broker (KRaft, in this JVM) in " + tmp.resolve("kafka"));
        try (EmbeddedKafka kafka = EmbeddedKafka.start(tmp.resolve("kafka"))) {
            kafka.createTopic(OutboxExample.TOPIC, 3);
            System.out.println("broker up at " + kafka.bootstrapServers() + "; outbox in " + tmp.resolve("outbox"));
            try (Outbox outbox = Outbox.start(tmp.resolve("outbox"), kafka.bootstrapServers(), OutboxExample.TOPIC,
                    Duration.ofSeconds(3))) {
                CountDownLatch received = OutboxExample.printTopic(outbox.context(), kafka.bootstrapServers(), 15);
                sendOrders(outbox, 1, 10);
                await(outbox, 10);
                Topic.await("the first ten orders to be printed", Duration.ofSeconds(60),
                        () -> received.getCount() <= 5);

                System.out.println("\n--- stopping the broker ---");
                kafka.stop();
                sendOrders(outbox, 11, 15);
                System.out.println("the application is not blocked: the outbox holds the orders; forwarding fails"
                        + " and is retried (the WARN lines)");
                Topic.await("a re-delivery", Duration.ofSeconds(60), () -> outbox.redeliveries() > 0);
                System.out.printf("forwarded %d, re-deliveries %d%n", outbox.forwarded(), outbox.redeliveries());

                System.out.println("\n--- starting the broker again ---");
                kafka.start();
                await(outbox, 15);
                if (!received.await(60, TimeUnit.SECONDS)) {
                    System.out.println("the printing consumer did not see all 15 orders within 60 s");
                }
                System.out.printf("%nforwarded %d, re-deliveries %d, nothing lost%n", outbox.forwarded(),
                        outbox.redeliveries());
            }
        }
    }

    private static void sendOrders(Outbox outbox, int first, int last) {
        for (int i = first; i <= last; i++) {
            outbox.send("customer-" + (i % 3), "order-" + i);
            System.out.printf("outbox: order-%d is on disk%n", i);
        }
    }

    private static void await(Outbox outbox, int forwarded) throws InterruptedException {
        Topic.await(forwarded + " orders forwarded", Duration.ofSeconds(120), () -> outbox.forwarded() >= forwarded);
    }
}
