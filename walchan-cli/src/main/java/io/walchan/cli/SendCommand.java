package io.walchan.cli;

import io.walchan.Channel;
import io.walchan.Codecs;
import io.walchan.Durability;
import io.walchan.Options;
import io.walchan.Sender;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
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
 * {@code walchan send DIR [MESSAGE...|-]}: appends each MESSAGE, or each line of
 * stdin ({@code -} or no message), as one UTF-8 message. Opens the channel
 * (waiting a while if another process has it open), sends, closes.
 */
@Command(name = "send", mixinStandardHelpOptions = true,
        description = {"Send each MESSAGE, or each line of stdin ('-' or no MESSAGE), as one UTF-8 message.",
            "Opens the channel, so it waits (--wait-lock) while another process has it open."})
public final class SendCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR", description = "the channel directory")
    Path dir;

    @Parameters(index = "1..*", paramLabel = "MESSAGE", description = "messages; '-' reads lines from stdin")
    List<String> messages = new ArrayList<>();

    @Option(names = "--durability", paramLabel = "MODE", defaultValue = "SyncPerSend",
            description = "SyncPerSend (default), SyncEvery or FlushOnly; see docs/guide.md")
    String durability;

    @Option(names = "--create", description = "create the channel if DIR is missing or empty")
    boolean create;

    @Option(names = "--wait-lock", paramLabel = "SECONDS", defaultValue = "5",
            description = "how long to wait while another process has the channel open (default 5)")
    long waitLockSeconds;

    @ParentCommand
    WalchanCli root;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Options options = Options.builder().durability(Durability.parse(durability)).build();
        Dirs.requireChannelOrNew(dir, create);
        PrintWriter err = spec.commandLine().getErr();
        boolean interactive = root.terminal().interactive();
        long sent = 0;
        try (Channel<String> ch = Dirs.open(dir, Codecs.utf8(), options, Duration.ofSeconds(waitLockSeconds), err,
                interactive); Sender<String> tx = ch.sender()) {
            List<String> args = messages.isEmpty() ? List.of("-") : messages;
            for (String m : args) {
                sent += "-".equals(m) ? sendLines(tx) : send(tx, m);
            }
        }
        if (interactive) {
            err.println("sent " + sent + " message" + (sent == 1 ? "" : "s") + " to " + dir);
        }
        return ExitCodes.OK;
    }

    private static long send(Sender<String> tx, String message) {
        tx.send(message);
        return 1;
    }

    private long sendLines(Sender<String> tx) throws Exception {
        long n = 0;
        BufferedReader in = new BufferedReader(new InputStreamReader(root.terminal().in(), StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            tx.send(line);
            n++;
        }
        return n;
    }
}
