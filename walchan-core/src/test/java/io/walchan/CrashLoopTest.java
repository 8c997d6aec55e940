package io.walchan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The crash loop: a child JVM sends and acknowledges (out of order, from three
 * threads) into small segments, so segments roll and are deleted, and is killed
 * with {@code destroyForcibly} (SIGKILL) at a random moment; after every kill the
 * directory is reopened and I1-I3 are checked (see {@link CrashTest#verify}).
 * {@code -Dwalchan.crash.kills=N} sets the kills per case (default 60; the stress
 * profile uses 1000).
 */
class CrashLoopTest {

    private static final int KILLS = Integer.getInteger("walchan.crash.kills", 60);

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}, segment={1}, payload={2}")
    @CsvSource({
        "SyncPerSend, 4096, 20",
        "FlushOnly, 4096, 20",
        "SyncEvery, 4096, 20",
        "FlushOnly, 65536, 200000",
    })
    void survivesRepeatedKills(String durability, long segmentSize, int payload) throws Exception {
        Random random = new Random(durability.hashCode() * 31L + payload);
        Set<Integer> sent = new HashSet<>();
        Set<Integer> acked = new HashSet<>();
        Set<Integer> delivered = new HashSet<>();
        int next = 0;
        int kills = payload > 100_000 ? Math.max(1, KILLS / 3) : KILLS; // large records: slower children
        ExecutorService reader = Executors.newSingleThreadExecutor();
        try {
            for (int kill = 0; kill < kills; kill++) {
                long seed = random.nextLong();
                Process p = CrashTest.start(dir, durability, next, 1_000_000_000, 3, segmentSize, payload, seed);
                java.util.concurrent.CountDownLatch ready = new java.util.concurrent.CountDownLatch(1);
                Future<CrashTest.ChildLog> log = reader.submit(() -> CrashTest.run(p, -1, ready));
                assertThat(ready.await(60, TimeUnit.SECONDS)).as("child started").isTrue();
                Thread.sleep(random.nextInt(300)); // kill somewhere in the stream, also during recovery
                p.toHandle().destroyForcibly();
                CrashTest.ChildLog result = log.get(60, TimeUnit.SECONDS);
                sent.addAll(result.sent);
                result.acked.forEach(position -> acked.add((int) (long) position));
                result.delivered.forEach(position -> delivered.add((int) (long) position));
                next = CrashTest.verify(dir, sent, acked, delivered);
            }
        } finally {
            reader.shutdownNow();
        }
        System.out.printf("crash loop %s/%d/%d: %d kills survived, %d messages sent%n", durability, segmentSize,
                payload, kills, sent.size());
        assertThat(sent).as("the children made progress").isNotEmpty();
    }
}
