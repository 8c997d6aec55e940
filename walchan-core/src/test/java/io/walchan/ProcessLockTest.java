package io.walchan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One channel per directory, across processes too; a killed owner never leaves it locked. */
class ProcessLockTest {

    @TempDir
    Path dir;

    @Test
    void anotherProcessHoldingTheDirectoryIsReportedAndAKillReleasesIt() throws Exception {
        Process child = CrashTest.start(dir, "FlushOnly", 0, 1_000_000_000, 0, 1 << 20, 1, 1);
        try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(in.readLine()).isEqualTo("READY");
            assertThatThrownBy(() -> Walchan.channel(dir, Codecs.utf8(), Options.defaults()))
                    .isInstanceOf(ChannelLockedException.class)
                    .hasMessageContaining("another process")
                    .hasMessageContaining(String.valueOf(child.pid()));
        } finally {
            child.toHandle().destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        Walchan.channel(dir, Codecs.utf8(), Options.defaults()).close();
    }
}
