package io.walchan.cli;

import io.walchan.ChannelLockedException;
import io.walchan.CorruptLogException;
import io.walchan.WalchanException;
import io.walchan.internal.inspect.NotAChannelDirectoryException;
import io.walchan.internal.log.Format;
import java.io.IOException;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code walchan} command: inspect, verify, repair, feed, drain and measure a
 * channel directory. See {@code docs/cli.md}. Run it with
 * {@code java -jar walchan-cli-<version>-all.jar <command> ...}.
 *
 * <p>Exit codes are in {@link ExitCodes}. Errors are one line on stderr starting
 * with {@code walchan:}; nothing but command output goes to stdout.
 */
@Command(name = "walchan",
        mixinStandardHelpOptions = true,
        versionProvider = WalchanCli.Version.class,
        description = "Inspect, verify, repair, feed and drain a walchan channel directory.",
        subcommands = {StatCommand.class, VerifyCommand.class, DumpCommand.class, SendCommand.class,
            RecvCommand.class, BenchCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success (verify: no damage)",
            "1:verify: only damage that opening the channel repairs itself (torn tail)",
            "2:the log is corrupt (verify: opening would fail) or of an unsupported format version",
            "3:directory missing, not a channel directory, locked by another process, I/O error",
            "64:command-line usage error"})
public final class WalchanCli implements Runnable {

    private final Terminal terminal;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** @param terminal whether progress is drawn, and stdin */
    public WalchanCli(Terminal terminal) {
        this.terminal = terminal;
    }

    /** @return the terminal the commands run in */
    Terminal terminal() {
        return terminal;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(commandLine(Terminal.system()).execute(args));
    }

    /**
     * Builds the command line with walchan's error handling: one-line messages on
     * stderr and the exit codes of {@link ExitCodes}. Tests call this and
     * {@code setOut}/{@code setErr} on the result.
     *
     * @param terminal whether progress is drawn, and stdin
     * @return the command line, ready to {@code execute}
     */
    public static CommandLine commandLine(Terminal terminal) {
        CommandLine cl = new CommandLine(new WalchanCli(terminal));
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            cmd.getErr().println("walchan: " + message(ex));
            cmd.getErr().flush();
            return exitCode(ex);
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine cmd = ex.getCommandLine();
            cmd.getErr().println("walchan: " + ex.getMessage());
            if (!CommandLine.UnmatchedArgumentException.printSuggestions(ex, cmd.getErr())) {
                cmd.getErr().println("Try 'walchan " + (cmd.getParent() == null ? "" : cmd.getCommandName() + " ")
                        + "--help' for more information.");
            }
            cmd.getErr().flush();
            return ExitCodes.USAGE;
        });
        return cl;
    }

    static int exitCode(Throwable ex) {
        if (ex instanceof CorruptLogException) {
            return ExitCodes.CORRUPT;
        }
        if (ex instanceof IllegalArgumentException) {
            return ExitCodes.USAGE;
        }
        return ExitCodes.ERROR;
    }

    static String message(Throwable ex) {
        if (ex instanceof NotAChannelDirectoryException || ex instanceof ChannelLockedException
                || ex instanceof WalchanException || ex instanceof IllegalArgumentException) {
            return ex.getMessage();
        }
        if (ex instanceof UncheckedIOException || ex instanceof IOException) {
            Throwable io = ex instanceof UncheckedIOException ? ex.getCause() : ex;
            return "I/O error: " + io;
        }
        return "unexpected error: " + ex; // A bug: say what it was rather than hide it.
    }

    /** Prints the version and the format version this build reads. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = WalchanCli.class.getPackage().getImplementationVersion();
            return new String[] {"walchan " + (v == null ? "(development build)" : v)
                + ", on-disk format version " + Format.VERSION};
        }
    }
}
