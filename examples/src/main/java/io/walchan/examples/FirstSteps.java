package io.walchan.examples;

import io.walchan.Channel;
import io.walchan.Delivery;
import io.walchan.Receiver;
import io.walchan.Sender;
import io.walchan.Walchan;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Send five orders, acknowledge three, "restart" (close and reopen the channel), and
 * get exactly the two unacknowledged ones back. Part 1 of the {@link Demo} tour.
 */
public final class FirstSteps {

    /**
     * What came back after the reopen.
     *
     * @param redelivered ids delivered after the reopen, in order
     */
    public record Result(List<String> redelivered) {
    }

    public static void main(String[] args) throws Exception {
        run(args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("walchan-first-steps"), System.out);
    }

    /**
     * @param dir the channel directory (created if missing; should be empty)
     * @param out where the story is told
     * @return what came back after the reopen
     * @throws InterruptedException if interrupted while receiving
     */
    public static Result run(Path dir, PrintStream out) throws InterruptedException {
        out.println("channel directory: " + dir);
        try (Channel<Order> ch = Walchan.channel(dir, Order.class)) {
            Sender<Order> tx = ch.sender();
            for (int i = 1; i <= 5; i++) {
                tx.send(new Order("order-" + i, i));            // durable (fsync) when send returns
                out.println("sent     order-" + i);
            }
            Receiver<Order> rx = ch.receiver();
            for (int i = 0; i < 3; i++) {
                try (Delivery<Order> d = rx.recv()) {            // closing the delivery acknowledges it
                    out.println("received " + d.get().id() + " at position " + d.position() + ", acked");
                }
            }
            Delivery<Order> unacked = rx.recv();
            out.println("received " + unacked.get().id() + " and crashed before acknowledging it");
        }   // closing is like a restart here: the unacknowledged delivery was never settled

        out.println("-- reopening --");
        List<String> back = new ArrayList<>();
        try (Channel<Order> ch = Walchan.channel(dir, Order.class)) {
            ch.sender().close();                                 // no more senders: iteration ends when drained
            for (Delivery<Order> d : ch.receiver()) {
                try (d) {
                    back.add(d.get().id());
                    out.println("received " + d.get().id() + " at position " + d.position()
                            + (d.redelivered() ? " (redelivered: it may have been processed before)" : ""));
                }
            }
        }
        out.println("order-4 and order-5 came back, order-1..3 did not.");
        return new Result(back);
    }

    private FirstSteps() {
    }
}
