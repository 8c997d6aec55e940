package io.walchan.camel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The envelope: typed headers survive a round trip; no headers cost no JSON. */
class MessageCodecTest {

    private final MessageCodec codec = new MessageCodec(new ObjectMapper());

    @Test
    void everyHeaderTypeRoundTrips() {
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("s", "text \"quoted\" ü");
        headers.put("i", 42);
        headers.put("l", Long.MAX_VALUE);
        headers.put("z", true);
        headers.put("d", 1.5d);
        headers.put("f", 2.25f);
        headers.put("h", (short) -7);
        headers.put("b", (byte) 3);
        headers.put("c", 'x');
        headers.put("n", new BigDecimal("12345678901234567890.123"));
        headers.put("g", new BigInteger("98765432109876543210"));
        headers.put("y", new byte[] {1, 2, 3});
        headers.put("t", new Date(1_700_000_000_000L));
        WalchanMessage in = new WalchanMessage(WalchanMessage.BodyKind.STRING, "hi".getBytes(StandardCharsets.UTF_8),
                headers);
        WalchanMessage out = codec.decode(codec.encode(in));
        assertThat(out.kind()).isEqualTo(WalchanMessage.BodyKind.STRING);
        assertThat(out.body()).isEqualTo(in.body());
        assertThat(out.headers()).containsOnlyKeys(headers.keySet());
        headers.forEach((k, v) -> {
            if (v instanceof byte[] bytes) {
                assertThat((byte[]) out.headers().get(k)).isEqualTo(bytes);
            } else {
                assertThat(out.headers().get(k)).as(k).isEqualTo(v).hasSameClassAs(v);
            }
        });
    }

    @Test
    void noHeadersGiveAnEmptyHeaderBlock() {
        byte[] bytes = codec.encode(new WalchanMessage(WalchanMessage.BodyKind.BYTES, new byte[] {9}, Map.of()));
        assertThat(ByteBuffer.wrap(bytes, 4, 4).getInt()).isZero();
        assertThat(bytes).hasSize(MessageCodec.HEADER_BLOCK_OFFSET + 1);
        assertThat(codec.decode(bytes).headers()).isEmpty();
    }

    @Test
    void anEmptyJsonHeaderBlockStillDecodes() {
        // What earlier versions wrote for a message without headers: "{}".
        byte[] json = "{}".getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate(MessageCodec.HEADER_BLOCK_OFFSET + json.length + 1);
        buf.put((byte) 'W').put((byte) 'C').put((byte) 1).put((byte) 1).putInt(json.length).put(json).put((byte) 5);
        WalchanMessage out = codec.decode(buf.array());
        assertThat(out.headers()).isEmpty();
        assertThat(out.body()).containsExactly(5);
    }
}
