package io.walchan.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.walchan.internal.checkpoint.Checkpoint;
import io.walchan.internal.fs.NioFileLayer;
import io.walchan.internal.inspect.Finding;
import io.walchan.internal.inspect.RecordCursor;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code walchan dump DIR [--from POS] [--limit N] [--format text|json|hex]}:
 * prints records without consuming them. Read-only and lock-free, so it works on
 * an open channel. A torn tail ends the dump with a note (exit 0); corruption ends
 * it with an error (exit 2).
 */
@Command(name = "dump", mixinStandardHelpOptions = true,
        description = {"Print records without consuming them (read-only, no lock: works while the channel is open).",
            "Records below the committed position are marked acked, the others pending."})
public final class DumpCommand implements Callable<Integer> {

    /** Output formats. */
    enum Format { text, json, hex }

    @Parameters(index = "0", paramLabel = "DIR", description = "the channel directory")
    Path dir;

    @Option(names = "--from", paramLabel = "POS", description = "first position to print (default: the oldest on disk)")
    long from;

    @Option(names = "--limit", paramLabel = "N", description = "print at most N records (default: all)")
    long limit = Long.MAX_VALUE;

    @Option(names = "--format", paramLabel = "FORMAT", description = {"text (default): position, state, length, payload"
        + " (UTF-8, escaped; else hex)", "json: one JSON object per line", "hex: a header line and a hex dump per record"})
    Format format = Format.text;

    @Spec
    CommandSpec spec;

    private final ObjectMapper mapper = new ObjectMapper();

    @Override
    public Integer call() throws Exception {
        if (from < 0 || limit < 0) {
            throw new IllegalArgumentException("--from and --limit must not be negative");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Dirs.requireChannel(dir);
        Checkpoint.State cp = Checkpoint.read(new NioFileLayer(false), dir);
        try (RecordCursor cursor = RecordCursor.open(dir, from)) {
            long committed = cp.valid ? cp.committed : cursor.firstAvailable();
            if (from < cursor.firstAvailable() && from > 0) {
                err.println("note: positions below " + cursor.firstAvailable() + " were acknowledged and deleted;"
                        + " starting there");
            }
            long printed = 0;
            for (RecordCursor.Record r = printed < limit ? cursor.next() : null; r != null;
                    r = ++printed < limit ? cursor.next() : null) {
                out.print(render(r, r.position < committed));
                if (out.checkError()) {
                    return ExitCodes.ERROR; // The reader went away (e.g. | head); nothing to report.
                }
            }
            out.flush();
            return end(cursor.damage(), err);
        }
    }

    private static int end(Finding damage, PrintWriter err) {
        if (damage == null) {
            return ExitCodes.OK;
        }
        String where = damage.file().getFileName() + (damage.offset() >= 0 ? " at byte offset " + damage.offset() : "");
        if (damage.severity() == Finding.Severity.CORRUPT) {
            err.println("walchan: stopped at " + kind(damage) + " in " + where + ": " + damage.reason()
                    + " (run 'walchan verify')");
            return ExitCodes.CORRUPT;
        }
        err.println("note: the log ends with a " + kind(damage) + " in " + where + ": " + damage.reason()
                + " (opening the channel truncates it; a channel writing right now can also cause this)");
        return ExitCodes.OK;
    }

    private static String kind(Finding f) {
        return f.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }

    private String render(RecordCursor.Record r, boolean acked) throws Exception {
        String state = acked ? "acked" : "pending";
        String text = Text.utf8OrNull(r.payload);
        switch (format) {
            case json:
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("position", r.position);
                m.put("segment", r.segment.getFileName().toString());
                m.put("offset", r.offset);
                m.put("length", r.payload.length);
                m.put("acked", acked);
                if (text != null) {
                    m.put("text", text);
                } else {
                    m.put("base64", Base64.getEncoder().encodeToString(r.payload));
                }
                return mapper.writeValueAsString(m) + System.lineSeparator();
            case hex:
                StringBuilder b = new StringBuilder();
                b.append("position ").append(r.position).append("  ").append(state).append("  ")
                        .append(r.segment.getFileName()).append(" offset ").append(r.offset).append("  ")
                        .append(r.payload.length).append(" bytes").append(System.lineSeparator());
                Text.hexDump(b, r.payload, "  ");
                return b.toString();
            default:
                String shown = text != null ? Text.escape(text) : "0x" + Text.hex(r.payload);
                return r.position + "\t" + state + "\t" + r.payload.length + "\t" + shown + System.lineSeparator();
        }
    }
}
