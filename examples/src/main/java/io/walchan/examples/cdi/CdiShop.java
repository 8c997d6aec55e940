package io.walchan.examples.cdi;

import io.walchan.cdi.WalChannels;
import io.walchan.examples.Order;
import jakarta.enterprise.inject.se.SeContainer;
import jakarta.enterprise.inject.se.SeContainerInitializer;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The CDI example: a Weld SE container with two beans sharing the channel
 * {@value #ORDERS}. {@link OrderDesk} has {@code @Inject @WalChannel("orders")
 * Sender<Order>}, {@link Shipper} has {@code @Inject @WalChannel("orders")
 * Receiver<Order>}. Nothing is registered by hand: discovery finds the beans (this
 * module's {@code META-INF/beans.xml}) and walchan-cdi's extension.
 *
 * <p>Run with {@code mvn -q -pl examples -am -DskipTests package exec:java
 * -Dexec.mainClass=io.walchan.examples.cdi.CdiShop}; an argument names the base
 * directory ({@code walchan.dir}; default: a new temporary directory).
 */
public final class CdiShop {

    /** The channel directory, relative to {@code walchan.dir}. */
    public static final String ORDERS = "orders";
    /** Orders placed. */
    public static final int ORDERS_PLACED = 5;
    /**
     * Weld logs through java.util.logging here, and its INFO lines are noise in an example. Held in a field
     * because JUL keeps loggers only weakly and would forget the level.
     */
    private static final Logger WELD_LOG = Logger.getLogger("org.jboss.weld");

    static {
        WELD_LOG.setLevel(Level.WARNING);
    }

    public static void main(String[] args) throws Exception {
        run(args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("walchan-cdi"), System.out);
    }

    /**
     * Starts the container, places {@value #ORDERS_PLACED} orders, waits until they are
     * shipped (at most 30 s), and shuts the container down, which closes the channel.
     *
     * @param baseDir the base directory ({@code walchan.dir}) for the container's channels
     * @param out where the story is told
     * @return the orders shipped, in shipping order
     * @throws InterruptedException if interrupted while waiting
     */
    public static List<String> run(Path baseDir, PrintStream out) throws InterruptedException {
        String previous = System.setProperty(WalChannels.BASE_DIR_PROPERTY, baseDir.toString());
        try (SeContainer container = SeContainerInitializer.newInstance().initialize()) {
            out.println("channel directory: " + container.select(WalChannels.class).get().resolve(ORDERS));
            container.select(Shipper.class).get().reportTo(out);
            OrderDesk desk = container.select(OrderDesk.class).get();
            for (int i = 1; i <= ORDERS_PLACED; i++) {
                desk.place(new Order("order-" + i, i));
                out.println("placed  order-" + i);
            }
            List<String> shipped = container.select(Shipper.class).get()
                    .awaitShipped(ORDERS_PLACED, Duration.ofSeconds(30));
            out.println("shipped " + shipped.size() + " of " + ORDERS_PLACED + " orders: " + shipped);
            return shipped;
        } finally {
            if (previous == null) {
                System.clearProperty(WalChannels.BASE_DIR_PROPERTY);
            } else {
                System.setProperty(WalChannels.BASE_DIR_PROPERTY, previous);
            }
        }
    }

    private CdiShop() {
    }
}
