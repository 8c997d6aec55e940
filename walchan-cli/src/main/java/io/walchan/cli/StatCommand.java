package io.walchan.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.walchan.internal.inspect.Finding;
import io.walchan.internal.inspect.LockProbe;
import io.walchan.internal.inspect.LogSummary;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code walchan stat DIR [--json]}: segments, bytes, positions, committed
 * position, unacknowledged count, format version and lock state. Read-only; takes
 * no lock, so it works on an open channel. It scans only the last segment; run
 * {@code verify} to check every record.
 */
@Command(name = "stat", mixinStandardHelpOptions = true,
        description = {"Show what a channel directory holds: segments, bytes on disk, first/last position,",
            "committed position, unacknowledged messages, format version, lock owner.",
            "Read-only and lock-free: works while the channel is open. Scans only the last segment."})
public final class StatCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR", description = "the channel directory")
    Path dir;

    @Option(names = "--json", description = "print one JSON object, for scripts")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        LogSummary s = LogSummary.of(dir);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(toMap(s)));
        } else {
            printText(out, s);
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static Map<String, Object> toMap(LogSummary s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("directory", s.directory.toAbsolutePath().toString());
        m.put("formatVersion", s.formatVersion);
        m.put("segments", s.segments);
        m.put("firstSegment", s.firstSegment);
        m.put("lastSegment", s.lastSegment);
        m.put("segmentBytes", s.segmentBytes);
        m.put("totalBytes", s.totalBytes);
        m.put("firstPosition", s.firstPosition);
        m.put("lastPosition", s.endPosition > s.firstPosition ? s.endPosition - 1 : null);
        m.put("endPosition", s.endPosition);
        m.put("committedPosition", s.committed);
        m.put("checkpointValid", s.checkpointValid);
        m.put("unacked", s.unacked);
        m.put("lock", s.lock.name());
        m.put("lockOwnerPid", s.lockOwner.isEmpty() ? null : s.lockOwner);
        if (s.tailDamage != null) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("kind", s.tailDamage.kind().name());
            d.put("file", s.tailDamage.file().getFileName().toString());
            d.put("offset", s.tailDamage.offset());
            d.put("reason", s.tailDamage.reason());
            m.put("tailDamage", d);
        } else {
            m.put("tailDamage", null);
        }
        m.put("otherFiles", s.otherFiles.stream().map(p -> p.getFileName().toString()).collect(Collectors.toList()));
        return m;
    }

    private static void printText(PrintWriter out, LogSummary s) {
        row(out, "directory", s.directory.toAbsolutePath());
        row(out, "format version", s.formatVersion);
        row(out, "segments", s.segments + (s.segments == 0 ? "" : " (" + s.firstSegment
                + (s.segments > 1 ? " .. " + s.lastSegment : "") + ")"));
        row(out, "bytes on disk", s.segmentBytes + " in segments (" + Text.bytes(s.segmentBytes) + "), "
                + s.totalBytes + " in all files");
        row(out, "first position", s.endPosition > s.firstPosition ? s.firstPosition : s.firstPosition + " (log empty)");
        row(out, "last position", s.endPosition > s.firstPosition ? String.valueOf(s.endPosition - 1) : "-");
        row(out, "next position", s.endPosition);
        row(out, "committed", s.committed + (s.checkpointValid ? "" : " (no valid checkpoint: the oldest position)"));
        row(out, "unacked", s.unacked);
        row(out, "lock", lock(s));
        if (s.tailDamage != null) {
            Finding d = s.tailDamage;
            row(out, "tail", d.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + " in " + d.file().getFileName()
                    + " at byte offset " + d.offset() + ": " + d.reason() + " (run 'walchan verify')");
        } else {
            row(out, "tail", "clean (other segments not checked: run 'walchan verify')");
        }
        if (!s.otherFiles.isEmpty()) {
            row(out, "other files", s.otherFiles.stream().map(p -> p.getFileName().toString())
                    .collect(Collectors.joining(", ")));
        }
    }

    private static String lock(LogSummary s) {
        String pid = s.lockOwner.isEmpty() ? "" : " (pid " + s.lockOwner + ")";
        switch (s.lock) {
            case HELD_BY_OTHER_PROCESS: return "held by another process" + pid;
            case HELD_IN_THIS_JVM: return "held by this process";
            case FREE: return "free (channel closed)";
            case NO_LOCK_FILE: return "free (never opened)";
            default: return "unknown (lock file unreadable)";
        }
    }

    private static void row(PrintWriter out, String label, Object value) {
        out.printf("%-15s %s%n", label, value);
    }

    static boolean isHeld(LockProbe.State state) {
        return state == LockProbe.State.HELD_BY_OTHER_PROCESS || state == LockProbe.State.HELD_IN_THIS_JVM;
    }
}
