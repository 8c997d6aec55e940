package io.walchan.cdi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.walchan.Channel;
import io.walchan.Codecs;
import io.walchan.Delivery;
import io.walchan.Options;
import io.walchan.Receiver;
import io.walchan.Sender;
import io.walchan.Walchan;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.se.SeContainer;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Messages are written with the application's ObjectMapper bean when it has one. */
class ObjectMapperTest extends CdiTestSupport {

    record Shipment(String trackingCode) {
    }

    @Dependent
    static class Shipping {
        @Inject
        @WalChannel("shipments")
        Sender<Shipment> tx;

        @Inject
        @WalChannel("shipments")
        Receiver<Shipment> rx;
    }

    @Dependent
    static class SnakeCaseMapper {
        @Produces
        @Singleton
        ObjectMapper mapper() {
            return new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        }
    }

    @Test
    void theApplicationsMapperWritesTheMessages() throws Exception {
        try (SeContainer c = start(Shipping.class, SnakeCaseMapper.class)) {
            Shipping s = c.select(Shipping.class).get();
            s.tx.send(new Shipment("ZX-9"));
            try (Delivery<Shipment> d = s.rx.recvTimeout(Duration.ofSeconds(5))) {
                assertThat(d.get()).isEqualTo(new Shipment("ZX-9"));
                d.nack(); // Keep it in the log for the raw read below.
            }
        }
        try (Channel<String> raw = Walchan.channel(base.resolve("shipments"), Codecs.utf8(), Options.defaults())) {
            try (Delivery<String> d = raw.receiver().tryRecv()) {
                assertThat(d.get()).isEqualTo("{\"tracking_code\":\"ZX-9\"}");
            }
        }
    }

    @Test
    void withoutAMapperBeanADefaultMapperIsUsed() throws Exception {
        try (SeContainer c = start(Shipping.class)) {
            c.select(Shipping.class).get().tx.send(new Shipment("ZX-10"));
        }
        try (Channel<String> raw = Walchan.channel(base.resolve("shipments"), Codecs.utf8(), Options.defaults())) {
            try (Delivery<String> d = raw.receiver().tryRecv()) {
                assertThat(d.get()).isEqualTo("{\"trackingCode\":\"ZX-10\"}");
            }
        }
    }

    @Dependent
    static class ApplicationScopedMapper {
        @Produces
        @ApplicationScoped
        ObjectMapper mapper() {
            return new ObjectMapper();
        }
    }

    @Dependent
    static class SecondMapper {
        @Produces
        @Singleton
        @Named("second")
        ObjectMapper mapper() {
            return new ObjectMapper();
        }
    }

    @Test
    @Tag(FAILS_DEPLOYMENT)
    void anApplicationScopedMapperTheContainerCannotProxyIsADeploymentError() {
        assertThatThrownBy(() -> start(Shipping.class, ApplicationScopedMapper.class).close())
                .isInstanceOf(jakarta.enterprise.inject.spi.DeploymentException.class);
    }

    @Test
    @Tag(FAILS_DEPLOYMENT)
    void twoDefaultMappersAreADeploymentError() {
        // @Named alone keeps @Default, so the two producers are ambiguous.
        assertThatThrownBy(() -> start(Shipping.class, SnakeCaseMapper.class, SecondMapper.class).close())
                .isInstanceOf(jakarta.enterprise.inject.spi.DeploymentException.class);
    }
}
