package io.walchan.examples;

import io.walchan.Delivery;
import io.walchan.Receiver;
import io.walchan.SyncChannel;
import io.walchan.SyncSender;
import io.walchan.Walchan;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The process {@link CrashDemo} kills: one thread sends {@code order-1},
 * {@code order-2}, ... as fast as the bounded channel lets it, another receives,
 * "processes" (a short sleep) and acknowledges each one. Every step is reported on
 * stdout <em>after</em> it happened, one line each: {@code sent order-N},
 * {@code received order-N}, {@code acked order-N}. It runs until it is killed.
 *
 * <p>Usage: {@code CrashChild DIR}. It halts by itself when its parent dies (its stdin
 * reaches end of file), so a test that fails half-way leaves no process behind.
 */
public final class CrashChild {

    /** Bound of the channel: the most orders the crash can leave unacknowledged. */
    public static final int BOUND = 16;
    /** How long processing one order takes, in milliseconds: slower than sending, so a backlog forms. */
    static final long PROCESSING_MILLIS = 5;

    public static void main(String[] args) throws Exception {
        exitWhenParentDies();
        SyncChannel<Order> ch = Walchan.syncChannel(Path.of(args[0]), BOUND, Order.class);   // never closed: killed
        SyncSender<Order> tx = ch.sender();
        Thread producer = new Thread(() -> {
            try {
                for (int n = 1; ; n++) {
                    tx.send(new Order("order-" + n, n));  // durable when it returns (SyncPerSend)
                    System.out.println("sent order-" + n);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "producer");
        producer.start();

        Receiver<Order> rx = ch.receiver();
        while (true) {
            Delivery<Order> d = rx.recv();
            System.out.println("received " + d.get().id());
            Thread.sleep(PROCESSING_MILLIS);              // "processing": the crash may land here
            d.ack();                                      // committed when ack() returns (default ReceiverOptions)
            System.out.println("acked " + d.get().id());
        }
    }

    /** The parent never writes to our stdin: end of input means it is gone, and nobody will kill us. */
    private static void exitWhenParentDies() {
        Thread watchdog = new Thread(() -> {
            try {
                while (System.in.read() != -1) {
                    // discard
                }
            } catch (IOException e) {
                // the pipe broke: the parent is gone as well
            }
            Runtime.getRuntime().halt(3);
        }, "parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    private CrashChild() {
    }
}
