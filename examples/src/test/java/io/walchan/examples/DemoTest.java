package io.walchan.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's demo command runs {@link Demo}: the tour runs all three parts and tells the story. */
class DemoTest {

    @Test
    void theTourRunsEveryPart(@TempDir Path root) throws Exception {
        Output out = new Output();

        Demo.run(root, out.stream());

        assertThat(out.text())
                .contains("== 1. send, acknowledge, restart ==")
                .contains("order-4 and order-5 came back, order-1..3 did not.")
                .contains("== 2. producer and consumer threads, bounded channel ==")
                .contains("at most ").contains("were in the log in send order")
                .contains("== 3. crash: kill a process mid-stream, restart ==")
                .contains("Lost: 0. Acknowledged but delivered again: 0.")
                .contains("stat " + root.resolve("crash"));
        assertThat(root.resolve("first-steps")).isDirectory();
        assertThat(root.resolve("producer-consumer")).isDirectory();
        assertThat(root.resolve("crash")).isDirectory();
    }
}
