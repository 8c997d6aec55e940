package io.walchan.cdi;

import io.walchan.Durability;
import io.walchan.Options;
import io.walchan.ReceiverOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The normalised values of one {@link WalChannel}: what injection points of one
 * directory are compared on. Two annotations that mean the same channel give equal
 * settings, whatever their spelling.
 *
 * @param directory canonical absolute channel directory
 * @param bound 0 for unbounded, else the bound
 * @param durability the parsed durability
 * @param receiverOptions the commit policy (used by receivers only)
 */
record ChannelSettings(Path directory, int bound, Durability durability, ReceiverOptions receiverOptions) {

    private static final Pattern SYNC_EVERY = Pattern.compile(
            "\\s*sync[_-]?every\\s*\\(\\s*(\\d+)\\s*,\\s*([^)]*?)\\s*\\)\\s*", Pattern.CASE_INSENSITIVE);
    private static final Pattern MILLIS = Pattern.compile("\\d+");

    /**
     * @param channel the qualifier
     * @return its normalised settings
     * @throws IllegalArgumentException naming the bad member and its valid values
     */
    static ChannelSettings of(WalChannel channel) {
        Path directory = Directories.resolve(channel.value());
        if (channel.bound() < 0) {
            throw new IllegalArgumentException("bound=" + channel.bound() + " is negative; use 0 for an unbounded"
                    + " channel or a positive bound");
        }
        Durability durability = durability(channel.durability());
        if (channel.commitEvery() < 1) {
            throw new IllegalArgumentException("commitEvery=" + channel.commitEvery() + " must be at least 1");
        }
        Duration delay = duration("commitMaxDelay", channel.commitMaxDelay());
        return new ChannelSettings(directory, channel.bound(), durability,
                new ReceiverOptions(channel.commitEvery(), delay));
    }

    /**
     * @param name {@code SyncPerSend}, {@code FlushOnly}, {@code SyncEvery} or
     *     {@code SyncEvery(ops, delay)}
     * @return the durability
     */
    static Durability durability(String name) {
        Matcher m = SYNC_EVERY.matcher(name == null ? "" : name);
        if (!m.matches()) {
            try {
                return Durability.parse(name);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("durability: " + e.getMessage()
                        + ", or SyncEvery(ops, delay) such as SyncEvery(100, PT0.05S)", e);
            }
        }
        int ops;
        try {
            ops = Integer.parseInt(m.group(1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("durability '" + name + "': ops is too large", e);
        }
        Duration delay = duration("durability '" + name + "' delay", m.group(2));
        try {
            return Durability.syncEvery(ops, delay);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("durability '" + name + "': " + e.getMessage(), e);
        }
    }

    /**
     * @param what the member, for the message
     * @param text milliseconds ({@code "250"}) or ISO-8601 ({@code "PT0.25S"})
     * @return the duration, not negative
     */
    static Duration duration(String what, String text) {
        String t = text == null ? "" : text.trim();
        Duration d;
        try {
            d = MILLIS.matcher(t).matches() ? Duration.ofMillis(Long.parseLong(t))
                    : Duration.parse(t.toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new IllegalArgumentException(what + "='" + text + "' is not a duration; give milliseconds (\"250\")"
                    + " or ISO-8601 (\"PT0.25S\")", e);
        }
        if (d.isNegative()) {
            throw new IllegalArgumentException(what + "='" + text + "' is negative");
        }
        return d;
    }

    /** @return the options to open the channel with */
    Options options() {
        return Options.builder().durability(durability).build();
    }

    /**
     * @param other settings of another injection point of the same directory
     * @return true if both open the channel the same way (bound and durability)
     */
    boolean sameChannel(ChannelSettings other) {
        return bound == other.bound && durability.equals(other.durability);
    }

    /** @return bound and durability, as in messages */
    String channelText() {
        return "bound=" + bound + ", durability=" + durability;
    }

    /** @return the commit policy, as in messages */
    String receiverText() {
        return "commitEvery=" + receiverOptions.commitEvery() + ", commitMaxDelay="
                + receiverOptions.commitMaxDelay().toMillis() + " ms";
    }
}
