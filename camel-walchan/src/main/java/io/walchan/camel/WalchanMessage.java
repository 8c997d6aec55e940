package io.walchan.camel;

import java.util.Map;
import java.util.Objects;

/**
 * What one log record holds: the body as bytes, how to read those bytes back, and
 * the headers that could be stored. Internal; see {@link MessageCodec} for the
 * bytes on disk and {@link MessageMapper} for the mapping to Camel messages.
 *
 * @param kind how {@code body} is to be read
 * @param body the body bytes; empty for {@link BodyKind#NULL}
 * @param headers the stored headers, in insertion order, values of the types {@link MessageCodec} supports
 */
record WalchanMessage(BodyKind kind, byte[] body, Map<String, Object> headers) {

    WalchanMessage {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(headers, "headers");
    }

    /** How the body bytes are to be read; the code is stored in the record (never reuse one). */
    enum BodyKind {
        /** No body. */
        NULL(0),
        /** A byte[] body, stored as is. */
        BYTES(1),
        /** A String body, stored as UTF-8. */
        STRING(2),
        /** Any other body, stored as JSON (Jackson). */
        JSON(3);

        /** By code; values() would copy the array on every record read. */
        private static final BodyKind[] BY_CODE = values();

        final int code;

        BodyKind(int code) {
            this.code = code;
        }

        static BodyKind of(int code) {
            if (code >= 0 && code < BY_CODE.length && BY_CODE[code].code == code) {
                return BY_CODE[code];
            }
            throw new IllegalArgumentException("unknown body kind " + code + " (known: 0-3); written by a newer"
                    + " camel-walchan?");
        }
    }
}
