package io.walchan.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Writes the results of the plain (non-JMH) benchmark mains as a JSON list of
 * flat objects (string, number or boolean values), the input of
 * {@code report.py}. The directory is {@code -Dwalchan.bench.results}
 * (default {@code target}, relative to the working directory like
 * {@link BenchDirs}).
 */
final class JsonReport {

    private JsonReport() {
    }

    /** Writes {@code rows} to {@code <results dir>/<fileName>} and returns the file. */
    static Path write(String fileName, List<? extends Map<String, ?>> rows) {
        Path file = Path.of(System.getProperty("walchan.bench.results", "target")).resolve(fileName);
        StringJoiner list = new StringJoiner(",\n  ", "[\n  ", "\n]\n");
        for (Map<String, ?> row : rows) {
            StringJoiner object = new StringJoiner(", ", "{", "}");
            row.forEach((k, v) -> object.add(quote(k) + ": " + value(v)));
            list.add(object.toString());
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, rows.isEmpty() ? "[]\n" : list.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private static String value(Object v) {
        if (v == null || v instanceof Double d && !Double.isFinite(d)) {
            return "null";
        }
        if (v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        return quote(v.toString());
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
