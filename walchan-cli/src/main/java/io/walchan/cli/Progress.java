package io.walchan.cli;

import java.io.PrintWriter;

/**
 * A one-line progress display on stderr, redrawn with a carriage return at most
 * ten times a second, and only on a terminal: when output is piped it prints
 * nothing. {@link #done()} erases the line.
 */
final class Progress {

    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintWriter err;
    private final boolean enabled;
    private long lastDraw;
    private int lastWidth;

    Progress(PrintWriter err, boolean enabled) {
        this.err = err;
        this.enabled = enabled;
    }

    /** Draws {@code text} if the last redraw is long enough ago. */
    void show(String text) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (lastDraw != 0 && now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        err.print("\r" + text + " ".repeat(Math.max(0, lastWidth - text.length())));
        err.flush();
        lastWidth = text.length();
    }

    /** Shows "label: 42% (1.2 MiB of 2.9 MiB)". */
    void bytes(String label, long done, long total) {
        if (enabled) {
            long pct = total <= 0 ? 100 : Math.min(100, done * 100 / total);
            show(label + ": " + pct + "% (" + Text.bytes(done) + " of " + Text.bytes(total) + ")");
        }
    }

    /** Erases the progress line. */
    void done() {
        if (enabled && lastWidth > 0) {
            err.print("\r" + " ".repeat(lastWidth) + "\r");
            err.flush();
            lastWidth = 0;
        }
    }
}
