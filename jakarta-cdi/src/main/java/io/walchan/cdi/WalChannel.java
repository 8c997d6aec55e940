package io.walchan.cdi;

import jakarta.enterprise.util.AnnotationLiteral;
import jakarta.enterprise.util.Nonbinding;
import jakarta.inject.Qualifier;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Objects;

/**
 * Injects a {@link io.walchan.Sender}, {@link io.walchan.SyncSender} or
 * {@link io.walchan.Receiver} of the walchan channel in a directory:
 *
 * <pre>{@code
 * @Inject @WalChannel("orders") Sender<Order> orders;
 * @Inject @WalChannel(value = "orders", bound = 100) SyncSender<Order> bounded;
 * @Inject @WalChannel(value = "orders", commitEvery = 50, commitMaxDelay = "PT0.2S") Receiver<Order> in;
 * }</pre>
 *
 * <p>Every member is {@link Nonbinding}: the members configure the channel, they do
 * not select a bean. One channel is opened per directory per container and shared by
 * all injection points of that directory, so they must agree: every injection point
 * of a directory must give the same {@link #bound()}, {@link #durability()} and
 * message type, and every {@code Receiver} injection point of it the same
 * {@link #commitEvery()} and {@link #commitMaxDelay()}. Values are compared after
 * normalisation ({@code "orders"} and {@code "./orders"} are one directory,
 * {@code "1000"} and {@code "PT1S"} one delay). Disagreement, an invalid value, or a
 * directory that cannot be opened is a deployment error naming the injection point.
 *
 * <p>For channels chosen at run time, pass a {@link Literal} to {@link WalChannels}.
 * See {@code docs/cdi.md}.
 */
@Qualifier
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD})
public @interface WalChannel {

    /** Default of {@link #durability()}. */
    String DEFAULT_DURABILITY = "SyncPerSend";
    /** Default of {@link #commitEvery()}: commit every acknowledgement. */
    int DEFAULT_COMMIT_EVERY = 1;
    /** Default of {@link #commitMaxDelay()}: no delay. */
    String DEFAULT_COMMIT_MAX_DELAY = "0";

    /**
     * The channel directory. A relative path resolves against the base directory: the
     * system property {@value WalChannels#BASE_DIR_PROPERTY}, else the environment
     * variable {@value WalChannels#BASE_DIR_ENV}, else the working directory. It is
     * created if missing. Must not be blank.
     *
     * @return the directory
     */
    @Nonbinding
    String value() default "";

    /**
     * Most messages sent and not yet acknowledged; 0 (the default) is an unbounded
     * channel. A bounded channel is sent to through {@code SyncSender<T>}; a
     * {@code Sender<T>} injection point with a bound is a deployment error, as is a
     * {@code SyncSender<T>} one without.
     *
     * @return the bound, 0 for unbounded
     */
    @Nonbinding
    int bound() default 0;

    /**
     * When a send returns: {@code SyncPerSend} (default), {@code FlushOnly},
     * {@code SyncEvery} (fsync every 1000 sends or 100 ms), or
     * {@code SyncEvery(ops, delay)} with the delay in milliseconds or ISO-8601, e.g.
     * {@code SyncEvery(100, PT0.05S)}. Case, {@code _} and {@code -} are ignored.
     *
     * @return the durability name
     */
    @Nonbinding
    String durability() default DEFAULT_DURABILITY;

    /**
     * Acknowledgements per checkpoint commit, at least 1 (default 1: every ack is
     * committed before {@code ack()} returns). Applies to {@code Receiver} injection
     * points; ignored on senders.
     *
     * @return acks per commit
     */
    @Nonbinding
    int commitEvery() default DEFAULT_COMMIT_EVERY;

    /**
     * Longest time an acknowledgement stays uncommitted: milliseconds ({@code "250"})
     * or an ISO-8601 duration ({@code "PT0.25S"}); default {@code "0"}. Applies to
     * {@code Receiver} injection points; ignored on senders.
     *
     * @return the delay
     */
    @Nonbinding
    String commitMaxDelay() default DEFAULT_COMMIT_MAX_DELAY;

    /**
     * An instance of {@link WalChannel} for code: {@link WalChannels} calls and
     * {@code Instance.select}. Immutable; the {@code with} methods return copies.
     *
     * <pre>{@code
     * Sender<Order> tx = channels.sender(WalChannel.Literal.of("orders").withDurability("FlushOnly"), Order.class);
     * }</pre>
     */
    final class Literal extends AnnotationLiteral<WalChannel> implements WalChannel {
        private static final long serialVersionUID = 1L;

        /** @serial {@link WalChannel#value()} */
        private final String value;
        /** @serial {@link WalChannel#bound()} */
        private final int bound;
        /** @serial {@link WalChannel#durability()} */
        private final String durability;
        /** @serial {@link WalChannel#commitEvery()} */
        private final int commitEvery;
        /** @serial {@link WalChannel#commitMaxDelay()} */
        private final String commitMaxDelay;

        private Literal(String value, int bound, String durability, int commitEvery, String commitMaxDelay) {
            this.value = Objects.requireNonNull(value, "value");
            this.bound = bound;
            this.durability = Objects.requireNonNull(durability, "durability");
            this.commitEvery = commitEvery;
            this.commitMaxDelay = Objects.requireNonNull(commitMaxDelay, "commitMaxDelay");
        }

        /**
         * @param directory the channel directory, as in {@link WalChannel#value()}
         * @return a literal with every other member at its default
         */
        public static Literal of(String directory) {
            return new Literal(directory, 0, DEFAULT_DURABILITY, DEFAULT_COMMIT_EVERY, DEFAULT_COMMIT_MAX_DELAY);
        }

        /**
         * @param newBound see {@link WalChannel#bound()}
         * @return a copy with that bound
         */
        public Literal withBound(int newBound) {
            return new Literal(value, newBound, durability, commitEvery, commitMaxDelay);
        }

        /**
         * @param newDurability see {@link WalChannel#durability()}
         * @return a copy with that durability
         */
        public Literal withDurability(String newDurability) {
            return new Literal(value, bound, newDurability, commitEvery, commitMaxDelay);
        }

        /**
         * @param newCommitEvery see {@link WalChannel#commitEvery()}
         * @return a copy with that commit interval
         */
        public Literal withCommitEvery(int newCommitEvery) {
            return new Literal(value, bound, durability, newCommitEvery, commitMaxDelay);
        }

        /**
         * @param newCommitMaxDelay see {@link WalChannel#commitMaxDelay()}
         * @return a copy with that delay
         */
        public Literal withCommitMaxDelay(String newCommitMaxDelay) {
            return new Literal(value, bound, durability, commitEvery, newCommitMaxDelay);
        }

        @Override
        public String value() {
            return value;
        }

        @Override
        public int bound() {
            return bound;
        }

        @Override
        public String durability() {
            return durability;
        }

        @Override
        public int commitEvery() {
            return commitEvery;
        }

        @Override
        public String commitMaxDelay() {
            return commitMaxDelay;
        }
    }
}
