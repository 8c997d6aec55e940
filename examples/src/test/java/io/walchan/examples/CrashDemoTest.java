package io.walchan.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the crash demo for real: a child JVM, killed with SIGKILL. */
class CrashDemoTest {

    @Test
    void afterTheKillNothingAcknowledgedComesBackAndNothingSentIsLost(@TempDir Path dir) throws Exception {
        Output out = new Output();

        CrashDemo.Result r = CrashDemo.run(dir.resolve("orders"), out.stream());

        assertThat(r.ackedReported()).hasSizeGreaterThanOrEqualTo(CrashDemo.KILL_AFTER_ACKS);
        assertThat(r.lost()).as("sent, not acknowledged, and not delivered again").isEmpty();
        assertThat(r.ackedDeliveredAgain()).as("acknowledged and delivered again").isEmpty();
        assertThat(r.committedPosition()).isGreaterThanOrEqualTo(r.ackedReported().size());
        // Delivery resumed at the committed position and went on, without a gap, to the end of the log.
        assertThat(r.redeliveries()).extracting(CrashDemo.Redelivery::position)
                .containsExactlyElementsOf(LongStream.range(r.committedPosition(), r.logEnd()).boxed().toList());
        assertThat(r.redeliveries()).allSatisfy(d -> {
            assertThat(d.redelivered()).as("redelivered() of %s", d.id()).isTrue();
            assertThat(d.id()).isEqualTo("order-" + (d.position() + 1));
        });
        assertThat(r.redeliveries().stream().filter(CrashDemo.Redelivery::inFlight)).hasSizeLessThanOrEqualTo(1);
        assertThat(out.text()).contains("killed it while it processed").contains("Lost: 0.")
                .contains("Acknowledged but delivered again: 0.");
    }
}
