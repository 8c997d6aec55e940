package io.walchan.cdi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Turns {@link WalChannel#value()} into the canonical path that keys the channel
 * registry, so that {@code "orders"}, {@code "./orders"} and a symbolic link to the
 * same directory all name one channel.
 */
final class Directories {

    private Directories() {
    }

    /**
     * @return the base directory for relative channel directories: the system property,
     *     else the environment variable, else the working directory; read on every call
     * @throws IllegalArgumentException if the configured base directory is not a valid path
     */
    static Path baseDirectory() {
        String configured = System.getProperty(WalChannels.BASE_DIR_PROPERTY);
        String source = "system property " + WalChannels.BASE_DIR_PROPERTY;
        if (configured == null || configured.isBlank()) {
            configured = System.getenv(WalChannels.BASE_DIR_ENV);
            source = "environment variable " + WalChannels.BASE_DIR_ENV;
        }
        if (configured == null || configured.isBlank()) {
            return Path.of("").toAbsolutePath();
        }
        try {
            return Path.of(configured).toAbsolutePath();
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("the base directory '" + configured + "' from the " + source
                    + " is not a valid path (" + e.getReason() + "); set it to a directory", e);
        }
    }

    /**
     * @param directory a {@link WalChannel#value()}
     * @return its canonical absolute path (the directory itself need not exist yet)
     * @throws IllegalArgumentException if {@code directory} is blank or not a valid path
     */
    static Path resolve(String directory) {
        if (directory == null || directory.isBlank()) {
            throw new IllegalArgumentException("the channel directory is blank; give one, e.g. @WalChannel(\"orders\")"
                    + " (relative paths resolve against -D" + WalChannels.BASE_DIR_PROPERTY + ")");
        }
        Path path;
        try {
            path = Path.of(directory);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("the channel directory '" + printable(directory)
                    + "' is not a valid path (" + e.getReason() + "); give a valid directory path", e);
        }
        return canonical(baseDirectory().resolve(path).normalize());
    }

    /**
     * Resolves symbolic links in the longest existing prefix of {@code absolute} and
     * appends the rest unchanged: the same path {@code toRealPath} gives once the
     * directory is created.
     */
    private static Path canonical(Path absolute) {
        Deque<Path> missing = new ArrayDeque<>();
        Path existing = absolute;
        while (existing != null && !Files.exists(existing)) {
            missing.push(existing.getFileName());
            existing = existing.getParent();
        }
        if (existing == null) {
            return absolute;
        }
        Path result;
        try {
            result = existing.toRealPath();
        } catch (IOException e) {
            return absolute; // Unreadable: opening the channel reports the real problem.
        }
        while (!missing.isEmpty()) {
            result = result.resolve(missing.pop());
        }
        return result;
    }

    private static String printable(String s) {
        return s.replace("\0", "\\0");
    }
}
