package io.walchan.internal.channel;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One daemon thread per channel, started on first use, that runs the time bounds
 * of {@code syncEvery} and {@code commitMaxDelay}. Tasks must not block for long
 * (an fsync at most).
 */
final class Timer {

    private final String name;
    /** Guards executor creation and shutdown. */
    private final Object lock = new Object();
    private ScheduledThreadPoolExecutor executor;
    private boolean shutdown;

    Timer(String name) {
        this.name = name;
    }

    void schedule(Duration delay, Runnable task) {
        ScheduledExecutorService e;
        synchronized (lock) {
            if (shutdown) {
                return;
            }
            if (executor == null) {
                executor = new ScheduledThreadPoolExecutor(1, r -> {
                    Thread t = new Thread(r, name);
                    t.setDaemon(true);
                    return t;
                });
                executor.setRemoveOnCancelPolicy(true);
            }
            e = executor;
        }
        e.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Stops the thread; pending tasks are dropped (the caller does their work itself on close). */
    void shutdown() {
        synchronized (lock) {
            shutdown = true;
            if (executor != null) {
                executor.shutdownNow();
            }
        }
    }
}
