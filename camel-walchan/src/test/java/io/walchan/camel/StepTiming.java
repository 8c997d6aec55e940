package io.walchan.camel;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;

/** Not a test: times each step of a walchan send, to find where a pipeline spends its time. */
public final class StepTiming {

    private StepTiming() {
    }

    interface Step {
        void run() throws Exception;
    }

    static void time(String name, int n, Step step) throws Exception {
        for (int i = 0; i < n / 5; i++) {
            step.run();
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            step.run();
        }
        long ns = System.nanoTime() - t0;
        System.out.printf("%-40s %8.2f us/op %,12.0f ops/s%n", name, ns / 1e3 / n, n / (ns / 1e9));
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        Path dir = Files.createTempDirectory("walchan-steps");
        String uri = "walchan:" + dir + "?durability=FlushOnly&commitEvery=1000&commitMaxDelay=10";
        CamelContext camel = new DefaultCamelContext();
        camel.start();
        byte[] payload = new byte[100];
        ObjectMapper om = new ObjectMapper();
        MessageMapper mapper = new MessageMapper(om);
        MessageCodec codec = new MessageCodec(om);
        Exchange ex = new DefaultExchange(camel);
        ex.getIn().setBody(payload);
        time("toRecord (no headers)", n, () -> mapper.toRecord(ex));
        WalchanMessage rec = mapper.toRecord(ex);
        time("codec.encode (no headers)", n, () -> codec.encode(rec));
        byte[] bytes = codec.encode(rec);
        time("codec.decode (no headers)", n, () -> codec.decode(bytes));
        Exchange ex2 = new DefaultExchange(camel);
        ex2.getIn().setBody(payload);
        ex2.getIn().setHeaders(Map.of("a", "b", "n", 1));
        WalchanMessage rec2 = mapper.toRecord(ex2);
        time("codec.encode (2 headers)", n, () -> codec.encode(rec2));
        byte[] bytes2 = codec.encode(rec2);
        time("codec.decode (2 headers)", n, () -> codec.decode(bytes2));
        time("camel.getEndpoint(uri)", n, () -> camel.getEndpoint(uri));
        ProducerTemplate template = camel.createProducerTemplate();
        Endpoint ep = camel.getEndpoint(uri);
        time("template.sendBody(endpoint) no consumer", n, () -> template.sendBody(ep, payload));
        time("template.sendBody(uri) no consumer", n, () -> template.sendBody(uri, payload));
        camel.stop();
    }
}
