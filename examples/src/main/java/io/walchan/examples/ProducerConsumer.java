package io.walchan.examples;

import io.walchan.Delivery;
import io.walchan.DisconnectedException;
import io.walchan.Receiver;
import io.walchan.SyncChannel;
import io.walchan.SyncSender;
import io.walchan.Walchan;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Producer and consumer threads over a bounded channel, like
 * {@code mpsc::sync_channel(BOUND)}: three producers each send their orders through a
 * {@link SyncSender} copy, two consumers share the one {@link Receiver}. A producer
 * waits while {@value #BOUND} orders are sent and not yet acknowledged. When every
 * producer has closed its sender the channel is disconnected, and the consumers stop
 * once it is drained. Part 2 of the {@link Demo} tour.
 */
public final class ProducerConsumer {

    /** Most orders sent and not yet acknowledged. */
    public static final int BOUND = 10;
    /** Producer threads. */
    public static final int PRODUCERS = 3;
    /** Orders per producer. */
    public static final int ORDERS_PER_PRODUCER = 100;
    /** Consumer threads. */
    public static final int CONSUMERS = 2;

    /**
     * What the consumers saw.
     *
     * @param received orders received and acknowledged
     * @param maxUnacked most orders sent and not yet acknowledged at any time, as the
     *     example counted them (never above {@link #BOUND})
     * @param inSendOrder whether each producer's orders lie in the log in send order
     * @param perConsumer orders each consumer thread took
     */
    public record Result(int received, int maxUnacked, boolean inSendOrder, List<Integer> perConsumer) {
    }

    public static void main(String[] args) throws Exception {
        run(args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("walchan-producer-consumer"), System.out);
    }

    /**
     * @param dir the channel directory (created if missing; should be empty)
     * @param out where the summary is printed
     * @return what the consumers saw
     * @throws Exception if a thread failed
     */
    public static Result run(Path dir, PrintStream out) throws Exception {
        out.println("channel directory: " + dir);
        // Sent (send returned) minus about-to-be-acked: never more than the channel's own count.
        AtomicInteger unacked = new AtomicInteger();
        AtomicInteger maxUnacked = new AtomicInteger();
        // producer -> (sequence number -> log position): send order must be log order
        Map<Integer, Map<Integer, Long>> positions = new ConcurrentHashMap<>();
        ExecutorService threads = Executors.newFixedThreadPool(PRODUCERS + CONSUMERS);
        try (SyncChannel<Order> ch = Walchan.syncChannel(dir, BOUND, Order.class)) {
            SyncSender<Order> first = ch.sender();
            Receiver<Order> rx = ch.receiver();                  // the one receiver, shared by the consumers
            List<Future<Integer>> consumers = new ArrayList<>();
            for (int c = 0; c < CONSUMERS; c++) {
                consumers.add(threads.submit(() -> consume(rx, unacked, positions)));
            }
            List<Future<?>> producers = new ArrayList<>();
            for (int p = 1; p <= PRODUCERS; p++) {
                int producer = p;
                SyncSender<Order> tx = first.copy();             // one sender per thread, like Sender::clone
                producers.add(threads.submit(() -> produce(producer, tx, unacked, maxUnacked)));
            }
            first.close();                                       // only the producers' copies remain
            for (Future<?> f : producers) {
                f.get();
            }
            List<Integer> perConsumer = new ArrayList<>();
            for (Future<Integer> f : consumers) {
                perConsumer.add(f.get());
            }
            Result result = new Result(perConsumer.stream().mapToInt(Integer::intValue).sum(),
                    maxUnacked.get(), inSendOrder(positions), perConsumer);
            out.printf("%d producers sent %d orders through a channel bounded to %d;%n",
                    PRODUCERS, PRODUCERS * ORDERS_PER_PRODUCER, BOUND);
            out.printf("%d consumers received and acknowledged %d (per consumer: %s);%n",
                    CONSUMERS, result.received(), perConsumer);
            out.printf("at most %d were unacknowledged at any time, and each producer's orders "
                    + "%s in the log in send order.%n", result.maxUnacked(),
                    result.inSendOrder() ? "were" : "were NOT");
            return result;
        } finally {
            threads.shutdownNow();
        }
    }

    private static Void produce(int producer, SyncSender<Order> tx, AtomicInteger unacked, AtomicInteger maxUnacked)
            throws InterruptedException {
        try (tx) {                                               // the last close disconnects the channel
            for (int i = 1; i <= ORDERS_PER_PRODUCER; i++) {
                tx.send(new Order("p" + producer + "-" + i, i)); // waits while BOUND are unacknowledged
                maxUnacked.accumulateAndGet(unacked.incrementAndGet(), Math::max);
            }
        }
        return null;
    }

    private static int consume(Receiver<Order> rx, AtomicInteger unacked, Map<Integer, Map<Integer, Long>> positions)
            throws InterruptedException {
        int taken = 0;
        while (true) {
            Delivery<Order> d;
            try {
                d = rx.recv();
            } catch (DisconnectedException e) {
                return taken;                                    // every sender closed, nothing left
            }
            try (d) {
                String[] id = d.get().id().substring(1).split("-");
                positions.computeIfAbsent(Integer.parseInt(id[0]), p -> new ConcurrentHashMap<>())
                        .put(Integer.parseInt(id[1]), d.position());
                unacked.decrementAndGet();                       // before the ack frees room for a producer
                taken++;
            }                                                    // ack
        }
    }

    private static boolean inSendOrder(Map<Integer, Map<Integer, Long>> positions) {
        for (Map<Integer, Long> bySequence : positions.values()) {
            long previous = -1;
            for (long position : new TreeMap<>(bySequence).values()) {
                if (position <= previous) {
                    return false;
                }
                previous = position;
            }
        }
        return true;
    }

    private ProducerConsumer() {
    }
}
