package io.walchan.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProducerConsumerTest {

    @Test
    void everyOrderArrivesOnceInSendOrderAndTheBoundHolds(@TempDir Path dir) throws Exception {
        Output out = new Output();

        ProducerConsumer.Result result = ProducerConsumer.run(dir.resolve("orders"), out.stream());

        int total = ProducerConsumer.PRODUCERS * ProducerConsumer.ORDERS_PER_PRODUCER;
        assertThat(result.received()).isEqualTo(total);
        assertThat(result.perConsumer()).hasSize(ProducerConsumer.CONSUMERS);
        assertThat(result.maxUnacked()).isBetween(1, ProducerConsumer.BOUND);
        assertThat(result.inSendOrder()).isTrue();
        assertThat(out.text()).contains("received and acknowledged " + total)
                .contains("each producer's orders were in the log in send order");
    }
}
