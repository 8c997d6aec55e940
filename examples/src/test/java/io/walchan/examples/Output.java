package io.walchan.examples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Collects what an example prints, and echoes it to stdout so a failed test shows the story. */
public final class Output {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream stream = new PrintStream(new TeeStream(bytes), true, StandardCharsets.UTF_8);

    public PrintStream stream() {
        return stream;
    }

    public String text() {
        stream.flush();
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static final class TeeStream extends java.io.OutputStream {
        private final ByteArrayOutputStream copy;

        TeeStream(ByteArrayOutputStream copy) {
            this.copy = copy;
        }

        @Override
        public synchronized void write(int b) {
            copy.write(b);
            System.out.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            copy.write(b, off, len);
            System.out.write(b, off, len);
        }

        @Override
        public void flush() {
            System.out.flush();
        }
    }
}
