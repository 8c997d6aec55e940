package io.walchan.examples.camel;

import io.walchan.camel.WalchanConstants;
import io.walchan.examples.Order;
import java.io.PrintStream;
import java.nio.file.Path;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/**
 * Three routes around two walchan channels:
 * <ul>
 *   <li>{@code place-orders}: a timer makes {@link #orders} orders and appends each to
 *       {@code walchan:DIR/orders}; the exchange completes once the order is fsynced;</li>
 *   <li>{@code ship-orders}: consumes them, one at a time in log order. Its inventory
 *       step fails: once for {@link #FLAKY} (a timeout: the retry ships it), always for
 *       {@link #POISON}. A failed exchange is nacked and the order delivered again, up
 *       to {@code maximumRedeliveries=2} times; then it goes to the dead letter;</li>
 *   <li>{@code dead-letter}: keeps the given-up order, with the reason, in its own
 *       durable channel {@code walchan:DIR/dead-letter} for a person to look at, and
 *       {@code dead-letters} reads that channel.</li>
 * </ul>
 */
public final class OrderRoutes extends RouteBuilder {

    /** Fails on its first attempt only. */
    public static final String FLAKY = "order-3";
    /** Fails on every attempt: ends in the dead letter channel. */
    public static final String POISON = "order-7";
    /** Hand-backs before an order is given up: 2, so 3 attempts in all. */
    public static final int MAXIMUM_REDELIVERIES = 2;

    private final Path dir;
    private final int orders;
    private final OrderLedger ledger;
    private final PrintStream out;

    OrderRoutes(Path dir, int orders, OrderLedger ledger, PrintStream out) {
        this.dir = dir;
        this.orders = orders;
        this.ledger = ledger;
        this.out = out;
    }

    @Override
    public void configure() {
        // Camel's error handler does not retry here (walchan does, from the log); it logs each failure in one line.
        errorHandler(defaultErrorHandler().logStackTrace(false).logExhaustedMessageHistory(false));

        String ordersUri = "walchan:" + dir.resolve("orders");
        String deadLetterUri = "walchan:" + dir.resolve("dead-letter");

        from("timer:orders?period=50&includeMetadata=true&repeatCount=" + orders).routeId("place-orders")
                .process(this::newOrder)
                .to(ordersUri);                                  // completes when the order is on disk

        from(ordersUri + "?bodyType=" + Order.class.getName()
                + "&maximumRedeliveries=" + MAXIMUM_REDELIVERIES + "&deadLetterUri=direct:dead-letter")
                .routeId("ship-orders")
                .process(this::checkInventory)                   // the failing step
                .process(this::ship);                            // acked when the exchange completes

        // CamelWalchan* headers are not stored in a channel: keep the reason in a header of our own.
        from("direct:dead-letter").routeId("dead-letter")
                .setHeader("deadLetterCause", header(WalchanConstants.DEAD_LETTER_CAUSE))
                .to(deadLetterUri);

        from(deadLetterUri + "?bodyType=" + Order.class.getName()).routeId("dead-letters")
                .process(this::deadLetter);
    }

    private void newOrder(Exchange e) {
        long n = e.getProperty(Exchange.TIMER_COUNTER, Long.class);   // 1, 2, ... (includeMetadata=true)
        e.getMessage().setBody(new Order("order-" + n, (int) n));
        out.println("new      order-" + n);
    }

    private void checkInventory(Exchange e) {
        Order order = e.getMessage().getBody(Order.class);
        int attempt = ledger.attempt(order.id());
        boolean redelivered = e.getMessage().getHeader(WalchanConstants.REDELIVERED, false, Boolean.class);
        out.printf("checking %s (attempt %d%s)%n", order.id(), attempt, redelivered ? ", redelivered" : "");
        if (order.id().equals(POISON)) {
            throw new IllegalArgumentException("no such product in " + order.id());
        }
        if (order.id().equals(FLAKY) && attempt == 1) {
            throw new IllegalStateException("inventory service timed out for " + order.id());
        }
    }

    private void ship(Exchange e) {
        Order order = e.getMessage().getBody(Order.class);
        ledger.shipped(order.id());
        out.println("shipped  " + order.id());
    }

    private void deadLetter(Exchange e) {
        Order order = e.getMessage().getBody(Order.class);
        String cause = e.getMessage().getHeader("deadLetterCause", String.class);
        ledger.deadLettered(order.id(), cause);
        out.println("dead letter: " + order.id() + " (" + cause + ")");
    }
}
