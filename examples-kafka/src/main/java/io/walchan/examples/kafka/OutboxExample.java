package io.walchan.examples.kafka;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kafka.KafkaConstants;

/**
 * Runs the outbox against a Kafka cluster you already have:
 * {@code OutboxExample <bootstrap servers> [outbox dir]}. It puts ten orders into the
 * outbox, and a second route reads them back from the topic and prints them.
 * ({@code OutboxDemo} in the tests starts a broker of its own first.)
 */
public final class OutboxExample {

    /** The topic the example writes to. */
    public static final String TOPIC = "orders";

    private OutboxExample() {
    }

    /**
     * @param args bootstrap servers, then optionally the outbox directory (default: a temporary one)
     * @throws Exception if Camel or Kafka fail
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: OutboxExample <bootstrap servers> [outbox dir]");
            System.exit(2);
        }
        Path dir = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("outbox");
        try (Outbox outbox = Outbox.start(dir, args[0], TOPIC, Duration.ofSeconds(10))) {
            CountDownLatch received = printTopic(outbox.context(), args[0], 10);
            for (int i = 1; i <= 10; i++) {
                outbox.send("customer-" + (i % 3), "order-" + i);
                System.out.printf("outbox: order-%d is on disk%n", i);
            }
            if (!received.await(60, TimeUnit.SECONDS)) {
                System.out.println("not all orders arrived in Kafka within 60 s; they stay in " + dir);
            }
            System.out.printf("forwarded %d, re-deliveries %d%n", outbox.forwarded(), outbox.redeliveries());
        }
    }

    /**
     * Adds a route that reads the topic from its beginning and prints each record.
     *
     * @param context the CamelContext to add it to
     * @param brokers the bootstrap servers
     * @param expected records after which the returned latch is open
     * @return counted down once per record
     * @throws Exception if the route cannot be added
     */
    public static CountDownLatch printTopic(CamelContext context, String brokers, int expected) throws Exception {
        CountDownLatch latch = new CountDownLatch(expected);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("kafka:" + TOPIC + "?brokers=" + brokers + "&groupId=outbox-example&autoOffsetReset=earliest")
                        .routeId("print-topic")
                        .process(e -> {
                            System.out.printf("kafka:  %s (key %s, partition %s, offset %s)%n",
                                    e.getIn().getBody(String.class), e.getIn().getHeader(KafkaConstants.KEY),
                                    e.getIn().getHeader(KafkaConstants.PARTITION),
                                    e.getIn().getHeader(KafkaConstants.OFFSET));
                            latch.countDown();
                        });
            }
        });
        return latch;
    }
}
