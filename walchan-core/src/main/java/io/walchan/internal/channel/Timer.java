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

    /**
     * Stops the thread: pending tasks are dropped (the caller does their work itself on
     * close), a running one (an fsync, a commit) is waited for. It is never interrupted:
     * an interrupt closes the file the task is forcing.
     */
    void shutdown() {
        ScheduledThreadPoolExecutor e;
        synchronized (lock) {
            shutdown = true;
            e = executor;
        }
        if (e == null) {
            return;
        }
        e.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        e.shutdown();
        if (Thread.currentThread().getName().equals(name)) {
            return; // Called from a task: it cannot wait for itself.
        }
        boolean interrupted = false;
        while (true) {
            try {
                if (e.awaitTermination(1, TimeUnit.MINUTES)) {
                    break;
                }
            } catch (InterruptedException ie) {
                interrupted = true; // Closing must not leave a task running; restore the flag after.
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
