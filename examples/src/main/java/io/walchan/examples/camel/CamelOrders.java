package io.walchan.examples.camel;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.camel.main.Main;

/**
 * The Camel example: {@link OrderRoutes} under Camel Main. Ten orders go from a timer
 * into a walchan channel; a consumer route ships them, one order fails once and is
 * retried, one always fails and ends in a dead letter channel. Camel Main stops once
 * every order is shipped or dead-lettered.
 *
 * <p>Run with {@code mvn -q -pl examples -am -DskipTests package exec:java
 * -Dexec.mainClass=io.walchan.examples.camel.CamelOrders}; an argument names the
 * directory for the channels (default: a new temporary directory).
 */
public final class CamelOrders {

    /** Orders the timer makes. */
    public static final int ORDERS = 10;
    /** Camel Main gives up after this long even if not every order settled. */
    private static final int MAX_SECONDS = 60;

    public static void main(String[] args) throws Exception {
        run(args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("walchan-camel"), System.out);
    }

    /**
     * Runs the routes until every order is shipped or dead-lettered (at most
     * {@value #MAX_SECONDS} s), then stops Camel, which closes the channels.
     *
     * @param dir the directory for the channels {@code orders} and {@code dead-letter}
     * @param out where the story is told
     * @return what happened to each order
     * @throws Exception if Camel fails
     */
    public static OrderLedger run(Path dir, PrintStream out) throws Exception {
        out.println("channels under " + dir);
        OrderLedger ledger = new OrderLedger(ORDERS);
        Main main = new Main();
        main.configure().addRoutesBuilder(new OrderRoutes(dir, ORDERS, ledger, out));
        main.configure().setDurationMaxSeconds(MAX_SECONDS);    // a safety net, not the normal end
        Thread watcher = new Thread(() -> {
            try {
                if (ledger.awaitSettled(MAX_SECONDS, TimeUnit.SECONDS)) {
                    main.completed();                            // run() returns after a graceful shutdown
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "camel-orders-watcher");
        watcher.setDaemon(true);
        watcher.start();
        main.run();                                              // blocks until completed
        out.printf("shipped %d orders %s; dead-lettered %s%n", ledger.shipped().size(), ledger.shipped(),
                ledger.deadLettered().keySet());
        return ledger;
    }

    private CamelOrders() {
    }
}
