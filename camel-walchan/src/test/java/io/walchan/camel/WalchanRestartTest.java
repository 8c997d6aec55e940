package io.walchan.camel;

import static org.assertj.core.api.Assertions.assertThat;

import io.walchan.Channel;
import io.walchan.Codecs;
import io.walchan.Durability;
import io.walchan.Options;
import io.walchan.Walchan;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What survives a stop, a restart and a crash of the CamelContext. */
@SuppressWarnings("try") // CamelContext.close() is declared to throw InterruptedException
class WalchanRestartTest {

    @TempDir
    Path tmp;

    private String uri(String options) {
        return "walchan:" + tmp.resolve("q") + "?pollTimeout=100" + (options.isEmpty() ? "" : "&" + options);
    }

    private static CamelContext start(RouteBuilder routes) throws Exception {
        return start(routes, context -> { });
    }

    /**
     * @param beforeStart sets mock expectations before the consumer can deliver: with
     *     messages already in the log, setting them after start races with the first deliveries
     */
    private static CamelContext start(RouteBuilder routes, java.util.function.Consumer<CamelContext> beforeStart)
            throws Exception {
        CamelContext context = new DefaultCamelContext();
        context.getShutdownStrategy().setTimeout(10);
        context.addRoutes(routes);
        beforeStart.accept(context);
        context.start();
        return context;
    }

    private static RouteBuilder route(String from, String to) {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from(from).to(to);
            }
        };
    }

    @Test
    void acknowledgedMessagesAreNotDeliveredAgainAfterRestart() throws Exception {
        String uri = uri("durability=FlushOnly");
        try (CamelContext first = start(route(uri, "mock:first"))) {
            MockEndpoint out = first.getEndpoint("mock:first", MockEndpoint.class);
            out.expectedBodiesReceived("1", "2", "3");
            for (String body : new String[] {"1", "2", "3"}) {
                first.createProducerTemplate().sendBody(uri, body);
            }
            out.assertIsSatisfied();
        }
        try (CamelContext second = start(route(uri, "mock:second"))) {
            MockEndpoint out = second.getEndpoint("mock:second", MockEndpoint.class);
            out.expectedBodiesReceived("4");
            out.setAssertPeriod(300);
            second.createProducerTemplate().sendBody(uri, "4");
            out.assertIsSatisfied();
        }
    }

    @Test
    void pendingMessagesSurviveAStopOfTheContext() throws Exception {
        try (CamelContext producerOnly = start(route("direct:in", uri("durability=SyncPerSend")))) {
            for (String body : new String[] {"a", "b", "c"}) {
                producerOnly.createProducerTemplate().sendBody("direct:in", body);
            }
        }
        try (CamelContext consumer = start(route(uri(""), "mock:out"),
                c -> c.getEndpoint("mock:out", MockEndpoint.class).expectedBodiesReceived("a", "b", "c"))) {
            consumer.getEndpoint("mock:out", MockEndpoint.class).assertIsSatisfied();
        }
    }

    @Test
    void gracefulStopLetsTheInFlightExchangeFinishAndAcksIt() throws Exception {
        String uri = uri("durability=FlushOnly");
        CountDownLatch started = new CountDownLatch(1);
        CamelContext first = start(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).process(e -> {
                    started.countDown();
                    Thread.sleep(500);
                }).to("mock:slow");
            }
        });
        MockEndpoint slow = first.getEndpoint("mock:slow", MockEndpoint.class);
        first.createProducerTemplate().sendBody(uri, "slow");
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        first.stop();
        assertThat(slow.getReceivedCounter()).isEqualTo(1);

        try (CamelContext second = start(route(uri, "mock:again"))) {
            MockEndpoint again = second.getEndpoint("mock:again", MockEndpoint.class);
            again.expectedMessageCount(0);
            again.setAssertPeriod(500);
            again.assertIsSatisfied();
        }
    }

    @Test
    void anUndecodableRecordGoesToTheDeadLetterUriAsRawBytes() throws Exception {
        Options flush = Options.builder().durability(Durability.FLUSH_ONLY).build();
        try (Channel<byte[]> raw = Walchan.channel(tmp.resolve("q"), Codecs.bytes(), flush)) {
            raw.sender().send("not an envelope".getBytes(StandardCharsets.UTF_8));
        }
        String uri = uri("durability=FlushOnly&deadLetterUri=mock:dead");
        try (CamelContext context = start(route(uri, "mock:out"))) {
            MockEndpoint dead = context.getEndpoint("mock:dead", MockEndpoint.class);
            dead.expectedMessageCount(1);
            MockEndpoint out = context.getEndpoint("mock:out", MockEndpoint.class);
            out.expectedBodiesReceived("good");
            context.createProducerTemplate().sendBody(uri, "good");
            dead.assertIsSatisfied();
            out.assertIsSatisfied();
            assertThat(dead.getExchanges().get(0).getIn().getBody(byte[].class))
                    .isEqualTo("not an envelope".getBytes(StandardCharsets.UTF_8));
            assertThat(dead.getExchanges().get(0).getIn().getHeader(WalchanConstants.DEAD_LETTER_CAUSE, String.class))
                    .contains("cannot be decoded");
        }
    }

    @Test
    void aCrashInTheMiddleOfARouteLosesNothing() throws Exception {
        Path dir = tmp.resolve("crash");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                CrashChild.class.getName(), dir.toString(), "10", "3")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("child JVM ended").isTrue();
        assertThat(child.exitValue()).as("child halted in the route").isEqualTo(42);

        String uri = "walchan:" + dir + "?durability=FlushOnly&pollTimeout=100";
        try (CamelContext context = start(route(uri, "mock:recovered"), c -> {
            MockEndpoint expect = c.getEndpoint("mock:recovered", MockEndpoint.class);
            expect.expectedBodiesReceived("3", "4", "5", "6", "7", "8", "9");
            expect.setAssertPeriod(300);
        })) {
            MockEndpoint out = context.getEndpoint("mock:recovered", MockEndpoint.class);
            out.assertIsSatisfied();
            assertThat(out.getExchanges().get(0).getIn().getHeader(WalchanConstants.REDELIVERED)).isEqualTo(true);
        }
    }
}
