package io.walchan.cdi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.walchan.Delivery;
import io.walchan.Receiver;
import io.walchan.Sender;
import io.walchan.SyncSender;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.se.SeContainer;
import jakarta.enterprise.util.TypeLiteral;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Injecting each of the three types, sharing one channel per directory, and WalChannels in code. */
class InjectionTest extends CdiTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @ApplicationScoped
    static class Shop {
        @Inject
        @WalChannel("orders")
        Sender<Order> orders;

        void place(Order order) {
            orders.send(order);
        }
    }

    @ApplicationScoped
    static class Warehouse {
        @Inject
        @WalChannel("orders")
        Receiver<Order> orders;

        Order take() throws InterruptedException {
            try (Delivery<Order> d = orders.recvTimeout(WAIT)) {
                return d == null ? null : d.get();
            }
        }

        Order poll() {
            try (Delivery<Order> d = orders.tryRecv()) {
                return d == null ? null : d.get();
            }
        }
    }

    /** A second receiver of the same directory, spelled differently. */
    @ApplicationScoped
    static class Auditor {
        @Inject
        @WalChannel("./orders/../orders")
        Receiver<Order> orders;

        Order poll() {
            try (Delivery<Order> d = orders.tryRecv()) {
                return d == null ? null : d.get();
            }
        }
    }

    @Test
    void sentThroughOneBeanIsReceivedInAnother() throws Exception {
        try (SeContainer c = start(Shop.class, Warehouse.class)) {
            c.select(Shop.class).get().place(new Order("A-1", 3));
            c.select(Shop.class).get().place(new Order("A-2", 1));

            Warehouse warehouse = c.select(Warehouse.class).get();
            assertThat(warehouse.take()).isEqualTo(new Order("A-1", 3));
            assertThat(warehouse.take()).isEqualTo(new Order("A-2", 1));
            assertThat(warehouse.poll()).isNull();
        }
    }

    @Test
    void oneChannelPerDirectoryIsSharedAndItsReceiversCompete() throws Exception {
        try (SeContainer c = start(Shop.class, Warehouse.class, Auditor.class)) {
            Shop shop = c.select(Shop.class).get();
            shop.place(new Order("B-1", 1));
            shop.place(new Order("B-2", 2));

            Order first = c.select(Auditor.class).get().poll();
            Order second = c.select(Warehouse.class).get().poll();
            assertThat(List.of(first, second)).containsExactly(new Order("B-1", 1), new Order("B-2", 2));
            assertThat(c.select(Warehouse.class).get().poll()).isNull();
            assertThat(c.select(Auditor.class).get().poll()).isNull();

            Path expected = base.toRealPath().resolve("orders");
            assertThat(c.select(WalChannels.class).get().openDirectories()).containsExactly(expected);
        }
    }

    @Dependent
    static class BoundedJobs {
        @Inject
        @WalChannel(value = "jobs", bound = 2)
        SyncSender<String> jobs;

        @Inject
        @WalChannel(value = "jobs", bound = 2)
        Receiver<String> worker;
    }

    @Test
    void syncSenderWaitsForAcknowledgements() throws Exception {
        try (SeContainer c = start(BoundedJobs.class)) {
            BoundedJobs b = c.select(BoundedJobs.class).get();
            assertThat(b.jobs.trySend("one")).isTrue();
            assertThat(b.jobs.trySend("two")).isTrue();
            assertThat(b.jobs.trySend("three")).isFalse();

            try (Delivery<String> d = b.worker.recvTimeout(WAIT)) {
                assertThat(d.get()).isEqualTo("one");
            }
            assertThat(b.jobs.sendTimeout("three", WAIT)).isTrue();
        }
    }

    @Dependent
    static class Batches {
        @Inject
        @WalChannel("batches")
        Sender<List<Order>> out;

        @Inject
        @WalChannel("batches")
        Receiver<List<Order>> in;
    }

    @Test
    void genericMessageTypesKeepTheirTypeArguments() throws Exception {
        try (SeContainer c = start(Batches.class)) {
            Batches b = c.select(Batches.class).get();
            b.out.send(List.of(new Order("C-1", 1), new Order("C-2", 2)));
            try (Delivery<List<Order>> d = b.in.recvTimeout(WAIT)) {
                assertThat(d.get()).containsExactly(new Order("C-1", 1), new Order("C-2", 2));
                assertThat(d.get().get(0)).isInstanceOf(Order.class);
            }
        }
    }

    @Dependent
    static class Lookups {
        @Inject
        @WalChannel("looked-up")
        Instance<Receiver<Order>> receivers;

        @Inject
        @Any
        Instance<Sender<Order>> senders;
    }

    @Test
    void dynamicLookupReadsTheSelectedQualifierAndType() throws Exception {
        try (SeContainer c = start(Lookups.class)) {
            Lookups lookups = c.select(Lookups.class).get();
            Receiver<Order> rx = lookups.receivers.get();
            Sender<Order> tx = lookups.senders.select(WalChannel.Literal.of("looked-up")).get();
            tx.send(new Order("D-1", 4));
            try (Delivery<Order> d = rx.recvTimeout(WAIT)) {
                assertThat(d.get()).isEqualTo(new Order("D-1", 4));
            }
        }
    }

    @Test
    void walChannelsOpensChannelsChosenInCode() throws Exception {
        try (SeContainer c = start()) {
            WalChannels channels = c.select(WalChannels.class).get();
            try (Sender<Order> tx = channels.sender("region-" + 7, Order.class)) {
                tx.send(new Order("E-1", 1));
            }
            Receiver<Order> rx = channels.receiver(WalChannel.Literal.of("region-7"), new TypeLiteral<Order>() { });
            try (Delivery<Order> d = rx.recvTimeout(WAIT)) {
                assertThat(d.get()).isEqualTo(new Order("E-1", 1));
            }
            try (SyncSender<String> tx = channels.syncSender("bounded", 1, String.class)) {
                assertThat(tx.trySend("x")).isTrue();
                assertThat(tx.trySend("y")).isFalse();
            }

            assertThatThrownBy(() -> channels.sender("region-7", String.class))
                    .isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> channels.sender(WalChannel.Literal.of("region-7").withDurability("FlushOnly"),
                    Order.class)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> channels.receiver(WalChannel.Literal.of("region-7").withCommitEvery(10),
                    Order.class)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> channels.sender(" ", Order.class)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> channels.sender(WalChannel.Literal.of("b").withBound(3), Order.class))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> channels.sender(WalChannel.Literal.of("b").withDurability("Sometimes"),
                    Order.class)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void absoluteAndRelativeSpellingsNameOneChannel() throws Exception {
        try (SeContainer c = start()) {
            WalChannels channels = c.select(WalChannels.class).get();
            Path absolute = base.resolve("same");
            try (Sender<String> tx = channels.sender(absolute.toString(), String.class)) {
                tx.send("hello");
            }
            try (Delivery<String> d = channels.receiver("./same", String.class).recvTimeout(WAIT)) {
                assertThat(d.get()).isEqualTo("hello");
            }
            assertThat(channels.openDirectories()).containsExactly(base.toRealPath().resolve("same"));
            assertThat(channels.resolve("same")).isEqualTo(base.toRealPath().resolve("same"));
        }
    }

    @Dependent
    static class OneShot {
        @Inject
        @WalChannel("short-lived")
        Sender<String> tx;

        @Inject
        @WalChannel("short-lived")
        Receiver<String> rx;
    }

    @Test
    void destroyingABeanClosesItsHandlesButNotTheChannel() throws Exception {
        try (SeContainer c = start(OneShot.class)) {
            Instance<OneShot> beans = c.select(OneShot.class);
            OneShot first = beans.get();
            first.tx.send("m1");
            beans.destroy(first);

            assertThatThrownBy(() -> first.tx.send("m2")).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(first.rx::tryRecv).isInstanceOf(IllegalStateException.class);

            // Every injected sender is closed, yet the channel is not disconnected: the
            // registry keeps it connected until shutdown, and the message is still there.
            OneShot second = beans.get();
            try (Delivery<String> d = second.rx.recvTimeout(WAIT)) {
                assertThat(d.get()).isEqualTo("m1");
            }
            assertThat(second.rx.tryRecv()).isNull();
            second.tx.send("m3");
            try (Delivery<String> d = second.rx.recvTimeout(WAIT)) {
                assertThat(d.get()).isEqualTo("m3");
            }
        }
    }
}
