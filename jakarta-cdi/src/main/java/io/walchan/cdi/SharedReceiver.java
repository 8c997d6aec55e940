package io.walchan.cdi;

import io.walchan.Delivery;
import io.walchan.Receiver;
import io.walchan.ReceiverOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One injection point's handle on a channel's shared {@link Receiver}. Everything but
 * {@link #close()} goes to the channel's receiver; closing this handle only retires
 * the handle, because closing the real receiver would close the channel under every
 * other injection point. The container closes the channel at shutdown.
 *
 * @param <T> the message type
 */
final class SharedReceiver<T> implements Receiver<T> {

    private final Receiver<T> shared;
    private final Path directory;
    private final AtomicBoolean closed = new AtomicBoolean();

    SharedReceiver(Receiver<T> shared, Path directory) {
        this.shared = shared;
        this.directory = directory;
    }

    private Receiver<T> open() {
        if (closed.get()) {
            throw new IllegalStateException("this Receiver handle of " + directory + " is closed; the channel stays"
                    + " open until the container shuts down: inject or look up another Receiver");
        }
        return shared;
    }

    @Override
    public Delivery<T> recv() throws InterruptedException {
        return open().recv();
    }

    @Override
    public Delivery<T> tryRecv() {
        return open().tryRecv();
    }

    @Override
    public Delivery<T> recvTimeout(Duration timeout) throws InterruptedException {
        return open().recvTimeout(timeout);
    }

    @Override
    public Delivery<T> recvDeadline(Instant deadline) throws InterruptedException {
        return open().recvDeadline(deadline);
    }

    @Override
    public Iterator<Delivery<T>> tryIter() {
        return open().tryIter();
    }

    @Override
    public Iterator<Delivery<T>> iterator() {
        return open().iterator();
    }

    /** Changes the commit policy of the whole channel, as on the shared receiver. */
    @Override
    public Receiver<T> withOptions(ReceiverOptions options) {
        open().withOptions(options);
        return this;
    }

    /** Retires this handle; the channel and the other handles stay open. Idempotent. */
    @Override
    public void close() {
        closed.set(true);
    }

    @Override
    public String toString() {
        return "Receiver[" + directory + (closed.get() ? ", closed handle]" : "]");
    }
}
