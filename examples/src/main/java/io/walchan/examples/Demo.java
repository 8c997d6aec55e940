package io.walchan.examples;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The README's demo, a tour of the plain Java example in three parts, each in its own
 * subdirectory of one channel root:
 * <ol>
 *   <li>{@link FirstSteps}: send five orders, acknowledge three, reopen, get two back;</li>
 *   <li>{@link ProducerConsumer}: producer and consumer threads over a bounded channel;</li>
 *   <li>{@link CrashDemo}: a child JVM is killed mid-stream; the restart loses nothing
 *       acknowledged and shows what is redelivered.</li>
 * </ol>
 * Run with {@code mvn -q -pl examples -am -DskipTests package exec:java}; an argument
 * names the root directory (default: a new temporary directory). The directories are
 * left behind for the {@code walchan} command to look at (docs/cli.md).
 */
public final class Demo {

    public static void main(String[] args) throws Exception {
        Path root = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("walchan-demo");
        run(root, System.out);
    }

    /**
     * @param root the directory under which the three parts make their channels
     * @param out where the tour is printed
     * @throws Exception if a part fails
     */
    public static void run(Path root, PrintStream out) throws Exception {
        out.println("== 1. send, acknowledge, restart ==");
        FirstSteps.run(root.resolve("first-steps"), out);
        out.println();
        out.println("== 2. producer and consumer threads, bounded channel ==");
        ProducerConsumer.run(root.resolve("producer-consumer"), out);
        out.println();
        out.println("== 3. crash: kill a process mid-stream, restart ==");
        CrashDemo.run(root.resolve("crash"), out);
        out.println();
        out.println("done. Look inside with the walchan command (docs/cli.md), e.g.");
        out.println("  java -jar walchan-cli/target/walchan-cli-0.1.0-SNAPSHOT-all.jar stat " + root.resolve("crash"));
    }

    private Demo() {
    }
}
