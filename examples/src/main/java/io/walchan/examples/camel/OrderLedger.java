package io.walchan.examples.camel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What happened to each order in {@link CamelOrders}: attempts, shipped, dead-lettered.
 * Written by the route threads, read by the main thread; every method is synchronized.
 */
public final class OrderLedger {

    private final Map<String, Integer> attempts = new LinkedHashMap<>();
    private final List<String> shipped = new ArrayList<>();
    private final Map<String, String> deadLettered = new LinkedHashMap<>();
    /** Counted down once per order that is shipped or dead-lettered. */
    private final CountDownLatch settled;

    OrderLedger(int orders) {
        this.settled = new CountDownLatch(orders);
    }

    /** @return the number of this attempt, from 1 */
    synchronized int attempt(String orderId) {
        return attempts.merge(orderId, 1, Integer::sum);
    }

    synchronized void shipped(String orderId) {
        shipped.add(orderId);
        settled.countDown();
    }

    synchronized void deadLettered(String orderId, String cause) {
        deadLettered.put(orderId, cause);
        settled.countDown();
    }

    /** @return whether every order was shipped or dead-lettered in time */
    boolean awaitSettled(long timeout, TimeUnit unit) throws InterruptedException {
        return settled.await(timeout, unit);
    }

    /** @return attempts per order, in first-attempt order */
    public synchronized Map<String, Integer> attempts() {
        return Map.copyOf(attempts);
    }

    /** @return shipped orders, in shipping order */
    public synchronized List<String> shipped() {
        return List.copyOf(shipped);
    }

    /** @return dead-lettered orders and why they were given up */
    public synchronized Map<String, String> deadLettered() {
        return Map.copyOf(deadLettered);
    }
}
