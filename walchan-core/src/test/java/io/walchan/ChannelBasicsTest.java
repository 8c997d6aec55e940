package io.walchan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The std::sync::mpsc-like behaviour, ported from the original crate's tests. */
class ChannelBasicsTest {

    @TempDir
    Path dir;

    static Options fast() {
        return Options.builder().durability(Durability.FLUSH_ONLY).build();
    }

    @Test
    void sendThenReceiveInOrder() throws Exception {
        try (Channel<String> ch = Walchan.channel(dir, String.class)) {
            Sender<String> tx = ch.sender();
            tx.send("a");
            tx.send("b");
            Receiver<String> rx = ch.receiver();
            try (Delivery<String> d = rx.recv()) {
                assertThat(d.get()).isEqualTo("a");
                assertThat(d.position()).isZero();
                assertThat(d.redelivered()).isFalse();
            }
            try (Delivery<String> d = rx.recv()) {
                assertThat(d.get()).isEqualTo("b");
                assertThat(d.position()).isEqualTo(1);
            }
        }
    }

    @Test
    void tryRecvTellsEmptyFromDisconnected() {
        try (Channel<Integer> ch = Walchan.channel(dir, Codecs.json(Integer.class), fast())) {
            Sender<Integer> tx = ch.sender();
            Receiver<Integer> rx = ch.receiver();
            assertThat(rx.tryRecv()).isNull();
            tx.send(1);
            tx.close();
            assertThat(rx.tryRecv().get()).isEqualTo(1);
            assertThatThrownBy(rx::tryRecv).isInstanceOf(DisconnectedException.class);
        }
    }

    @Test
    void aChannelWithoutSendersTakenIsNotDisconnected() throws Exception {
        try (Channel<Integer> ch = Walchan.channel(dir, Codecs.json(Integer.class), fast())) {
            assertThat(ch.receiver().tryRecv()).isNull();
            assertThat(ch.receiver().recvTimeout(Duration.ofMillis(20))).isNull();
        }
    }

    @Test
    void iteratorEndsWhenEverySenderIsClosed() {
        try (Channel<Integer> ch = Walchan.channel(dir, Codecs.json(Integer.class), fast())) {
            Sender<Integer> tx = ch.sender();
            Sender<Integer> tx2 = tx.copy();
            for (int i = 0; i < 5; i++) {
                tx.send(i);
            }
            tx2.send(99);
            tx.close();
            tx2.close();
            tx.close(); // idempotent: must not disconnect someone else's sender
            List<Integer> got = new ArrayList<>();
            for (Delivery<Integer> d : ch.receiver()) {
                try (d) {
                    got.add(d.get());
                }
            }
            assertThat(got).containsExactly(0, 1, 2, 3, 4, 99);
            assertThatThrownBy(() -> ch.receiver().recv()).isInstanceOf(DisconnectedException.class);
        }
    }

    @Test
    void tryIterDrainsWhatIsThereAndDoesNotBlock() {
        try (Channel<Integer> ch = Walchan.channel(dir, Codecs.json(Integer.class), fast())) {
            Sender<Integer> tx = ch.sender();
            tx.send(1);
            tx.send(2);
            List<Integer> got = new ArrayList<>();
            Iterator<Delivery<Integer>> it = ch.receiver().tryIter();
            while (it.hasNext()) {
                try (Delivery<Integer> d = it.next()) {
                    got.add(d.get());
                }
            }
            assertThat(got).containsExactly(1, 2);
        }
    }

    @Test
    void sendAfterReceiverCloseThrowsAndWritesNothing() throws Exception {
        Channel<String> ch = Walchan.channel(dir, Codecs.utf8(), fast());
        Sender<String> tx = ch.sender();
        tx.send("kept");
        ch.receiver().close();
        assertThatThrownBy(() -> tx.send("lost")).isInstanceOf(DisconnectedException.class);
        ch.close();
        try (Channel<String> again = Walchan.channel(dir, Codecs.utf8(), fast())) {
            Sender<String> keepConnected = again.sender();
            assertThat(again.receiver().recv().get()).isEqualTo("kept");
            assertThat(again.receiver().tryRecv()).isNull();
            keepConnected.close();
        }
    }

    @Test
    void recvBlocksUntilASendArrives() throws Exception {
        try (Channel<String> ch = Walchan.channel(dir, Codecs.utf8(), fast())) {
            Sender<String> tx = ch.sender();
            ExecutorService pool = Executors.newSingleThreadExecutor();
            CountDownLatch waiting = new CountDownLatch(1);
            Future<String> got = pool.submit(() -> {
                waiting.countDown();
                try (Delivery<String> d = ch.receiver().recv()) {
                    return d.get();
                }
            });
            waiting.await();
            Thread.sleep(50);
            assertThat(got.isDone()).isFalse();
            tx.send("wake");
            assertThat(got.get(10, TimeUnit.SECONDS)).isEqualTo("wake");
            pool.shutdown();
        }
    }

