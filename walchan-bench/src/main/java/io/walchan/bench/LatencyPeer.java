package io.walchan.bench;

import java.io.IOException;

/**
 * A queue as {@link LatencyBench} drives it: send one message, or receive and
 * settle one. Each peer is opened fresh in its own directory for one scenario
 * and closed after it. Not thread-safe in general: {@link #send} is called by
 * one thread and {@link #receive} by one (other) thread.
 */
interface LatencyPeer extends AutoCloseable {

    /** Appends one message; returns when the peer's own send call returns. */
    void send(byte[] payload) throws Exception;

    /**
     * Takes the next message and settles it (walchan: ack; Chronicle: the tailer
     * moves on).
     *
     * @return the message's bytes (the array may be reused by the next call), or null
     *     if none arrived within about a millisecond
     */
    byte[] receive() throws Exception;

    @Override
    void close() throws IOException;
}
