package io.walchan.cli;

import io.walchan.internal.fs.DirectoryLock;
import io.walchan.internal.inspect.Finding;
import io.walchan.internal.inspect.LockProbe;
import io.walchan.internal.inspect.LogRepairer;
import io.walchan.internal.inspect.LogVerifier;
import io.walchan.internal.inspect.VerifyReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code walchan verify DIR [--repair]}: reads every record and checks every CRC,
 * telling a torn tail (exit 1: opening repairs it) from corruption (exit 2:
 * opening fails). Changes nothing unless {@code --repair}; then, holding the
 * directory lock, it copies each damaged file aside before truncating it (see
 * {@link LogRepairer}) and verifies again.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Read every record, check every CRC, and tell a torn tail from mid-log corruption.",
            "Changes nothing unless --repair is given."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:clean (after --repair: clean now)",
            "1:only damage that opening the channel repairs by itself (torn tail, corrupt last record)",
            "2:corrupt: opening the channel would fail (or --repair could not fix it)",
            "3:directory missing, not a channel directory, locked (with --repair), I/O error"})
public final class VerifyCommand implements Callable<Integer> {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    @Parameters(index = "0", paramLabel = "DIR", description = "the channel directory")
    Path dir;

    @Option(names = "--repair", description = {"take the directory lock, copy each damaged segment aside",
        "(<name>.damaged-<time>), cut the log at the first damage (later segments are renamed",
        "<name>.cut-<time>), then verify again"})
    boolean repair;

    @ParentCommand
    WalchanCli root;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Dirs.requireChannel(dir);
        if (!repair) {
            LockProbe.State lock = LockProbe.probe(dir);
            if (StatCommand.isHeld(lock)) {
                err.println("note: the channel is open (" + (lock == LockProbe.State.HELD_IN_THIS_JVM ? "in this process"
                        : "pid " + LockProbe.owner(dir)) + "); a record being written may look like a torn tail");
            }
            return print(out, verify(err));
        }
        try (DirectoryLock lock = DirectoryLock.acquire(dir.toRealPath())) {
            VerifyReport before = verify(err);
            int code = print(out, before);
            if (code == ExitCodes.OK) {
                return code;
            }
            List<String> actions = new LogRepairer(dir, lock, LocalDateTime.now().format(STAMP)).repair(before);
            out.println();
            out.println(actions.isEmpty() ? "repair: nothing could be repaired" : "repair:");
            actions.forEach(a -> out.println("  " + a));
            out.println();
            out.println("after repair:");
            return print(out, verify(err));
        }
    }

    private VerifyReport verify(PrintWriter err) {
        Progress progress = new Progress(err, root.terminal().interactive());
        try {
            return new LogVerifier((done, total) -> progress.bytes("verifying", done, total)).verify(dir);
        } finally {
            progress.done();
        }
    }

    /** Prints the report; returns its exit code. */
    private static int print(PrintWriter out, VerifyReport r) {
        out.printf("%s: %d segments, %d records, %s; committed position %d, next position %d%n",
                r.directory(), r.segments().size(), r.records(), Text.bytes(r.bytes()), r.committed(), r.endPosition());
        for (Finding f : r.findings()) {
            out.printf("%s %s: %s%s: %s%n", label(f.severity()), kind(f), f.file().getFileName(),
                    f.offset() >= 0 ? " at byte offset " + f.offset() : "", f.reason());
        }
        Finding.Severity worst = r.worst();
        if (worst == null || worst == Finding.Severity.WARNING) {
            out.println("clean");
            out.flush();
            return ExitCodes.OK;
        }
        if (worst == Finding.Severity.REPAIRABLE) {
            out.println("repairable: opening the channel fixes this by itself;"
                    + " 'walchan verify --repair' does the same and keeps a copy of what it cuts");
            out.flush();
            return ExitCodes.REPAIRABLE;
        }
        boolean unsupported = r.findings().stream().anyMatch(f -> f.kind() == Finding.Kind.UNSUPPORTED_VERSION);
        out.println(unsupported ? "corrupt: written by another walchan format version; use the walchan release"
                + " that wrote it" : "corrupt: opening the channel fails; 'walchan verify --repair' cuts the log at"
                + " the first damage, keeping copies of what it removes");
        out.flush();
        return ExitCodes.CORRUPT;
    }

    private static String label(Finding.Severity s) {
        return s == Finding.Severity.CORRUPT ? "CORRUPT   " : s == Finding.Severity.REPAIRABLE ? "REPAIRABLE" : "WARNING   ";
    }

    private static String kind(Finding f) {
        return f.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }
}
