package io.walchan.examples.kafka;

import io.walchan.camel.WalchanEndpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * Measures messages per second into Kafka: the outbox next to a direct
 * {@code to("kafka:")} with the same producer settings. Run with
 * {@code mvn -q -pl examples-kafka test-compile exec:exec -Dexec.mainClass=io.walchan.examples.kafka.OutboxThroughput}
 * (or with an argument, the messages per case, default 4000, from an IDE). The
 * numbers it prints are in docs/scale-out.md.
 *
 * <p>Not a JMH benchmark: one broker in the same JVM, two rounds of all cases
 * (the first warms up), wall-clock time. Good for ratios on one machine, not for absolute claims.
 */
@SuppressWarnings("try") // CamelContext.close() is declared to throw InterruptedException
public final class OutboxThroughput {

    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(30);

    private OutboxThroughput() {
    }

    /**
     * @param args optionally the message count per case
     * @throws Exception if the broker or Camel fail
     */
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 4000;
        Path tmp = Files.createTempDirectory("outbox-throughput");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(tmp.resolve("kafka"))) {
            // Round 1 warms up the JIT, the broker and the page cache; only round 2 is worth quoting.
            for (int round = 1; round <= 2; round++) {
                System.out.printf("%nround %d%s%n", round, round == 1 ? " (warm-up)" : "");
                runAll(kafka, tmp.resolve("round" + round), "r" + round + "-", n);
            }
        }
    }

    private static void runAll(EmbeddedKafka kafka, Path tmp, String prefix, int n) throws Exception {
        String brokers = kafka.bootstrapServers();
        for (String topic : List.of("direct", "direct4", "outbox", "outbox-send", "outbox-commit", "outbox-parallel")) {
            kafka.createTopic(prefix + topic, 3);
        }
        report("direct to(\"kafka:\"), 1 thread", n, direct(brokers, prefix + "direct", 1, n));
        report("direct to(\"kafka:\"), 4 threads", n, direct(brokers, prefix + "direct4", 4, n));
        double[] split = outboxBacklog(tmp.resolve("outbox-backlog"), brokers, prefix + "outbox", n);
        report("outbox: application send (SyncPerSend, route stopped)", n, split[0]);
        report("outbox: forward a backlog to Kafka", n, split[1]);
        report("outbox: send and forward together, end to end", n,
                outboxEndToEnd(tmp.resolve("outbox-e2e"), brokers, prefix + "outbox-send", n));
        report("outbox, commitEvery=100: forward a backlog", n, backlogWith(tmp.resolve("outbox-commit"),
                brokers, prefix + "outbox-commit", n, "commitEvery=100&commitMaxDelay=100"));
        report("outbox, concurrentConsumers=4: forward a backlog", n, backlogWith(
                tmp.resolve("outbox-parallel"), brokers, prefix + "outbox-parallel", n, "concurrentConsumers=4"));
    }

    private static void report(String what, int n, double seconds) {
        System.out.printf("%-58s %6d msgs in %6.2f s = %8.0f msgs/s%n", what, n, seconds, n / seconds);
    }

    /** Sends n records straight to Kafka, synchronously, from {@code threads} threads. @return seconds */
    private static double direct(String brokers, String topic, int threads, int n) throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            context.start();
            // Resolved once, as a route's to() does: the template then does not parse the URI per message.
            Endpoint endpoint = context.getEndpoint(OutboxRoute.kafkaUri(brokers, topic, DELIVERY_TIMEOUT));
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                long start = System.nanoTime();
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int first = t;
                    done.add(pool.submit(() -> {
                        ProducerTemplate template = context.createProducerTemplate();
                        for (int i = first; i < n; i += threads) {
                            template.sendBodyAndHeader(endpoint, OutboxToKafkaTest.key(i) + ":" + i,
                                    KafkaConstants.KEY, OutboxToKafkaTest.key(i));
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
                return (System.nanoTime() - start) / 1e9;
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /** Fills the outbox with the route stopped, then forwards the backlog. @return {send seconds, forward seconds} */
    private static double[] outboxBacklog(Path dir, String brokers, String topic, int n) throws Exception {
        try (Outbox outbox = Outbox.start(dir, brokers, topic, DELIVERY_TIMEOUT)) {
            outbox.context().getRouteController().stopRoute(OutboxRoute.ROUTE_ID);
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                outbox.send(OutboxToKafkaTest.key(i), OutboxToKafkaTest.key(i) + ":" + i);
            }
            double send = (System.nanoTime() - start) / 1e9;
            start = System.nanoTime();
            outbox.context().getRouteController().startRoute(OutboxRoute.ROUTE_ID);
            Topic.await("the backlog to drain", Duration.ofMinutes(10), () -> outbox.forwarded() >= n);
            return new double[] {send, (System.nanoTime() - start) / 1e9};
        }
    }

    /**
     * Like {@link #outboxBacklog}, with more walchan options on the route's endpoint:
     * {@code commitEvery} (fewer checkpoint writes; more re-sends after a crash) or
     * {@code concurrentConsumers} (parallel sends; one key's messages may overtake each other).
     *
     * @return forward seconds
     */
    private static double backlogWith(Path dir, String brokers, String topic, int n, String options)
            throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from(OutboxRoute.outboxUri(dir) + "&pollTimeout=200&" + options).routeId("parallel")
                            .autoStartup(false).to(OutboxRoute.kafkaUri(brokers, topic, DELIVERY_TIMEOUT));
                }
            });
            context.start();
            ProducerTemplate template = context.createProducerTemplate();
            for (int i = 0; i < n; i++) {
                template.sendBodyAndHeader(OutboxRoute.outboxUri(dir), OutboxToKafkaTest.key(i) + ":" + i,
                        KafkaConstants.KEY, OutboxToKafkaTest.key(i));
            }
            long start = System.nanoTime();
            context.getRouteController().startRoute("parallel");
            WalchanEndpoint endpoint = (WalchanEndpoint) context.getRoute("parallel").getEndpoint();
            Topic.await("the backlog to drain", Duration.ofMinutes(10), () -> endpoint.getAckedCount() >= n);
            return (System.nanoTime() - start) / 1e9;
        }
    }

    /** Sends n messages while the route forwards them. @return seconds until the last one is in Kafka */
    private static double outboxEndToEnd(Path dir, String brokers, String topic, int n) throws Exception {
        try (Outbox outbox = Outbox.start(dir, brokers, topic, DELIVERY_TIMEOUT)) {
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                outbox.send(OutboxToKafkaTest.key(i), OutboxToKafkaTest.key(i) + ":" + i);
            }
            Topic.await("everything forwarded", Duration.ofMinutes(10), () -> outbox.forwarded() >= n);
            return (System.nanoTime() - start) / 1e9;
        }
    }
}