    @Test
    void recvTimeoutTimesOutAndIsWokenBySend() throws Exception {
        try (Channel<String> ch = Walchan.channel(dir, Codecs.utf8(), fast())) {
            Sender<String> tx = ch.sender();
            long start = System.nanoTime();
            assertThat(ch.receiver().recvTimeout(Duration.ofMillis(100))).isNull();
            assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(100));
            ExecutorService pool = Executors.newSingleThreadExecutor();
            Future<Delivery<String>> got = pool.submit(() -> ch.receiver().recvTimeout(Duration.ofSeconds(30)));
            Thread.sleep(50);
            tx.send("x");
            assertThat(got.get(10, TimeUnit.SECONDS).get()).isEqualTo("x");
            assertThat(ch.receiver().recvDeadline(Instant.now().plusMillis(30))).isNull();
            pool.shutdown();
        }
    }

    @Test
    void recvThrowsInterruptedException() throws Exception {
        try (Channel<String> ch = Walchan.channel(dir, Codecs.utf8(), fast())) {
            ch.sender();
            Thread.currentThread().interrupt();
            assertThatThrownBy(() -> ch.receiver().recv()).isInstanceOf(InterruptedException.class);
            assertThat(Thread.interrupted()).isFalse();
        }
    }

    @Test
    void disconnectWakesABlockedReceiver() throws Exception {
        try (Channel<String> ch = Walchan.channel(dir, Codecs.utf8(), fast())) {
            Sender<String> tx = ch.sender();
            ExecutorService pool = Executors.newSingleThreadExecutor();
            Future<?> got = pool.submit(() -> ch.receiver().recv());
            Thread.sleep(50);
            tx.close();
            assertThatThrownBy(() -> got.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(DisconnectedException.class);
            pool.shutdown();
        }
    }

    @Test
    void concurrentSendersKeepTheirOwnOrder() throws Exception {
        int threads = 4;
        int perThread = 500;
        try (Channel<int[]> ch = Walchan.channel(dir, Codecs.json(int[].class), fast())) {
            Sender<int[]> tx = ch.sender();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                Sender<int[]> mine = tx.copy();
                futures.add(pool.submit(() -> {
                    try (mine) {
                        for (int i = 0; i < perThread; i++) {
                            mine.send(new int[] {id, i});
                        }
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            tx.close();
            int[] next = new int[threads];
            int total = 0;
            for (Delivery<int[]> d : ch.receiver()) {
                try (d) {
                    assertThat(d.get()[1]).isEqualTo(next[d.get()[0]]++);
                    total++;
                }
            }
            assertThat(total).isEqualTo(threads * perThread);
            pool.shutdown();
        }
    }

    @Test
    void concurrentReceiversGetEveryMessageExactlyOnce() throws Exception {
        int messages = 2000;
        try (Channel<Integer> ch = Walchan.channel(dir, Codecs.json(Integer.class), fast())) {
            Sender<Integer> tx = ch.sender();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            java.util.Set<Integer> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
            java.util.concurrent.atomic.AtomicInteger duplicates = new java.util.concurrent.atomic.AtomicInteger();
            List<Future<?>> receivers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                receivers.add(pool.submit(() -> {
                    for (Delivery<Integer> d : ch.receiver()) { // ends when the sender closes and all is taken
                        try (d) {
                            if (!seen.add(d.get())) {
                                duplicates.incrementAndGet();
                            }
                        }
                    }
                    return null;
                }));
            }
            for (int i = 0; i < messages; i++) {
                tx.send(i);
            }
            tx.close();
            for (Future<?> f : receivers) {
                f.get(60, TimeUnit.SECONDS);
            }
            pool.shutdown();
            assertThat(duplicates.get()).isZero();
            assertThat(seen).hasSize(messages);
        }
    }

    @Test
    void theFsyncSystemPropertyTurnsFsyncOff() {
        String before = System.getProperty(Options.FSYNC_PROPERTY);
        try {
            System.setProperty(Options.FSYNC_PROPERTY, "false");
            assertThat(Options.builder().build().fsync()).isFalse();
            assertThat(Options.defaults().fsync()).isFalse();
            System.setProperty(Options.FSYNC_PROPERTY, "true");
            assertThat(Options.defaults().fsync()).isTrue();
        } finally {
            if (before == null) {
                System.clearProperty(Options.FSYNC_PROPERTY);
            } else {
                System.setProperty(Options.FSYNC_PROPERTY, before);
            }
        }
    }

    @Test
    void nackRedeliversBeforeNewerMessages() throws Exception {
        try (Channel<String> ch = Walchan.channel(dir, Codecs.utf8(), fast())) {
            Sender<String> tx = ch.sender();
            tx.send("first");
            tx.send("second");
            Receiver<String> rx = ch.receiver();
            Delivery<String> first = rx.recv();
            first.nack();
            first.nack(); // idempotent
            assertThatThrownBy(first::ack).isInstanceOf(IllegalStateException.class);
            try (Delivery<String> again = rx.recv()) {
                assertThat(again.get()).isEqualTo("first");
                assertThat(again.redelivered()).isTrue();
                assertThat(again.position()).isZero();
            }
            try (Delivery<String> d = rx.recv()) {
                assertThat(d.get()).isEqualTo("second");
                assertThat(d.redelivered()).isFalse();
            }
        }
    }

    @Test
    void secondOpenOfTheSameDirectoryIsRefused() {
        try (Channel<String> ch = Walchan.channel(dir, Codecs.utf8(), fast())) {
            assertThatThrownBy(() -> Walchan.channel(dir, Codecs.utf8(), fast()))
                    .isInstanceOf(ChannelLockedException.class)
                    .hasMessageContaining(ch.directory().toString());
        }
        Walchan.channel(dir, Codecs.utf8(), fast()).close(); // released on close
    }

    @Test
    void badPathsGetClearErrors() throws Exception {
        Path file = dir.resolve("plain-file");
        java.nio.file.Files.writeString(file, "x");
        assertThatThrownBy(() -> Walchan.channel(file, Codecs.utf8(), fast()))
                .isInstanceOf(WalchanException.class).hasMessageContaining("not a directory");
        assertThatThrownBy(() -> Walchan.channel(file.resolve("sub"), Codecs.utf8(), fast()))
                .isInstanceOf(WalchanException.class).hasMessageContaining("cannot create channel directory");
        assertThatThrownBy(() -> Walchan.syncChannel(dir, 0, String.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bound");
    }
}
