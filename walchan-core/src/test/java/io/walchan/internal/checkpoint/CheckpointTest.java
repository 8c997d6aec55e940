package io.walchan.internal.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.walchan.internal.fs.NioFileLayer;
import io.walchan.internal.log.Format;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every combination of slot states: each slot is the old value, the new value, torn
 * (a prefix of the new write over the old), zeros, or garbage. The committed
 * position read back is always the old or the new one, or "unreadable" (then
 * recovery re-delivers from the oldest segment) — never anything else.
 */
class CheckpointTest {

    @TempDir
    Path dir;

    private final NioFileLayer fs = new NioFileLayer(false);

    /** Slot bytes for generation {@code gen} and {@code position}, as Checkpoint writes them. */
    private byte[] slotBytes(long gen, long position) throws Exception {
        Path d = Files.createTempDirectory(dir, "slot");
        try (Checkpoint cp = Checkpoint.open(fs, d, new Checkpoint.State(), 0)) {
            cp.force();
            while (true) {
                byte[] all = Files.readAllBytes(d.resolve(Format.CHECKPOINT_FILE));
                java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(all).order(java.nio.ByteOrder.LITTLE_ENDIAN);
                for (int slot = 0; slot < 2; slot++) {
                    if (b.getLong(slot * Format.CHECKPOINT_SLOT_STRIDE + 8) == gen) {
                        return Arrays.copyOfRange(all, slot * Format.CHECKPOINT_SLOT_STRIDE,
                                slot * Format.CHECKPOINT_SLOT_STRIDE + Format.CHECKPOINT_SLOT_SIZE);
                    }
                }
                cp.write(position);
                cp.force();
            }
        }
    }

    @Test
    void unforcedWritesNeverOverwriteTheDurableSlot() throws Exception {
        try (Checkpoint cp = Checkpoint.open(fs, dir, new Checkpoint.State(), 5)) {
            cp.force();
            cp.write(10);
            cp.force(); // 10 is durable
            byte[] durable = Files.readAllBytes(dir.resolve(Format.CHECKPOINT_FILE));
            int durableSlot = Checkpoint.read(fs, dir).slot;
            for (long p = 11; p < 20; p++) {
                cp.write(p); // never forced: must all land in the other slot
            }
            byte[] now = Files.readAllBytes(dir.resolve(Format.CHECKPOINT_FILE));
            int from = durableSlot * Format.CHECKPOINT_SLOT_STRIDE;
            assertThat(Arrays.copyOfRange(now, from, from + Format.CHECKPOINT_SLOT_SIZE))
                    .isEqualTo(Arrays.copyOfRange(durable, from, from + Format.CHECKPOINT_SLOT_SIZE));
        }
        // A torn last write (the non-durable slot zeroed) still yields the durable position.
        byte[] bytes = Files.readAllBytes(dir.resolve(Format.CHECKPOINT_FILE));
        int other = 1 - Checkpoint.read(fs, dir).slot;
        Arrays.fill(bytes, other * Format.CHECKPOINT_SLOT_STRIDE,
                other * Format.CHECKPOINT_SLOT_STRIDE + Format.CHECKPOINT_SLOT_SIZE, (byte) 0);
        Files.write(dir.resolve(Format.CHECKPOINT_FILE), bytes);
        assertThat(Checkpoint.read(fs, dir).committed).isIn(10L, 19L);
    }

    @Test
    void everyTornSlotCombinationYieldsOldOrNew() throws Exception {
        long oldPos = 100;
        long newPos = 250;
        byte[] old = slotBytes(6, oldPos);   // placed in slot 0 below
        byte[] neu = slotBytes(7, newPos);   // placed in slot 1 below
        Random random = new Random(3);
        int combinations = 0;
        for (int a = 0; a < 5; a++) {
            for (int b = 0; b < 5; b++) {
                for (int cut = 1; cut < Format.CHECKPOINT_SLOT_SIZE; cut += 3) {
                    byte[] file = new byte[Format.CHECKPOINT_SLOT_STRIDE + Format.CHECKPOINT_SLOT_SIZE];
                    System.arraycopy(variant(a, old, old, cut, random), 0, file, 0, Format.CHECKPOINT_SLOT_SIZE);
                    System.arraycopy(variant(b, neu, old, cut, random), 0, file, Format.CHECKPOINT_SLOT_STRIDE,
                            Format.CHECKPOINT_SLOT_SIZE);
                    Files.write(dir.resolve(Format.CHECKPOINT_FILE), file);
                    Checkpoint.State state = Checkpoint.read(fs, dir);
                    if (state.valid) {
                        assertThat(state.committed).as("slot states %d/%d cut %d", a, b, cut).isIn(oldPos, newPos);
                    }
                    if (a == 0 && b != 0) {
                        assertThat(state.committed).as("old intact, new damaged: old wins").isEqualTo(oldPos);
                    }
                    if (b == 0) {
                        assertThat(state.committed).as("new intact: new wins").isEqualTo(newPos);
                    }
                    combinations++;
                }
            }
        }
        assertThat(combinations).isGreaterThan(200);
    }

    /** 0 intact, 1 torn prefix of {@code intended} over {@code previous}, 2 zeros, 3 garbage, 4 previous. */
    private static byte[] variant(int kind, byte[] intended, byte[] previous, int cut, Random random) {
        switch (kind) {
            case 0:
                return intended.clone();
            case 1: {
                byte[] torn = previous.clone();
                System.arraycopy(intended, 0, torn, 0, cut);
                return torn;
            }
            case 2:
                return new byte[intended.length];
            case 3: {
                byte[] g = new byte[intended.length];
                random.nextBytes(g);
                return g;
            }
            default:
                return previous.clone();
        }
    }
}
