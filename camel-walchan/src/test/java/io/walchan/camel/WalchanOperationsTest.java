package io.walchan.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.HealthCheckRepository;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.BrowsableEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Browsing, the JMX attributes and purge operation, and the health checks. */
class WalchanOperationsTest {

    @TempDir
    Path tmp;

    private CamelContext camel;

    @AfterEach
    void stop() {
        if (camel != null) {
            camel.stop();
        }
    }

    private String uri(String options) {
        return "walchan:" + tmp.resolve("q") + "?durability=FlushOnly&pollTimeout=100"
                + (options.isEmpty() ? "" : "&" + options);
    }

    private CamelContext start(RouteBuilder routes) throws Exception {
        CamelContext c = new DefaultCamelContext();
        if (routes != null) {
            c.addRoutes(routes);
        }
        c.start();
        return c;
    }

    private void sendAndClose(int n) throws Exception {
        CamelContext c = start(null);
        try (ProducerTemplate template = c.createProducerTemplate()) {
            for (int i = 0; i < n; i++) {
                template.sendBodyAndHeader(uri(""), "m" + i, "n", i);
            }
        } finally {
            c.stop();
        }
    }

    /** File name -> content of every file in the channel directory. */
    private Map<String, String> snapshot() throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> s = Files.list(tmp.resolve("q"))) {
            for (Path p : (Iterable<Path>) s::iterator) {
                files.put(p.getFileName().toString(), java.util.Base64.getEncoder().encodeToString(Files.readAllBytes(p))
                        + "@" + Files.getLastModifiedTime(p));
            }
        }
        return files;
    }

    @Test
    void browsingListsPendingMessagesWithoutConsumingOrChangingTheDirectory() throws Exception {
        sendAndClose(5);
        camel = start(null);
        WalchanEndpoint endpoint = camel.getEndpoint(uri(""), WalchanEndpoint.class);
        assertThat(endpoint).isInstanceOf(BrowsableEndpoint.class);
        Map<String, String> before = snapshot();

        List<Exchange> all = endpoint.getExchanges();
        assertThat(all).extracting(e -> e.getIn().getBody(String.class)).containsExactly("m0", "m1", "m2", "m3", "m4");
        assertThat(all).extracting(e -> e.getIn().getHeader(WalchanConstants.POSITION)).containsExactly(0L, 1L, 2L,
                3L, 4L);
        assertThat(all.get(3).getIn().getHeader("n")).isEqualTo(3);
        assertThat(endpoint.getExchanges(2, null)).hasSize(2);
        assertThat(endpoint.getExchanges(10, e -> ((Exchange) e).getIn().getHeader("n", Integer.class) % 2 == 0))
                .extracting(e -> e.getIn().getBody(String.class)).containsExactly("m0", "m2", "m4");
        endpoint.setBrowseLimit(3);
        assertThat(endpoint.getExchanges()).hasSize(3);
        assertThat(endpoint.getBrowseStatus(0).size()).isEqualTo(3);
        assertThat(endpoint.getQueueDepth()).isEqualTo(5);
        assertThat(endpoint.getEndPosition()).isEqualTo(5);
        assertThat(endpoint.isChannelOpen()).isFalse();
        assertThat(snapshot()).isEqualTo(before);

        // Nothing was consumed: a consumer gets all five.
        List<String> got = new CopyOnWriteArrayList<>();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri("")).process(e -> got.add(e.getIn().getBody(String.class)));
            }
        });
        WalchanTestSupport.awaitTrue(() -> got.size() == 5);
        assertThat(got).containsExactly("m0", "m1", "m2", "m3", "m4");
        WalchanTestSupport.awaitTrue(() -> endpoint.getAcknowledgedPosition() == 5);
        assertThat(endpoint.getExchanges()).isEmpty();
    }

    @Test
    void browsingAMissingDirectoryIsEmptyAndCreatesNothing() throws Exception {
        camel = start(null);
        WalchanEndpoint endpoint = camel.getEndpoint(uri(""), WalchanEndpoint.class);
        assertThat(endpoint.getExchanges()).isEmpty();
        assertThat(endpoint.getQueueDepth()).isEqualTo(-1);
        assertThat(Files.exists(tmp.resolve("q"))).isFalse();
    }

    @Test
    void managedAttributesComeFromTheChannelStats() throws Exception {
        camel = start(null);
        String uri = uri("").replace("FlushOnly", "SyncPerSend");
        WalchanEndpoint endpoint = camel.getEndpoint(uri, WalchanEndpoint.class);
        try (ProducerTemplate template = camel.createProducerTemplate()) {
            for (int i = 0; i < 3; i++) {
                template.sendBody(uri, "x" + i);
            }
            assertThat(endpoint.isChannelOpen()).isTrue();
            assertThat(endpoint.getEndPosition()).isEqualTo(3);
            assertThat(endpoint.getQueueDepth()).isEqualTo(3);
            assertThat(endpoint.getUnacknowledged()).isEqualTo(3);
            assertThat(endpoint.getCommittedPosition()).isZero();
            assertThat(endpoint.getAcknowledgedPosition()).isZero();
            assertThat(endpoint.getSegments()).isEqualTo(1);
            assertThat(endpoint.getLogBytes()).isPositive();
            assertThat(endpoint.getLastFsync()).isNotNull();
            assertThat(endpoint.getFailure()).isNull();
        }
    }

    @Test
    void purgeDropsPendingMessagesOnlyWhileNoConsumerRuns() throws Exception {
        sendAndClose(4);
        List<String> got = new CopyOnWriteArrayList<>();
        camel = start(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri("")).routeId("r").autoStartup(false).process(e -> got.add(e.getIn().getBody(String.class)));
            }
        });
        WalchanEndpoint endpoint = camel.getEndpoint(uri(""), WalchanEndpoint.class);
        assertThat(endpoint.getQueueDepth()).isEqualTo(4);
        assertThat(endpoint.purge()).isEqualTo(4);
        assertThat(endpoint.getQueueDepth()).isZero();
        assertThat(endpoint.getCommittedPosition()).isEqualTo(4);

        camel.getRouteController().startRoute("r");
        assertThatThrownBy(endpoint::purge).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("consumer");
        camel.createProducerTemplate().sendBody(uri(""), "after");
        WalchanTestSupport.awaitTrue(() -> got.size() == 1);
        Thread.sleep(200);
        assertThat(got).containsExactly("after");
    }

    @Test
    void consumerAndProducerHealthChecks() throws Exception {
        camel = start(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri("")).routeId("ok").to("mock:ok");
                from(uri("").replace("/q?", "/full?") + "&minFreeSpace=" + Long.MAX_VALUE).routeId("full")
                        .to("mock:full");
            }
        });
        WalchanConsumer ok = (WalchanConsumer) camel.getRoute("ok").getConsumer();
        HealthCheck.Result up = ok.getHealthCheck().call();
        assertThat(up.getState()).isEqualTo(HealthCheck.State.UP);
        assertThat(up.getDetails()).containsKey("walchan.usableSpace");

        WalchanConsumer full = (WalchanConsumer) camel.getRoute("full").getConsumer();
        HealthCheck.Result down = full.getHealthCheck().call();
        assertThat(down.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(down.getMessage()).hasValueSatisfying(m -> assertThat(m).contains("usable bytes"));

        // Camel's own health check registry sees the consumer checks through the routes' consumer checks
        // (repository "consumers", registered here as camel-main does with camel.health.consumers-enabled).
        HealthCheckRepository consumers = HealthCheckHelper.getHealthCheckRepository(camel, "consumers");
        assertThat(consumers).isNotNull();
        HealthCheckRepository producers = HealthCheckHelper.getHealthCheckRepository(camel, "producers");
        assertThat(producers).isNotNull();
        producers.setEnabled(true);
        assertThat(HealthCheckHelper.invoke(camel)).anySatisfy(r -> {
            assertThat(r.getCheck().getId()).contains("full");
            assertThat(r.getState()).isEqualTo(HealthCheck.State.DOWN);
        });

        // A stopped route closes its channel: DOWN.
        camel.getRouteController().stopRoute("ok");
        HealthCheck.Result closed = ok.getHealthCheck().call();
        assertThat(closed.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(closed.getMessage()).hasValueSatisfying(m -> assertThat(m).contains("closed"));

        // Producer: registered in the producers repository while it runs.
        WalchanEndpoint endpoint = camel.getEndpoint(uri(""), WalchanEndpoint.class);
        WalchanProducer producer = (WalchanProducer) endpoint.createProducer();
        producer.start();
        try {
            assertThat(producer.getHealthCheck()).isNotNull();
            assertThat(producer.getHealthCheck().call().getState()).isEqualTo(HealthCheck.State.UP);
            String id = producer.getHealthCheck().getId();
            assertThat(id).startsWith("producer:walchan-");
            assertThat(HealthCheckHelper.getHealthCheckRegistry(camel).stream()).anySatisfy(
                    c -> assertThat(c.getId()).isEqualTo(id));
            assertThat(HealthCheckHelper.invoke(camel, id, Map.of())).hasValueSatisfying(
                    r -> assertThat(r.getState()).isEqualTo(HealthCheck.State.UP));
        } finally {
            producer.stop();
        }
        assertThat(HealthCheckHelper.getHealthCheckRegistry(camel).stream()).noneSatisfy(
                c -> assertThat(c.getId()).startsWith("producer:walchan-"));
    }

    @Test
    void deadLetterCauseIsKeptWhenTheDeadLetterEndpointIsWalchan() throws Exception {
        String dead = "walchan:" + tmp.resolve("dead");
        List<Object> causes = new CopyOnWriteArrayList<>();
        camel = start(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri("maximumRedeliveries=0&deadLetterUri=" + dead)).routeId("main")
                        .throwException(new IllegalStateException("boom"));
                from(dead).process(e -> causes.add(e.getIn().getHeader(WalchanConstants.DEAD_LETTER_CAUSE)));
            }
        });
        camel.createProducerTemplate().sendBody(uri("maximumRedeliveries=0&deadLetterUri="
                + dead), "poison");
        WalchanTestSupport.awaitTrue(() -> causes.size() == 1);
        assertThat((String) causes.get(0)).contains("boom");
    }
}
