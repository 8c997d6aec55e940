package io.walchan.cdi;

import static org.assertj.core.api.Assertions.assertThat;

import io.walchan.Delivery;
import io.walchan.Receiver;
import io.walchan.Sender;
import jakarta.enterprise.inject.se.SeContainer;
import jakarta.enterprise.inject.se.SeContainerInitializer;
import jakarta.enterprise.util.TypeLiteral;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * With discovery on, as in an application, the jar's beans.xml makes its beans
 * discoverable and its service file registers the extension; nothing is added by hand.
 */
class DiscoveryTest extends CdiTestSupport {

    @Test
    void beansAndExtensionAreDiscovered() throws Exception {
        try (SeContainer c = SeContainerInitializer.newInstance().initialize()) {
            assertThat(c.select(WalChannelExtension.class).isResolvable()).isTrue();
            assertThat(c.select(WalChannels.class).isResolvable()).isTrue();

            WalChannel channel = WalChannel.Literal.of("discovered");
            assertThat(c.select(new TypeLiteral<Sender<Order>>() { }, channel).isResolvable()).isTrue();
            assertThat(c.select(new TypeLiteral<Receiver<Order>>() { }, channel).isResolvable()).isTrue();

            WalChannels channels = c.select(WalChannels.class).get();
            try (Sender<Order> tx = channels.sender("discovered", Order.class)) {
                tx.send(new Order("F-1", 1));
            }
            try (Delivery<Order> d = channels.receiver("discovered", Order.class).recvTimeout(Duration.ofSeconds(5))) {
                assertThat(d.get()).isEqualTo(new Order("F-1", 1));
            }
        }
    }
}
