package io.walchan.examples;

import io.walchan.Channel;
import io.walchan.Codecs;
import io.walchan.Delivery;
import io.walchan.Options;
import io.walchan.Walchan;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reopens a closed channel directory and counts what is still unacknowledged, without settling it. */
public final class LeftInChannel {

    public static int count(Path dir) {
        List<Delivery<byte[]>> unsettled = new ArrayList<>();    // held: unsettled stays in the log
        try (Channel<byte[]> ch = Walchan.channel(dir, Codecs.bytes(), Options.defaults())) {
            for (Delivery<byte[]> d = ch.receiver().tryRecv(); d != null; d = ch.receiver().tryRecv()) {
                unsettled.add(d);
            }
        }
        return unsettled.size();
    }

    private LeftInChannel() {
    }
}
