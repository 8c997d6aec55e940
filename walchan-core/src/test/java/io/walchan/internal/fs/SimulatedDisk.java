package io.walchan.internal.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * An in-memory disk with a page cache, for power-loss tests. Every file (inode)
 * has volatile bytes (what the process sees) and durable bytes (what survives a
 * power cut); {@code force} copies one to the other. The directory has a
 * volatile and a durable namespace; {@code syncDirectory} copies one to the
 * other, so a created, renamed or deleted file whose directory was not fsynced
 * is undone by a power cut. {@link #snapshot} returns the durable state as of
 * now, optionally with the last unsynced write torn into it (a prefix, zeros or
 * garbage), as a power cut during that write would leave it. Thread-safe
 * (one lock for everything).
 */
public final class SimulatedDisk implements FileLayer {

    /** A file's contents. */
    static final class Inode {
        byte[] live = new byte[0];
        int liveSize;
        byte[] durable = new byte[0];

        Inode copyDurable() {
            Inode i = new Inode();
            i.live = durable.clone();
            i.liveSize = durable.length;
            i.durable = durable.clone();
            return i;
        }
    }

    /** How the last unsynced write is torn into a snapshot. */
    public enum Tear { NONE, PREFIX, ZEROS, GARBAGE }

    private final Map<String, Inode> live = new HashMap<>();
    private final Map<String, Inode> durable = new HashMap<>();
    /** Milliseconds each fsync takes before it makes anything durable (0: instant). */
    public volatile long forceDelayMillis;

    /** Mutating operations so far: the crash-point clock. */
    private long ops;
    /** The last write not yet covered by a force of its inode. */
    private Inode lastWriteInode;
    private long lastWriteOffset;
    private byte[] lastWriteBytes;

    /** Called before every mutating operation, under the disk's lock, with the count of operations done. */
    private java.util.function.LongConsumer beforeOp = n -> { };

    /** Installs the crash-point hook: called before each mutating operation. */
    public synchronized void beforeEachOp(java.util.function.LongConsumer hook) {
        this.beforeOp = hook;
    }

    /** Operation kinds that fail, and from which (1-based) occurrence of that kind; see {@link #failFrom}. */
    private String failKind;
    private long failAt;
    private boolean failPermanently;
    private final Map<String, Long> counts = new HashMap<>();

    /**
     * Makes the {@code n}-th (1-based) operation of {@code kind} ("write", "force", "truncate",
     * "rename", "delete", "syncDirectory", "open") fail with an IOException, once or from then on.
     */
    public synchronized void failFrom(String kind, long n, boolean permanently) {
        failKind = kind;
        failAt = n;
        failPermanently = permanently;
        counts.clear();
    }

    /** Stops injecting failures. */
    public synchronized void heal() {
        failKind = null;
    }

    private void tick(String kind) throws IOException {
        beforeOp.accept(ops);
        if (kind.equals(failKind)) {
            long n = counts.merge(kind, 1L, Long::sum);
            if (failPermanently ? n >= failAt : n == failAt) {
                throw new IOException("injected failure of " + kind + " #" + n);
            }
        }
        ops++;
    }

    /** @return mutating operations performed so far */
    public synchronized long ops() {
        return ops;
    }

    private static String key(Path p) {
        return p.getFileName().toString();
    }

    /** @return the durable state now, with the last unsynced write torn in as {@code tear} says */
    public synchronized SimulatedDisk snapshot(Tear tear, Random random) {
        SimulatedDisk s = new SimulatedDisk();
        Map<Inode, Inode> copies = new HashMap<>();
        for (Map.Entry<String, Inode> e : durable.entrySet()) {
            Inode copy = copies.computeIfAbsent(e.getValue(), Inode::copyDurable);
            s.live.put(e.getKey(), copy);
            s.durable.put(e.getKey(), copy);
        }
        Inode torn = copies.get(lastWriteInode);
        if (tear != Tear.NONE && torn != null && lastWriteBytes != null && lastWriteBytes.length > 0) {
            byte[] bytes = lastWriteBytes.clone();
            int length = bytes.length;
            if (tear == Tear.PREFIX) {
                length = random.nextInt(bytes.length);
            } else if (tear == Tear.ZEROS) {
                Arrays.fill(bytes, (byte) 0);
            } else {
                random.nextBytes(bytes);
            }
            s.writeAt(torn, ByteBuffer.wrap(bytes, 0, length), lastWriteOffset);
            torn.durable = Arrays.copyOf(torn.live, torn.liveSize);
        }
        return s;
    }

    /** @return true if a snapshot with {@code tear} would differ from one without */
    public synchronized boolean hasUnsyncedWrite() {
        return lastWriteInode != null && durable.containsValue(lastWriteInode);
    }

    private void writeAt(Inode inode, ByteBuffer src, long offset) {
        int n = src.remaining();
        int end = (int) offset + n;
        if (end > inode.live.length) {
            inode.live = Arrays.copyOf(inode.live, Math.max(end, inode.live.length * 2));
        }
        src.get(inode.live, (int) offset, n);
        inode.liveSize = Math.max(inode.liveSize, end);
    }

    @Override
    public synchronized LogFile openWritable(Path file) throws IOException {
        tick("open");
        Inode inode = live.computeIfAbsent(key(file), k -> new Inode());
        return new SimFile(inode);
    }

    @Override
    public synchronized LogFile openReadable(Path file) throws IOException {
        Inode inode = live.get(key(file));
        if (inode == null) {
            throw new NoSuchFileException(file.toString());
        }
        return new SimFile(inode);
    }

    @Override
    public synchronized void rename(Path from, Path to) throws IOException {
        tick("rename");
        Inode inode = live.remove(key(from));
        if (inode == null) {
            throw new NoSuchFileException(from.toString());
        }
        live.put(key(to), inode);
    }

    @Override
    public synchronized void delete(Path file) throws IOException {
        tick("delete");
        live.remove(key(file));
    }

    @Override
    public synchronized List<Path> list(Path dir) {
        List<Path> out = new ArrayList<>();
        for (String name : live.keySet()) {
            out.add(dir.resolve(name));
        }
        return out;
    }

    @Override
    public synchronized void syncDirectory(Path dir) throws IOException {
        tick("syncDirectory");
        durable.clear();
        durable.putAll(live);
    }

    private final class SimFile implements LogFile {
        private final Inode inode;

        SimFile(Inode inode) {
            this.inode = inode;
        }

        @Override
        public int read(ByteBuffer dst, long position) {
            synchronized (SimulatedDisk.this) {
                if (position >= inode.liveSize) {
                    return -1;
                }
                int n = (int) Math.min(dst.remaining(), inode.liveSize - position);
                dst.put(inode.live, (int) position, n);
                return n;
            }
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            synchronized (SimulatedDisk.this) {
                tick("write");
                int n = src.remaining();
                byte[] copy = new byte[n];
                src.duplicate().get(copy);
                lastWriteInode = inode;
                lastWriteOffset = position;
                lastWriteBytes = copy;
                writeAt(inode, src, position);
                return n;
            }
        }

        @Override
        public void force() throws IOException {
            long delay = forceDelayMillis;
            if (delay > 0) {
                try {
                    Thread.sleep(delay); // a slow disk, outside the lock: concurrent senders pile up
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            synchronized (SimulatedDisk.this) {
                tick("force");
                inode.durable = Arrays.copyOf(inode.live, inode.liveSize);
                if (lastWriteInode == inode) {
                    lastWriteInode = null;
                }
            }
        }

        @Override
        public long size() {
            synchronized (SimulatedDisk.this) {
                return inode.liveSize;
            }
        }

        @Override
        public void truncate(long size) throws IOException {
            synchronized (SimulatedDisk.this) {
                tick("truncate");
                if (size < inode.liveSize) {
                    Arrays.fill(inode.live, (int) size, inode.liveSize, (byte) 0);
                    inode.liveSize = (int) size;
                }
            }
        }

        @Override
        public void close() {
        }
    }
}
