package io.walchan.cdi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.walchan.Channel;
import io.walchan.Delivery;
import io.walchan.Receiver;
import io.walchan.Sender;
import io.walchan.SyncSender;
import io.walchan.Walchan;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.se.SeContainer;
import jakarta.enterprise.inject.spi.DefinitionException;
import jakarta.enterprise.inject.spi.DeploymentException;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every mistake walchan-cdi can see at deployment fails the deployment, with the
 * spec's exception type: DefinitionException for one bad injection point,
 * DeploymentException for points that disagree or a channel that cannot open.
 */
@Tag(CdiTestSupport.FAILS_DEPLOYMENT)
class DeploymentErrorsTest extends CdiTestSupport {

    private static void assertDefinitionError(Class<?>... beans) {
        assertThatThrownBy(() -> start(beans).close()).isInstanceOf(DefinitionException.class);
    }

    private static void assertDeploymentError(Class<?>... beans) {
        assertThatThrownBy(() -> start(beans).close()).isInstanceOf(DeploymentException.class);
    }

    // ---- one injection point: definition errors ----

    @Dependent
    @SuppressWarnings("rawtypes")
    static class RawSender {
        @Inject
        @WalChannel("raw")
        Sender orders;
    }

    @Dependent
    static class WildcardReceiver {
        @Inject
        @WalChannel("wild")
        Receiver<?> orders;
    }

    @Dependent
    static class WildcardInInstance {
        @Inject
        @WalChannel("wild")
        Instance<Sender<? extends Order>> orders;
    }

    @Dependent
    static class TypeVariableSender<X> {
        @Inject
        @WalChannel("generic")
        Sender<List<X>> orders;
    }

    @Dependent
    static class BlankDirectory {
        @Inject
        @WalChannel(" ")
        Sender<Order> orders;
    }

    @Dependent
    static class InvalidDirectory {
        @Inject
        @WalChannel("bad\0path")
        Sender<Order> orders;
    }

    @Dependent
    static class UnknownDurability {
        @Inject
        @WalChannel(value = "d", durability = "Sometimes")
        Sender<Order> orders;
    }

    @Dependent
    static class BadCommitDelay {
        @Inject
        @WalChannel(value = "d", commitMaxDelay = "soon")
        Receiver<Order> orders;
    }

    @Dependent
    static class ZeroCommitEvery {
        @Inject
        @WalChannel(value = "d", commitEvery = 0)
        Receiver<Order> orders;
    }

    @Dependent
    static class NegativeBound {
        @Inject
        @WalChannel(value = "d", bound = -1)
        Receiver<Order> orders;
    }

    @Dependent
    static class BoundedPlainSender {
        @Inject
        @WalChannel(value = "d", bound = 10)
        Sender<Order> orders;
    }

    @Dependent
    static class UnboundedSyncSender {
        @Inject
        @WalChannel("d")
        SyncSender<Order> orders;
    }

    @Test
    void rawMessageTypeIsADefinitionError() {
        assertDefinitionError(RawSender.class);
    }

    @Test
    void wildcardMessageTypeIsADefinitionError() {
        assertDefinitionError(WildcardReceiver.class);
        assertDefinitionError(WildcardInInstance.class);
    }

    @Test
    void typeVariableInTheMessageTypeIsADefinitionError() {
        assertDefinitionError(TypeVariableSender.class);
    }

    @Test
    void blankOrInvalidDirectoryIsADefinitionError() {
        assertDefinitionError(BlankDirectory.class);
        assertDefinitionError(InvalidDirectory.class);
    }

    @Test
    void invalidOptionValuesAreDefinitionErrors() {
        assertDefinitionError(UnknownDurability.class);
        assertDefinitionError(BadCommitDelay.class);
        assertDefinitionError(ZeroCommitEvery.class);
        assertDefinitionError(NegativeBound.class);
    }

    @Test
    void aBoundMustSuitTheSenderType() {
        assertDefinitionError(BoundedPlainSender.class);
        assertDefinitionError(UnboundedSyncSender.class);
    }

