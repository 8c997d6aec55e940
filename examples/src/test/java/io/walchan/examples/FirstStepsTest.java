package io.walchan.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FirstStepsTest {

    @Test
    void theTwoUnacknowledgedOrdersComeBackAfterTheReopen(@TempDir Path dir) throws Exception {
        Output out = new Output();

        FirstSteps.Result result = FirstSteps.run(dir.resolve("orders"), out.stream());

        assertThat(result.redelivered()).containsExactly("order-4", "order-5");
        assertThat(out.text())
                .contains("received order-4 at position 3 (redelivered: it may have been processed before)")
                .contains("received order-5 at position 4 (redelivered");
    }
}
