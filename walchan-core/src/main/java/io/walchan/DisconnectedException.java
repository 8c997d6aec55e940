package io.walchan;

/**
 * The other side of the channel is gone, as in {@code std::sync::mpsc}:
 * <ul>
 *   <li>thrown by the receive calls once every sender is closed and nothing is
 *       left to deliver;</li>
 *   <li>thrown by the send calls once the receiver (or the channel) is closed;
 *       nothing is written to the log then.</li>
 * </ul>
 */
public class DisconnectedException extends WalchanException {
    private static final long serialVersionUID = 1L;

    /** @param message which side disconnected */
    public DisconnectedException(String message) {
        super(message);
    }
}
