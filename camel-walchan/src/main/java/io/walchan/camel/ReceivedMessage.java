package io.walchan.camel;

import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.support.DefaultMessage;

/**
 * The in message of an exchange the consumer created: its headers (the stored ones
 * and this component's {@code CamelWalchan*} ones) are put into Camel's header map
 * only when something first asks for a header. A route that never reads a header
 * never pays for the map (measured: eager headers were ~20 % of the consumer
 * thread's time). This is how Camel's own JMS and mail messages fill theirs.
 *
 * <p>A copy ({@code Message.copy()}, used by multicast, wire tap, etc.) reads
 * the headers through {@code getHeaders()} and so sees all of them.
 */
final class ReceivedMessage extends DefaultMessage {

    private final Map<String, Object> stored;
    private final long position;
    private final boolean redelivered;
    private final int redeliveryCounter;
    private final String directory;

    /**
     * @param stored the headers the record holds (not copied: the record is not used after this)
     * @param position the record's position in the log
     * @param redelivered whether it may have been delivered before
     * @param redeliveryCounter failed exchanges of this message before this one
     * @param directory the channel directory
     */
    ReceivedMessage(CamelContext context, Map<String, Object> stored, long position, boolean redelivered,
            int redeliveryCounter, String directory) {
        super(context);
        this.stored = stored;
        this.position = position;
        this.redelivered = redelivered;
        this.redeliveryCounter = redeliveryCounter;
        this.directory = directory;
    }

    @Override
    protected boolean isPopulateHeadersSupported() {
        return true;
    }

    @Override
    protected void populateInitialHeaders(Map<String, Object> map) {
        map.putAll(stored);
        map.put(WalchanConstants.POSITION, position);
        map.put(WalchanConstants.REDELIVERED, redelivered);
        map.put(WalchanConstants.REDELIVERY_COUNTER, redeliveryCounter);
        map.put(WalchanConstants.DIRECTORY, directory);
    }
}
