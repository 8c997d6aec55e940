package io.walchan.camel;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.walchan.Codec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The record format of the Camel component: a small binary envelope around the
 * body, so that String and byte[] bodies are stored as they are.
 *
 * <pre>
 * offset  size  field
 *      0     2  magic "WC" (0x57 0x43)
 *      2     1  envelope version, 1
 *      3     1  body kind: 0 null, 1 bytes, 2 UTF-8 string, 3 JSON (see {@link WalchanMessage.BodyKind})
 *      4     4  n, length of the header block, big-endian
 *      8     n  headers: a UTF-8 JSON object {"name": ["type", value], ...}; n = 0 when there are none
 *    8+n   ...  body bytes, to the end of the record
 * </pre>
 *
 * <p>Header types: {@code S} String, {@code I} Integer, {@code L} Long, {@code D}
 * Double, {@code F} Float, {@code H} Short, {@code B} Byte, {@code Z} Boolean,
 * {@code C} Character, {@code N} BigDecimal and {@code G} BigInteger (as strings),
 * {@code Y} byte[] (base64), {@code T} java.util.Date (epoch millis). Values of any
 * other type are not storable ({@link #storable}) and are left out by the producer.
 * Thread-safe.
 */
final class MessageCodec implements Codec<WalchanMessage> {

    static final byte MAGIC_0 = 'W';
    static final byte MAGIC_1 = 'C';
    static final byte VERSION = 1;
    static final int HEADER_BLOCK_OFFSET = 8;
    private static final byte[] EMPTY = new byte[0];

    private final ObjectMapper mapper;

    MessageCodec(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public byte[] encode(WalchanMessage message) {
        byte[] headers = encodeHeaders(message.headers());
        ByteBuffer buf = ByteBuffer.allocate(HEADER_BLOCK_OFFSET + headers.length + message.body().length);
        buf.put(MAGIC_0).put(MAGIC_1).put(VERSION).put((byte) message.kind().code);
        buf.putInt(headers.length).put(headers).put(message.body());
        return buf.array();
    }

    @Override
    public WalchanMessage decode(byte[] bytes) {
        if (bytes.length < HEADER_BLOCK_OFFSET || bytes[0] != MAGIC_0 || bytes[1] != MAGIC_1) {
            throw new IllegalArgumentException("not a camel-walchan record (expected magic \"WC\" and at least "
                    + HEADER_BLOCK_OFFSET + " bytes, got " + bytes.length + " bytes starting "
                    + Arrays.toString(Arrays.copyOf(bytes, Math.min(bytes.length, 4))) + ")");
        }
        if (bytes[2] != VERSION) {
            throw new IllegalArgumentException("unknown camel-walchan envelope version " + bytes[2] + ", expected "
                    + VERSION);
        }
        WalchanMessage.BodyKind kind = WalchanMessage.BodyKind.of(bytes[3]);
        int headerLength = ByteBuffer.wrap(bytes, 4, 4).getInt();
        if (headerLength < 0 || headerLength > bytes.length - HEADER_BLOCK_OFFSET) {
            throw new IllegalArgumentException("header block length " + headerLength + " does not fit a record of "
                    + bytes.length + " bytes");
        }
        Map<String, Object> headers = decodeHeaders(bytes, headerLength);
        byte[] body = Arrays.copyOfRange(bytes, HEADER_BLOCK_OFFSET + headerLength, bytes.length);
        return new WalchanMessage(kind, body, headers);
    }

    /**
     * @param value a header value
     * @return true if the envelope can store it with its type
     */
    static boolean storable(Object value) {
        return typeCode(value) != null;
    }

    private static String typeCode(Object v) {
        if (v instanceof String) {
            return "S";
        } else if (v instanceof Integer) {
            return "I";
        } else if (v instanceof Long) {
            return "L";
        } else if (v instanceof Boolean) {
            return "Z";
        } else if (v instanceof Double) {
            return "D";
        } else if (v instanceof Float) {
            return "F";
        } else if (v instanceof Short) {
            return "H";
        } else if (v instanceof Byte) {
            return "B";
        } else if (v instanceof Character) {
            return "C";
        } else if (v instanceof BigDecimal) {
            return "N";
        } else if (v instanceof BigInteger) {
            return "G";
        } else if (v instanceof byte[]) {
            return "Y";
        } else if (v instanceof Date) {
            return "T";
        }
        return null;
    }

    /**
     * Writes the header block with a streaming generator (no tree). No headers give an
     * empty block (length 0), so a message without headers costs no JSON at all.
     */
    private byte[] encodeHeaders(Map<String, Object> headers) {
        if (headers.isEmpty()) {
            return EMPTY;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(32 + 32 * headers.size());
        try (JsonGenerator gen = mapper.getFactory().createGenerator(out)) {
            gen.writeStartObject();
            for (Map.Entry<String, Object> e : headers.entrySet()) {
                Object v = e.getValue();
                String type = typeCode(v);
                if (type == null) {
                    throw new IllegalArgumentException("header " + e.getKey() + " has a type the envelope cannot"
                            + " store: " + v.getClass().getName());
                }
                gen.writeFieldName(e.getKey());
                gen.writeStartArray();
                gen.writeString(type);
                switch (type) {
                    case "S", "N", "G", "C" -> gen.writeString(v.toString());
                    case "Y" -> gen.writeString(Base64.getEncoder().encodeToString((byte[]) v));
                    case "T" -> gen.writeNumber(((Date) v).getTime());
                    case "I", "H", "B" -> gen.writeNumber(((Number) v).intValue());
                    case "L" -> gen.writeNumber((Long) v);
                    case "D" -> gen.writeNumber((Double) v);
                    case "F" -> gen.writeNumber((Float) v);
                    case "Z" -> gen.writeBoolean((Boolean) v);
                    default -> throw new IllegalStateException("type code " + type);
                }
                gen.writeEndArray();
            }
            gen.writeEndObject();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write headers as JSON: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    /** @return the stored headers; an empty block gives an immutable empty map (no allocation per record) */
    private Map<String, Object> decodeHeaders(byte[] bytes, int length) {
        if (length == 0) {
            return Map.of();
        }
        Map<String, Object> headers = new LinkedHashMap<>();
        JsonNode root;
        try {
            root = mapper.readTree(bytes, HEADER_BLOCK_OFFSET, length);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the header block: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("the header block is not a JSON object");
        }
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            JsonNode pair = e.getValue();
            headers.put(e.getKey(), headerValue(e.getKey(), pair.path(0).asText(), pair.path(1)));
        }
        return headers;
    }

    private static Object headerValue(String name, String type, JsonNode v) {
        return switch (type) {
            case "S" -> v.asText();
            case "I" -> v.intValue();
            case "L" -> v.longValue();
            case "Z" -> v.booleanValue();
            case "D" -> v.doubleValue();
            case "F" -> v.floatValue();
            case "H" -> v.shortValue();
            case "B" -> (byte) v.intValue();
            case "C" -> v.asText().charAt(0);
            case "N" -> new BigDecimal(v.asText());
            case "G" -> new BigInteger(v.asText());
            case "Y" -> Base64.getDecoder().decode(v.asText());
            case "T" -> new Date(v.longValue());
            default -> throw new IllegalArgumentException("header " + name + " has unknown type code '" + type + "'");
        };
    }

    @Override
    public String toString() {
        return "camel-walchan envelope v" + VERSION;
    }
}
