package io.walchan;

/**
 * Base of every exception walchan throws on purpose. Unchecked: a failing log is
 * rarely something the caller can handle locally, and the subclasses say what
 * happened. I/O failures surface as a plain {@code WalchanException} whose cause
 * is the {@link java.io.IOException}.
 */
public class WalchanException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what failed, where, and what to do about it */
    public WalchanException(String message) {
        super(message);
    }

    /**
     * @param message what failed, where, and what to do about it
     * @param cause the underlying failure, usually an {@link java.io.IOException}
     */
    public WalchanException(String message, Throwable cause) {
        super(message, cause);
    }
}
