package io.walchan;

import java.nio.file.Path;

/**
 * The channel directory is already open, in this JVM or in another process.
 * Only one channel may own a directory at a time; close the other one first,
 * or share the open {@link Channel} object.
 */
public class ChannelLockedException extends WalchanException {
    private static final long serialVersionUID = 1L;

    private final transient Path directory;

    /**
     * @param directory the directory that is locked
     * @param message who holds it, if known, and what to do
     */
    public ChannelLockedException(Path directory, String message) {
        super(message);
        this.directory = directory;
    }

    /** @return the directory that could not be locked */
    public Path directory() {
        return directory;
    }
}
