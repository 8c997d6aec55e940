package io.walchan.camel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;

class WalchanRoundTripTest extends WalchanTestSupport {

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from(walchan("q", null)).to("mock:out");
                from(walchan("typed", "bodyType=io.walchan.camel.Order")).to("mock:typed");
                // Copies the message before any header was read, then writes a header before reading any.
                from(walchan("lazy", null)).wireTap("mock:tapped").setHeader("added", constant("by route"))
                        .to("mock:lazy");
            }
        };
    }

    @Test
    void stringBytesJsonBodiesAndStorableHeadersRoundTrip() throws Exception {
        MockEndpoint out = getMockEndpoint("mock:out");
        out.expectedMessageCount(4);

        template.sendBodyAndHeaders(walchan("q", null), "hello", Map.of("s", "text", "i", 42, "l", 7L, "z", true,
                "unstorable", new Object()));
        template.sendBody(walchan("q", null), "raw".getBytes(StandardCharsets.UTF_8));
        template.sendBody(walchan("q", null), Map.of("a", 1));
        template.sendBody(walchan("q", null), null);

        out.assertIsSatisfied();
        Exchange first = out.getExchanges().get(0);
        assertThat(first.getIn().getBody()).isEqualTo("hello");
        assertThat(first.getIn().getHeaders()).containsEntry("s", "text").containsEntry("i", 42)
                .containsEntry("l", 7L).containsEntry("z", true).doesNotContainKey("unstorable")
                .containsEntry(WalchanConstants.POSITION, 0L)
                .containsEntry(WalchanConstants.REDELIVERED, false)
                .containsEntry(WalchanConstants.REDELIVERY_COUNTER, 0);
        assertThat(out.getExchanges().get(1).getIn().getBody()).isEqualTo("raw".getBytes(StandardCharsets.UTF_8));
        assertThat(out.getExchanges().get(2).getIn().getBody()).isEqualTo(Map.of("a", 1));
        assertThat(out.getExchanges().get(3).getIn().getBody()).isNull();
        assertThat(out.getExchanges().get(3).getIn().getHeader(WalchanConstants.POSITION)).isEqualTo(3L);
    }

    /** Headers are filled on first use (ReceivedMessage): a copy made before, and a route that writes first, see them all. */
    @Test
    void headersFilledOnFirstUseAreAllThereAfterTheRouteWritesOneAndInACopy() throws Exception {
        MockEndpoint lazy = getMockEndpoint("mock:lazy");
        MockEndpoint tapped = getMockEndpoint("mock:tapped");
        lazy.expectedMessageCount(1);
        tapped.expectedMessageCount(1);

        template.sendBodyAndHeader(walchan("lazy", null), "x", "Stored", "kept");

        lazy.assertIsSatisfied();
        tapped.assertIsSatisfied();
        assertThat(lazy.getExchanges().get(0).getIn().getHeaders()).containsEntry("added", "by route");
        for (Exchange e : new Exchange[] {lazy.getExchanges().get(0), tapped.getExchanges().get(0)}) {
            assertThat(e.getIn().getHeader("stored")).as("case-insensitive, like any Camel header").isEqualTo("kept");
            assertThat(e.getIn().getHeaders())
                    .containsEntry(WalchanConstants.POSITION, 0L)
                    .containsEntry(WalchanConstants.REDELIVERED, false)
                    .containsEntry(WalchanConstants.REDELIVERY_COUNTER, 0)
                    .containsEntry(WalchanConstants.DIRECTORY, tmp.resolve("lazy").toRealPath().toString());
        }
    }

    @Test
    void bodyTypeReadsJsonAsThatClass() throws Exception {
        MockEndpoint typed = getMockEndpoint("mock:typed");
        typed.expectedBodiesReceived(new Order(1, "tea"), new Order(2, "cake"));

        template.sendBody(walchan("typed", null), new Order(1, "tea"));
        template.sendBody(walchan("typed", null), new Order(2, "cake"));

        typed.assertIsSatisfied();
    }

    @Test
    void optionsAreParsedFromTheUri() {
        WalchanEndpoint ep = context.getEndpoint("walchan:" + tmp.resolve("opts") + "?durability=SyncPerSend"
                + "&bound=100&pollTimeout=250&commitEvery=10&commitMaxDelay=2s&concurrentConsumers=3"
                + "&blockWhenFull=true&offerTimeout=1500&maximumRedeliveries=4&deadLetterUri=mock:dead"
                + "&segmentSize=1048576", WalchanEndpoint.class);
        WalchanConfiguration c = ep.getConfiguration();
        assertThat(c.getBound()).isEqualTo(100);
        assertThat(c.getDurability()).isEqualTo("SyncPerSend");
        assertThat(c.getPollTimeout()).isEqualTo(250);
        assertThat(c.getCommitEvery()).isEqualTo(10);
        assertThat(c.getCommitMaxDelay()).isEqualTo(2000);
        assertThat(c.getConcurrentConsumers()).isEqualTo(3);
        assertThat(c.isBlockWhenFull()).isTrue();
        assertThat(c.getOfferTimeout()).isEqualTo(1500);
        assertThat(c.getMaximumRedeliveries()).isEqualTo(4);
        assertThat(c.getDeadLetterUri()).isEqualTo("mock:dead");
        assertThat(c.getSegmentSize()).isEqualTo(1 << 20);
        assertThat(ep.channel().settings().bound()).isEqualTo(100);
        assertThat(ep.channel().settings().durability()).isEqualTo(io.walchan.Durability.SYNC_PER_SEND);
        assertThat(ep.getDirectory()).isEqualTo(tmp.resolve("opts"));
    }

    @Test
    void syncEveryTakesItsParameters() {
        WalchanEndpoint ep = context.getEndpoint("walchan:" + tmp.resolve("se")
                + "?durability=SyncEvery&syncEveryOps=10&syncEveryDelay=50", WalchanEndpoint.class);
        assertThat(ep.channel().settings().durability())
                .isEqualTo(io.walchan.Durability.syncEvery(10, java.time.Duration.ofMillis(50)));
    }

    @Test
    void generatedComponentJsonListsTheOptions() throws Exception {
        String json;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/io/walchan/camel/walchan.json")) {
            assertThat(in).as("generated component JSON").isNotNull();
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (String option : new String[] {"path", "bound", "durability", "syncEveryOps", "syncEveryDelay",
            "segmentSize", "commitEvery", "commitMaxDelay", "concurrentConsumers", "pollTimeout", "blockWhenFull",
            "offerTimeout", "maximumRedeliveries", "deadLetterUri", "bodyType"}) {
            assertThat(json).contains("\"" + option + "\": {");
        }
        assertThat(json).contains("\"scheme\": \"walchan\"", "CamelWalchanRedelivered");
        assertThat(context.getComponent("walchan")).isInstanceOf(WalchanComponent.class);
    }
}
