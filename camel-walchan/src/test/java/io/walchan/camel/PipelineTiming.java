package io.walchan.camel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * Not a test: times the pipeline of walchan-bench's CamelPipelineBenchmark
 * (producer template -> queue -> route -> counting processor) on seda: and
 * walchan:, in one JVM. Run: {@code java -cp ... io.walchan.camel.PipelineTiming [seconds]}.
 */
public final class PipelineTiming {

    private PipelineTiming() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        String only = args.length > 1 ? args[1] : null;
        for (String queue : new String[] {"seda", "walchan"}) {
            if (only != null && !only.equals(queue)) {
                continue;
            }
            Path dir = Files.createTempDirectory("walchan-timing");
            String uri = queue.equals("seda") ? "seda:in?size=10000&blockWhenFull=true"
                    : "walchan:" + dir + "?durability=FlushOnly&bound=10000&blockWhenFull=true&commitEvery=1000"
                            + "&commitMaxDelay=10";
            AtomicLong consumed = new AtomicLong();
            CamelContext camel = new DefaultCamelContext();
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from(uri).process(e -> consumed.incrementAndGet());
                }
            });
            camel.start();
            ProducerTemplate template = camel.createProducerTemplate();
            byte[] payload = new byte[100];
            // warm up
            long warmEnd = System.nanoTime() + 2_000_000_000L;
            while (System.nanoTime() < warmEnd) {
                template.sendBody(uri, payload);
            }
            long c0 = consumed.get();
            long sent = 0;
            long t0 = System.nanoTime();
            long end = t0 + seconds * 1_000_000_000L;
            while (System.nanoTime() < end) {
                template.sendBody(uri, payload);
                sent++;
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            long c1 = consumed.get();
            System.out.printf("%-8s sent %,.0f msg/s, consumed %,.0f msg/s%n", queue, sent / secs, (c1 - c0) / secs);
            camel.stop();
        }
    }
}
