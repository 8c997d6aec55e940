package io.walchan.examples;

import io.walchan.Channel;
import io.walchan.Delivery;
import io.walchan.Receiver;
import io.walchan.Sender;
import io.walchan.Walchan;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The README's demo: send orders, acknowledge some, "restart", and see exactly the
 * unacknowledged ones come back. Run with
 * {@code mvn -q -pl examples -am -DskipTests package exec:java}.
 */
public final class Demo {

    /** A message: any Jackson-serializable type works. */
    public record Order(String id, int quantity) {
    }

    public static void main(String[] args) throws Exception {
        Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("walchan-demo");
        System.out.println("channel directory: " + dir);

        try (Channel<Order> ch = Walchan.channel(dir, Order.class)) {
            Sender<Order> tx = ch.sender();
            for (int i = 1; i <= 5; i++) {
                tx.send(new Order("order-" + i, i));            // durable (fsync) when send returns
                System.out.println("sent     order-" + i);
            }
            Receiver<Order> rx = ch.receiver();
            for (int i = 0; i < 3; i++) {
                try (Delivery<Order> d = rx.recv()) {            // closing the delivery acknowledges it
                    System.out.println("received " + d.get().id() + " at position " + d.position() + ", acked");
                }
            }
            Delivery<Order> unacked = rx.recv();
            System.out.println("received " + unacked.get().id() + " and crashed before acknowledging it");
        }   // closing is like a restart here: the unacknowledged delivery was never settled

        System.out.println("-- reopening --");
        try (Channel<Order> ch = Walchan.channel(dir, Order.class)) {
            ch.sender().close();                                 // no more senders: iteration ends when drained
            for (Delivery<Order> d : ch.receiver()) {
                try (d) {
                    System.out.println("received " + d.get().id() + " at position " + d.position()
                            + (d.redelivered() ? " (redelivered: it may have been processed before)" : ""));
                }
            }
        }
        System.out.println("done: order-4 and order-5 came back, order-1..3 did not.");
    }

    private Demo() {
    }
}
