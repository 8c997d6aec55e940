package io.walchan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults on real file systems, where the machine allows (root, tmpfs, loop
 * devices); each test skips itself with the reason otherwise.
 */
class RealDiskTest {

    @TempDir
    Path tmp;

    /** Runs a command; returns its exit code, or -1 if it could not be started. Output goes to {@code out}. */
    private static int run(StringBuilder out, String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            out.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            return p.waitFor(120, TimeUnit.SECONDS) ? p.exitValue() : -1;
        } catch (IOException e) {
            out.append(e);
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static void mountOrSkip(String what, String... command) {
        StringBuilder out = new StringBuilder();
        int code = run(out, command);
        assumeThat(code).as("cannot mount %s here (needs root and mount permission): %s", what, out).isZero();
    }

    /** Waits (up to 10 s) until every thread of {@code pid} is stopped (state T in /proc), e.g. out of an fsync. */
    private static void awaitStopped(long pid) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            boolean allStopped;
            try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
                allStopped = tasks.allMatch(t -> {
                    try {
                        String stat = Files.readString(t.resolve("stat"));
                        return stat.substring(stat.lastIndexOf(')') + 2).startsWith("T");
                    } catch (IOException gone) {
                        return true; // The thread ended.
                    }
                });
            }
            if (allStopped) {
                return;
            }
            Thread.sleep(5);
        }
    }

    private static void umount(Path mnt) {
        run(new StringBuilder(), "umount", "-l", mnt.toString());
    }

    @Test
    void aFullDiskFailsTheSendLosesNothingAndRecoversWhenSpaceReturns() throws Exception {
        Path mnt = Files.createDirectories(tmp.resolve("tmpfs"));
        mountOrSkip("a 1 MiB tmpfs", "mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mnt.toString());
        try {
            Path filler = mnt.resolve("filler");
            Files.write(filler, new byte[256 << 10]);
            Path dir = mnt.resolve("channel");
            Options options = Options.builder().durability(Durability.SYNC_PER_SEND).segmentSize(64 << 10).build();
            List<Integer> returned = new ArrayList<>();
            WalchanException full = null;
            try (Channel<String> ch = Walchan.channel(dir, Codecs.utf8(), options)) {
                Sender<String> tx = ch.sender();
                String pad = "p".repeat(1000);
                for (int i = 0; i < 5000 && full == null; i++) {
                    try {
                        tx.send(i + ":" + pad);
                        returned.add(i);
                    } catch (WalchanException e) {
                        full = e;
                    }
                }
            } catch (WalchanException closeOnFullDisk) {
                // Closing may fail to write the checkpoint on a full disk; the log is what matters.
            }
            assertThat(full).as("the disk filled up").isNotNull();
            assertThat(full).hasStackTraceContaining("No space left on device");
            assertThat(returned).hasSizeGreaterThan(100);

            Files.delete(filler); // space returns
            try (Channel<String> ch = Walchan.channel(dir, Codecs.utf8(), options)) {
                List<Integer> got = new ArrayList<>();
                List<Delivery<String>> ds = new ArrayList<>();
                ch.receiver().tryIter().forEachRemaining(d -> {
                    got.add(Integer.parseInt(d.get().substring(0, d.get().indexOf(':'))));
                    ds.add(d);
                });
                assertThat(got).as("every send that returned, in order, nothing else").isEqualTo(returned);
                ds.forEach(Delivery::ack);
                ch.sender().send("after:");
                assertThat(ch.receiver().tryRecv().get()).isEqualTo("after:");
            }
        } finally {
            umount(mnt);
        }
    }

    @Test
    void aPowerCutOnExt4LosesNoReturnedSyncPerSendSend() throws Exception {
        Path image = tmp.resolve("disk.img");
        Path copy = tmp.resolve("copy.img");
        Path mnt = Files.createDirectories(tmp.resolve("mnt"));
        Path mnt2 = Files.createDirectories(tmp.resolve("mnt2"));
        StringBuilder out = new StringBuilder();
        assumeThat(run(out, "truncate", "-s", "64M", image.toString())).isZero();
        assumeThat(run(out, "mkfs.ext4", "-q", "-F", image.toString())).as("mkfs.ext4: %s", out).isZero();
        mountOrSkip("an ext4 loop image", "mount", "-o", "loop", image.toString(), mnt.toString());
        Set<Integer> sentBeforeCut;
        Set<Integer> delivered = new HashSet<>();
        ExecutorService reader = Executors.newSingleThreadExecutor();
        Process child = null;
        try {
            Path dir = mnt.resolve("channel");
            child = CrashTest.start(dir, "SyncPerSend", 0, 1_000_000_000, 0, 64 << 10, 100, 3);
            Process running = child;
            CountDownLatch ready = new CountDownLatch(1);
            CrashTest.ChildLog childLog = new CrashTest.ChildLog();
            Future<CrashTest.ChildLog> log = reader.submit(() -> CrashTest.run(running, -1, ready, childLog));
            assertThat(ready.await(60, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(500);
            // The power cut: what the image holds is what the disk holds (the loop device writes into it).
            // The child is stopped first, and the copy waits until every one of its threads is: a copy
            // made while it writes is not a point in time (an early block from before a checkpoint
            // fsync, a late one from after the unlink that followed it), a state no power cut can leave.
            // Not a perfect snapshot either: the kernel's own write-back goes on during the copy. Sends
            // that returned before the stop were fsynced, so the copy must have them.
            assumeThat(run(out, "kill", "-STOP", String.valueOf(child.pid()))).as("kill -STOP: %s", out).isZero();
            awaitStopped(child.pid());
            sentBeforeCut = new HashSet<>(childLog.sent);
            Files.copy(image, copy);
            child.toHandle().destroyForcibly();
            log.get(60, TimeUnit.SECONDS).delivered.forEach(p -> delivered.add((int) (long) p));
        } finally {
            if (child != null) {
                child.toHandle().destroyForcibly(); // Also when a step above failed: never leave it running.
            }
            reader.shutdownNow();
            umount(mnt);
        }
        assertThat(sentBeforeCut).isNotEmpty();
        run(new StringBuilder(), "fsck.ext4", "-p", copy.toString()); // replays the journal, as a reboot would
        mountOrSkip("the copied image", "mount", "-o", "loop", copy.toString(), mnt2.toString());
        try {
            CrashTest.verify(mnt2.resolve("channel"), sentBeforeCut, new HashSet<>(), delivered);
        } finally {
            umount(mnt2);
        }
    }

}
