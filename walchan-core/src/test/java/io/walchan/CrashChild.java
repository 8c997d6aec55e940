package io.walchan;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM for crash tests. Sends consecutive integers from {@code start},
 * printing {@code S i} after each send returns, receives ({@code R p}) and acknowledges some of
 * them (from {@code ackThreads} threads, so acks complete out of order), printing
 * {@code A p} after each ack returns (committed: commitEvery is 1), and halts
 * itself with {@link Runtime#halt} after {@code haltAfter} sends, unless killed first.
 *
 * <p>Args: dir durability(SyncPerSend|FlushOnly|SyncEvery) start haltAfter ackThreads segmentSize payloadBytes seed
 */
public final class CrashChild {

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Durability durability = Durability.parse(args[1]);
        int start = Integer.parseInt(args[2]);
        int haltAfter = Integer.parseInt(args[3]);
        int ackThreads = Integer.parseInt(args[4]);
        long segmentSize = Long.parseLong(args[5]);
        int payloadBytes = Integer.parseInt(args[6]);
        Random random = new Random(Long.parseLong(args[7]));
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true);

        Options options = Options.builder().durability(durability).segmentSize(segmentSize).build();
        Channel<String> ch = Walchan.channel(dir, Codecs.utf8(), options);
        out.println("READY");
        Sender<String> tx = ch.sender();
        Receiver<String> rx = ch.receiver();
        LinkedBlockingQueue<Delivery<String>> toAck = new LinkedBlockingQueue<>();
        ExecutorService ackers = Executors.newFixedThreadPool(Math.max(1, ackThreads));
        for (int t = 0; t < ackThreads; t++) {
            ackers.submit(() -> {
                Random r = new Random(Thread.currentThread().getId());
                while (true) {
                    Delivery<String> d = toAck.take();
                    if (r.nextInt(4) == 0) {
                        Thread.sleep(r.nextInt(3)); // let later deliveries overtake this one
                    }
                    d.ack();
                    out.println("A " + d.position());
                }
            });
        }
        String pad = "x".repeat(Math.max(0, payloadBytes));
        for (int i = start; i < start + haltAfter; i++) {
            tx.send(i + ":" + pad);
            out.println("S " + i);
            if (random.nextInt(3) == 0) {
                List<Delivery<String>> batch = new ArrayList<>();
                for (int k = 0; k < 2; k++) {
                    Delivery<String> d = rx.tryRecv();
                    if (d != null) {
                        out.println("R " + d.position());
                        batch.add(d);
                    }
                }
                if (ackThreads == 0) {
                    for (Delivery<String> d : batch) {
                        d.ack();
                        out.println("A " + d.position());
                    }
                } else {
                    toAck.addAll(batch);
                }
            }
        }
        ackers.awaitTermination(10, TimeUnit.MILLISECONDS);
        out.println("HALT");
        Runtime.getRuntime().halt(137);
    }

    private CrashChild() {
    }
}
