package io.walchan.examples.cdi;

import io.walchan.Delivery;
import io.walchan.DisconnectedException;
import io.walchan.Receiver;
import io.walchan.cdi.WalChannel;
import io.walchan.examples.Order;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Ships orders in the background: one worker thread receives from the injected
 * {@link Receiver}, acknowledges an order once it is shipped, and hands it back
 * ({@link Delivery#nack()}) when shipping fails, so it is delivered again before newer
 * orders. The first attempt to ship {@link #UNLUCKY} fails.
 *
 * <p>Threads: the worker writes {@link #shipped}; readers take the monitor.
 */
@ApplicationScoped
public class Shipper {

    /** Its first shipping attempt fails: the carrier is unavailable. */
    public static final String UNLUCKY = "order-2";

    @Inject
    @WalChannel(CdiShop.ORDERS)
    Receiver<Order> orders;

    /** Guarded by this. */
    private final List<String> shipped = new ArrayList<>();
    /** Only the worker thread touches it. */
    private final Set<String> failedOnce = new HashSet<>();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "shipper"));
    private volatile boolean running = true;
    private volatile PrintStream out = System.out;

    void start(@Observes @Initialized(ApplicationScoped.class) Object containerStarted) {
        worker.submit(this::run);
    }

    /** @param out where the shipper reports what it does */
    public void reportTo(PrintStream out) {
        this.out = out;
    }

    private void run() {
        while (running) {
            Delivery<Order> d;
            try {
                d = orders.recvTimeout(Duration.ofMillis(200));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (DisconnectedException e) {
                return;                                  // the container closed the channel
            }
            if (d == null) {
                continue;
            }
            try {
                ship(d.get(), d.redelivered());
                d.ack();                                 // shipped: never delivered again
            } catch (RuntimeException e) {
                out.println("shipping " + d.get().id() + " failed (" + e.getMessage() + "): handed back");
                d.nack();                                // delivered again, before newer orders
            }
        }
    }

    private void ship(Order order, boolean redelivered) {
        if (order.id().equals(UNLUCKY) && failedOnce.add(order.id())) {
            throw new IllegalStateException("carrier unavailable");
        }
        out.println("shipped " + order.id() + " x" + order.quantity() + (redelivered ? " (redelivered)" : ""));
        synchronized (this) {
            shipped.add(order.id());
            notifyAll();
        }
    }

    /**
     * @param count orders to wait for
     * @param timeout how long at most
     * @return the orders shipped so far, in shipping order
     * @throws InterruptedException if interrupted while waiting
     */
    public synchronized List<String> awaitShipped(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (long left = timeout.toNanos(); shipped.size() < count && left > 0; left = deadline - System.nanoTime()) {
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return List.copyOf(shipped);
    }

    /** A lifecycle callback may not throw checked exceptions: an interrupt is passed on as the flag. */
    @PreDestroy
    void stop() {
        running = false;                                 // the loop ends within one recvTimeout
        worker.shutdown();
        try {
            worker.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }                                                    // the channel closes after this, at BeforeShutdown
}
