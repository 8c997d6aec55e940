package io.walchan.camel;

import org.apache.camel.spi.Metadata;

/**
 * Header names of the walchan component. The consumer sets them on every exchange
 * it creates; the producer never stores headers whose names start with
 * {@value #HEADER_PREFIX}, so they do not leak from one channel into another.
 */
public final class WalchanConstants {

    /** Prefix of every header this component sets. */
    public static final String HEADER_PREFIX = "CamelWalchan";

    /** The message's position in the log: 0 for the first message ever sent to the directory. */
    @Metadata(label = "consumer", description = "The message's position in the log (0 for the first message ever"
            + " sent to the directory).", javaType = "long")
    public static final String POSITION = "CamelWalchanPosition";

    /** True if the message may have been delivered before: nacked, or read again after a restart. */
    @Metadata(label = "consumer", description = "True if the message may have been delivered before: it was"
            + " handed back after a failed or rolled back exchange, or it lies beyond the committed position of a"
            + " directory that was reopened.", javaType = "boolean")
    public static final String REDELIVERED = "CamelWalchanRedelivered";

    /** How often this message failed in this CamelContext before this delivery (0 on the first). */
    @Metadata(label = "consumer", description = "How many exchanges of this message failed or were rolled back"
            + " in this CamelContext before this delivery: 0 on the first. Counted in memory, so it starts at 0"
            + " again after a restart.", javaType = "int")
    public static final String REDELIVERY_COUNTER = "CamelWalchanRedeliveryCounter";

    /** The canonical channel directory the message was read from. */
    @Metadata(label = "consumer", description = "The canonical channel directory the message was read from.",
            javaType = "String")
    public static final String DIRECTORY = "CamelWalchanDirectory";

    /** On an exchange sent to the dead letter URI: why the message was given up. */
    @Metadata(label = "consumer", description = "Set on exchanges sent to the deadLetterUri: why the message was"
            + " given up (the last exception's message, or that it could not be decoded).", javaType = "String")
    public static final String DEAD_LETTER_CAUSE = "CamelWalchanDeadLetterCause";

    private WalchanConstants() {
    }
}
