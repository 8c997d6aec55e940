package io.walchan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Byte-level helpers for tests that damage a channel directory. */
final class LogFiles {

    private LogFiles() {
    }

    static List<Path> segments(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".wal")).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path lastSegment(Path dir) {
        List<Path> all = segments(dir);
        return all.get(all.size() - 1);
    }

    static void flipBit(Path file, long offset, int bit) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[(int) offset] ^= (byte) (1 << bit);
        Files.write(file, bytes);
    }

    static void truncate(Path file, long size) throws IOException {
        try (var ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(size);
        }
    }

    static void append(Path file, byte[] extra) throws IOException {
        Files.write(file, extra, java.nio.file.StandardOpenOption.APPEND);
    }

    static long size(Path file) throws IOException {
        return Files.size(file);
    }
}
