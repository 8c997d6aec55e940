package io.walchan.camel;

import io.walchan.Delivery;
import io.walchan.DisconnectedException;
import org.apache.camel.Exchange;
import org.apache.camel.spi.Synchronization;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settles one {@link Delivery} when its exchange is done: the only place where the
 * consumer acks or nacks a decoded message.
 *
 * <table>
 *   <caption>Exchange outcome and what happens to the message</caption>
 *   <tr><th>outcome</th><th>message</th></tr>
 *   <tr><td>completed (also: handled by a dead letter channel or
 *       {@code onException().handled(true)})</td><td>ack</td></tr>
 *   <tr><td>failed, or completed with {@code rollbackOnly} / {@code rollbackOnlyLast}
 *       ({@code rollback()}, {@code markRollbackOnly()})</td><td>nack: delivered again before
 *       newer messages; after {@code maximumRedeliveries} handed back, given up instead
 *       (see {@link WalchanConsumer#giveUp})</td></tr>
 * </table>
 *
 * <p>Runs once, on whichever thread completes the unit of work.
 */
final class Settlement implements Synchronization {

    private static final Logger LOG = LoggerFactory.getLogger(Settlement.class);

    private final WalchanConsumer consumer;
    private final Delivery<WalchanMessage> delivery;

    Settlement(WalchanConsumer consumer, Delivery<WalchanMessage> delivery) {
        this.consumer = consumer;
        this.delivery = delivery;
    }

    @Override
    public void onComplete(Exchange exchange) {
        if (exchange.isRollbackOnly() || exchange.isRollbackOnlyLast()) {
            failed(exchange, "the exchange was marked rollback only");
        } else {
            try {
                consumer.ack(delivery);
            } finally {
                consumer.settled();
            }
        }
    }

    @Override
    public void onFailure(Exchange exchange) {
        Exception cause = exchange.getException();
        failed(exchange, cause != null ? String.valueOf(cause) : "the exchange failed");
    }

    private void failed(Exchange exchange, String reason) {
        try {
            consumer.failed(delivery, delivery.get(), exchange.getException(), reason);
        } catch (DisconnectedException e) {
            LOG.warn("Cannot hand back the message at position {}: the channel is closed; it is delivered again"
                    + " after the channel reopens", delivery.position());
        } finally {
            consumer.settled();
        }
    }

    @Override
    public String toString() {
        return "WalchanSettlement[" + delivery + "]";
    }
}
