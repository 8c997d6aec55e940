package io.walchan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Built-in codecs and what happens to bytes that do not decode. */
class CodecTest {

    @TempDir
    Path dir;

    public record Order(String id, int quantity) {
    }

    private static Options fast() {
        return Options.builder().durability(Durability.FLUSH_ONLY).build();
    }

    @Test
    void jsonRoundTripsRecordsAndGenericTypes() throws Exception {
        try (Channel<Order> ch = Walchan.channel(dir.resolve("a"), Order.class)) {
            ch.sender().send(new Order("o-1", 3));
            assertThat(ch.receiver().recv().get()).isEqualTo(new Order("o-1", 3));
        }
        ObjectMapper mapper = new ObjectMapper();
        Codec<List<Order>> codec = Codecs.json(mapper.getTypeFactory().constructCollectionType(List.class, Order.class));
        try (Channel<List<Order>> ch = Walchan.channel(dir.resolve("b"), codec, fast())) {
            ch.sender().send(List.of(new Order("x", 1), new Order("y", 2)));
            assertThat(ch.receiver().recv().get()).containsExactly(new Order("x", 1), new Order("y", 2));
        }
    }

    @Test
    void bytesAndUtf8StoreThePayloadAsIs() {
        assertThat(Codecs.utf8().encode("héllo")).isEqualTo("héllo".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(Codecs.bytes().decode(new byte[] {1, 2})).containsExactly(1, 2);
        try (Channel<byte[]> ch = Walchan.channel(dir, Codecs.bytes(), fast())) {
            ch.sender().send(new byte[0]);
            ch.sender().send(new byte[] {0, 1, 2});
            assertThat(ch.receiver().tryRecv().get()).isEmpty();
            assertThat(ch.receiver().tryRecv().get()).containsExactly(0, 1, 2);
        }
    }

    @Test
    void anUndecodableMessageIsKeptNotSkipped() throws Exception {
        try (Channel<String> ch = Walchan.channel(dir, Codecs.utf8(), fast())) {
            ch.sender().send("not json {");
            ch.sender().send("\"fine\"");
        }
        try (Channel<Order> ch = Walchan.channel(dir, Codecs.json(Order.class), fast())) {
            CodecException e = org.junit.jupiter.api.Assertions.assertThrows(CodecException.class,
                    () -> ch.receiver().recv());
            assertThat(e.position()).isZero();
            assertThat(new String(e.bytes(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("not json {");
            e.delivery().nack(); // hand it back: it is delivered (and fails) again
            assertThatThrownBy(() -> ch.receiver().recv()).isInstanceOf(CodecException.class);
        }
        try (Channel<String> ch = Walchan.channel(dir, Codecs.utf8(), fast())) {
            assertThat(ch.receiver().recv().get()).isEqualTo("not json {"); // still in the log
        }
    }

    @Test
    void ackingTheRawDeliveryDropsThePoisonMessage() throws Exception {
        try (Channel<String> ch = Walchan.channel(dir, Codecs.utf8(), fast())) {
            ch.sender().send("garbage");
            ch.sender().send("{\"id\":\"ok\",\"quantity\":1}");
        }
        try (Channel<Order> ch = Walchan.channel(dir, Codecs.json(Order.class), fast())) {
            try {
                ch.receiver().recv();
            } catch (CodecException e) {
                e.delivery().ack();
            }
            try (Delivery<Order> d = ch.receiver().recv()) {
                assertThat(d.get().id()).isEqualTo("ok");
            }
        }
        try (Channel<String> ch = Walchan.channel(dir, Codecs.utf8(), fast())) {
            assertThat(ch.receiver().tryRecv()).isNull();
        }
    }

    @Test
    void anUnencodableValueIsACodecExceptionAndNothingIsWritten() {
        Codec<String> failing = new Codec<>() {
            @Override
            public byte[] encode(String value) {
                throw new IllegalStateException("nope");
            }

            @Override
            public String decode(byte[] bytes) {
                return "";
            }
        };
        try (Channel<String> ch = Walchan.channel(dir, failing, fast())) {
            assertThatThrownBy(() -> ch.sender().send("x")).isInstanceOf(CodecException.class).hasMessageContaining("nope");
        }
        try (Channel<String> ch = Walchan.channel(dir, Codecs.utf8(), fast())) {
            assertThat(ch.receiver().tryRecv()).isNull();
        }
    }
}
