package io.walchan.camel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;

/** Ack on completion, nack on failure or rollback, dead letter after maximumRedeliveries. */
class WalchanRedeliveryTest extends WalchanTestSupport {

    /** Processing attempts per body. */
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

    private int attempt(Exchange e) {
        return attempts.computeIfAbsent(e.getIn().getBody(String.class), k -> new AtomicInteger()).incrementAndGet();
    }

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from(walchan("flaky", null)).process(e -> {
                    if (e.getIn().getBody(String.class).startsWith("fail2") && attempt(e) <= 2) {
                        throw new IllegalStateException("boom " + e.getIn().getBody());
                    }
                }).to("mock:flaky");

                from(walchan("rollback", null))
                        .filter(header(WalchanConstants.REDELIVERY_COUNTER).isEqualTo(0)).rollback("first try").end()
                        .to("mock:rollback");

                from(walchan("rollbackOnly", null))
                        .filter(header(WalchanConstants.REDELIVERY_COUNTER).isEqualTo(0)).markRollbackOnly().end()
                        .to("mock:rollbackOnly");

                from(walchan("poison", "maximumRedeliveries=2&deadLetterUri=mock:dead")).process(e -> {
                    attempt(e);
                    if (!"ok".equals(e.getIn().getBody(String.class))) {
                        throw new IllegalArgumentException("poison");
                    }
                }).to("mock:survivors");

                from(walchan("dlc", null)).routeId("dlc").errorHandler(deadLetterChannel("mock:dlc"))
                        .process(e -> {
                            attempt(e);
                            throw new IllegalArgumentException("handled by the dead letter channel");
                        });
            }
        };
    }

    @Test
    void failedExchangeIsRedeliveredBeforeNewerMessagesAndAckedOnce() throws Exception {
        MockEndpoint out = getMockEndpoint("mock:flaky");
        out.expectedBodiesReceived("fail2-a", "b", "c");

        template.sendBody(walchan("flaky", null), "fail2-a");
        template.sendBody(walchan("flaky", null), "b");
        template.sendBody(walchan("flaky", null), "c");

        out.assertIsSatisfied();
        Exchange third = out.getExchanges().get(0);
        assertThat(third.getIn().getHeader(WalchanConstants.REDELIVERED)).isEqualTo(true);
        assertThat(third.getIn().getHeader(WalchanConstants.REDELIVERY_COUNTER)).isEqualTo(2);
        assertThat(third.getIn().getHeader(WalchanConstants.POSITION)).isEqualTo(0L);
        assertThat(attempts.get("fail2-a")).hasValue(3);
        WalchanEndpoint ep = context.getEndpoint(walchan("flaky", null), WalchanEndpoint.class);
        awaitTrue(() -> ep.getAckedCount() == 3);
        assertThat(ep.getRedeliveryCount()).isEqualTo(2);
        assertThat(ep.getFailingMessages()).isZero();
    }

    @Test
    void rollbackIsRedelivered() throws Exception {
        MockEndpoint out = getMockEndpoint("mock:rollback");
        out.expectedBodiesReceived("x");
        out.expectedHeaderReceived(WalchanConstants.REDELIVERED, true);

        template.sendBody(walchan("rollback", null), "x");

        out.assertIsSatisfied();
    }

    @Test
    void markRollbackOnlyIsRedelivered() throws Exception {
        MockEndpoint out = getMockEndpoint("mock:rollbackOnly");
        out.expectedBodiesReceived("y");
        out.expectedHeaderReceived(WalchanConstants.REDELIVERY_COUNTER, 1);

        template.sendBody(walchan("rollbackOnly", null), "y");

        out.assertIsSatisfied();
    }

    @Test
    void poisonMessageGoesToTheDeadLetterUriAfterMaximumRedeliveries() throws Exception {
        MockEndpoint dead = getMockEndpoint("mock:dead");
        dead.expectedBodiesReceived("poison-pill");
        MockEndpoint survivors = getMockEndpoint("mock:survivors");
        survivors.expectedBodiesReceived("ok");

        template.sendBody(walchan("poison", null), "poison-pill");
        template.sendBody(walchan("poison", null), "ok");

        dead.assertIsSatisfied();
        survivors.assertIsSatisfied();
        assertThat(attempts.get("poison-pill")).hasValue(3);
        assertThat(dead.getExchanges().get(0).getIn().getHeader(WalchanConstants.DEAD_LETTER_CAUSE, String.class))
                .contains("given up after 3 failed attempt(s)", "poison");
        assertThat(dead.getExchanges().get(0).getProperty(Exchange.EXCEPTION_CAUGHT))
                .isInstanceOf(IllegalArgumentException.class);
        WalchanEndpoint ep = context.getEndpoint(walchan("poison", "maximumRedeliveries=2&deadLetterUri=mock:dead"),
                WalchanEndpoint.class);
        awaitTrue(() -> ep.getDeadLetteredCount() == 1);
    }

    @Test
    void exchangeHandledByADeadLetterChannelCountsAsCompleted() throws Exception {
        MockEndpoint dlc = getMockEndpoint("mock:dlc");
        dlc.expectedBodiesReceived("m1", "m2");
        NotifyBuilder done = new NotifyBuilder(context).fromRoute("dlc").whenDone(2).create();

        template.sendBody(walchan("dlc", null), "m1");
        template.sendBody(walchan("dlc", null), "m2");

        dlc.assertIsSatisfied();
        assertThat(done.matches(5, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(300); // a re-delivery, if there were one, would show up now
        assertThat(attempts.get("m1")).hasValue(1);
        assertThat(attempts.get("m2")).hasValue(1);
        WalchanEndpoint ep = context.getEndpoint(walchan("dlc", null), WalchanEndpoint.class);
        awaitTrue(() -> ep.getAckedCount() == 2);
        assertThat(ep.getRedeliveryCount()).isZero();
    }
}
