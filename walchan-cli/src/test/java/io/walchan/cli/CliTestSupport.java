package io.walchan.cli;

import io.walchan.Channel;
import io.walchan.Codecs;
import io.walchan.Options;
import io.walchan.Sender;
import io.walchan.Walchan;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine;

/** Runs the CLI in-process with captured stdout/stderr, and builds and damages channel directories. */
final class CliTestSupport {

    /** What one run printed and returned. */
    record Run(int code, String out, String err) {
    }

    private CliTestSupport() {
    }

    static Run run(String... args) {
        return runWithInput("", false, args);
    }

    static Run runWithInput(String stdin, boolean interactive, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = WalchanCli.commandLine(new Terminal(interactive,
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8))));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** Writes messages "m0-xxx…" (~100 bytes) into 4 KiB segments, no fsync. */
    static void fill(Path dir, int n) {
        try (Channel<String> ch = Walchan.channel(dir, Codecs.utf8(),
                Options.builder().segmentSize(4096).fsync(false).build()); Sender<String> tx = ch.sender()) {
            for (int i = 0; i < n; i++) {
                tx.send("m" + i + "-" + "x".repeat(100));
            }
        }
    }

    static List<Path> segments(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".wal")).sorted().collect(Collectors.toList());
        }
    }

    static List<String> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    static void flipByte(Path file, long offset) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[(int) offset] ^= 0x40;
        Files.write(file, bytes);
    }

    static void cutTail(Path file, int bytes) throws IOException {
        byte[] all = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(all, all.length - bytes));
    }
}
