package io.walchan.internal.inspect;

import io.walchan.WalchanException;
import java.nio.file.Path;

/** The path given to an inspection tool is missing, not a directory, or holds no channel files. */
public final class NotAChannelDirectoryException extends WalchanException {
    private static final long serialVersionUID = 1L;

    private final transient Path path;

    /**
     * @param path the path that was given
     * @param message what is wrong with it
     */
    public NotAChannelDirectoryException(Path path, String message) {
        super(message);
        this.path = path;
    }

    /** @return the path that was given */
    public Path path() {
        return path;
    }
}
