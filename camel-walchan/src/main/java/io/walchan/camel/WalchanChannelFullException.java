package io.walchan.camel;

import org.apache.camel.CamelExchangeException;
import org.apache.camel.Exchange;

/**
 * A producer found its bounded channel full ({@code bound} messages sent and not
 * acknowledged) and did not get room in time. Nothing was written. Consume
 * faster, raise {@code bound}, or set {@code blockWhenFull=true} and/or a longer
 * {@code offerTimeout}.
 */
public class WalchanChannelFullException extends CamelExchangeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what was full and how long the producer waited
     * @param exchange the exchange that could not be sent
     */
    public WalchanChannelFullException(String message, Exchange exchange) {
        super(message, exchange);
    }
}
