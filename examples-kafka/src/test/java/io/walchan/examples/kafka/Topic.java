package io.walchan.examples.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Test helpers: read a topic with a plain KafkaConsumer, and wait for conditions. */
final class Topic {

    private Topic() {
    }

    /**
     * Reads every record of the topic, from the beginning up to the end offsets as of
     * this call (no consumer group, nothing committed).
     *
     * @param brokers the bootstrap servers
     * @param topic the topic
     * @return the records, partition by partition in offset order
     */
    static List<ConsumerRecord<String, String>> readAll(String brokers, String topic) {
        try (KafkaConsumer<String, String> consumer = consumer(brokers)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).collect(Collectors.toList());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!atEnd(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " up to " + end + " within 60 s; read "
                            + records.size());
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            records.removeIf(r -> r.offset() >= end.get(new TopicPartition(r.topic(), r.partition())));
            return records;
        }
    }

    /**
     * Polls the topic from its beginning until every value of {@code expected} was read.
     *
     * @param brokers the bootstrap servers
     * @param topic the topic
     * @param expected the values to wait for
     * @param timeout how long to wait
     * @return everything read (with duplicates, if any)
     * @throws AssertionError naming how many values are missing if the timeout passes
     */
    static List<ConsumerRecord<String, String>> readUntil(String brokers, String topic, Set<String> expected,
            Duration timeout) {
        try (KafkaConsumer<String, String> consumer = consumer(brokers)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).collect(Collectors.toList());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Set<String> missing = new HashSet<>(expected);
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!missing.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(missing.size() + " of " + expected.size() + " values did not arrive in "
                            + topic + " within " + timeout + ", e.g. " + missing.stream().limit(5).toList());
                }
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    records.add(r);
                    missing.remove(r.value());
                }
            }
            return records;
        }
    }

    private static boolean atEnd(KafkaConsumer<String, String> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    private static KafkaConsumer<String, String> consumer(String brokers) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000),
                new StringDeserializer(), new StringDeserializer());
    }

    /**
     * Polls a condition every 20 ms.
     *
     * @param what what is waited for, for the failure message
     * @param timeout how long to wait
     * @param condition the condition
     * @throws InterruptedException if interrupted while waiting
     */
    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}
