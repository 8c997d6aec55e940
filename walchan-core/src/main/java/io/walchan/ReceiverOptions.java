package io.walchan;

import java.time.Duration;
import java.util.Objects;

/**
 * When acknowledgements are persisted (committed to the checkpoint): after
 * {@code commitEvery} acks, or {@code commitMaxDelay} after the first uncommitted
 * ack, whichever comes first; the delay is honoured by a timer, also when no
 * further ack arrives. Closing the receiver commits what is acknowledged.
 *
 * <p>Acks that are not yet committed are re-delivered after a crash: a larger
 * window means fewer checkpoint writes and more duplicates after a crash.
 *
 * @param commitEvery acks per commit, at least 1
 * @param commitMaxDelay longest time an ack stays uncommitted; zero commits on every ack
 */
public record ReceiverOptions(int commitEvery, Duration commitMaxDelay) {

    /** Validates the options. */
    public ReceiverOptions {
        Objects.requireNonNull(commitMaxDelay, "commitMaxDelay");
        if (commitEvery < 1) {
            throw new IllegalArgumentException("commitEvery must be at least 1, was " + commitEvery);
        }
        if (commitMaxDelay.isNegative()) {
            throw new IllegalArgumentException("commitMaxDelay must not be negative, was " + commitMaxDelay);
        }
    }

    /** @return the defaults: commit on every ack */
    public static ReceiverOptions defaults() {
        return new ReceiverOptions(1, Duration.ZERO);
    }

    /** @return true when every ack is committed before {@code ack()} returns */
    public boolean commitsEveryAck() {
        return commitEvery == 1 || commitMaxDelay.isZero();
    }
}
