package io.walchan;

import static org.assertj.core.api.Assertions.assertThat;

import io.walchan.internal.checkpoint.Checkpoint;
import io.walchan.internal.fs.NioFileLayer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Kills a real child JVM ({@link CrashChild}) while it sends and acknowledges, then
 * reopens the directory and checks the guarantees: every send that returned is
 * there (SYNC_PER_SEND and FLUSH_ONLY both survive a process kill), nothing
 * acknowledged-and-committed comes back, and what comes back is in send order.
 */
class CrashTest {

    @TempDir
    Path dir;

    /** What the child printed before it died. */
    static final class ChildLog {
        final Set<Integer> sent = new java.util.concurrent.ConcurrentSkipListSet<>();
        final Set<Long> acked = java.util.concurrent.ConcurrentHashMap.newKeySet();
        final Set<Long> delivered = java.util.concurrent.ConcurrentHashMap.newKeySet();
        volatile boolean ready;
    }

    static Process start(Path dir, String durability, int startAt, int haltAfter, int ackThreads, long segmentSize,
            int payloadBytes, long seed) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx128m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Xshare:auto", "-cp", System.getProperty("java.class.path"),
                CrashChild.class.getName(), dir.toString(), durability, String.valueOf(startAt),
                String.valueOf(haltAfter), String.valueOf(ackThreads), String.valueOf(segmentSize),
                String.valueOf(payloadBytes), String.valueOf(seed));
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        return pb.start();
    }

    /** Reads the child's output until it exits; kills it after {@code killAfterSends} sends if positive. */
    static ChildLog run(Process p, int killAfterSends) throws Exception {
        return run(p, killAfterSends, new java.util.concurrent.CountDownLatch(1));
    }

    /** As {@link #run(Process, int)}, counting down {@code ready} when the child has opened its channel. */
    static ChildLog run(Process p, int killAfterSends, java.util.concurrent.CountDownLatch ready) throws Exception {
        return run(p, killAfterSends, ready, new ChildLog());
    }

    /** As above, filling {@code log} as lines arrive (its sets may be read concurrently). */
    static ChildLog run(Process p, int killAfterSends, java.util.concurrent.CountDownLatch ready, ChildLog log)
            throws Exception {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                String[] parts = line.split(" ");
                try {
                    if (parts[0].equals("READY")) {
                        log.ready = true;
                        ready.countDown();
                    } else if (parts[0].equals("S") && parts.length == 2) {
                        log.sent.add(Integer.parseInt(parts[1]));
                        if (killAfterSends > 0 && log.sent.size() >= killAfterSends) {
                            p.toHandle().destroyForcibly(); // kill -9
                        }
                    } else if (parts[0].equals("R") && parts.length == 2) {
                        log.delivered.add(Long.parseLong(parts[1]));
                    } else if (parts[0].equals("A") && parts.length == 2) {
                        log.acked.add(Long.parseLong(parts[1]));
                    }
                } catch (NumberFormatException torn) {
                    // The last line may be cut by the kill.
                }
            }
        } finally {
            ready.countDown();
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return log;
    }

    @ParameterizedTest(name = "{0}, ackThreads={1}, segment={2}, payload={3}")
    @CsvSource({
        "SyncPerSend, 0, 65536, 10",
        "FlushOnly, 0, 65536, 10",
        "FlushOnly, 3, 4096, 10",
        "SyncPerSend, 3, 8192, 3000",
        "SyncEvery, 2, 4096, 100",
    })
    void killedChildrenLoseNothingThatWasSentOrUnacknowledged(String durability, int ackThreads, long segmentSize,
            int payload) throws Exception {
        Random random = new Random(42);
        int next = 0;
        Set<Integer> committedAcked = new HashSet<>();
        Set<Integer> allSent = new HashSet<>();
        Set<Integer> delivered = new HashSet<>();
        for (int round = 0; round < 4; round++) {
            int haltAfter = 50 + random.nextInt(250);
            boolean parentKills = round % 2 == 0;
            Process p = start(dir, durability, next, haltAfter, ackThreads, segmentSize, payload, random.nextLong());
            ChildLog log = run(p, parentKills ? 20 + random.nextInt(haltAfter - 20) : -1);
            assertThat(log.ready).as("child started").isTrue();
            allSent.addAll(log.sent);
            for (long position : log.acked) {
                committedAcked.add((int) position); // one sender, fresh directory: position == value
            }
            log.delivered.forEach(position -> delivered.add((int) (long) position));
            next = verify(allSent, committedAcked, delivered);
        }
    }

    /** Reopens, checks I1-I3, leaves everything unacknowledged; returns the next value to send. */
    private int verify(Set<Integer> sent, Set<Integer> acked, Set<Integer> delivered) throws Exception {
        return verify(dir, sent, acked, delivered);
    }

    /** Reopens {@code dir}, checks I1-I3, leaves everything unacknowledged; returns the next value to send. */
    static int verify(Path dir, Set<Integer> sent, Set<Integer> acked, Set<Integer> delivered) throws Exception {
        long committedOnDisk = Checkpoint.read(new NioFileLayer(false), dir).committed;
        int ackedPrefix = 0; // acks are committed before ack() returns: the contiguous printed prefix is on disk
        while (acked.contains(ackedPrefix)) {
            ackedPrefix++;
        }
        assertThat(committedOnDisk).as("every ack that returned is committed").isGreaterThanOrEqualTo(ackedPrefix);
        for (int p = 0; p < committedOnDisk; p++) {
            if (!delivered.contains(p)) { // a plain lookup: AssertJ's contains() scans the set
                throw new AssertionError("committed position " + p + " was never delivered");
            }
        }
        List<Integer> received = new ArrayList<>();
        int max = -1;
        try (Channel<String> ch = Walchan.channel(dir, Codecs.utf8(), Options.defaults())) {
            List<Delivery<String>> ds = new ArrayList<>();
            ch.receiver().withOptions(new ReceiverOptions(1_000_000, java.time.Duration.ofHours(1))); // commit on close
            for (var it = ch.receiver().tryIter(); it.hasNext(); ) {
                Delivery<String> d = it.next();
                int value = Integer.parseInt(d.get().substring(0, d.get().indexOf(':')));
                assertThat(d.position()).isEqualTo(value);
                received.add(value);
                ds.add(d);
            }
            // Keep the backlog small so later rounds stay fast: acknowledge all but the last 50, which
            // the next child gets again (redelivered). Record both so the next check knows.
            for (int i = 0; i < ds.size(); i++) {
                Delivery<String> d = ds.get(i);
                delivered.add((int) d.position());
                if (i < ds.size() - 50) {
                    d.ack();
                    acked.add((int) d.position());
                } else {
                    d.nack();
                }
            }
        }
        for (int i = 1; i < received.size(); i++) {
            assertThat(received.get(i)).as("send order").isGreaterThan(received.get(i - 1));
        }
        Set<Integer> got = new HashSet<>(received);
        for (int s : sent) {
            if (!(got.contains(s) || s < committedOnDisk)) {
                throw new AssertionError("message " + s + " returned from send and is not committed ("
                        + committedOnDisk + "), so it must be there; received " + received);
            }
            max = Math.max(max, s);
        }
        for (int i = 0; i < received.size(); i++) {
            assertThat(received.get(i)).as("delivery resumes exactly at the committed position, without gaps")
                    .isEqualTo(committedOnDisk + i);
        }
        for (int r : received) {
            max = Math.max(max, r);
        }
        return max + 1;
    }
}
