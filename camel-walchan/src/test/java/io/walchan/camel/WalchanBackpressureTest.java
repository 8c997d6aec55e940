package io.walchan.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;

/** A bounded endpoint fails or blocks producers while bound messages are unacknowledged. */
class WalchanBackpressureTest extends WalchanTestSupport {

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from(walchan("blocking", "bound=1")).routeId("slow").autoStartup(false).to("mock:slow");
            }
        };
    }

    @Test
    void fullChannelFailsAfterOfferTimeout() {
        String uri = walchan("full", "bound=2&offerTimeout=300");
        template.sendBody(uri, "1");
        template.sendBody(uri, "2");

        long start = System.nanoTime();
        assertThatThrownBy(() -> template.sendBody(uri, "3"))
                .isInstanceOf(CamelExecutionException.class)
                .cause().isInstanceOf(WalchanChannelFullException.class)
                .hasMessageContaining("is full: 2 messages sent and not acknowledged")
                .hasMessageContaining("waited 300 ms");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(290);
    }

    @Test
    void fullChannelFailsAtOnceWithoutBlockWhenFull() {
        String uri = walchan("full-now", "bound=1");
        template.sendBody(uri, "1");
        assertThatThrownBy(() -> template.sendBody(uri, "2"))
                .cause().isInstanceOf(WalchanChannelFullException.class)
                .hasMessageContaining("waited 0 ms");
    }

    @Test
    void blockWhenFullWaitsUntilTheConsumerAcknowledges() throws Exception {
        String producer = walchan("blocking", "blockWhenFull=true");
        template.sendBody(producer, "first");
        CompletableFuture<Void> second = CompletableFuture.runAsync(() -> template.sendBody(producer, "second"));
        Thread.sleep(300);
        assertThat(second).as("producer blocks while the channel is full").isNotDone();

        MockEndpoint out = getMockEndpoint("mock:slow");
        out.expectedBodiesReceived("first", "second");
        context.getRouteController().startRoute("slow");

        second.get(10, TimeUnit.SECONDS);
        out.assertIsSatisfied();
    }
}
