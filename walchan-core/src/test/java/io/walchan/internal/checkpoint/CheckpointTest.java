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
            while (true) {
                byte[] all = Files.readAllBytes(d.resolve(Format.CHECKPOINT_FILE));
                int slot = (int) (gen & 1);
                java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(all).order(java.nio.ByteOrder.LITTLE_ENDIAN);
                if (b.getLong(slot * Format.CHECKPOINT_SLOT_STRIDE + 8) == gen) {
                    return Arrays.copyOfRange(all, slot * Format.CHECKPOINT_SLOT_STRIDE,
                            slot * Format.CHECKPOINT_SLOT_STRIDE + Format.CHECKPOINT_SLOT_SIZE);
                }
                cp.write(position);
            }
        }
    }

    @Test
    void everyTornSlotCombinationYieldsOldOrNew() throws Exception {
        long oldPos = 100;
        long newPos = 250;
        byte[] old = slotBytes(6, oldPos);   // generation 6 lives in slot 0
        byte[] neu = slotBytes(7, newPos);   // generation 7 lives in slot 1
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
