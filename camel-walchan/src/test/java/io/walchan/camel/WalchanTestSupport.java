package io.walchan.camel;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.io.TempDir;

/** Base of the route tests: a fresh directory per test, short poll times. */
abstract class WalchanTestSupport extends CamelTestSupport {

    @TempDir
    Path tmp;

    /** @return a walchan URI on a directory under this test's temp dir, FlushOnly and a short poll */
    String walchan(String name, String options) {
        String base = "walchan:" + tmp.resolve(name) + "?durability=FlushOnly&pollTimeout=100";
        return options == null || options.isEmpty() ? base : base + "&" + options;
    }

    /** Waits up to 10 s for {@code condition}; fails the test if it never holds. */
    static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(10);
        }
    }
}
