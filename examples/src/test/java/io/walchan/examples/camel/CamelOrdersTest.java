package io.walchan.examples.camel;

import static org.assertj.core.api.Assertions.assertThat;

import io.walchan.examples.LeftInChannel;
import io.walchan.examples.Output;
import java.nio.file.Path;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the Camel example under Camel Main, as its README command does. */
class CamelOrdersTest {

    @Test
    void theFlakyOrderIsRetriedThePoisonOrderIsDeadLetteredTheRestIsShipped(@TempDir Path dir) throws Exception {
        Output out = new Output();

        OrderLedger ledger = CamelOrders.run(dir, out.stream());

        assertThat(ledger.shipped()).containsExactlyElementsOf(IntStream.rangeClosed(1, CamelOrders.ORDERS)
                .mapToObj(n -> "order-" + n).filter(id -> !id.equals(OrderRoutes.POISON)).toList());
        assertThat(ledger.attempts()).containsEntry(OrderRoutes.FLAKY, 2)
                .containsEntry(OrderRoutes.POISON, OrderRoutes.MAXIMUM_REDELIVERIES + 1)
                .containsEntry("order-1", 1).containsEntry("order-10", 1);
        assertThat(ledger.deadLettered()).containsOnlyKeys(OrderRoutes.POISON);
        assertThat(ledger.deadLettered().get(OrderRoutes.POISON))
                .contains("given up after 3 failed attempt(s)").contains("no such product");
        assertThat(out.text()).contains("checking order-3 (attempt 2, redelivered)")
                .contains("dead letter: order-7");
        // Every exchange completed, so every message was acknowledged: Camel closed the channels empty.
        assertThat(LeftInChannel.count(dir.resolve("orders"))).isZero();
        assertThat(LeftInChannel.count(dir.resolve("dead-letter"))).isZero();
    }
}
