package io.walchan.cdi;

import jakarta.enterprise.inject.se.SeContainer;
import jakarta.enterprise.inject.se.SeContainerInitializer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base of the container tests: each test gets a fresh base directory (the
 * {@code walchan.dir} system property) and starts CDI SE containers holding only
 * walchan-cdi and the beans it names, so that one test's deliberately broken beans
 * never reach another's deployment.
 *
 * <p>Containers are started through the portable {@link SeContainerInitializer}: the
 * build runs these tests once with Weld on the class path and once with OpenWebBeans
 * (surefire execution {@code openwebbeans}); tests that need a failed deployment are
 * tagged {@value #FAILS_DEPLOYMENT} and run on Weld only, since OpenWebBeans cannot
 * boot again in the same class loader after a failed deployment.
 */
abstract class CdiTestSupport {

    /** Tag of tests whose deployment fails on purpose. */
    static final String FAILS_DEPLOYMENT = "fails-deployment";

    @TempDir
    Path base;

    @BeforeEach
    void setBaseDirectory() {
        System.setProperty(WalChannels.BASE_DIR_PROPERTY, base.toString());
    }

    @AfterEach
    void clearBaseDirectory() {
        System.clearProperty(WalChannels.BASE_DIR_PROPERTY);
    }

    /** @return a started container with walchan-cdi, its extension and {@code beans}, discovery off */
    static SeContainer start(Class<?>... beans) {
        return SeContainerInitializer.newInstance()
                .disableDiscovery()
                .addExtensions(new WalChannelExtension())
                .addBeanClasses(WalChannels.class, WalChannelProducers.class)
                .addBeanClasses(beans)
                .initialize();
    }

    /** A message type with a few fields; Jackson reads records. */
    record Order(String id, int quantity) {
    }
}
