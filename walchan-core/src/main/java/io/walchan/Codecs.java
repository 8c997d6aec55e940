package io.walchan;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The built-in codecs. JSON (Jackson) is the default behind the factory methods
 * that take a {@code Class<T>}; Java native serialization is deliberately absent.
 */
public final class Codecs {

    private static final ObjectMapper DEFAULT_MAPPER = new ObjectMapper().findAndRegisterModules();

    private Codecs() {
    }

    /**
     * @param type the message class
     * @param <T> the message type
     * @return a JSON codec using a default {@link ObjectMapper} (with the modules found
     *     on the class path registered)
     */
    public static <T> Codec<T> json(Class<T> type) {
        return json(DEFAULT_MAPPER, DEFAULT_MAPPER.constructType(type));
    }

    /**
     * For generic message types, e.g. {@code List<Order>}:
     * {@code Codecs.json(mapper.getTypeFactory().constructCollectionType(List.class, Order.class))}.
     *
     * @param type the message type as a Jackson {@link JavaType}
     * @param <T> the message type
     * @return a JSON codec using a default {@link ObjectMapper}
     */
    public static <T> Codec<T> json(JavaType type) {
        return json(DEFAULT_MAPPER, type);
    }

    /**
     * @param mapper the caller's mapper (its modules and settings apply)
     * @param type the message class
     * @param <T> the message type
     * @return a JSON codec using {@code mapper}
     */
    public static <T> Codec<T> json(ObjectMapper mapper, Class<T> type) {
        return json(mapper, mapper.constructType(type));
    }

    /**
     * @param mapper the caller's mapper (its modules and settings apply)
     * @param type the message type
     * @param <T> the message type
     * @return a JSON codec using {@code mapper}
     */
    public static <T> Codec<T> json(ObjectMapper mapper, JavaType type) {
        return new JsonCodec<>(mapper, type);
    }

    /** @return the identity codec for raw bytes (the array is stored as is) */
    public static Codec<byte[]> bytes() {
        return BytesCodec.INSTANCE;
    }

    /** @return a codec storing strings as UTF-8 bytes, without JSON quoting */
    public static Codec<String> utf8() {
        return Utf8Codec.INSTANCE;
    }

    private static final class JsonCodec<T> implements Codec<T> {
        private final ObjectWriter writer;
        private final ObjectReader reader;
        private final JavaType type;

        JsonCodec(ObjectMapper mapper, JavaType type) {
            Objects.requireNonNull(mapper, "mapper");
            this.type = Objects.requireNonNull(type, "type");
            this.writer = mapper.writerFor(type);
            this.reader = mapper.readerFor(type);
        }

        @Override
        public byte[] encode(T value) {
            try {
                return writer.writeValueAsBytes(value);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot write " + type + " as JSON: " + e.getMessage(), e);
            }
        }

        @Override
        public T decode(byte[] bytes) {
            try {
                return reader.readValue(bytes);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read JSON as " + type + ": " + e.getMessage(), e);
            }
        }

        @Override
        public String toString() {
            return "json(" + type.toCanonical() + ")";
        }
    }

    private enum BytesCodec implements Codec<byte[]> {
        INSTANCE;

        @Override
        public byte[] encode(byte[] value) {
            return value;
        }

        @Override
        public byte[] decode(byte[] bytes) {
            return bytes;
        }

        @Override
        public String toString() {
            return "bytes";
        }
    }

    private enum Utf8Codec implements Codec<String> {
        INSTANCE;

        @Override
        public byte[] encode(String value) {
            return value.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String decode(byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "utf8";
        }
    }
}
