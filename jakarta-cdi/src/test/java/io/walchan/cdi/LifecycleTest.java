package io.walchan.cdi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.walchan.Channel;
import io.walchan.Delivery;
import io.walchan.DisconnectedException;
import io.walchan.Receiver;
import io.walchan.Sender;
import io.walchan.Walchan;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.se.SeContainer;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Channels open once per container, close at its shutdown, and keep their messages for the next one. */
class LifecycleTest extends CdiTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @ApplicationScoped
    static class Inbox {
        @Inject
        @WalChannel("inbox")
        Sender<Order> tx;

        @Inject
        @WalChannel("inbox")
        Receiver<Order> rx;

        void send(Order o) {
            tx.send(o);
        }

        Delivery<Order> take() throws InterruptedException {
            return rx.recvTimeout(WAIT);
        }

        Delivery<Order> poll() {
            return rx.tryRecv();
        }
    }

    @Test
    void channelsCloseAtShutdownAndANewContainerFindsTheMessages() throws Exception {
        try (SeContainer c = start(Inbox.class)) {
            Inbox inbox = c.select(Inbox.class).get();
            inbox.send(new Order("1", 1));
            inbox.send(new Order("2", 2));
            inbox.send(new Order("3", 3));
            try (Delivery<Order> d = inbox.take()) {
                assertThat(d.get().id()).isEqualTo("1");
            }
        }

        // The directory lock is released: walchan-core can open it directly.
        Path dir = base.resolve("inbox");
        Walchan.channel(dir, Order.class).close();

        try (SeContainer c = start(Inbox.class)) {
            Inbox inbox = c.select(Inbox.class).get();
            try (Delivery<Order> d = inbox.take()) {
                assertThat(d.get().id()).isEqualTo("2");
            }
            try (Delivery<Order> d = inbox.take()) {
                assertThat(d.get().id()).isEqualTo("3");
            }
            assertThat(inbox.poll()).isNull();
        }
    }

    /** Holds a delivery across shutdown and acknowledges it in its own @PreDestroy. */
    @ApplicationScoped
    static class SlowWorker {
        @Inject
        @WalChannel("work")
        Receiver<String> rx;

        private Delivery<String> inFlight;

        String begin() throws InterruptedException {
            inFlight = rx.recvTimeout(WAIT);
            return inFlight.get();
        }

        @PreDestroy
        void finish() {
            inFlight.ack(); // The channel must still be open here.
        }
    }

    @Test
    void channelsCloseAfterBeansFinishTheirWorkInPreDestroy() throws Exception {
        try (SeContainer c = start(SlowWorker.class)) {
            try (Sender<String> tx = c.select(WalChannels.class).get().sender("work", String.class)) {
                tx.send("first");
                tx.send("second");
            }
            assertThat(c.select(SlowWorker.class).get().begin()).isEqualTo("first");
        }
        try (Channel<String> ch = Walchan.channel(base.resolve("work"), String.class)) {
            try (Delivery<String> d = ch.receiver().recvTimeout(WAIT)) {
                assertThat(d.get()).isEqualTo("second"); // "first" was acknowledged and committed.
                assertThat(d.redelivered()).isTrue();
            }
        }
    }

    @Test
    void aBlockedReceiverIsDisconnectedAtShutdown() throws Exception {
        CompletableFuture<Delivery<Order>> blocked;
        try (SeContainer c = start(Inbox.class)) {
            Receiver<Order> rx = c.select(WalChannels.class).get().receiver("inbox", Order.class);
            blocked = CompletableFuture.supplyAsync(() -> {
                try {
                    return rx.recv();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(100); // Let it block; the assertion holds whether or not it did.
        }
        assertThatThrownBy(() -> blocked.get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(DisconnectedException.class);
    }

    @Test
    void channelsOpenOnFirstUseOnly() throws Exception {
        try (SeContainer c = start(Inbox.class)) {
            WalChannels channels = c.select(WalChannels.class).get();
            assertThat(channels.openDirectories()).isEmpty();
            c.select(Inbox.class).get().send(new Order("x", 1));
            assertThat(channels.openDirectories()).containsExactly(base.toRealPath().resolve("inbox"));
        }
    }
}
