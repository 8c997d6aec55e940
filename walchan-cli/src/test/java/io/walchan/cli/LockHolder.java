package io.walchan.cli;

import io.walchan.Channel;
import io.walchan.Codecs;
import io.walchan.Options;
import io.walchan.Walchan;
import java.nio.file.Path;

/** Child process for tests: opens the channel in args[0], says "ready", holds it until stdin closes. */
public final class LockHolder {

    private LockHolder() {
    }

    public static void main(String[] args) throws Exception {
        try (Channel<String> ch = Walchan.channel(Path.of(args[0]), Codecs.utf8(),
                Options.builder().fsync(false).build())) {
            System.out.println("ready");
            System.out.flush();
            while (System.in.read() >= 0) {
                // Hold the lock until the parent closes our stdin (or dies).
            }
        }
    }
}
