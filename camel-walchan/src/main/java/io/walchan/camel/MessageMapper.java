package io.walchan.camel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.walchan.camel.WalchanMessage.BodyKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Message;
import org.apache.camel.StreamCache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps Camel messages to {@link WalchanMessage}s and back.
 *
 * <ul>
 *   <li>String bodies are stored as UTF-8, byte[] bodies as they are; streams,
 *       readers, ByteBuffers and stream caches are read into bytes by Camel's type
 *       converters. Every other body is written as JSON with Jackson.</li>
 *   <li>Headers of the types {@link MessageCodec} supports are stored with their
 *       type; others, and this component's own {@code CamelWalchan*} headers, are
 *       left out (the others with a debug log). The exception is
 *       {@code CamelWalchanDeadLetterCause}, which is stored, so that a dead letter
 *       endpoint that is itself {@code walchan:} keeps why the message was given up.</li>
 * </ul>
 */
final class MessageMapper {

    private static final Logger LOG = LoggerFactory.getLogger(MessageMapper.class);

    private final ObjectMapper mapper;

    MessageMapper(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * @param exchange the exchange to store the message of
     * @return the record to append
     * @throws InvalidPayloadException if a stream body cannot be read
     * @throws IllegalArgumentException if the body cannot be written as JSON
     */
    WalchanMessage toRecord(Exchange exchange) throws InvalidPayloadException {
        Message in = exchange.getMessage();
        Object body = in.getBody();
        BodyKind kind;
        byte[] bytes;
        if (body == null) {
            kind = BodyKind.NULL;
            bytes = new byte[0];
        } else if (body instanceof byte[] b) {
            kind = BodyKind.BYTES;
            bytes = b;
        } else if (body instanceof String s) {
            kind = BodyKind.STRING;
            bytes = s.getBytes(StandardCharsets.UTF_8);
        } else if (body instanceof InputStream || body instanceof StreamCache || body instanceof ByteBuffer) {
            kind = BodyKind.BYTES;
            bytes = in.getMandatoryBody(byte[].class);
        } else if (body instanceof Reader || body instanceof CharSequence) {
            kind = BodyKind.STRING;
            bytes = in.getMandatoryBody(String.class).getBytes(StandardCharsets.UTF_8);
        } else {
            kind = BodyKind.JSON;
            bytes = toJson(body);
        }
        return new WalchanMessage(kind, bytes, storableHeaders(in));
    }

    private byte[] toJson(Object body) {
        try {
            return mapper.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write the body of type " + body.getClass().getName()
                    + " as JSON for walchan: " + e.getOriginalMessage() + "; send a String, a byte[] or a"
                    + " Jackson-serializable object", e);
        }
    }

    private static Map<String, Object> storableHeaders(Message in) {
        if (!in.hasHeaders()) {
            return Map.of(); // getHeaders() would create an empty map on the message
        }
        Map<String, Object> headers = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : in.getHeaders().entrySet()) {
            String name = e.getKey();
            Object value = e.getValue();
            if (value == null || name.startsWith(WalchanConstants.HEADER_PREFIX)
                    && !name.equals(WalchanConstants.DEAD_LETTER_CAUSE)) {
                continue;
            }
            if (MessageCodec.storable(value)) {
                headers.put(name, value);
            } else {
                LOG.debug("Not storing header {}: walchan cannot store values of type {}", name,
                        value.getClass().getName());
            }
        }
        return headers;
    }

    /**
     * Sets body and headers of {@code target} from a stored record.
     *
     * @param record the stored message
     * @param target the message to fill
     * @param bodyType the consumer's body type, or null
     * @throws Exception if the body cannot be read as, or converted to, {@code bodyType}
     */
    void fill(WalchanMessage record, Message target, Class<?> bodyType) throws Exception {
        if (!record.headers().isEmpty()) {
            target.setHeaders(record.headers()); // Camel copies them into its own case-insensitive map
        }
        target.setBody(body(record, target.getExchange(), bodyType));
    }

    /**
     * @param record the stored message
     * @param exchange the exchange the body is for (its type converter converts to {@code bodyType})
     * @param bodyType the consumer's body type, or null
     * @return the record's body as Camel sees it
     * @throws Exception if the body cannot be read as, or converted to, {@code bodyType}
     */
    Object body(WalchanMessage record, Exchange exchange, Class<?> bodyType) throws Exception {
        Object body = switch (record.kind()) {
            case NULL -> null;
            case BYTES -> record.body();
            case STRING -> new String(record.body(), StandardCharsets.UTF_8);
            case JSON -> fromJson(record.body(), bodyType);
        };
        if (bodyType != null && body != null && !bodyType.isInstance(body)) {
            body = exchange.getContext().getTypeConverter().mandatoryConvertTo(bodyType, exchange, body);
        }
        return body;
    }

    private Object fromJson(byte[] json, Class<?> bodyType) throws IOException {
        try {
            Class<?> type = bodyType == null ? Object.class : bodyType;
            return mapper.readValue(json, type);
        } catch (IOException e) {
            throw new IOException("cannot read the JSON body as " + (bodyType == null ? "Object" : bodyType.getName())
                    + ": " + e.getMessage(), e);
        }
    }
}
