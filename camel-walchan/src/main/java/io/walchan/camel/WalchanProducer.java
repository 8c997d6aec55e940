package io.walchan.camel;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.Exchange;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.WritableHealthCheckRepository;
import org.apache.camel.support.DefaultProducer;

/**
 * Appends the exchange's message (body and storable headers) to the endpoint's
 * channel. {@link #process} returns when the record is as durable as the channel's
 * durability says (SyncPerSend: fsynced). The exchange pattern does not matter:
 * an InOut exchange also returns after the append, with its message unchanged.
 *
 * <p>On a bounded channel that is full the producer waits for room: forever with
 * {@code blockWhenFull=true} and no {@code offerTimeout}; at most
 * {@code offerTimeout}; or not at all. Then the exchange fails with
 * {@link WalchanChannelFullException} and nothing is written. An interrupt while
 * waiting fails the exchange too, with the interrupt flag restored.
 */
public class WalchanProducer extends DefaultProducer {

    /** Numbers producer health checks, whose ids must differ. */
    private static final AtomicLong PRODUCERS = new AtomicLong();

    /** True between a successful acquire in doStart and the release in doStop. */
    private boolean acquired;
    private WritableHealthCheckRepository healthCheckRepository;
    private WalchanHealthCheck healthCheck;

    /** @param endpoint the endpoint whose channel this producer writes to */
    public WalchanProducer(WalchanEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    public WalchanEndpoint getEndpoint() {
        return (WalchanEndpoint) super.getEndpoint();
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        WalchanEndpoint endpoint = getEndpoint();
        WalchanMessage record = endpoint.mapper().toRecord(exchange);
        Duration wait = roomWait(endpoint.getConfiguration());
        boolean sent;
        try {
            sent = endpoint.channel().send(record, wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WalchanChannelFullException("interrupted while waiting for room in walchan channel "
                    + endpoint.getDirectory() + "; nothing was written", exchange);
        }
        if (!sent) {
            throw new WalchanChannelFullException("walchan channel " + endpoint.getDirectory() + " is full: "
                    + endpoint.channel().bound() + " messages sent and not acknowledged (bound); waited "
                    + wait.toMillis() + " ms for room; nothing was written. Consume faster, raise bound, or set"
                    + " blockWhenFull=true or a longer offerTimeout", exchange);
        }
    }

    /** @return how long to wait for room: null forever, zero not at all */
    private static Duration roomWait(WalchanConfiguration config) {
        if (config.getOfferTimeout() > 0) {
            return Duration.ofMillis(config.getOfferTimeout());
        }
        return config.isBlockWhenFull() ? null : Duration.ZERO;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        getEndpoint().channel().acquire();
        acquired = true;
        registerHealthCheck();
    }

    /** Adds this producer's health check to the producers repository, if Camel has one (camel-health). */
    private void registerHealthCheck() {
        WalchanEndpoint endpoint = getEndpoint();
        healthCheckRepository = HealthCheckHelper.getHealthCheckRepository(endpoint.getCamelContext(), "producers",
                WritableHealthCheckRepository.class);
        if (healthCheckRepository != null) {
            healthCheck = new WalchanHealthCheck("producer:walchan-" + endpoint.getDirectory() + "#"
                    + PRODUCERS.incrementAndGet(), endpoint);
            healthCheck.setCamelContext(endpoint.getCamelContext());
            healthCheck.setEnabled(endpoint.getComponent().isHealthCheckProducerEnabled());
            healthCheckRepository.addHealthCheck(healthCheck);
        }
    }

    /** @return this producer's health check while it runs and Camel has a producers repository, else null */
    public WalchanHealthCheck getHealthCheck() {
        return healthCheck;
    }

    @Override
    protected void doStop() throws Exception {
        if (healthCheckRepository != null && healthCheck != null) {
            healthCheckRepository.removeHealthCheck(healthCheck);
        }
        healthCheck = null;
        healthCheckRepository = null;
        if (acquired) {
            acquired = false;
            getEndpoint().channel().release();
        }
        super.doStop();
    }
}
