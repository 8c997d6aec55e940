package io.walchan.cli;

import static io.walchan.cli.CliTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.walchan.cli.CliTestSupport.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCommandTest {

    @TempDir
    Path dir;

    @Test
    void measuresEveryModeAndCleansUp() throws Exception {
        Run r = run("bench", dir.toString(), "--seconds", "0.6", "--max-mb", "8");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("msgs/s", "p99 us", "SyncPerSend", "SyncEvery", "FlushOnly");
        assertThat(r.out().lines().filter(l -> l.matches("^(SyncPerSend|SyncEvery|FlushOnly).*\\d+\\.\\d$")))
                .hasSize(3);
        try (var s = Files.list(dir)) {
            assertThat(s).isEmpty();
        }
    }
}
