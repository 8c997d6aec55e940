package io.walchan.examples.cdi;

import static org.assertj.core.api.Assertions.assertThat;

import io.walchan.cdi.WalChannels;
import io.walchan.examples.LeftInChannel;
import io.walchan.examples.Output;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the CDI example in a real Weld SE container with discovery, as its README command does. */
class CdiShopTest {

    @Test
    void injectedSenderAndReceiverShipEveryOrderInOrder(@TempDir Path base) throws Exception {
        Output out = new Output();

        var shipped = CdiShop.run(base, out.stream());

        // order-2 fails once and is handed back: it is delivered again before newer orders.
        assertThat(shipped).containsExactly("order-1", "order-2", "order-3", "order-4", "order-5");
        assertThat(out.text()).contains("shipping order-2 failed (carrier unavailable): handed back")
                .contains("shipped order-2 x2 (redelivered)");
        assertThat(System.getProperty(WalChannels.BASE_DIR_PROPERTY)).isNull();
        // The container closed the channel on shutdown, and every order was acknowledged.
        assertThat(LeftInChannel.count(base.resolve(CdiShop.ORDERS))).isZero();
    }
}
