package io.walchan.internal.inspect;

/** Told how far a long operation has come; implementations must be cheap. */
@FunctionalInterface
public interface ProgressListener {

    /** Does nothing. */
    ProgressListener NONE = (done, total) -> { };

    /**
     * @param doneBytes bytes processed so far
     * @param totalBytes bytes to process in all (an estimate while the log grows)
     */
    void progress(long doneBytes, long totalBytes);
}
