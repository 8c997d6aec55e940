package io.walchan.cdi;

import io.walchan.ChannelLockedException;
import io.walchan.Codecs;
import io.walchan.CorruptLogException;
import io.walchan.Walchan;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Checks the {@link WalChannel} injection points of a deployment together: per
 * directory, every point must open the channel the same way, carry the same message
 * type, and (receivers) commit the same way; then the channel must open.
 *
 * <p>The open is a probe: the channel is opened and closed again, and opened for
 * real when it is first injected. Keeping it open from here would leak its lock if
 * the deployment failed later, since a container that fails to deploy does not shut
 * down. The price is a second recovery of the log, and a window in which another
 * process could take the directory (then the injection fails at run time with
 * {@link ChannelLockedException}).
 */
final class DeploymentValidator {

    /** A problem found, with the exception that caused it if any. */
    record Problem(String message, Throwable cause) {
    }

    private DeploymentValidator() {
    }

    /** @return the problems, one per directory at most, in directory order */
    static List<Problem> validate(Collection<InjectionUse> uses) {
        Map<Path, List<InjectionUse>> byDirectory = uses.stream().collect(Collectors.groupingBy(
                u -> u.settings().directory(), TreeMap::new, Collectors.toList()));
        List<Problem> problems = new ArrayList<>();
        byDirectory.forEach((dir, group) -> {
            Problem p = conflict(dir, group);
            problems.add(p != null ? p : probe(dir, group));
        });
        problems.removeIf(p -> p == null);
        return problems;
    }

    private static Problem conflict(Path dir, List<InjectionUse> group) {
        InjectionUse first = group.get(0);
        if (differ(group, u -> true, u -> u.settings().channelText())) {
            return new Problem("conflicting options for channel directory " + dir + ":"
                    + list(group, u -> true, u -> u.settings().channelText())
                    + "\nOne directory is one channel: give every injection point of it the same bound and durability"
                    + " (or use another directory).", null);
        }
        if (differ(group, u -> true, u -> u.type())) {
            return new Problem("different message types for channel directory " + dir + ":"
                    + list(group, u -> true, u -> "message type " + u.type().toCanonical())
                    + "\nA channel has one codec: use one message type for all of them, e.g. "
                    + first.type().toCanonical() + ", or separate directories.", null);
        }
        Predicate<InjectionUse> receivers = u -> u.role() == Role.RECEIVER;
        if (differ(group, receivers, u -> u.settings().receiverOptions())) {
            return new Problem("conflicting commit options for the receiver of channel directory " + dir + ":"
                    + list(group, receivers, u -> u.settings().receiverText())
                    + "\nA channel has one receiver: give every Receiver injection point of it the same commitEvery"
                    + " and commitMaxDelay.", null);
        }
        return null;
    }

    private static boolean differ(List<InjectionUse> group, Predicate<InjectionUse> which,
            Function<InjectionUse, Object> key) {
        return group.stream().filter(which).map(key).distinct().count() > 1;
    }

    private static String list(List<InjectionUse> group, Predicate<InjectionUse> which,
            Function<InjectionUse, String> what) {
        StringBuilder sb = new StringBuilder();
        group.stream().filter(which).forEach(u -> {
            String detail = what.apply(u);
            sb.append("\n  ").append(u.describe()).append(detail.isEmpty() ? "" : ": " + detail);
        });
        return sb.toString();
    }

    /** Opens and closes the channel; a failure is a problem naming every injection point. */
    private static Problem probe(Path dir, List<InjectionUse> group) {
        ChannelSettings s = group.get(0).settings();
        try {
            if (s.bound() > 0) {
                Walchan.syncChannel(dir, s.bound(), Codecs.bytes(), s.options()).close();
            } else {
                Walchan.channel(dir, Codecs.bytes(), s.options()).close();
            }
            return null;
        } catch (RuntimeException e) {
            return new Problem("cannot open channel directory " + dir + " for:"
                    + list(group, u -> true, u -> "")
                    + "\nCause: " + e.getMessage() + "\nFix: " + fix(e), e);
        }
    }

    private static String fix(RuntimeException e) {
        if (e instanceof ChannelLockedException) {
            return "another channel holds the directory (another container or process, or a Walchan.channel call in"
                    + " this JVM): close it first, share it, or point the injection points at another directory.";
        }
        if (e instanceof CorruptLogException) {
            return "the log is damaged: repair it with `walchan verify --repair DIR`, or move it aside.";
        }
        return "the path must be a readable and writable directory, or a missing one whose parent can be written"
                + " (it is created); fix its permissions or choose another directory.";
    }
}
