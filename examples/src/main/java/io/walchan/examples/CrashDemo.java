package io.walchan.examples;

import io.walchan.Delivery;
import io.walchan.Receiver;
import io.walchan.SyncChannel;
import io.walchan.Walchan;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The crash demo: a child JVM ({@link CrashChild}) sends and acknowledges orders and
 * is killed mid-stream ({@link ProcessHandle#destroyForcibly()}, SIGKILL on Unix). The
 * restart shows that nothing acknowledged is delivered again, nothing sent is lost,
 * and which orders come back with {@link Delivery#redelivered()}. Part 3 of the
 * {@link Demo} tour.
 *
 * <p>How it knows: the child reports each step after it happened. The child is the only
 * sender of a fresh directory, so {@code order-N} lies at position {@code N - 1}. After
 * the restart the first delivery sits at the committed position; a message sent after
 * the restart lands at the end of the log.
 */
public final class CrashDemo {

    /** The child is killed while it processes the first order it receives after this many acknowledgements. */
    public static final int KILL_AFTER_ACKS = 40;
    private static final long CHILD_TIMEOUT_SECONDS = 60;

    /**
     * One delivery after the restart.
     *
     * @param id the order
     * @param position its place in the log
     * @param redelivered what {@link Delivery#redelivered()} said
     * @param inFlight whether the child had received it and not acknowledged it when it died
     */
    public record Redelivery(String id, long position, boolean redelivered, boolean inFlight) {
    }

    /**
     * What the restart found.
     *
     * @param sentReported orders the child reported sent
     * @param ackedReported orders the child reported acknowledged
     * @param committedPosition where delivery resumed after the restart
     * @param logEnd the position a new message got after the restart
     * @param redeliveries the orders delivered after the restart, in order
     * @param lost orders reported sent and neither acknowledged before the crash nor delivered after it
     * @param ackedDeliveredAgain orders reported acknowledged and still delivered after the restart
     */
    public record Result(Set<String> sentReported, Set<String> ackedReported, long committedPosition, long logEnd,
            List<Redelivery> redeliveries, List<String> lost, List<String> ackedDeliveredAgain) {
    }

    public static void main(String[] args) throws Exception {
        run(args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("walchan-crash-demo"), System.out);
    }

    /**
     * @param dir the channel directory; must be empty or missing
     * @param out where the story is told
     * @return what the restart found
     * @throws Exception if the child cannot be started or does not get going
     */
    public static Result run(Path dir, PrintStream out) throws Exception {
        out.println("channel directory: " + dir);
        ChildReport child = runAndKillChild(dir, out);

        out.println("-- restart --");
        List<Redelivery> redeliveries = new ArrayList<>();
        long logEnd = reopenAndDrain(dir, child.received(), child.acked(), redeliveries);
        long committed = redeliveries.isEmpty() ? logEnd : redeliveries.get(0).position();
        Result result = new Result(Set.copyOf(child.sent()), Set.copyOf(child.acked()), committed, logEnd,
                redeliveries, lost(child.sent(), committed, redeliveries), deliveredAgain(child.acked(), redeliveries));
        report(result, out);
        return result;
    }

    /** The orders the child reported, step by step; filled by the thread reading its stdout. */
    private record ChildReport(Set<String> sent, Set<String> received, Set<String> acked) {
    }

    /** Starts the child, kills it while it processes an order, and returns what it reported. */
    private static ChildReport runAndKillChild(Path dir, PrintStream out) throws IOException, InterruptedException {
        ChildReport report = new ChildReport(ConcurrentHashMap.newKeySet(), ConcurrentHashMap.newKeySet(),
                ConcurrentHashMap.newKeySet());
        AtomicReference<String> processing = new AtomicReference<>();
        CountDownLatch timeToKill = new CountDownLatch(1);
        Process child = startChild(dir);
        try {
            out.println("child JVM (pid " + child.pid() + ") sends orders and acknowledges them ...");
            Thread reader = readLines(child.getInputStream(), line -> {
                String[] step = line.split(" ", 2);
                switch (step[0]) {
                    case "sent" -> report.sent().add(step[1]);
                    case "received" -> {
                        report.received().add(step[1]);
                        if (report.acked().size() >= KILL_AFTER_ACKS && processing.compareAndSet(null, step[1])) {
                            timeToKill.countDown();             // kill it while it processes this one
                        }
                    }
                    case "acked" -> report.acked().add(step[1]);
                    default -> { }
                }
            });
            awaitKillTime(child, timeToKill);
            // SIGKILL: no shutdown hook, no close(). Through the handle, because Process.destroyForcibly()
            // also closes our end of the child's stdout, and its last lines would be lost.
            child.toHandle().destroyForcibly();
            child.waitFor();
            reader.join();                                      // everything the child printed before it died
            out.printf("killed it while it processed %s (exit code %d); it had reported %d sent, %d acknowledged%n",
                    processing.get(), child.exitValue(), report.sent().size(), report.acked().size());
            return report;
        } finally {
            child.destroyForcibly();                            // dead already, unless something above failed
        }
    }

    private static Process startChild(Path dir) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return new ProcessBuilder(java.toString(), "-Xmx64m", "-XX:TieredStopAtLevel=1",
                "-cp", classPath(), CrashChild.class.getName(), dir.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
    }

    /**
     * The class path for the child: {@code java.class.path}, plus the entries of the
     * class loaders that loaded this class (under {@code mvn exec:java} the project's
     * classes are not on {@code java.class.path} but in such a loader).
     */
    static String classPath() {
        Set<String> entries = new LinkedHashSet<>(
                Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator)));
        for (ClassLoader l = CrashDemo.class.getClassLoader(); l != null; l = l.getParent()) {
            if (l instanceof URLClassLoader urls) {
                for (URL url : urls.getURLs()) {
                    if ("file".equals(url.getProtocol())) {
                        try {
                            entries.add(Path.of(url.toURI()).toString());
                        } catch (URISyntaxException e) {
                            entries.add(url.getPath());
                        }
                    }
                }
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    /** Reads complete lines only: a line cut short by the kill is not a report. */
    private static Thread readLines(InputStream in, Consumer<String> onLine) {
        Thread t = new Thread(() -> {
            try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                StringBuilder line = new StringBuilder();
                for (int c = r.read(); c != -1; c = r.read()) {
                    if (c == '\n') {
                        onLine.accept(line.toString().strip());
                        line.setLength(0);
                    } else {
                        line.append((char) c);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, "crash-demo-child-stdout");
        t.start();
        return t;
    }

    private static void awaitKillTime(Process child, CountDownLatch timeToKill) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CHILD_TIMEOUT_SECONDS);
        while (!timeToKill.await(50, TimeUnit.MILLISECONDS)) {
            if (!child.isAlive()) {
                throw new IllegalStateException("the child JVM exited early with code " + child.exitValue()
                        + " (its stderr is above)");
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the child JVM did not acknowledge " + KILL_AFTER_ACKS
                        + " orders within " + CHILD_TIMEOUT_SECONDS + " s");
            }
        }
    }

    /** Receives what is left, then sends one message to learn where the log ends. */
    private static long reopenAndDrain(Path dir, Set<String> received, Set<String> acked,
            List<Redelivery> redeliveries) throws InterruptedException {
        try (SyncChannel<Order> ch = Walchan.syncChannel(dir, CrashChild.BOUND, Order.class)) {
            Receiver<Order> rx = ch.receiver();
            for (Delivery<Order> next = rx.tryRecv(); next != null; next = rx.tryRecv()) {
                try (Delivery<Order> d = next) {                // "process again", idempotently, and ack
                    String id = d.get().id();
                    redeliveries.add(new Redelivery(id, d.position(), d.redelivered(),
                            received.contains(id) && !acked.contains(id)));
                }
            }
            ch.sender().send(new Order("after-restart", 0));
            try (Delivery<Order> d = rx.recv()) {
                return d.position();
            }
        }
    }

    private static List<String> lost(Set<String> sent, long committed, List<Redelivery> redeliveries) {
        Set<String> delivered = new LinkedHashSet<>();
        redeliveries.forEach(r -> delivered.add(r.id()));
        return sent.stream()
                .filter(id -> number(id) - 1 >= committed)      // beyond the committed position ...
                .filter(id -> !delivered.contains(id))          // ... and not delivered again
                .sorted(Comparator.comparingLong(CrashDemo::number))
                .toList();
    }

    private static List<String> deliveredAgain(Set<String> acked, List<Redelivery> redeliveries) {
        return redeliveries.stream().map(Redelivery::id).filter(acked::contains).toList();
    }

    private static long number(String orderId) {
        return Long.parseLong(orderId.substring(orderId.indexOf('-') + 1));
    }

    private static void report(Result r, PrintStream out) {
        out.printf("delivery resumes at the committed position %d: order-1 .. order-%d were acknowledged"
                + " and are gone%n", r.committedPosition(), r.committedPosition());
        for (Redelivery d : r.redeliveries()) {
            out.printf("  %-10s position %3d  redelivered=%-5s  %s%n", d.id(), d.position(), d.redelivered(),
                    d.inFlight() ? "<- the child was processing it when it died: process it again, idempotently"
                            : r.sentReported().contains(d.id()) ? "sent, not yet received before the crash"
                            : "sent; the child died before it could report it");
        }
        long unreported = r.committedPosition() - r.ackedReported().size();
        if (unreported > 0) {
            out.printf("  (%d acknowledged just before the kill, before the child could report it: not delivered"
                    + " again)%n", unreported);
        }
        out.printf("the log ends at position %d. Lost: %d. Acknowledged but delivered again: %d."
                + " Redelivered: %d (%d in flight).%n", r.logEnd(), r.lost().size(), r.ackedDeliveredAgain().size(),
                r.redeliveries().size(), r.redeliveries().stream().filter(Redelivery::inFlight).count());
        out.println("redelivered() is true for every message beyond the committed position: walchan cannot"
                + " know which of them the dead process had already seen.");
    }

    private CrashDemo() {
    }
}
