package io.walchan.bench;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A Camel pipeline: producer template -> queue endpoint -> route -> counting
 * processor, on {@code seda:} (in memory) and on {@code walchan:} at FLUSH_ONLY.
 * Both are bounded (10,000) and block when full, so the rate is the consumer's.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class CamelPipelineBenchmark {

    @Param({"seda", "walchan"})
    public String queue;

    @Param({"100"})
    public int payloadBytes;

    Path dir;
    CamelContext camel;
    ProducerTemplate template;
    String uri;
    Endpoint endpoint;
    byte[] payload;
    final AtomicLong consumed = new AtomicLong();

    @Setup(Level.Trial)
    public void open() throws Exception {
        dir = BenchDirs.create("camel");
        uri = queue.equals("seda") ? "seda:in?size=10000&blockWhenFull=true"
                : "walchan:" + dir + "?durability=FlushOnly&bound=10000&blockWhenFull=true&commitEvery=1000&commitMaxDelay=10";
        camel = new DefaultCamelContext();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).process(e -> consumed.incrementAndGet());
            }
        });
        camel.start();
        template = camel.createProducerTemplate();
        endpoint = camel.getEndpoint(uri); // resolved once: a String URI is parsed again on every send
        payload = new byte[payloadBytes];
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        camel.stop();
        BenchDirs.delete(dir);
    }

    @Benchmark
    public void send() {
        template.sendBody(endpoint, payload);
    }
}