    // ---- points of one directory that disagree: deployment errors ----

    @Dependent
    static class SyncPerSendOrders {
        @Inject
        @WalChannel("orders")
        Sender<Order> orders;
    }

    @Dependent
    static class FlushOnlyOrders {
        @Inject
        @WalChannel(value = "./orders", durability = "FlushOnly")
        Receiver<Order> orders;
    }

    @Dependent
    static class BoundedOrders {
        @Inject
        @WalChannel(value = "orders", bound = 5)
        SyncSender<Order> orders;
    }

    @Dependent
    static class StringOrders {
        @Inject
        @WalChannel("orders")
        Receiver<String> orders;
    }

    @Dependent
    static class FastCommitReceiver {
        @Inject
        @WalChannel(value = "orders", commitEvery = 1)
        Receiver<Order> orders;
    }

    @Dependent
    static class BatchCommitReceiver {
        @Inject
        @WalChannel(value = "orders", commitEvery = 100)
        Receiver<Order> orders;
    }

    @Test
    void conflictingOptionsForOneDirectoryAreADeploymentError() {
        assertDeploymentError(SyncPerSendOrders.class, FlushOnlyOrders.class);
        assertDeploymentError(SyncPerSendOrders.class, BoundedOrders.class);
        assertDeploymentError(FastCommitReceiver.class, BatchCommitReceiver.class);
    }

    @Test
    void differentMessageTypesForOneDirectoryAreADeploymentError() {
        assertDeploymentError(SyncPerSendOrders.class, StringOrders.class);
    }

    /** Different spellings of the same values, and commit options on a sender (ignored there). */
    @Dependent
    static class SameChannelSpelledDifferently {
        @Inject
        @WalChannel(value = "orders", durability = "SYNC_PER_SEND", commitMaxDelay = "PT1S", commitEvery = 9)
        Sender<Order> a;

        @Inject
        @WalChannel(value = "./x/../orders/", commitMaxDelay = "1000", commitEvery = 5)
        Receiver<Order> b;

        @Inject
        @WalChannel(value = "orders", durability = "syncPerSend", commitMaxDelay = "pt1s", commitEvery = 5)
        Receiver<Order> c;
    }

    @Test
    void equalValuesSpelledDifferentlyDoNotConflict() throws Exception {
        try (SeContainer c = start(SameChannelSpelledDifferently.class)) {
            SameChannelSpelledDifferently bean = c.select(SameChannelSpelledDifferently.class).get();
            bean.a.send(new Order("1", 1));
            try (Delivery<Order> d = bean.c.recvTimeout(Duration.ofSeconds(5))) {
                assertThat(d.get()).isEqualTo(new Order("1", 1));
            }
        }
    }

    // ---- a channel that cannot be opened: deployment errors ----

    @Test
    void aLockedDirectoryIsADeploymentError() {
        try (Channel<Order> holder = Walchan.channel(base.resolve("orders"), Order.class)) {
            assertThat(holder.directory()).exists();
            assertDeploymentError(SyncPerSendOrders.class);
        }
    }

    @Test
    void aFileWhereTheDirectoryShouldBeIsADeploymentError() throws Exception {
        Files.writeString(base.resolve("orders"), "not a directory");
        assertDeploymentError(SyncPerSendOrders.class);
    }

    @Dependent
    static class OtherDirectory {
        @Inject
        @WalChannel("other")
        Receiver<Order> other;
    }

    @Test
    void aFailedDeploymentLeavesNoDirectoryLocked() throws Exception {
        Path other = base.resolve("other");
        try (Channel<Order> holder = Walchan.channel(base.resolve("orders"), Order.class)) {
            assertThat(holder.directory()).exists();
            assertDeploymentError(OtherDirectory.class, SyncPerSendOrders.class);
        }
        Walchan.channel(other, Order.class).close(); // "other" was probed, then released.
        try (SeContainer c = start(OtherDirectory.class, SyncPerSendOrders.class)) {
            assertThat(c.select(OtherDirectory.class).get().other.tryRecv()).isNull();
        }
    }
}
