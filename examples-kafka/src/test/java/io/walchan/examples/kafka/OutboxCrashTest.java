package io.walchan.examples.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The application JVM halts while it sends and forwards; after a restart on the same
 * outbox directory every message whose send had returned reaches Kafka at least once.
 */
class OutboxCrashTest {

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
    void everyAcknowledgedSendReachesKafkaAfterACrashAndRestart() throws Exception {
        kafka.createTopic("orders-crash", 3);
        Path outboxDir = tmp.resolve("outbox");
        long haltAfter = 200 + ThreadLocalRandom.current().nextInt(300); // < CrashingApp.MAX_SENDS

        Set<String> acknowledged = runUntilHalt(outboxDir, haltAfter);
        assertThat(acknowledged.size()).as("sends acknowledged before the crash").isGreaterThan((int) haltAfter / 2);

        try (Outbox restarted = Outbox.start(outboxDir, kafka.bootstrapServers(), "orders-crash",
                Duration.ofSeconds(10))) {
            List<ConsumerRecord<String, String>> records = Topic.readUntil(kafka.bootstrapServers(), "orders-crash",
                    acknowledged, Duration.ofSeconds(120));
            assertThat(records).extracting(ConsumerRecord::value).containsAll(acknowledged);
            System.out.printf("crash test: halted after %d forwarded; %d sends acknowledged; %d records in Kafka;"
                    + " %d forwarded after the restart%n", haltAfter, acknowledged.size(), records.size(),
                    restarted.forwarded());
        }
    }

    /** Runs {@link CrashingApp} in a child JVM until it halts. @return the values whose send returned */
    private static Set<String> runUntilHalt(Path outboxDir, long haltAfter) throws Exception {
        Path stderr = tmp.resolve("child-" + haltAfter + ".err");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-cp", System.getProperty("java.class.path"), CrashingApp.class.getName(),
                outboxDir.toString(), kafka.bootstrapServers(), "orders-crash", String.valueOf(haltAfter))
                .redirectError(stderr.toFile()).start();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        Thread reader = new Thread(() -> readAcknowledged(child, acknowledged), "child-stdout");
        reader.start();
        boolean ended = child.waitFor(120, TimeUnit.SECONDS);
        if (!ended) {
            child.destroyForcibly();
        }
        reader.join(10_000);
        assertThat(ended).as("child ended within 120 s; stderr: %s", stderrOf(stderr)).isTrue();
        assertThat(child.exitValue()).as("child halted; stderr: %s", stderrOf(stderr))
                .isEqualTo(CrashingApp.HALT_STATUS);
        return acknowledged;
    }

    private static void readAcknowledged(Process child, Set<String> acknowledged) {
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("sent ") && line.endsWith(" .")) {
                    acknowledged.add(line.substring("sent ".length(), line.length() - 2));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the child's stdout", e);
        }
    }

    private static String stderrOf(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file) : "(none)";
    }
}
