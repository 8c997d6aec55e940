package io.walchan;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A snapshot of a channel's state, for monitoring (JMX, health checks, the CLI).
 * Taken without stopping senders or receivers, so the fields may be a few
 * messages apart from each other.
 *
 * @param directory the channel directory
 * @param endPosition position the next message sent will get (messages ever sent, counting from 0)
 * @param committedPosition the persisted committed position: messages below it are acknowledged
 *     and will not be delivered again
 * @param acknowledgedPosition end of the contiguous acknowledged prefix (at least the committed
 *     position; ahead of it while commits are batched)
 * @param unacknowledged messages sent and not acknowledged; with out-of-order acks, acked messages
 *     above the first unacknowledged one still count
 * @param segments segment files in use
 * @param logBytes bytes in those segment files
 * @param lastFsync when the log was last made durable (null if never in this process)
 * @param failure why the channel refuses sends (a failed fsync), or null while healthy
 */
public record ChannelStats(Path directory, long endPosition, long committedPosition, long acknowledgedPosition,
        long unacknowledged, int segments, long logBytes, Instant lastFsync, String failure) {
}
