package io.walchan.camel;

import io.walchan.Durability;
import io.walchan.Options;
import io.walchan.ReceiverOptions;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The options that shape one shared channel, and which of them some endpoint set
 * explicitly in its URI. Endpoints on one directory must agree on the options
 * they set; an option no endpoint sets comes from the component defaults.
 * Immutable.
 */
final class ChannelSettings {

    /** Setting keys, in the order error messages list them. */
    static final String BOUND = "bound";
    static final String DURABILITY = "durability";
    static final String SEGMENT_SIZE = "segmentSize";
    static final String COMMIT_EVERY = "commitEvery";
    static final String COMMIT_MAX_DELAY = "commitMaxDelay";

    /** Setting key -> value (bound may be null: unbounded). */
    private final Map<String, Object> values;
    /** Setting keys that some endpoint set in its URI. */
    private final Set<String> explicit;

    private ChannelSettings(Map<String, Object> values, Set<String> explicit) {
        this.values = Collections.unmodifiableMap(values);
        this.explicit = Collections.unmodifiableSet(explicit);
    }

    /**
     * @param config validated endpoint options
     * @param uriOptions names of the options given in the endpoint URI
     * @return the channel settings of that endpoint
     */
    static ChannelSettings of(WalchanConfiguration config, Set<String> uriOptions) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put(BOUND, config.getBound());
        values.put(DURABILITY, config.durability());
        values.put(SEGMENT_SIZE, config.getSegmentSize());
        values.put(COMMIT_EVERY, config.getCommitEvery());
        values.put(COMMIT_MAX_DELAY, config.receiverOptions().commitMaxDelay());
        Set<String> explicit = new LinkedHashSet<>();
        for (String option : uriOptions) {
            switch (option) {
                case "syncEveryOps", "syncEveryDelay", DURABILITY -> explicit.add(DURABILITY);
                case BOUND, SEGMENT_SIZE, COMMIT_EVERY, COMMIT_MAX_DELAY -> explicit.add(option);
                default -> { }
            }
        }
        return new ChannelSettings(values, explicit);
    }

    /**
     * Combines the settings of the endpoints already on a directory with a new one.
     *
     * @param other the new endpoint's settings
     * @param frozen true if the channel is open: then nothing may change
     * @return the combined settings
     * @throws IllegalArgumentException naming every option the two set differently
     */
    ChannelSettings merge(ChannelSettings other, boolean frozen) {
        Map<String, Object> merged = new LinkedHashMap<>(values);
        Set<String> mergedExplicit = new LinkedHashSet<>(explicit);
        StringBuilder conflicts = new StringBuilder();
        for (String key : values.keySet()) {
            Object mine = values.get(key);
            Object theirs = other.values.get(key);
            if (!other.explicit.contains(key) || Objects.equals(mine, theirs)) {
                continue;
            }
            if (explicit.contains(key) || frozen) {
                conflicts.append(conflicts.length() == 0 ? "" : ", ").append(key).append('=').append(show(theirs))
                        .append(" (in use: ").append(show(mine)).append(')');
            } else {
                merged.put(key, theirs);
                mergedExplicit.add(key);
            }
        }
        if (conflicts.length() > 0) {
            throw new IllegalArgumentException(conflicts.toString());
        }
        return new ChannelSettings(merged, mergedExplicit);
    }

    private static String show(Object value) {
        return value == null ? "unbounded" : value.toString();
    }

    /** @return the bound, or null for an unbounded channel */
    Integer bound() {
        return (Integer) values.get(BOUND);
    }

    /** @return the durability */
    Durability durability() {
        return (Durability) values.get(DURABILITY);
    }

    /** @return the log options */
    Options options() {
        return Options.builder().durability(durability()).segmentSize((Long) values.get(SEGMENT_SIZE)).build();
    }

    /** @return the commit policy */
    ReceiverOptions receiverOptions() {
        return new ReceiverOptions((Integer) values.get(COMMIT_EVERY),
                (java.time.Duration) values.get(COMMIT_MAX_DELAY));
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
