package io.walchan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random sequences of send / recv / ack / nack / close-and-reopen, compared with
 * a simple in-memory model of the channel's contract.
 */
class ChannelModelProperties {

    enum Kind { SEND, RECV, ACK, NACK, REOPEN }

    record Op(Kind kind, int arg) {
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Op> op = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, Arbitraries.integers().between(0, 1000).map(i -> new Op(Kind.SEND, i))),
                net.jqwik.api.Tuple.of(5, Arbitraries.just(new Op(Kind.RECV, 0))),
                net.jqwik.api.Tuple.of(4, Arbitraries.integers().between(0, 99).map(i -> new Op(Kind.ACK, i))),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0, 99).map(i -> new Op(Kind.NACK, i))),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(new Op(Kind.REOPEN, 0))));
        return op.list().ofMaxSize(60);
    }

    /** The model: the log, the committed prefix, acks beyond it, nacked positions, the read cursor. */
    static final class Model {
        final List<Integer> log = new ArrayList<>();
        final TreeSet<Long> acked = new TreeSet<>();
        final TreeSet<Long> nacked = new TreeSet<>();
        long committed;
        long cursor;
        long recoveredEnd;

        long recv() {
            if (!nacked.isEmpty()) {
                return nacked.pollFirst();
            }
            return cursor < log.size() ? cursor++ : -1;
        }

        void ack(long position) {
            acked.add(position);
            while (acked.contains(committed)) {
                acked.remove(committed);
                committed++;
            }
        }

        void reopen() {
            acked.clear();
            nacked.clear();
            cursor = committed;
            recoveredEnd = log.size();
        }
    }

    @Property(tries = 200)
    void behavesLikeTheModel(@ForAll("ops") List<Op> ops) throws Exception {
        Path dir = Files.createTempDirectory("walchan-model");
        Options options = Options.builder().durability(Durability.FLUSH_ONLY).segmentSize(4096).fsync(false).build();
        Model model = new Model();
        List<Delivery<Integer>> inFlight = new ArrayList<>();
        Channel<Integer> ch = Walchan.channel(dir, Codecs.json(Integer.class), options);
        try {
            for (Op op : ops) {
                switch (op.kind()) {
                    case SEND:
                        ch.sender().send(op.arg());
                        model.log.add(op.arg());
                        break;
                    case RECV: {
                        Delivery<Integer> d = ch.receiver().tryRecv();
                        long expected = model.recv();
                        if (expected < 0) {
                            assertThat(d).isNull();
                        } else {
                            assertThat(d).isNotNull();
                            assertThat(d.position()).isEqualTo(expected);
                            assertThat(d.get()).isEqualTo(model.log.get((int) expected));
                            inFlight.add(d);
                        }
                        break;
                    }
                    case ACK:
                        if (!inFlight.isEmpty()) {
                            Delivery<Integer> d = inFlight.remove(op.arg() % inFlight.size());
                            d.ack();
                            model.ack(d.position());
                        }
                        break;
                    case NACK:
                        if (!inFlight.isEmpty()) {
                            Delivery<Integer> d = inFlight.remove(op.arg() % inFlight.size());
                            d.nack();
                            model.nacked.add(d.position());
                        }
                        break;
                    case REOPEN:
                        ch.close();
                        inFlight.clear();
                        model.reopen();
                        ch = Walchan.channel(dir, Codecs.json(Integer.class), options);
                        break;
                    default:
                        throw new AssertionError(op);
                }
            }
            // Finally everything not committed comes back, in order, after a reopen.
            ch.close();
            model.reopen();
            ch = Walchan.channel(dir, Codecs.json(Integer.class), options);
            for (long p = model.committed; p < model.log.size(); p++) {
                Delivery<Integer> d = ch.receiver().tryRecv();
                assertThat(d.position()).isEqualTo(p);
                assertThat(d.redelivered()).isTrue();
                assertThat(d.get()).isEqualTo(model.log.get((int) p));
            }
            assertThat(ch.receiver().tryRecv()).isNull();
        } finally {
            ch.close();
            deleteTree(dir);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
