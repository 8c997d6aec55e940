package io.walchan.internal.fs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Every file-system operation the engine performs goes through this interface.
 * {@link NioFileLayer} is the real one; the reliability tests wrap it to drop
 * unsynced bytes, tear writes and fail the N-th operation.
 */
public interface FileLayer {

    /** Opens {@code file} for reading and writing, creating it if it does not exist. */
    LogFile openWritable(Path file) throws IOException;

    /** Opens an existing {@code file} for reading only. */
    LogFile openReadable(Path file) throws IOException;

    /** Renames {@code from} to {@code to} atomically, replacing {@code to}. Durable only after {@link #syncDirectory}. */
    void rename(Path from, Path to) throws IOException;

    /** Deletes {@code file} if it exists. Durable only after {@link #syncDirectory}. */
    void delete(Path file) throws IOException;

    /** @return the regular files directly in {@code dir}, any order */
    List<Path> list(Path dir) throws IOException;

    /** fsyncs the directory itself, making creations, renames and deletions in it durable. */
    void syncDirectory(Path dir) throws IOException;
}
