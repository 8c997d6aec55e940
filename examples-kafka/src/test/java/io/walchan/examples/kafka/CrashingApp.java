package io.walchan.examples.kafka;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Child JVM of {@link OutboxCrashTest}: an application that keeps putting messages
 * into the outbox while the route forwards them, and halts (no shutdown hooks, no
 * close, like {@code kill -9}) once {@code haltAfter} messages were forwarded.
 *
 * <p>After each send returns it prints {@code sent <value> .} on stdout, so the
 * parent knows which sends were acknowledged; a line cut by the halt lacks the dot.
 */
public final class CrashingApp {

    /** Exit status of the halt, so the parent can tell it from other ends. */
    static final int HALT_STATUS = 42;
    /** More than any {@code haltAfter}, so the halt comes while sending or forwarding; bounds the test's time. */
    static final int MAX_SENDS = 3000;

    private CrashingApp() {
    }

    /**
     * @param args outbox directory, bootstrap servers, topic, forwarded messages after which to halt
     * @throws Exception if Camel fails
     */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long haltAfter = Long.parseLong(args[3]);
        Outbox outbox = Outbox.start(dir, args[1], args[2], Duration.ofSeconds(10));
        Thread halter = new Thread(() -> {
            while (outbox.forwarded() < haltAfter) {
                Thread.yield(); // not a sleep: halt as close to the count as the scheduler allows
            }
            Runtime.getRuntime().halt(HALT_STATUS);
        }, "halter");
        halter.setDaemon(true);
        halter.start();
        for (int i = 0; i < MAX_SENDS; i++) {
            String value = OutboxToKafkaTest.key(i) + ":" + i;
            outbox.send(OutboxToKafkaTest.key(i), value);
            System.out.println("sent " + value + " .");
            System.out.flush();
        }
        halter.join(120_000); // the route goes on forwarding until the halter ends the JVM
        System.exit(1);
    }
}
