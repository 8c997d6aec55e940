package io.walchan.cli;

import io.walchan.Channel;
import io.walchan.Codecs;
import io.walchan.Delivery;
import io.walchan.Durability;
import io.walchan.Options;
import io.walchan.Receiver;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code walchan recv DIR [--count N] [--no-ack] [--follow]}: prints messages as
 * UTF-8 lines and acknowledges each one after it is written to stdout.
 *
 * <p>Without {@code --follow} it drains what is there now and exits. With
 * {@code --follow} it alternates: open the channel, drain, close, sleep
 * {@code --poll} ms. Closing between polls lets {@code walchan send} from another
 * shell get the directory lock; a follower therefore costs one channel open
 * (recovery of the last segment) per poll.
 *
 * <p>Acks are committed one by one (written to the OS, fsynced when the channel
 * closes): a recv killed mid-stream prints at most the in-flight message again.
 * With {@code --no-ack} nothing is acknowledged: the messages stay for the next
 * receiver (like {@code dump}, but through the channel).
 */
@Command(name = "recv", mixinStandardHelpOptions = true,
        description = {"Print messages as UTF-8 lines, acknowledging each after it is written.",
            "Without --follow: what is there now, then exit. Opens the channel (waits --wait-lock if busy)."})
public final class RecvCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR", description = "the channel directory")
    Path dir;

    @Option(names = "--count", paramLabel = "N", description = "stop after N messages (default: no limit)")
    long count = Long.MAX_VALUE;

    @Option(names = "--no-ack", description = "do not acknowledge: print and leave the messages in the channel")
    boolean noAck;

    @Option(names = "--follow", description = "keep waiting for new messages (until --count, or Ctrl-C)")
    boolean follow;

    @Option(names = "--poll", paramLabel = "MILLIS", defaultValue = "200",
            description = "with --follow: pause between polls (default 200)")
    long pollMillis;

    @Option(names = "--wait-lock", paramLabel = "SECONDS", defaultValue = "5",
            description = "how long to wait while another process has the channel open (default 5)")
    long waitLockSeconds;

    @ParentCommand
    WalchanCli root;

    @Spec
    CommandSpec spec;

    /** Next position to print: with --no-ack, earlier ones come back at every poll and are skipped. */
    private long nextPosition = -1;
    private long printed;

    @Override
    public Integer call() throws Exception {
        if (count < 0 || pollMillis < 0) {
            throw new IllegalArgumentException("--count and --poll must not be negative");
        }
        Dirs.requireChannel(dir);
        PrintWriter out = spec.commandLine().getOut();
        // Acks write the checkpoint without an fsync each; close() fsyncs. Nothing is sent here.
        Options options = Options.builder().durability(Durability.FLUSH_ONLY).build();
        while (printed < count) {
            boolean outputOk;
            try (Channel<String> ch = Dirs.open(dir, Codecs.utf8(), options, Duration.ofSeconds(waitLockSeconds),
                    spec.commandLine().getErr(), root.terminal().interactive())) {
                outputOk = drain(ch.receiver(), out);
            }
            if (!outputOk) {
                return ExitCodes.ERROR; // stdout closed: the unprinted message stays in the channel.
            }
            if (!follow || printed >= count) {
                break;
            }
            Thread.sleep(pollMillis);
        }
        return ExitCodes.OK;
    }

    /** Prints what is available now, up to the count; returns false if stdout failed. */
    private boolean drain(Receiver<String> rx, PrintWriter out) {
        List<Delivery<String>> unsettled = new ArrayList<>();
        try {
            for (Delivery<String> d = rx.tryRecv(); d != null; d = printed < count ? rx.tryRecv() : null) {
                if (d.position() < nextPosition) {
                    unsettled.add(d); // --no-ack: printed at an earlier poll
                    continue;
                }
                out.println(d.get());
                out.flush();
                if (out.checkError()) {
                    unsettled.add(d);
                    return false;
                }
                printed++;
                nextPosition = d.position() + 1;
                if (noAck) {
                    unsettled.add(d);
                } else {
                    d.ack();
                }
            }
            return true;
        } finally {
            rx.close();
            // Handed back after close: a no-op for the closed channel, but settled, so not reported as leaks.
            unsettled.forEach(Delivery::nack);
        }
    }
}
