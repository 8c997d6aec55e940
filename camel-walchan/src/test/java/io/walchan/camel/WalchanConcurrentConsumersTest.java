package io.walchan.camel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

/** N consumer threads, M messages, some failing once: every message is processed, none lost. */
class WalchanConcurrentConsumersTest extends WalchanTestSupport {

    private static final int MESSAGES = 300;
    private static final int THREADS = 4;

    private final Set<String> processed = ConcurrentHashMap.newKeySet();
    private final Set<String> failedOnce = ConcurrentHashMap.newKeySet();
    private final Set<String> threads = ConcurrentHashMap.newKeySet();

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from(walchan("many", "concurrentConsumers=" + THREADS)).routeId("many").process(e -> {
                    String body = e.getIn().getBody(String.class);
                    threads.add(Thread.currentThread().getName());
                    Thread.sleep(1);
                    if (Integer.parseInt(body) % 10 == 0 && failedOnce.add(body)) {
                        throw new IllegalStateException("first attempt of " + body + " fails");
                    }
                    processed.add(body);
                });
            }
        };
    }

    @Test
    void everyMessageIsProcessedAtLeastOnce() throws Exception {
        NotifyBuilder done = new NotifyBuilder(context).fromRoute("many").whenCompleted(MESSAGES).create();
        for (int i = 0; i < MESSAGES; i++) {
            template.sendBody(walchan("many", null), String.valueOf(i));
        }
        assertThat(done.matches(30, TimeUnit.SECONDS)).isTrue();
        awaitTrue(() -> processed.size() == MESSAGES);
        assertThat(failedOnce).hasSize(MESSAGES / 10);
        assertThat(threads).hasSizeGreaterThan(1);
    }
}
