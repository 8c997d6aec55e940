package io.walchan.cli;

import io.walchan.Channel;
import io.walchan.Codecs;
import io.walchan.Durability;
import io.walchan.Options;
import io.walchan.Sender;
import io.walchan.Walchan;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code walchan bench DIR [--seconds N]}: one sender thread sends fixed-size
 * messages for a share of the time under each durability mode, into a fresh
 * channel directory under DIR that is deleted afterwards, and prints msgs/s, MB/s
 * and the p50/p99 latency of {@code send}. It measures what this disk and JVM
 * give a single sender; concurrent senders share fsyncs (group commit) and do
 * better under SyncPerSend. walchan-bench (JMH) has the careful numbers.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure sends per durability mode (SyncPerSend, SyncEvery, FlushOnly) in scratch",
            "channels under DIR (deleted afterwards): msgs/s, MB/s, p50/p99 send latency."})
public final class BenchCommand implements Callable<Integer> {

    /** Samples kept per mode; later sends are timed but their latency is not kept. */
    private static final int MAX_SAMPLES = 4_000_000;

    @Parameters(index = "0", paramLabel = "DIR", description = "where to create the scratch channels (created if missing)")
    Path dir;

    @Option(names = "--seconds", paramLabel = "N", defaultValue = "10",
            description = "total run time, split evenly between the modes (default 10; fractions allowed)")
    double seconds;

    @Option(names = "--size", paramLabel = "BYTES", defaultValue = "100", description = "message size (default 100)")
    int size;

    @Option(names = "--max-mb", paramLabel = "MB", defaultValue = "256",
            description = "stop a mode early after writing this many MiB (default 256), to bound disk use")
    long maxMb;

    @ParentCommand
    WalchanCli root;

    @Spec
    CommandSpec spec;

    /** One mode's result. */
    static final class Result {
        String mode;
        long messages;
        double seconds;
        double p50Micros;
        double p99Micros;
    }

    @Override
    public Integer call() throws Exception {
        if (seconds <= 0 || size < 0 || maxMb <= 0) {
            throw new IllegalArgumentException("--seconds and --max-mb must be positive, --size not negative");
        }
        Files.createDirectories(dir);
        PrintWriter out = spec.commandLine().getOut();
        List<Durability> modes = List.of(Durability.SYNC_PER_SEND, Durability.parse("SyncEvery"), Durability.FLUSH_ONLY);
        long nanosPerMode = (long) (seconds * 1e9 / modes.size());
        out.printf("%-28s %10s %10s %9s %10s %10s%n", "mode", "messages", "msgs/s", "MB/s", "p50 us", "p99 us");
        out.flush();
        for (Durability mode : modes) {
            Result r = run(mode, nanosPerMode);
            out.printf(Locale.ROOT, "%-28s %10d %10.0f %9.2f %10.1f %10.1f%n", r.mode, r.messages,
                    r.messages / r.seconds, r.messages * (double) size / r.seconds / 1e6, r.p50Micros, r.p99Micros);
            out.flush();
        }
        out.println("(" + size + "-byte messages, one sender thread; fsync "
                + (Options.defaults().fsync() ? "on" : "OFF (-Dwalchan.fsync=false)") + ")");
        out.flush();
        return ExitCodes.OK;
    }

    private Result run(Durability mode, long nanos) throws IOException {
        Path scratch = Files.createTempDirectory(dir, "walchan-bench-");
        Progress progress = new Progress(spec.commandLine().getErr(), root.terminal().interactive());
        byte[] payload = new byte[size];
        Arrays.fill(payload, (byte) 'x');
        long maxMessages = Math.max(1, (maxMb << 20) / Math.max(1, size + 16));
        long[] samples = new long[(int) Math.min(MAX_SAMPLES, maxMessages)];
        Result r = new Result();
        r.mode = mode.toString();
        try (Channel<byte[]> ch = Walchan.channel(scratch, Codecs.bytes(), Options.builder().durability(mode).build());
                Sender<byte[]> tx = ch.sender()) {
            long start = System.nanoTime();
            long now = start;
            while (now - start < nanos && r.messages < maxMessages) {
                tx.send(payload);
                long after = System.nanoTime();
                if (r.messages < samples.length) {
                    samples[(int) r.messages] = after - now;
                }
                r.messages++;
                now = after;
                if ((r.messages & 255) == 0) {
                    progress.show(r.mode + ": " + r.messages + " messages, " + (now - start) / 1_000_000 + " ms");
                }
            }
            r.seconds = (now - start) / 1e9;
        } finally {
            progress.done();
            deleteRecursively(scratch);
        }
        int kept = (int) Math.min(r.messages, samples.length);
        Arrays.sort(samples, 0, kept);
        r.p50Micros = kept == 0 ? 0 : samples[(int) (kept * 0.50)] / 1e3;
        r.p99Micros = kept == 0 ? 0 : samples[Math.min(kept - 1, (int) (kept * 0.99))] / 1e3;
        return r;
    }

    private static void deleteRecursively(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
