package io.walchan.internal.fs;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.MappedByteBuffer;

/**
 * Releases a memory map at once instead of when the garbage collector gets to it
 * (a deleted segment's disk space is freed only when its last map is gone). Uses
 * {@code sun.misc.Unsafe.invokeCleaner} from the {@code jdk.unsupported} module,
 * as Lucene and Netty do; where that is unavailable the map is left to the collector.
 *
 * <p>After {@link #unmap} any access to the buffer crashes the JVM: callers must
 * guarantee that no thread uses it any more (see {@link NioFileLayer}).
 */
final class Unmapper {

    private static final Object UNSAFE;
    private static final Method INVOKE_CLEANER;

    static {
        Object unsafe = null;
        Method invokeCleaner = null;
        try {
            Class<?> type = Class.forName("sun.misc.Unsafe");
            Field field = type.getDeclaredField("theUnsafe");
            field.setAccessible(true);
            unsafe = field.get(null);
            invokeCleaner = type.getMethod("invokeCleaner", java.nio.ByteBuffer.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            unsafe = null;
            invokeCleaner = null;
        }
        UNSAFE = unsafe;
        INVOKE_CLEANER = invokeCleaner;
    }

    private Unmapper() {
    }

    /** Unmaps {@code buffer} now if possible; never throws. */
    static void unmap(MappedByteBuffer buffer) {
        if (INVOKE_CLEANER == null) {
            return;
        }
        try {
            INVOKE_CLEANER.invoke(UNSAFE, buffer);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // Left to the garbage collector.
        }
    }
}
