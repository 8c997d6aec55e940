package io.walchan.camel;

import io.walchan.ChannelStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Health of a walchan consumer or producer: DOWN when its channel is closed, when
 * the channel reports a failure (a failed fsync: it refuses sends), when the
 * channel directory is not writable, or when its file system has fewer usable
 * bytes than {@code minFreeSpace}; UP otherwise.
 *
 * <p>A consumer's check is handed to Camel with {@code setHealthCheck} (called by
 * the route's consumer check in the {@code consumers} repository); a producer's is
 * added to the {@code producers} repository while the producer runs. Enabled by the
 * component's {@code healthCheckConsumerEnabled} / {@code healthCheckProducerEnabled}.
 * Needs {@code camel-health} on the class path to be called by Camel.
 */
public class WalchanHealthCheck extends AbstractHealthCheck {

    private final WalchanEndpoint endpoint;

    /**
     * @param id the check's id, e.g. {@code consumer:walchan-route1}
     * @param endpoint the endpoint whose channel to check
     */
    public WalchanHealthCheck(String id, WalchanEndpoint endpoint) {
        super("camel", id);
        this.endpoint = endpoint;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Path dir = endpoint.getDirectory();
        SharedChannel channel = endpoint.channel();
        long minFree = endpoint.getConfiguration().getMinFreeSpace();
        builder.detail("walchan.directory", String.valueOf(dir));
        builder.detail("walchan.minFreeSpace", minFree);
        if (channel == null || !channel.isOpen()) {
            builder.message("walchan channel " + dir + " is closed").down();
            return;
        }
        ChannelStats stats = channel.stats();
        if (stats != null) {
            builder.detail("walchan.unacknowledged", stats.unacknowledged());
            builder.detail("walchan.endPosition", stats.endPosition());
            builder.detail("walchan.committedPosition", stats.committedPosition());
            if (stats.failure() != null) {
                builder.detail("walchan.failure", stats.failure());
                builder.message("walchan channel " + dir + " failed and refuses sends: " + stats.failure()).down();
                return;
            }
        }
        if (!Files.isDirectory(dir) || !Files.isWritable(dir)) {
            builder.message("walchan channel directory " + dir + " is not writable").down();
            return;
        }
        long usable;
        try {
            usable = Files.getFileStore(dir).getUsableSpace();
        } catch (IOException e) {
            builder.message("cannot read the free space of " + dir + ": " + e.getMessage()).error(e).down();
            return;
        }
        builder.detail("walchan.usableSpace", usable);
        if (minFree > 0 && usable < minFree) {
            builder.message("the file system of walchan channel " + dir + " has " + usable + " usable bytes, fewer"
                    + " than minFreeSpace " + minFree).down();
            return;
        }
        builder.up();
    }
}
