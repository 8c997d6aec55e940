package io.walchan.internal.segment;

import io.walchan.internal.fs.FileLayer;
import io.walchan.internal.fs.LogFile;
import io.walchan.internal.log.Format;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Prepares the next segment file ahead of a roll: a temp file ("spare") of
 * {@code segmentSize} zero bytes, written for real and fsynced off the sending
 * threads. A roll then only writes a header into it and renames it
 * ({@link SegmentFiles#createFromSpare}), and the new segment can be written through a
 * memory map: its space is allocated, so a full disk shows up here as an
 * {@link IOException} (the writer then falls back to plain writes), never as a fault
 * in a mapped store. See docs/FORMAT.md, "Preallocation".
 *
 * <p>Locking: {@code this} guards {@code pending} and {@code closed}; the preparation
 * itself runs on the executor without the lock.
 */
final class SegmentPreparer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(SegmentPreparer.class.getName());

    /** The spare's name; a temp file, so recovery deletes a leftover one. */
    static final String SPARE_NAME = "next-segment" + Format.TEMP_SUFFIX;

    /** Daemon threads shared by every channel in the JVM; idle ones end after a minute. */
    private static final Executor BACKGROUND = new java.util.concurrent.ThreadPoolExecutor(0, Integer.MAX_VALUE,
            60, java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.SynchronousQueue<>(), r -> {
                Thread t = new Thread(r, "walchan-segment-preparer");
                t.setDaemon(true);
                return t;
            });

    /** @return the executor that prepares segments off the sending threads */
    static Executor background() {
        return BACKGROUND;
    }

    private final FileLayer fs;
    private final Path spare;
    private final long size;
    private final Executor executor;
    /** Whether the spare's zeros are fsynced (see the constructor). */
    private final boolean syncSpare;
    /** The preparation in progress or done and not yet taken; completes with true if the spare is ready. */
    private CompletableFuture<Boolean> pending;
    private boolean closed;

    /**
     * @param executor runs the preparation; a direct executor makes it synchronous
     *     (the tests' simulated disks use that, so fault positions stay deterministic)
     * @param syncSpare fsync the zeros: for a segment written with a system call per record and an
     *     fdatasync per send, whose fdatasyncs then need not journal a growing file size. A mapped
     *     segment is not synced here: its data overwrites the zero pages in the page cache before
     *     the kernel would write them back, so the disk writes each page once, and its forces
     *     cover only the written range.
     */
    SegmentPreparer(FileLayer fs, Path dir, long size, Executor executor, boolean syncSpare) {
        this.syncSpare = syncSpare;
        this.fs = fs;
        this.spare = dir.resolve(SPARE_NAME);
        this.size = size;
        this.executor = executor;
    }

    /** Starts preparing a spare unless one is being prepared or ready. */
    void prepare() {
        CompletableFuture<Boolean> started;
        synchronized (this) {
            if (pending != null || closed) {
                return;
            }
            started = new CompletableFuture<>();
            pending = started;
        }
        try {
            executor.execute(() -> {
                boolean ready = false;
                try {
                    ready = createSpare();
                } finally {
                    started.complete(ready); // Also on an Error: a roll waits on this future.
                }
            });
        } catch (RuntimeException e) {
            started.complete(false); // Executor shut down or saturated: the roll creates a plain segment.
        }
    }

    /** @return true if a spare is prepared and waiting to be taken */
    synchronized boolean ready() {
        return pending != null && pending.isDone() && pending.getNow(false);
    }

    /**
     * Hands over the spare, waiting for a preparation in progress.
     *
     * @return the spare file, ready to become a segment; null if none was prepared or it failed
     */
    Path take() {
        return takeSpare();
    }

    /** @return true if spares are fsynced before they are handed over */
    boolean syncsSpare() {
        return syncSpare;
    }

    private Path takeSpare() {
        CompletableFuture<Boolean> taken;
        synchronized (this) {
            taken = pending;
            pending = null;
        }
        return taken != null && taken.join() ? spare : null;
    }

    private boolean createSpare() {
        try (LogFile file = fs.openWritable(spare)) {
            file.truncate(0);
            file.extendWithZeros(size);
            if (syncSpare) {
                file.force();
            }
            return true;
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            LOG.log(Level.WARNING, "cannot preallocate the next segment " + spare + " (" + size + " bytes): " + e
                    + "; the next segment is written without preallocation");
            SegmentFiles.deleteQuietly(fs, spare);
            return false;
        }
    }

    /** Waits for a preparation in progress and deletes the spare; later calls to {@link #prepare} do nothing. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        if (take() != null) {
            SegmentFiles.deleteQuietly(fs, spare);
        }
    }
}
