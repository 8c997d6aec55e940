package io.walchan.internal.checkpoint;

import io.walchan.CorruptLogException;
import io.walchan.WalchanException;
import io.walchan.internal.fs.FileLayer;
import io.walchan.internal.fs.LogFile;
import io.walchan.internal.log.Format;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * The committed position, in a file of two slots (see {@link Format} and
 * docs/FORMAT.md). Every write goes to the slot that does <em>not</em> hold the
 * newest <em>durable</em> (forced) generation; unforced writes between two forces
 * all go to that same slot. So a torn write can only damage a slot whose content
 * was never made durable, and the other slot always keeps a durable committed
 * position. (Alternating by generation parity is not enough: after an unforced
 * write, the next write would overwrite the durable slot, and a power cut tearing
 * it would leave only an older generation — one that may point into segments
 * already deleted.) Reading takes the valid slot with the highest generation.
 *
 * <p>Not thread-safe: the receiver's commit lock serializes writers.
 */
public final class Checkpoint implements AutoCloseable {

    private final Path path;
    private final LogFile file;
    private final ByteBuffer slot = ByteBuffer.allocate(Format.CHECKPOINT_SLOT_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    private final CRC32C crc = new CRC32C();
    private long generation;
    private long committed;
    /** The slot holding the newest generation known durable; writes go to the other one. */
    private int durableSlot;
    /** The slot of the last write, durable after the next force. */
    private int lastWrittenSlot;

    private Checkpoint(Path path, LogFile file, long generation, long committed, int durableSlot) {
        this.path = path;
        this.file = file;
        this.generation = generation;
        this.committed = committed;
        this.durableSlot = durableSlot;
        this.lastWrittenSlot = durableSlot;
    }

    /** What {@link #read} found. */
    public static final class State {
        /** False if the file does not exist. */
        public boolean exists;
        /** False if the file exists but neither slot is valid. */
        public boolean valid;
        /** Newest valid generation. */
        public long generation;
        /** Committed position of the newest valid slot. */
        public long committed;
        /** Index (0 or 1) of the newest valid slot. */
        public int slot;
        /** Problems seen in the slots, for logging. */
        public String problems = "";
    }

    /**
     * Reads the checkpoint of {@code dir} without changing anything.
     *
     * @throws CorruptLogException if a valid slot has an unsupported format version
     */
    public static State read(FileLayer fs, Path dir) throws IOException {
        State state = new State();
        Path path = dir.resolve(Format.CHECKPOINT_FILE);
        if (!fs.list(dir).contains(path)) {
            return state;
        }
        state.exists = true;
        try (LogFile file = fs.openReadable(path)) {
            for (int i = 0; i < 2; i++) {
                ByteBuffer buf = ByteBuffer.allocate(Format.CHECKPOINT_SLOT_SIZE).order(ByteOrder.LITTLE_ENDIAN);
                file.readFully(buf, (long) i * Format.CHECKPOINT_SLOT_STRIDE);
                buf.flip();
                String problem = checkSlot(buf, path, i);
                if (problem != null) {
                    state.problems += (state.problems.isEmpty() ? "" : "; ") + "slot " + i + ": " + problem;
                    continue;
                }
                long gen = buf.getLong(8);
                if (!state.valid || gen > state.generation) {
                    state.valid = true;
                    state.generation = gen;
                    state.committed = buf.getLong(16);
                    state.slot = i;
                }
            }
        }
        return state;
    }

    private static String checkSlot(ByteBuffer buf, Path path, int index) {
        if (buf.remaining() < Format.CHECKPOINT_SLOT_SIZE) {
            return "incomplete (" + buf.remaining() + " bytes)";
        }
        if (buf.getInt(0) != Format.CHECKPOINT_MAGIC) {
            return "bad magic";
        }
        CRC32C crc = new CRC32C();
        crc.update(buf.array(), 0, Format.CHECKPOINT_SLOT_SIZE - 4);
        int stored = buf.getInt(Format.CHECKPOINT_SLOT_SIZE - 4);
        if ((int) crc.getValue() != stored) {
            return String.format("CRC mismatch: stored 0x%08x, computed 0x%08x", stored, (int) crc.getValue());
        }
        int version = buf.getInt(4);
        if (version != Format.VERSION) {
            throw new CorruptLogException(path, (long) index * Format.CHECKPOINT_SLOT_STRIDE + 4,
                    "unsupported checkpoint format version " + version + " (this walchan reads version "
                            + Format.VERSION + ")");
        }
        if (buf.getLong(16) < 0) {
            return "negative committed position " + buf.getLong(16);
        }
        return null;
    }

    /**
     * Opens the checkpoint for writing. A missing or unreadable file is replaced
     * atomically (temp file, fsync, rename, directory fsync) holding {@code committed}
     * in both slots.
     *
     * The caller must {@link #force()} before the first {@link #write}: until then the
     * newest slot read may sit only in the page cache.
     *
     * @param state what {@link #read} found
     * @param committed the committed position to hold
     */
    public static Checkpoint open(FileLayer fs, Path dir, State state, long committed) throws IOException {
        Path path = dir.resolve(Format.CHECKPOINT_FILE);
        if (!state.valid) {
            Path temp = dir.resolve(Format.CHECKPOINT_FILE + Format.TEMP_SUFFIX);
            try (LogFile file = fs.openWritable(temp)) {
                file.truncate(0);
                Checkpoint fresh = new Checkpoint(temp, file, 0, committed, 0);
                fresh.writeSlot(0, 0, committed);
                fresh.writeSlot(1, 1, committed);
                file.force();
            }
            fs.rename(temp, path); // A rename is atomic: the file appears whole or not at all.
            fs.syncDirectory(dir);
            return new Checkpoint(path, fs.openWritable(path), 1, committed, 1);
        }
        return new Checkpoint(path, fs.openWritable(path), state.generation, state.committed, state.slot);
    }

    /** @return the last committed position written */
    public long committed() {
        return committed;
    }

    /**
     * Writes {@code position} to the slot not holding the newest durable generation;
     * durable only after {@link #force()}. A failed or torn write leaves the durable slot intact.
     */
    public void write(long position) throws IOException {
        long next = generation + 1;
        int slot = 1 - durableSlot;
        writeSlot(slot, next, position);
        generation = next;
        committed = position;
        lastWrittenSlot = slot;
    }

    private void writeSlot(int index, long gen, long position) throws IOException {
        slot.clear();
        slot.putInt(Format.CHECKPOINT_MAGIC).putInt(Format.VERSION).putLong(gen).putLong(position).putInt(0);
        crc.reset();
        crc.update(slot.array(), 0, Format.CHECKPOINT_SLOT_SIZE - 4);
        slot.putInt((int) crc.getValue());
        slot.flip();
        file.writeFully(slot, (long) index * Format.CHECKPOINT_SLOT_STRIDE);
    }

    /** Makes the last write durable; later writes go to the other slot. */
    public void force() throws IOException {
        file.force();
        durableSlot = lastWrittenSlot;
    }

    @Override
    public void close() {
        try {
            file.close();
        } catch (IOException e) {
            throw new WalchanException("cannot close checkpoint " + path + ": " + e, e);
        }
    }
}
